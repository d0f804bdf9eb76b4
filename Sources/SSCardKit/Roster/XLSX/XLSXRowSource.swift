import XMLStream

/// An XLSX roster, one sheet streamed row by row from the inflating zip entry through
/// libxml2's push parser. Only the rows of the current chunk are held.
public final class XLSXRowSource: RowSource {
    public let path: String
    /// The sheet being read.
    public let sheetName: String
    private let workbook: XLSXWorkbook
    private let part: String
    private let source: ZipEntrySource
    private let collector: SheetCollector
    private let parser: XMLPushParser
    private var pending: [RawRow] = []
    private var next = 0
    private var finished = false

    public init(path: String, sheet: String?, limits: ReaderLimits = ReaderLimits()) throws(SSCardError) {
        self.path = path
        workbook = try XLSXWorkbook(path: path, limits: limits)
        let chosen: XLSXWorkbook.Sheet
        if let sheet {
            guard let match = workbook.sheets.first(where: { $0.name == sheet }) else {
                throw .sheetNotFound(path: path, sheet: sheet, available: workbook.sheets.map(\.name))
            }
            chosen = match
        } else {
            chosen = workbook.sheets[0]
        }
        guard workbook.archive.contains(chosen.part) else {
            throw .xlsxDamaged(path: path, reason: "sheet \"\(chosen.name)\" (\(chosen.part)) is missing")
        }
        sheetName = chosen.name
        part = chosen.part
        do {
            source = ZipEntrySource(try workbook.archive.open(chosen.part))
        } catch {
            throw XLSXWorkbook.map(error, path: path, part: chosen.part)
        }
        collector = SheetCollector(workbook: workbook, path: path, part: chosen.part)
        do {
            parser = try XMLPushParser(documentName: chosen.part, delegate: collector)
        } catch {
            throw XLSXWorkbook.map(error, path: path, part: chosen.part)
        }
    }

    public func nextRow() throws(SSCardError) -> RawRow? {
        while true {
            while next < pending.count {
                let row = pending[next]
                next += 1
                if !row.isBlank { return row }
            }
            // Rows read before a failure are delivered first, then the failure.
            if let failure = collector.failure { throw failure }
            guard !finished else { return nil }
            pending.removeAll(keepingCapacity: true)
            next = 0
            var more = false
            do {
                more = try parser.feed(from: source)
            } catch {
                if collector.failure == nil { collector.failure = XLSXWorkbook.map(error, path: path, part: part) }
            }
            swap(&pending, &collector.rows)
            if !more { finished = true }
        }
    }
}

/// Turns SAX events of `sheetData` into rows.
final class SheetCollector: XMLPushDelegate {
    private enum CellType { case number, shared, inline, formulaString, boolean, error, isoDate }

    let workbook: XLSXWorkbook
    let path: String
    let part: String
    var rows: [RawRow] = []
    var failure: SSCardError?

    private var rowNumber = 0
    private var cells: [CellValue] = []
    private var inRow = false
    private var column = -1
    private var type = CellType.number
    private var style = 0
    private var inCell = false
    private var inValue = false
    private var inText = false
    private var inPhonetic = false
    private var value: [UInt8] = []

    init(workbook: XLSXWorkbook, path: String, part: String) {
        self.workbook = workbook
        self.path = path
        self.part = part
    }

    func startElement(_ name: XMLName, attributes: XMLAttributes) {
        guard failure == nil else { return }
        if name.equals("c") {
            column = attributes.value("r").flatMap(SheetCollector.column(of:)) ?? column + 1
            if column >= workbook.limits.maxColumns {
                failure = .xlsxDamaged(path: path, reason: "\(part) row \(rowNumber): column beyond XFD")
                return
            }
            type = attributes.value("t").map(SheetCollector.cellType(of:)) ?? .number
            style = attributes.value("s")?.integer ?? 0
            value.removeAll(keepingCapacity: true)
            inCell = true
        } else if name.equals("v") {
            inValue = true
        } else if name.equals("t") {
            inText = true
        } else if name.equals("rPh") {
            inPhonetic = true
        } else if name.equals("row") {
            let number = attributes.value("r")?.integer ?? rowNumber + 1
            guard number > rowNumber else {
                failure = .xlsxDamaged(path: path, reason: "\(part): row number \(number) is out of order")
                return
            }
            guard number <= workbook.limits.maxRows else {
                failure = .tooLarge(path: path, what: "the number of rows", limit: workbook.limits.maxRows)
                return
            }
            rowNumber = number
            cells.removeAll(keepingCapacity: true)
            column = -1
            inRow = true
        }
    }

    func characters(_ text: XMLText) {
        guard inCell, inValue || (inText && !inPhonetic) else { return }
        text.append(to: &value)
        if value.count > workbook.limits.maxCellCharacters * 4 {
            failure = .tooLarge(path: path, what: "\(part) row \(rowNumber): a cell", limit: workbook.limits.maxCellCharacters)
        }
    }

    func endElement(_ name: XMLName) {
        guard failure == nil else { return }
        if name.equals("c") {
            if inCell {
                let cell = makeCell()
                if cell != .empty {
                    if cells.count <= column { cells.append(contentsOf: repeatElement(.empty, count: column + 1 - cells.count)) }
                    cells[column] = cell
                }
            }
            inCell = false
        } else if name.equals("v") {
            inValue = false
        } else if name.equals("t") {
            inText = false
        } else if name.equals("rPh") {
            inPhonetic = false
        } else if name.equals("row") {
            if inRow { rows.append(RawRow(number: rowNumber, cells: cells)) }
            inRow = false
        }
    }

    private static func cellType(of text: XMLText) -> CellType {
        guard text.count > 0 else { return .number }
        switch (text[0], text.count) {
        case (UInt8(ascii: "s"), 1): return .shared
        case (UInt8(ascii: "s"), _): return .formulaString  // "str"
        case (UInt8(ascii: "i"), _): return .inline
        case (UInt8(ascii: "b"), _): return .boolean
        case (UInt8(ascii: "e"), _): return .error
        case (UInt8(ascii: "d"), _): return .isoDate
        default: return .number
        }
    }

    private func makeCell() -> CellValue {
        if type == .shared {
            // Digits and length are checked before any arithmetic: a 20-digit index must not overflow.
            let digits = !value.isEmpty && value.count < 10 && value.allSatisfy({ $0 >= 48 && $0 <= 57 })
            let index = digits ? value.reduce(0) { $0 * 10 + Int($1 - 48) } : -1
            guard index >= 0, index < workbook.sharedStrings.count else {
                failure = .xlsxDamaged(path: path, reason: "\(part) row \(rowNumber): shared string \(String(decoding: value, as: UTF8.self)) does not exist")
                return .empty
            }
            let shared = workbook.sharedStrings[index]
            return shared.isEmpty ? .empty : .text(shared)
        }
        let text = String(decoding: value, as: UTF8.self)
        switch type {
        case .shared:
            guard let index = Int(text), index >= 0, index < workbook.sharedStrings.count else {
                failure = .xlsxDamaged(path: path, reason: "\(part) row \(rowNumber): shared string \(text) does not exist")
                return .empty
            }
            let shared = workbook.sharedStrings[index]
            return shared.isEmpty ? .empty : .text(shared)
        case .inline, .formulaString:
            return text.isEmpty ? .empty : .text(text)
        case .boolean:
            return .bool(text == "1" || text == "true")
        case .error:
            return .error(text)
        case .isoDate:
            return CivilDate(parsing: text.prefix(10)).map { .date($0) } ?? .text(text)
        case .number:
            if text.isEmpty { return .empty }
            guard let number = Double(text) else { return .text(text) }
            if style < workbook.dateStyles.count, workbook.dateStyles[style],
               let date = ExcelDates.date(serial: number, date1904: workbook.date1904) {
                return .date(date)
            }
            return .number(literal: text, value: number)
        }
    }

    /// Zero-based column of a cell reference such as `B12`; nil if malformed.
    static func column(of reference: XMLText) -> Int? {
        var column = 0
        var letters = 0
        for index in 0..<reference.count {
            let upper = reference[index] & 0xDF
            if upper >= 65 && upper <= 90 {
                column = column * 26 + Int(upper - 64)
                letters += 1
                if letters > 3 { return nil }
            } else { break }
        }
        return letters == 0 ? nil : column - 1
    }
}
