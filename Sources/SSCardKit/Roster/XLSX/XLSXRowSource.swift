import XMLStream

/// An XLSX roster, one sheet streamed row by row from the inflating zip entry.
public final class XLSXRowSource: RowSource {
    public let path: String
    /// The sheet being read.
    public let sheetName: String
    private let workbook: XLSXWorkbook
    private let xml: XMLStreamReader
    private let part: String
    private var rowCounter = 0
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
        xml = try workbook.reader(part: chosen.part, streaming: true)
    }

    public func nextRow() throws(SSCardError) -> RawRow? {
        while !finished {
            guard let row = try readRow() else { finished = true; return nil }
            if !row.isBlank { return row }
        }
        return nil
    }

    private func next() throws(SSCardError) -> XMLEvent? {
        do { return try xml.next() } catch { throw XLSXWorkbook.map(error, path: path, part: part) }
    }

    private func readRow() throws(SSCardError) -> RawRow? {
        // Find the next <row>.
        while true {
            guard let event = try next() else { return nil }
            if case .startElement(let isEmpty) = event, xml.isNamed("row") {
                let number = xml.attribute("r").flatMap(Int.init) ?? rowCounter + 1
                guard number > rowCounter else {
                    throw .xlsxDamaged(path: path, reason: "\(part): row number \(number) is out of order")
                }
                guard number <= workbook.limits.maxRows else {
                    throw .tooLarge(path: path, what: "the number of rows", limit: workbook.limits.maxRows)
                }
                rowCounter = number
                if isEmpty { return RawRow(number: number, cells: []) }
                return try readCells(rowNumber: number)
            }
        }
    }

    private func readCells(rowNumber: Int) throws(SSCardError) -> RawRow {
        var cells: [CellValue] = []
        var column = -1
        var type = CellType.number
        var style = 0
        var value = ""
        var inValue = false
        var inText = false
        var inPhonetic = false
        var inCell = false
        while let event = try next() {
            switch event {
            case .startElement(let isEmpty):
                if xml.isNamed("c") {
                    column = xml.withAttributeBytes("r") { $0.flatMap(XLSXRowSource.column(of:)) } ?? column + 1
                    guard column < workbook.limits.maxColumns else {
                        throw .xlsxDamaged(path: path, reason: "\(part) row \(rowNumber): column beyond XFD")
                    }
                    type = xml.withAttributeBytes("t") { CellType(bytes: $0) }
                    style = xml.attribute("s").flatMap(Int.init) ?? 0
                    value = ""
                    inCell = !isEmpty
                } else if xml.isNamed("v") {
                    inValue = !isEmpty
                } else if xml.isNamed("t") {
                    inText = !isEmpty
                } else if xml.isNamed("rPh") {
                    inPhonetic = !isEmpty
                }
            case .text:
                if inValue || (inText && !inPhonetic) {
                    value += xml.text
                    if value.utf8.count > workbook.limits.maxCellCharacters * 4 {
                        throw .tooLarge(path: path, what: "\(part) row \(rowNumber): a cell", limit: workbook.limits.maxCellCharacters)
                    }
                }
            case .endElement:
                if xml.isNamed("c") {
                    if inCell {
                        let cell = try makeCell(type: type, style: style, value: value, row: rowNumber)
                        if cell != .empty {
                            if cells.count <= column { cells.append(contentsOf: repeatElement(.empty, count: column + 1 - cells.count)) }
                            cells[column] = cell
                        }
                    }
                    inCell = false
                } else if xml.isNamed("v") {
                    inValue = false
                } else if xml.isNamed("t") {
                    inText = false
                } else if xml.isNamed("rPh") {
                    inPhonetic = false
                } else if xml.isNamed("row") {
                    return RawRow(number: rowNumber, cells: cells)
                }
            }
        }
        return RawRow(number: rowNumber, cells: cells)
    }

    private enum CellType {
        case number, shared, inline, formulaString, boolean, error, isoDate

        init(bytes: UnsafeBufferPointer<UInt8>?) {
            guard let bytes, let first = bytes.first else { self = .number; return }
            switch (first, bytes.count) {
            case (UInt8(ascii: "s"), 1): self = .shared
            case (UInt8(ascii: "s"), _): self = .formulaString  // "str"
            case (UInt8(ascii: "i"), _): self = .inline
            case (UInt8(ascii: "b"), _): self = .boolean
            case (UInt8(ascii: "e"), _): self = .error
            case (UInt8(ascii: "d"), _): self = .isoDate
            default: self = .number
            }
        }
    }

    private func makeCell(type: CellType, style: Int, value: String, row: Int) throws(SSCardError) -> CellValue {
        switch type {
        case .shared:
            guard let index = Int(value), index >= 0, index < workbook.sharedStrings.count else {
                throw .xlsxDamaged(path: path, reason: "\(part) row \(row): shared string \(value) does not exist")
            }
            let text = workbook.sharedStrings[index]
            return text.isEmpty ? .empty : .text(text)
        case .inline, .formulaString:
            return value.isEmpty ? .empty : .text(value)
        case .boolean:
            return .bool(value == "1" || value == "true")
        case .error:
            return .error(value)
        case .isoDate:
            return CivilDate(parsing: value.prefix(10)).map { .date($0) } ?? .text(value)
        case .number:
            if value.isEmpty { return .empty }
            guard let number = Double(value) else { return .text(value) }
            if style < workbook.dateStyles.count, workbook.dateStyles[style],
               let date = ExcelDates.date(serial: number, date1904: workbook.date1904) {
                return .date(date)
            }
            return .number(literal: value, value: number)
        }
    }

    /// Zero-based column of a cell reference such as `B12`; nil if malformed.
    static func column(of reference: UnsafeBufferPointer<UInt8>) -> Int? {
        var column = 0
        var letters = 0
        for byte in reference {
            let upper = byte & 0xDF
            if upper >= 65 && upper <= 90 {
                column = column * 26 + Int(upper - 64)
                letters += 1
                if letters > 3 { return nil }
            } else { break }
        }
        return letters == 0 ? nil : column - 1
    }
}
