/// Reading a date field: a date cell, a written date (`1988-04-12`, `1988/04/12 00:00:00`), or
/// an Excel date serial that lost its date format (`32245` in a General cell, or a CSV saved from
/// one), which is read as the date Excel would show and reported so the clerk can check it.
extension RosterValidator {
    /// Five-digit serials only: 10000 is 1927-05-18 and 99999 is 2173-10-14, the dates a roster
    /// holds; a four-digit number is a year someone typed, not a serial.
    static let excelSerials = 10_000...99_999

    func civilDate(of value: FieldValue, field: Field, what: (zh: String, en: String)) -> CivilDate? {
        switch value.cell {
        case .date(let date): return date
        case .number(_, let number) where number.rounded() == number && RosterValidator.excelSerials.contains(Int(number)):
            return serialDate(Int(number), field: field, what: what)
        default:
            if let date = CivilDate(parsing: value.text) { return date }
            let digits = value.text.utf8
            guard digits.count == 5, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let serial = Int(value.text),
                  RosterValidator.excelSerials.contains(serial) else { return nil }
            return serialDate(serial, field: field, what: what)
        }
    }

    private func serialDate(_ serial: Int, field: Field, what: (zh: String, en: String)) -> CivilDate? {
        guard let date = ExcelDates.date(serial: Double(serial), date1904: false) else { return nil }
        report(field, .dateExcelSerial, Message(
            zh: "\(what.zh)「\(serial)」是 Excel 日期序号，已读作 \(date)；请核对，并把这一列设为日期或文本格式",
            en: "\(what.en) '\(serial)' is an Excel date serial, read as \(date); check it, and format the column as dates or text"),
            value: String(serial))
        return date
    }
}
