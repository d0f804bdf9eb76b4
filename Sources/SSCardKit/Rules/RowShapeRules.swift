extension RosterValidator {
    /// A row with more cells than the header row (typically an unquoted comma in a CSV address,
    /// which shifts every later field one column right). Spreadsheets write every CSV line as wide
    /// as the header, so even empty extra cells mean a shift. Returns whether it found one.
    func checkExtraCells() -> Bool {
        let width = columns.headers.count
        guard width > 0, record.cells.count > width else { return false }
        let cells = record.rawCells
        let count = cells.count - width
        let first = cells[width...].first { !CellValue.isBlank($0) }.map(Normalizer.trim)
        let fix = Message(
            zh: "多半是某个单元格（如地址）里有未加引号的逗号，使后面的各列错位；请给该单元格加上双引号或删去逗号",
            en: "a cell (an address, say) probably holds an unquoted comma that shifts the later columns; quote that cell or remove the comma")
        if !columns.extraCellsShiftFields {
            // A workbook's cells stay in their columns: text beside the table is a note, the row is still checked.
            guard let first else { return false }
            findings.append(Finding(row: record.row, column: "", field: "", rule: .rosterExtraCells, severity: .warning, message: Message(
                zh: "第 \(record.row) 行在表头的 \(width) 列之外还有内容「{value}」，已忽略；如是该人员的信息，请移到对应的列",
                en: "row \(record.row) has text beyond the \(width) header columns ('{value}'); it was ignored. If it belongs to the person, move it into its column"),
                value: first, mask: .address))
            return true
        }
        let message = first == nil
            ? Message(zh: "第 \(record.row) 行比表头的 \(width) 列多出 \(count) 个单元格；\(fix.zh)",
                      en: "row \(record.row) has \(count) more cell(s) than the \(width) header columns; \(fix.en)")
            : Message(zh: "第 \(record.row) 行比表头的 \(width) 列多出 \(count) 个单元格（第一个有内容的是「{value}」）；\(fix.zh)",
                      en: "row \(record.row) has \(count) more cell(s) than the \(width) header columns (the first filled one is '{value}'); \(fix.en)")
        findings.append(Finding(row: record.row, column: "", field: "", rule: .rosterExtraCells, message: message,
                                value: first ?? "", mask: .address))
        return true
    }
}
