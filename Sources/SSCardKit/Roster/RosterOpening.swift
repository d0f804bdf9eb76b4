/// A roster opened and positioned just after its header row.
public struct OpenedRoster {
    public let source: any RowSource
    public let columns: ColumnMap
    /// The sheet read, for a workbook.
    public let sheet: String?
    /// Sheets before it that were passed over for having no header row (only when `--sheet` is absent).
    public let passedOver: [SheetWithoutHeader]
}

extension RosterFile {
    /// Opens a roster and finds its header. A workbook opened without `--sheet` is read from its
    /// first sheet that has a header row: offices put an instructions sheet (填表说明) first.
    public static func openWithHeader(path: String, options: RosterOpenOptions, headers: HeaderTable) throws(SSCardError) -> OpenedRoster {
        let source = try open(path: path, options: options)
        guard let workbook = source as? XLSXRowSource, options.sheet == nil else {
            return OpenedRoster(source: source, columns: try ColumnMap.detect(in: source, headers: headers),
                                sheet: (source as? XLSXRowSource)?.sheetName, passedOver: [])
        }
        var passedOver: [SheetWithoutHeader] = []
        for name in workbook.sheetNames {
            let sheet = name == workbook.sheetName && passedOver.isEmpty ? workbook : try XLSXRowSource(sibling: workbook, sheet: name)
            do {
                let columns = try ColumnMap.detect(in: sheet, headers: headers)
                return OpenedRoster(source: sheet, columns: columns, sheet: name, passedOver: passedOver)
            } catch {
                // A one-sheet workbook keeps the plain message; a damaged sheet is never skipped.
                guard case .noHeaderRow = error, workbook.sheetNames.count > 1 else { throw error }
                passedOver.append(SheetWithoutHeader(name: name, rowsRead: sheet.rowsDelivered))
            }
        }
        throw .noHeaderInAnySheet(path: path, sheets: passedOver)
    }
}
