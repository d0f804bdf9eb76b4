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
///
/// Stored as the row's cells plus one normalised text per field ("" for an absent one: a present
/// value is never empty) and the cell each field came from; a `FieldValue` is put together when
/// asked for. Records are made and freed once per row, and an array of 38 optional
/// `FieldValue`s, each holding a second copy of its cell, cost more to build and to free than
/// the parse of the row.
public struct RosterRecord: Sendable {
    public let row: Int
    private var texts: [String]
    /// The column of each field (by `Field.ordinal`), -1 when the row does not give it.
    private let columnOfField: [Int]
    /// The row's cells as the file holds them.
    public let cells: [CellValue]
    /// The row's cells as the clerk reads them (kept for rejected rows); built when asked for.
    public var rawCells: [String] { cells.map(\.displayText) }

    public init(row: RawRow, columns: ColumnMap) {
        self.row = row.number
        cells = row.cells
        var texts = [String](repeating: "", count: Field.allCases.count)
        for (column, field) in columns.mapped {
            let cell = row[column]
            if cell.isEmpty { continue }
            texts[field.ordinal] = Normalizer.normalize(cell.displayText, field: field)
        }
        self.texts = texts
        columnOfField = columns.columnOfFieldOrMinusOne
    }

    /// A record from field values (an amendment): each value normalised like a roster cell.
    public init(row: Int, fields: [Field: String]) {
        self.row = row
        var texts = [String](repeating: "", count: Field.allCases.count)
        for (field, original) in fields { texts[field.ordinal] = Normalizer.normalize(original, field: field) }
        self.texts = texts
        cells = Field.allCases.map { fields[$0].map(CellValue.text) ?? .empty }
        columnOfField = Array(Field.allCases.indices)
    }

    public subscript(field: Field) -> FieldValue? {
        let text = texts[field.ordinal]
        guard !text.isEmpty else { return nil }
        return FieldValue(cell: cells[columnOfField[field.ordinal]], text: text)
    }

    /// The normalised text of a field, nil when empty or absent.
    public func text(_ field: Field) -> String? {
        let text = texts[field.ordinal]
        return text.isEmpty ? nil : text
    }
}
