/// Every field parser that reads clerk-typed text, run on one string.
enum FuzzFields {
    static func check(_ text: String) {
        _ = IdentityNumber.checkCharacter(text)
        _ = IdentityNumber.hasEighteenCharacterShape(text)
        _ = IdentityNumber.gender(text)
        _ = IdentityNumber.upgrade(legacy: text)
        _ = IdentityNumber.packed(text)
        if let birth = IdentityNumber.birthDate(text) { exercise(birth) }
        _ = Gender(text: text)
        _ = DocumentType(text: text)
        _ = Normalizer.key(text)
        if let date = CivilDate(parsing: text) { exercise(date) }
        if let moment = CivilDateTime(parsing: text) {
            _ = moment.description
            _ = moment.adding(hours: 24)
        }
        if let validity = Validity.parse(text) {
            exercise(validity.start)
            if let end = validity.end {
                exercise(end)
                _ = validity.start.years(until: end)
                _ = end.years(until: validity.start)
            }
        }
        _ = ExcelDates.isDateFormat(text)
        if let serial = Double(text) {
            for system in [false, true] {
                if let date = ExcelDates.date(serial: serial, date1904: system) { exercise(date) }
            }
        }
    }

    private static func exercise(_ date: CivilDate) {
        _ = date.description
        _ = date.dotted
        _ = date.adding(years: 20)
        _ = date.adding(months: -1)
        _ = date.daysSinceEpoch
    }
}
