/// One cell as the roster file holds it, before any normalisation.
public enum CellValue: Sendable, Equatable {
    case empty
    case text(String)
    /// A numeric cell; `literal` is the number exactly as stored (`5.10107E+17`, `13800138000`).
    case number(literal: String, value: Double)
    /// A numeric cell formatted as a date (converted from the workbook's date system).
    case date(CivilDate)
    case bool(Bool)
    /// An Excel error value such as `#N/A`.
    case error(String)

    /// The value as a clerk would read it in the cell.
    public var displayText: String {
        switch self {
        case .empty: ""
        case .text(let text): text
        case .number(let literal, let value): CellValue.format(number: value, literal: literal)
        case .date(let date): date.description
        case .bool(let flag): flag ? "TRUE" : "FALSE"
        case .error(let code): code
        }
    }

    public var isEmpty: Bool {
        switch self {
        case .empty: true
        case .text(let text): CellValue.isBlank(text)
        default: false
        }
    }

    /// Only spaces and invisible characters. Decides on the first byte for ordinary text.
    static func isBlank(_ text: String) -> Bool {
        guard let first = text.utf8.first else { return true }
        if first > 0x20 && first < 0x80 { return false }
        if first >= 0xE4 && first <= 0xE9 { return false }  // a Chinese character
        return text.unicodeScalars.allSatisfy { $0.properties.isWhitespace || Normalizer.isInvisible($0) }
    }

    /// Integral numbers below 10^15 print as integers (no `.0`, no exponent); others as stored.
    static func format(number value: Double, literal: String) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return literal
    }
}

/// One data row of a roster, numbered as the clerk sees it (the header is row 1 in a spreadsheet).
public struct RawRow: Sendable {
    public var number: Int
    public var cells: [CellValue]

    public init(number: Int, cells: [CellValue]) {
        self.number = number
        self.cells = cells
    }

    public subscript(column: Int) -> CellValue { column < cells.count ? cells[column] : .empty }

    public var isBlank: Bool { cells.allSatisfy(\.isEmpty) }
}
