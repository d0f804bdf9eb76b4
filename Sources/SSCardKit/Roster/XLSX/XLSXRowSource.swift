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

    /// Non-blank rows handed out so far.
    public private(set) var rowsDelivered = 0

    /// The names of the workbook's sheets, in the workbook's order.
    public var sheetNames: [String] { workbook.sheets.map(\.name) }

    public convenience init(path: String, sheet: String?, limits: ReaderLimits = ReaderLimits()) throws(SSCardError) {
        try self.init(workbook: XLSXWorkbook(path: path, limits: limits), sheet: sheet)
    }

    /// Another sheet of a workbook already opened (its shared strings and styles are read once).
    public convenience init(sibling: XLSXRowSource, sheet: String) throws(SSCardError) {
        try self.init(workbook: sibling.workbook, sheet: sheet)
    }

    init(workbook: XLSXWorkbook, sheet: String?) throws(SSCardError) {
        let path = workbook.path
        self.path = path
        self.workbook = workbook
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
            throw .xlsxDamaged(path: path, reason: Message(zh: "工作表「\(chosen.name)」（\(chosen.part)）缺失",
                                                          en: "sheet \"\(chosen.name)\" (\(chosen.part)) is missing"))
        }
        sheetName = chosen.name
        part = chosen.part
        do {
            source = ZipEntrySource(try workbook.archive.open(chosen.part))
        } catch {
            throw XLSXWorkbook.map(error, path: path, part: chosen.part)
        }
        collector = SheetCollector(workbook: workbook, path: path, part: chosen.part, sheet: chosen.name)
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
                if !row.isBlank { rowsDelivered += 1; return row }
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
            swap(&pending, &collector.state.rows)
            if !more { finished = true }
        }
    }
}

/// Turns SAX events of `sheetData` into rows. The state lives in one struct, changed by one
/// access per event, rather than in class properties (a dynamic exclusivity check on each).
final class SheetCollector: XMLPushDelegate {
    /// Unchecked: libxml2 calls the handlers one at a time on the reading thread, and no handler
    /// reaches this collector again, so accesses never overlap; the dynamic check cost about 6 %
    /// of a workbook's read (two million events for 20,000 rows).
    @exclusivity(unchecked) var state: SheetParse

    init(workbook: XLSXWorkbook, path: String, part: String, sheet: String) {
        state = SheetParse(workbook: workbook, path: path, part: part, sheet: sheet)
    }

    var failure: SSCardError? {
        get { state.failure }
        set { state.failure = newValue }
    }

    func startElement(_ name: XMLName, attributes: XMLAttributes) { state.startElement(name, attributes: attributes) }

    func endElement(_ name: XMLName) { state.endElement(name) }

    func characters(_ text: XMLText) { state.characters(text) }
}

/// What `SheetCollector` knows between SAX events, and what it does on each.
struct SheetParse {
    private enum CellType { case number, shared, inline, formulaString, boolean, error, isoDate }

    let workbook: XLSXWorkbook
    let path: String
    let part: String
    let sheet: String
    var rows: [RawRow] = []
    var failure: SSCardError? { didSet { failed = failure != nil } }
    /// Whether `failure` is set: asked on every SAX event, and cheaper than looking into the error.
    private(set) var failed = false

    private var rowNumber = 0
    private var cells: [CellValue] = []
    private var inRow = false
    private var column = -1
    private var type = CellType.number
    private var style = 0
    private var inCell = false
    private var inValue = false
    private var inInline = false
    private var inText = false
    private var inPhonetic = false
    private var value: [UInt8] = []
    private var characters = 0

    init(workbook: XLSXWorkbook, path: String, part: String, sheet: String) {
        self.workbook = workbook
        self.path = path
        self.part = part
        self.sheet = sheet
    }

    private mutating func damaged(zh: String, en: String) {
        failure = .xlsxDamaged(path: path, reason: Message(zh: "\(part) 第 \(rowNumber) 行: \(zh)", en: "\(part) row \(rowNumber): \(en)"))
    }

    /// The current cell as Excel names it (`B7`).
    private var cellName: String { SheetParse.name(column: column) + String(rowNumber) }

    mutating func startElement(_ name: XMLName, attributes: XMLAttributes) {
        guard !failed else { return }
        if name.equals("c") {
            if let reference = attributes.value("r") {
                guard let parsed = SheetParse.column(of: reference), parsed < workbook.limits.maxColumns else {
                    damaged(zh: "单元格引用「\(reference.string)」无效或超出 XFD 列",
                            en: "cell reference \"\(reference.string)\" is not valid or lies beyond column XFD")
                    return
                }
                column = parsed
            } else {
                column += 1
            }
            if column >= workbook.limits.maxColumns {
                damaged(zh: "单元格超出 XFD 列", en: "column beyond XFD")
                return
            }
            type = attributes.value("t").map(SheetParse.cellType(of:)) ?? .number
            style = attributes.value("s")?.integer ?? 0
            value.removeAll(keepingCapacity: true)
            characters = 0
            inCell = true
        } else if name.equals("v") {
            inValue = true
        } else if name.equals("is") {
            inInline = true
        } else if name.equals("t") {
            inText = true
        } else if name.equals("rPh") {
            inPhonetic = true
        } else if name.equals("row") {
            let number: Int
            if let reference = attributes.value("r") {
                guard let parsed = reference.integer, parsed > 0 else {
                    failure = .xlsxDamaged(path: path, reason: Message(
                        zh: "\(part): 第 \(rowNumber) 行之后的行号「\(reference.string)」不是有效的行号",
                        en: "\(part): the row after row \(rowNumber) is numbered \"\(reference.string)\", not a valid row number"))
                    return
                }
                number = parsed
            } else {
                number = rowNumber + 1
            }
            guard number > rowNumber else {
                failure = .xlsxDamaged(path: path, reason: Message(zh: "\(part): 行号 \(number) 顺序错乱",
                                                                  en: "\(part): row number \(number) is out of order"))
                return
            }
            guard number <= workbook.limits.maxRows else {
                failure = .tooLarge(path: path, what: Message(zh: "行数", en: "the number of rows"), limit: workbook.limits.maxRows)
                return
            }
            rowNumber = number
            cells.removeAll(keepingCapacity: true)
            column = -1
            inRow = true
        }
    }

    mutating func characters(_ text: XMLText) {
        guard inCell, !failed else { return }
        // An inline string takes its text from <is> only; other cells from <v> only.
        if type == .inline {
            guard inInline, inText, !inPhonetic else { return }
        } else {
            guard inValue else { return }
        }
        text.append(to: &value)
        characters += text.characterCount
        if characters > workbook.limits.maxCellCharacters {
            failure = .cellTooLarge(path: path, sheet: sheet, cell: cellName, limit: workbook.limits.maxCellCharacters)
        }
    }

    mutating func endElement(_ name: XMLName) {
        guard !failed else { return }
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
        } else if name.equals("is") {
            inInline = false
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

    /// A shared-string index: decimal digits only, overflow-checked (never traps).
    static func index(of bytes: [UInt8]) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var index = 0
        for byte in bytes {
            guard byte >= 48 && byte <= 57 else { return nil }
            let (shifted, overflow1) = index.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(Int(byte - 48))
            guard !overflow1, !overflow2 else { return nil }
            index = sum
        }
        return index
    }

    private mutating func makeCell() -> CellValue {
        if type == .shared {
            if value.isEmpty { return .empty }  // <c t="s"><v/></c>: an empty cell
            guard let index = SheetParse.index(of: value), index < workbook.sharedStrings.count else {
                let text = String(decoding: value.prefix(40), as: UTF8.self)
                damaged(zh: "单元格 \(cellName) 引用的共享字符串 \(text) 不存在", en: "cell \(cellName): shared string \(text) does not exist")
                return .empty
            }
            if workbook.oversizedSharedStrings.contains(index) {
                failure = .cellTooLarge(path: path, sheet: sheet, cell: cellName, limit: workbook.limits.maxCellCharacters)
                return .empty
            }
            let shared = workbook.sharedStrings[index]
            return shared.isEmpty ? .empty : .text(shared)
        }
        let text = String(decoding: value, as: UTF8.self)
        switch type {
        case .shared, .inline, .formulaString:
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

    /// Zero-based column of a cell reference such as `B12` (letters, then digits); nil if malformed
    /// or beyond three letters (XFD is the last column).
    static func column(of reference: XMLText) -> Int? {
        var column = 0
        var letters = 0
        var index = 0
        while index < reference.count {
            let upper = reference[index] & 0xDF
            guard upper >= 65 && upper <= 90 else { break }
            letters += 1
            if letters > 3 { return nil }
            column = column * 26 + Int(upper - 64)
            index += 1
        }
        guard letters > 0, index < reference.count else { return nil }
        while index < reference.count {
            let byte = reference[index]
            guard byte >= 48 && byte <= 57 else { return nil }
            index += 1
        }
        return column - 1
    }

    /// Excel's letters for a zero-based column (0 → A, 27 → AB).
    static func name(column: Int) -> String {
        guard column >= 0 else { return "?" }
        var letters: [UInt8] = []
        var rest = column + 1
        while rest > 0 {
            let remainder = (rest - 1) % 26
            letters.insert(UInt8(65 + remainder), at: 0)
            rest = (rest - 1) / 26
        }
        return String(decoding: letters, as: UTF8.self)
    }
}
