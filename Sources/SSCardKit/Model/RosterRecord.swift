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

    public init(row: RawRow, columns: ColumnMap) {
        self.row = row.number
        var values = [FieldValue?](repeating: nil, count: Field.allCases.count)
        for (column, field) in columns.mapped {
            let cell = row[column]
            if cell.isEmpty { continue }
            let original = cell.displayText
            let text = Normalizer.normalize(original, identifier: field.isIdentifier)
            if text.isEmpty { continue }
            values[field.ordinal] = FieldValue(cell: cell, text: text)
        }
        self.values = values
    }

    public subscript(field: Field) -> FieldValue? { values[field.ordinal] }

    /// The normalised text of a field, nil when empty or absent.
    public func text(_ field: Field) -> String? { values[field.ordinal]?.text }
}
