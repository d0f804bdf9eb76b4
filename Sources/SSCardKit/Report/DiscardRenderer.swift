/// What `sscard discard` prints (h8-clerk).
extension StoreRenderer {
    public static func discarded(_ rows: [DiscardJob.Discarded], style: ReportStyle, json: Bool) -> String {
        func id(_ text: String?) -> String { text.map { style.showPII ? $0 : MaskKind.document.mask($0) } ?? "" }
        if json {
            return "[" + rows.map { row in
                "{\"file\":\(ReportRenderer.jsonString(row.file)),\"row\":\(row.row),\"id_number\":"
                    + (row.idNumber.map { ReportRenderer.jsonString(id($0)) } ?? "null") + ",\"name\":\(ReportRenderer.jsonString(row.name))}"
            }.joined(separator: ",") + "]\n"
        }
        let zh = style.language == .zh
        return rows.map { row in
            zh ? "已作废拒收行: \(row.file) 第 \(row.row) 行 \(id(row.idNumber)) \(row.name)\n"
               : "discarded rejected row: \(row.file) row \(row.row) \(id(row.idNumber)) \(row.name)\n"
        }.joined()
    }
}
