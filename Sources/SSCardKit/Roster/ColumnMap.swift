/// Which roster column holds which field, found from the header row.
public struct ColumnMap: Sendable {
    /// The row (as the clerk sees it) that holds the headers.
    public let headerRow: Int
    /// Column index for each field (by `Field.ordinal`), nil when absent.
    private let columnOfField: [Int?]
    private let headerOfField: [String?]
    /// Columns whose header names no known field.
    public let unknownHeaders: [String]
    /// Mapped (column index, field) pairs, in column order.
    public let mapped: [(column: Int, field: Field)]

    /// Every header of the header row, in column order ("" for blank header cells).
    public let headers: [String]

    public func column(of field: Field) -> Int? { columnOfField[field.ordinal] }
    public func has(_ field: Field) -> Bool { columnOfField[field.ordinal] != nil }
    /// The header as the roster writes it.
    public func header(of field: Field) -> String? { headerOfField[field.ordinal] }

    /// Reads rows until one looks like a header (at least three known columns), within `searchRows`.
    public static func detect(in source: any RowSource, headers: HeaderTable, searchRows: Int = 20) throws(SSCardError) -> ColumnMap {
        var searched = 0
        while searched < searchRows, let row = try source.nextRow() {
            searched += 1
            let fields = row.cells.map { cell -> Field? in
                if case .text(let text) = cell { return headers.field(forHeader: text) }
                return nil
            }
            let known = fields.compactMap { $0 }
            guard Set(known).count >= 3 || (known.contains(.idNumber) && known.contains(.name)) else { continue }
            var columnOfField = [Int?](repeating: nil, count: Field.allCases.count)
            var headerOfField = [String?](repeating: nil, count: Field.allCases.count)
            var unknown: [String] = []
            var mapped: [(Int, Field)] = []
            for (index, field) in fields.enumerated() {
                let header = Normalizer.trim(row.cells[index].displayText)
                guard let field else {
                    if !header.isEmpty { unknown.append(header) }
                    continue
                }
                if let first = headerOfField[field.ordinal] {
                    throw .duplicateColumn(path: source.path, header: header, first: first)
                }
                columnOfField[field.ordinal] = index
                headerOfField[field.ordinal] = header
                mapped.append((index, field))
            }
            return ColumnMap(headerRow: row.number, columnOfField: columnOfField, headerOfField: headerOfField,
                             unknownHeaders: unknown, mapped: mapped, headers: row.cells.map { Normalizer.trim($0.displayText) })
        }
        throw .noHeaderRow(path: source.path, rowsSearched: searchRows)
    }

    /// A map for records built from field values rather than a file (amendments): every field, standard headers.
    public static func synthetic(headers table: HeaderTable) -> ColumnMap {
        let fields = Field.allCases
        return ColumnMap(headerRow: 1, columnOfField: fields.indices.map { $0 }, headerOfField: fields.map { table.header(for: $0) },
                         unknownHeaders: [], mapped: fields.enumerated().map { ($0.offset, $0.element) },
                         headers: fields.map { table.header(for: $0) })
    }

    /// The standard headers of required fields that have no column.
    public func missingRequired(profile: Profile, hasUnitDirectory: Bool, headers: HeaderTable) -> [String] {
        var required: [Field] = [.name, .idNumber, .phone, .employerCode, .employerName, .unit, .idIssuer,
                                 .hukouAddress, .residenceAddress, .postalCode]
        if profile.requireOccupation { required.append(.occupation) }
        if profile.requireEducation { required.append(.education) }
        if !hasUnitDirectory { required.append(.bank) }
        var missing = required.filter { !has($0) }.map { headers.header(for: $0) }
        if !has(.idValidity) && !has(.idValidTo) { missing.append(headers.header(for: .idValidity)) }
        return missing
    }
}

