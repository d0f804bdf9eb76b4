import XMLStream
import ZipArchive

/// The parts of an XLSX workbook needed before its sheet can stream: sheet list, date system,
/// which styles are dates, and the shared strings (capped, each stored once).
final class XLSXWorkbook {
    struct Sheet { let name: String; let part: String }

    let path: String
    let archive: ZipArchive
    let limits: ReaderLimits
    private(set) var sheets: [Sheet] = []
    private(set) var date1904 = false
    private(set) var dateStyles: [Bool] = []
    private(set) var sharedStrings: [String] = []

    init(path: String, limits: ReaderLimits) throws(SSCardError) {
        self.path = path
        self.limits = limits
        do {
            archive = try ZipArchive(path: path, limits: ZipLimits(
                maxEntryBytes: limits.maxSheetBytes, maxRatio: limits.maxCompressionRatio, maxEntries: 10_000))
        } catch {
            throw XLSXWorkbook.map(error, path: path, part: "")
        }
        guard archive.contains("xl/workbook.xml") else {
            throw .xlsxDamaged(path: path, reason: "xl/workbook.xml is missing")
        }
        let relationships = try readRelationships()
        try readWorkbook(relationships: relationships)
        if archive.contains("xl/styles.xml") { try readStyles() }
        if let shared = relationshipsTarget(relationships, suffix: "sharedStrings.xml") ?? (archive.contains("xl/sharedStrings.xml") ? "xl/sharedStrings.xml" : nil),
           archive.contains(shared) {
            try readSharedStrings(part: shared)
        }
    }

    /// Opens a streaming XML reader on a part.
    func reader(part: String, streaming: Bool) throws(SSCardError) -> XMLStreamReader {
        do {
            if streaming {
                return try XMLStreamReader(source: ZipEntrySource(archive.open(part)), documentName: part)
            }
            let bytes = try archive.readAll(part, maxBytes: limits.maxPartBytes)
            return try XMLStreamReader(source: MemorySource(bytes), documentName: part)
        } catch {
            throw XLSXWorkbook.map(error, path: path, part: part)
        }
    }

    /// Runs `body` over every event of a part, mapping failures to clerk-readable errors.
    func walk(part: String, streaming: Bool = false, _ body: (XMLStreamReader, XMLEvent) throws(SSCardError) -> Void) throws(SSCardError) {
        let xml = try reader(part: part, streaming: streaming)
        while true {
            let event: XMLEvent?
            do { event = try xml.next() } catch { throw XLSXWorkbook.map(error, path: path, part: part) }
            guard let event else { return }
            try body(xml, event)
        }
    }

    private func readRelationships() throws(SSCardError) -> [String: String] {
        let part = "xl/_rels/workbook.xml.rels"
        guard archive.contains(part) else { return [:] }
        var targets: [String: String] = [:]
        try walk(part: part) { xml, event in
            guard case .startElement = event, xml.isNamed("Relationship"),
                  let id = xml.attribute("Id"), let target = xml.attribute("Target") else { return }
            targets[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
        return targets
    }

    private func relationshipsTarget(_ relationships: [String: String], suffix: String) -> String? {
        relationships.values.sorted().first { $0.hasSuffix(suffix) }
    }

    private func readWorkbook(relationships: [String: String]) throws(SSCardError) {
        var sheets: [Sheet] = []
        try walk(part: "xl/workbook.xml") { xml, event in
            guard case .startElement = event else { return }
            if xml.isNamed("workbookPr") {
                let flag = xml.attribute("date1904")
                date1904 = flag == "1" || flag == "true"
            } else if xml.isNamed("sheet") {
                let name = xml.attribute("name") ?? "Sheet\(sheets.count + 1)"
                let id = xml.attribute("r:id") ?? ""
                let part = relationships[id] ?? "xl/worksheets/sheet\(sheets.count + 1).xml"
                sheets.append(Sheet(name: name, part: part))
            }
        }
        guard !sheets.isEmpty else { throw .xlsxDamaged(path: path, reason: "the workbook lists no sheets") }
        self.sheets = sheets
    }

    private func readStyles() throws(SSCardError) {
        var customDates: [Int: Bool] = [:]
        var styles: [Bool] = []
        var inCellXfs = false
        try walk(part: "xl/styles.xml") { xml, event in
            switch event {
            case .startElement(let isEmpty):
                if xml.isNamed("numFmt"), let id = xml.attribute("numFmtId").flatMap(Int.init) {
                    customDates[id] = ExcelDates.isDateFormat(xml.attribute("formatCode") ?? "")
                } else if xml.isNamed("cellXfs") {
                    inCellXfs = !isEmpty
                } else if inCellXfs && xml.isNamed("xf") {
                    let id = xml.attribute("numFmtId").flatMap(Int.init) ?? 0
                    styles.append(customDates[id] ?? ExcelDates.isBuiltinDate(id))
                }
            case .endElement:
                if xml.isNamed("cellXfs") { inCellXfs = false }
            case .text:
                break
            }
        }
        dateStyles = styles
    }

    private func readSharedStrings(part: String) throws(SSCardError) {
        let collector = SharedStringsCollector(limits: limits, path: path, part: part)
        do {
            let source = ZipEntrySource(try archive.open(part))
            let parser = try XMLPushParser(documentName: part, delegate: collector)
            while try parser.feed(from: source) {
                if let failure = collector.failure { throw failure }
            }
        } catch {
            throw collector.failure ?? XLSXWorkbook.map(error, path: path, part: part)
        }
        if let failure = collector.failure { throw failure }
        sharedStrings = collector.strings
    }

    /// Turns library failures into messages a clerk can act on.
    static func map(_ error: any Error, path: String, part: String) -> SSCardError {
        if let error = error as? SSCardError { return error }
        if let error = error as? ZipError {
            switch error {
            case .cannotOpen(_, let reason): return .xlsxDamaged(path: path, reason: "not a zip archive: \(reason)")
            case .tooManyEntries(let count, let limit):
                return .xlsxHostile(path: path, part: "", reason: "\(count) entries, more than \(limit)")
            case .noSuchEntry(let name): return .xlsxDamaged(path: path, reason: "\(name) is missing")
            case .entryTooLarge(let name, let limit): return .tooLarge(path: path, what: "\(name) (inflated)", limit: limit)
            case .compressionRatio(let name, let ratio, let limit):
                return .xlsxHostile(path: path, part: name, reason: "inflates \(ratio):1, beyond \(limit):1 — a zip bomb")
            case .readFailed(let name, let reason): return .xlsxDamaged(path: path, reason: "\(name): \(reason)")
            case .writeFailed(let file, let reason): return .cannotWrite(path: file, reason: reason)  // h9-export
            }
        }
        if let error = error as? XMLStreamError {
            switch error {
            case .doctypeForbidden(let document):
                return .xlsxHostile(path: path, part: document, reason: "it declares a DTD or entities, which spreadsheets never do")
            case .malformed(let document, let line, let message):
                return .xlsxDamaged(path: path, reason: "\(document) line \(line): \(message)")
            case .source(let document, let underlying):
                return map(underlying, path: path, part: document)
            }
        }
        return .xlsxDamaged(path: path, reason: "\(part): \(error)")
    }
}

/// Collects `<si>` items (plain or rich text; phonetic runs skipped) within the caps.
final class SharedStringsCollector: XMLPushDelegate {
    let limits: ReaderLimits
    let path: String
    let part: String
    var strings: [String] = []
    var failure: SSCardError?
    private var current: [UInt8] = []
    private var inItem = false, inText = false, inPhonetic = false
    private var totalBytes = 0

    init(limits: ReaderLimits, path: String, part: String) {
        self.limits = limits
        self.path = path
        self.part = part
    }

    func startElement(_ name: XMLName, attributes: XMLAttributes) {
        if name.equals("si") { inItem = true; current.removeAll(keepingCapacity: true) }
        else if name.equals("t") { inText = true }
        else if name.equals("rPh") { inPhonetic = true }
    }

    func characters(_ text: XMLText) {
        guard inItem, inText, !inPhonetic, failure == nil else { return }
        text.append(to: &current)
        if current.count > limits.maxCellCharacters * 4 {
            failure = .tooLarge(path: path, what: "\(part): a shared string", limit: limits.maxCellCharacters)
        }
    }

    func endElement(_ name: XMLName) {
        if name.equals("si") {
            inItem = false
            totalBytes += current.count
            strings.append(String(decoding: current, as: UTF8.self))
            if failure == nil, strings.count > limits.maxSharedStrings {
                failure = .tooLarge(path: path, what: "\(part): the number of shared strings", limit: limits.maxSharedStrings)
            }
            if failure == nil, totalBytes > limits.maxSharedStringBytes {
                failure = .tooLarge(path: path, what: "\(part): the size of the shared strings", limit: limits.maxSharedStringBytes)
            }
        } else if name.equals("t") { inText = false } else if name.equals("rPh") { inPhonetic = false }
    }
}
