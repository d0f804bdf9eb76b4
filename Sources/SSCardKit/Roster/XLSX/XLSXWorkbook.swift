import XMLStream
import ZipArchive

/// The parts of an XLSX workbook needed before its sheet can stream: sheet list, date system,
/// which styles are dates, and the shared strings (capped, each stored once).
///
/// Parts are found as OPC says (ECMA-376 Part 2): the workbook through the package's
/// `_rels/.rels` (officeDocument relationship), its sheets, styles and shared strings through the
/// workbook's own relationships, part names compared case-insensitively. The conventional
/// `xl/...` names are the fallback for packages that leave relationships out.
final class XLSXWorkbook {
    struct Sheet { let name: String; let part: String }

    let path: String
    let archive: ZipArchive
    let limits: ReaderLimits
    private(set) var workbookPart = "xl/workbook.xml"
    private(set) var sheets: [Sheet] = []
    private(set) var date1904 = false
    private(set) var dateStyles: [Bool] = []
    private(set) var sharedStrings: [String] = []
    /// Shared strings longer than a cell may be (kept empty); a cell that uses one is refused, naming the cell.
    private(set) var oversizedSharedStrings: Set<Int> = []

    init(path: String, limits: ReaderLimits) throws(SSCardError) {
        self.path = path
        self.limits = limits
        do {
            archive = try ZipArchive(path: path, limits: ZipLimits(
                maxEntryBytes: limits.maxSheetBytes, maxRatio: limits.maxCompressionRatio, maxEntries: 10_000))
        } catch {
            throw WorkbookReasons.map(error, path: path, part: "")
        }
        if let target = try officeDocument(), archive.contains(target) { workbookPart = target }
        guard archive.contains(workbookPart) else {
            throw .xlsxDamaged(path: path, reason: Message(zh: "缺少工作簿部件 \(workbookPart)", en: "\(workbookPart) is missing"))
        }
        let relationships = try readRelationships(of: workbookPart)
        try readWorkbook(relationships: relationships)
        let folder = OPCPath.folder(of: workbookPart)
        if let styles = part(relationships, type: "styles") ?? existing(folder + "styles.xml") { try readStyles(part: styles) }
        if let shared = part(relationships, type: "sharedStrings")
            ?? relationships.values.map(\.target).sorted().first(where: { $0.lowercased().hasSuffix("sharedstrings.xml") && archive.contains($0) })
            ?? existing(folder + "sharedStrings.xml") {
            try readSharedStrings(part: shared)
        }
    }

    private func existing(_ part: String) -> String? { archive.contains(part) ? part : nil }

    /// A relationship's target of the given type (its last path segment, as transitional and strict OOXML differ before it).
    private func part(_ relationships: [String: OPCRelationship], type: String) -> String? {
        relationships.values.filter { $0.type == type && archive.contains($0.target) }.map(\.target).sorted().first
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
            throw WorkbookReasons.map(error, path: path, part: part)
        }
    }

    /// Runs `body` over every event of a part, mapping failures to clerk-readable errors.
    func walk(part: String, streaming: Bool = false, _ body: (XMLStreamReader, XMLEvent) throws(SSCardError) -> Void) throws(SSCardError) {
        let xml = try reader(part: part, streaming: streaming)
        while true {
            let event: XMLEvent?
            do { event = try xml.next() } catch { throw WorkbookReasons.map(error, path: path, part: part) }
            guard let event else { return }
            try body(xml, event)
        }
    }

    /// The workbook part named by the package relationships, if they name one.
    private func officeDocument() throws(SSCardError) -> String? {
        try readRelationships(of: "").values.filter { $0.type == "officeDocument" }.map(\.target).sorted().first
    }

    /// The relationships of a part ("" for the package): id → type and resolved target.
    private func readRelationships(of source: String) throws(SSCardError) -> [String: OPCRelationship] {
        let part = OPCPath.relationshipsPart(of: source)
        guard archive.contains(part) else { return [:] }
        var relationships: [String: OPCRelationship] = [:]
        try walk(part: part) { xml, event in
            guard case .startElement = event, xml.isNamed("Relationship"),
                  let id = xml.attribute("Id"), let target = xml.attribute("Target"),
                  xml.attribute("TargetMode")?.lowercased() != "external" else { return }
            let type = xml.attribute("Type").map { String($0.split(separator: "/").last ?? "") } ?? ""
            relationships[id] = OPCRelationship(type: type, target: OPCPath.resolve(target, from: source))
        }
        return relationships
    }

    private func readWorkbook(relationships: [String: OPCRelationship]) throws(SSCardError) {
        var sheets: [Sheet] = []
        let folder = OPCPath.folder(of: workbookPart)
        try walk(part: workbookPart) { xml, event in
            guard case .startElement = event else { return }
            if xml.isNamed("workbookPr") {
                let flag = xml.attribute("date1904")
                date1904 = flag == "1" || flag == "true"
            } else if xml.isNamed("sheet") {
                let name = xml.attribute("name") ?? "Sheet\(sheets.count + 1)"
                // The relationship id, whatever prefix the writer bound to the namespace (transitional or strict).
                let id = xml.attribute("id", namespace: "http://schemas.openxmlformats.org/officeDocument/2006/relationships")
                    ?? xml.attribute("id", namespace: "http://purl.oclc.org/ooxml/officeDocument/relationships")
                    ?? xml.attribute("r:id") ?? ""
                let part = relationships[id]?.target ?? "\(folder)worksheets/sheet\(sheets.count + 1).xml"
                sheets.append(Sheet(name: name, part: part))
            }
        }
        guard !sheets.isEmpty else {
            throw .xlsxDamaged(path: path, reason: Message(zh: "工作簿中没有任何工作表", en: "the workbook lists no sheets"))
        }
        self.sheets = sheets
    }

    private func readStyles(part: String) throws(SSCardError) {
        var customDates: [Int: Bool] = [:]
        var styles: [Bool] = []
        var inCellXfs = false
        try walk(part: part) { xml, event in
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
            throw collector.failure ?? WorkbookReasons.map(error, path: path, part: part)
        }
        if let failure = collector.failure { throw failure }
        sharedStrings = collector.strings
        oversizedSharedStrings = collector.oversized
    }

    /// Turns library failures into messages a clerk can act on.
    static func map(_ error: any Error, path: String, part: String) -> SSCardError {
        WorkbookReasons.map(error, path: path, part: part)
    }
}

/// Collects `<si>` items (plain or rich text; phonetic runs skipped) within the caps.
final class SharedStringsCollector: XMLPushDelegate {
    let limits: ReaderLimits
    let path: String
    let part: String
    var strings: [String] = []
    var oversized: Set<Int> = []
    var failure: SSCardError? { didSet { failed = failure != nil } }
    private var failed = false
    private var current: [UInt8] = []
    private var characterCount = 0
    private var tooLong = false
    private var inItem = false, inText = false, inPhonetic = false
    private var totalBytes = 0

    init(limits: ReaderLimits, path: String, part: String) {
        self.limits = limits
        self.path = path
        self.part = part
    }

    func startElement(_ name: XMLName, attributes: XMLAttributes) {
        if name.equals("si") { inItem = true; tooLong = false; characterCount = 0; current.removeAll(keepingCapacity: true) }
        else if name.equals("t") { inText = true }
        else if name.equals("rPh") { inPhonetic = true }
    }

    func characters(_ text: XMLText) {
        guard inItem, inText, !inPhonetic, !failed, !tooLong else { return }
        text.append(to: &current)
        characterCount += text.characterCount
        if characterCount > limits.maxCellCharacters {
            tooLong = true
            current.removeAll()
        }
    }

    func endElement(_ name: XMLName) {
        if name.equals("si") {
            inItem = false
            totalBytes += current.count
            if tooLong { oversized.insert(strings.count) }
            strings.append(String(decoding: current, as: UTF8.self))
            if !failed, strings.count > limits.maxSharedStrings {
                failure = .tooLarge(path: path, what: Message(zh: "\(part) 中共享字符串的个数", en: "\(part): the number of shared strings"),
                                    limit: limits.maxSharedStrings)
            }
            if !failed, totalBytes > limits.maxSharedStringBytes {
                failure = .tooLarge(path: path, what: Message(zh: "\(part) 中共享字符串的总字节数", en: "\(part): the size of the shared strings"),
                                    limit: limits.maxSharedStringBytes)
            }
        } else if name.equals("t") { inText = false } else if name.equals("rPh") { inPhonetic = false }
    }
}
