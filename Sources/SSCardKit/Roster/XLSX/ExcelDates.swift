/// Excel serial dates and number formats (ECMA-376 Part 1 §18.8.30, and the 1900 leap-year bug).
enum ExcelDates {
    /// Built-in number formats that are dates: 14–22, the CJK-locale ids 27–36 and 50–58, and 45–47.
    static func isBuiltinDate(_ id: Int) -> Bool {
        (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id)
    }

    /// Whether a custom format code shows a date or time: any of d m y h s outside quotes,
    /// escapes and brackets, in the first section (calamine's rule).
    static func isDateFormat(_ code: String) -> Bool {
        var inQuotes = false
        var skipNext = false
        var inBracket = false
        var bracket = ""
        for ch in code {
            if skipNext { skipNext = false; continue }
            if inQuotes { if ch == "\"" { inQuotes = false }; continue }
            if inBracket {
                if ch == "]" {
                    inBracket = false
                    let inner = bracket.lowercased()
                    if inner == "h" || inner == "hh" || inner == "m" || inner == "mm" || inner == "s" || inner == "ss" { return true }
                } else { bracket.append(ch) }
                continue
            }
            switch ch {
            case "\"": inQuotes = true
            case "\\", "_", "*": skipNext = true
            case "[": inBracket = true; bracket = ""
            case ";": return false
            case "d", "D", "m", "M", "y", "Y", "h", "H", "s", "S", "年", "月", "日": return true
            default: break
            }
        }
        return false
    }

    /// The civil date of a serial (time of day dropped); nil for serial 60 (the 1900-02-29 that never was) and out-of-range values.
    static func date(serial: Double, date1904: Bool) -> CivilDate? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        let whole = Int(serial.rounded(.down))
        if date1904 {
            return CivilDate(daysSinceEpoch: CivilDate(year: 1904, month: 1, day: 1)!.daysSinceEpoch + whole)
        }
        if whole == 60 || whole == 0 { return nil }
        let base = whole < 60 ? CivilDate(year: 1899, month: 12, day: 31)! : CivilDate(year: 1899, month: 12, day: 30)!
        return CivilDate(daysSinceEpoch: base.daysSinceEpoch + whole)
    }
}
