/// Footer and filler rows (`合计：4人`, `制表人：张三 审核人：李四`, a row with only 序号 filled)
/// are not people: one warning naming the row, not counted in `rows`, never stored (h8-clerk).
enum NotAPerson {
    /// Words of a total or a signature line.
    static let summaryWords = ["合计", "总计", "小计", "共计", "总人数", "人数", "制表", "填表", "审核", "复核", "审批", "经办",
                               "负责人", "签字", "签名", "签章", "盖章", "公章", "填报", "打印日期", "total", "prepared by", "checked by"]

    /// The warning for a row that is not a person, nil for a person's row.
    static func finding(_ record: RosterRecord, columns: ColumnMap) -> Finding? {
        let serialColumn = columns.column(of: .serial)
        let anonymous = record[.name] == nil && record[.idNumber] == nil
        if !anonymous {
            // The common case, cheaply: a person's row fills more than two cells.
            var filled = 0
            for (index, cell) in record.cells.enumerated() where index != serialColumn && !cell.isEmpty {
                filled += 1
                if filled > 2 { return nil }
            }
        }
        var texts: [String] = []
        for (index, cell) in record.rawCells.enumerated() where index != serialColumn {
            let text = Normalizer.normalize(cell, field: .remark)
            if !text.isEmpty { texts.append(text) }
        }
        let summary = texts.count <= 2 && texts.contains { text in
            let folded = text.lowercased()
            return summaryWords.contains { folded.contains($0) }
        }
        guard anonymous || summary else { return nil }
        var shown = texts.joined(separator: " ")
        if texts.isEmpty, let serial = record.text(.serial) { shown = serial.allSatisfy(\.isNumber) ? "序号 \(serial)" : serial }
        let quoted = shown.isEmpty ? "" : "「\(shown)」"
        let quotedEn = shown.isEmpty ? "" : " ('\(shown)')"
        let why = Message(
            zh: anonymous ? "既无姓名也无证件号码" : "只有合计或签字栏的文字",
            en: anonymous ? "it has neither a name nor an ID number" : "it holds only a total or a signature line")
        return Finding(row: record.row, column: "", field: "", rule: .rosterNotAPerson, message: Message(
            zh: "第 \(record.row) 行\(quoted)不是人员信息（\(why.zh)），已跳过：不计入行数，也不保存",
            en: "row \(record.row)\(quotedEn) is not a person (\(why.en)); it was skipped: not counted and not stored"),
            value: "")
    }
}
