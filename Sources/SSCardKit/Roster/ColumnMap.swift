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
    /// Synonym columns passed over because the field's own header is also there, in column order.
    public var ignoredColumns: [IgnoredColumn] = []
    /// Whether cells past the header can only come from a shift (a delimited text file: an
    /// unquoted comma moves every later field); in a workbook they are a note beside the table.
    public var extraCellsShiftFields = true

    /// A column whose field another column of the roster already gives.
    public struct IgnoredColumn: Sendable, Equatable {
        public let column: Int
        public let header: String
        /// The header of the column read instead.
        public let kept: String
    }

    public func column(of field: Field) -> Int? { columnOfField[field.ordinal] }
    /// `column(of:)` for every field by ordinal, -1 for an absent one (shared by every record).
    let columnOfFieldOrMinusOne: [Int]

    init(headerRow: Int, columnOfField: [Int?], headerOfField: [String?], unknownHeaders: [String],
         mapped: [(column: Int, field: Field)], headers: [String], ignoredColumns: [IgnoredColumn] = [],
         extraCellsShiftFields: Bool = true) {
        self.headerRow = headerRow
        self.columnOfField = columnOfField
        self.headerOfField = headerOfField
        self.unknownHeaders = unknownHeaders
        self.mapped = mapped
        self.headers = headers
        self.ignoredColumns = ignoredColumns
        self.extraCellsShiftFields = extraCellsShiftFields
        columnOfFieldOrMinusOne = columnOfField.map { $0 ?? -1 }
    }
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
            var columnsOfField: [Field: [Int]] = [:]
            for (index, field) in fields.enumerated() {
                guard let field else {
                    let header = Normalizer.trim(row.cells[index].displayText)
                    if !header.isEmpty { unknown.append(header) }
                    continue
                }
                columnsOfField[field, default: []].append(index)
            }
            // Two columns for one field: the field's own header wins over a synonym (手机号码 over
            // 联系电话); when none or several are its own, the clerk must choose, for every field at once.
            var ignored: [IgnoredColumn] = []
            var conflicts: [(column: Int, headers: [String])] = []
            var chosen: [(Int, Field)] = []
            for (field, indexes) in columnsOfField {
                let texts = indexes.map { Normalizer.trim(row.cells[$0].displayText) }
                if indexes.count == 1 { chosen.append((indexes[0], field)); continue }
                let standard = indexes.indices.filter { headers.isStandard(texts[$0], for: field) }
                guard standard.count == 1, let winner = standard.first else { conflicts.append((indexes[0], texts)); continue }
                chosen.append((indexes[winner], field))
                for other in indexes.indices where other != winner {
                    ignored.append(IgnoredColumn(column: indexes[other], header: texts[other], kept: texts[winner]))
                }
            }
            if !conflicts.isEmpty {
                throw .duplicateColumns(path: source.path, conflicts: conflicts.sorted { $0.column < $1.column }.map(\.headers))
            }
            chosen.sort { $0.0 < $1.0 }
            var mapped: [(Int, Field)] = []
            for (index, field) in chosen {
                columnOfField[field.ordinal] = index
                headerOfField[field.ordinal] = Normalizer.trim(row.cells[index].displayText)
                mapped.append((index, field))
            }
            ignored.sort { $0.column < $1.column }
            return ColumnMap(headerRow: row.number, columnOfField: columnOfField, headerOfField: headerOfField,
                             unknownHeaders: unknown, mapped: mapped, headers: row.cells.map { Normalizer.trim($0.displayText) },
                             ignoredColumns: ignored, extraCellsShiftFields: !(source is XLSXRowSource))
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

