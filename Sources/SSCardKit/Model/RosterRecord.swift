/// One field of one row after normalisation.
public struct FieldValue: Sendable {
    /// The cell as stored.
    public let cell: CellValue
    /// The value after normalisation (what the rules check).
    public let text: String
    /// The value before normalisation.
    public var original: String { cell.displayText }

    /// Whether normalisation changed the value (reports say so).
    public var wasNormalized: Bool { text != original }
}

/// A roster row mapped to fields.
public struct RosterRecord: Sendable {
    public let row: Int
    private var values: [FieldValue?]
    /// The row's cells as the file holds them.
    public let cells: [CellValue]
    /// The row's cells as the clerk reads them (kept for rejected rows); built when asked for.
    public var rawCells: [String] { cells.map(\.displayText) }

    public init(row: RawRow, columns: ColumnMap) {
        self.row = row.number
        cells = row.cells
        var values = [FieldValue?](repeating: nil, count: Field.allCases.count)
        for (column, field) in columns.mapped {
            let cell = row[column]
            if cell.isEmpty { continue }
            let original = cell.displayText
            let text = Normalizer.normalize(original, field: field)
            if text.isEmpty { continue }
            values[field.ordinal] = FieldValue(cell: cell, text: text)
        }
        self.values = values
    }

    /// A record from field values (an amendment): each value normalised like a roster cell.
    public init(row: Int, fields: [Field: String]) {
        self.row = row
        var values = [FieldValue?](repeating: nil, count: Field.allCases.count)
        for (field, original) in fields {
            let text = Normalizer.normalize(original, field: field)
            if !text.isEmpty { values[field.ordinal] = FieldValue(cell: .text(original), text: text) }
        }
        self.values = values
        cells = Field.allCases.map { fields[$0].map(CellValue.text) ?? .empty }
    }

    public subscript(field: Field) -> FieldValue? { values[field.ordinal] }

    /// The normalised text of a field, nil when empty or absent.
    public func text(_ field: Field) -> String? { values[field.ordinal]?.text }
}
