/// A calendar date with no time zone: roster dates are civil dates, never instants.
public struct CivilDate: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// nil unless the fields form a real Gregorian date.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= CivilDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Adds calendar months; the day is clamped to the target month (01-31 + 1 month = 02-28/29).
    /// Saturates at 0001-01-01 and 9999-12-31: a date typed far in the future must not stop a run.
    public func adding(months: Int) -> CivilDate {
        let total = year * 12 + (month - 1) + months
        guard total >= 12 else { return CivilDate(year: 1, month: 1, day: 1)! }
        let newYear = total / 12
        guard newYear <= 9999 else { return CivilDate(year: 9999, month: 12, day: 31)! }
        let newMonth = total % 12 + 1
        return CivilDate(year: newYear, month: newMonth, day: min(day, CivilDate.daysIn(month: newMonth, year: newYear)))!
    }

    public func adding(years: Int) -> CivilDate { adding(months: years * 12) }

    /// Days since 1970-01-01 (proleptic Gregorian), after Howard Hinnant's algorithm.
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// Whole years from `self` to `other` (an age on a given day).
    public func years(until other: CivilDate) -> Int {
        var years = other.year - year
        if (other.month, other.day) < (month, day) { years -= 1 }
        return years
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// ISO form, `2026-12-01`.
    public var description: String { formatted(separator: UInt8(ascii: "-")) }
    /// The form printed on ID cards, `2026.12.01`.
    public var dotted: String { formatted(separator: UInt8(ascii: ".")) }

    /// Digits written as bytes (string interpolation cost 2,000 instructions a date, and a stored
    /// record formats several).
    private func formatted(separator: UInt8) -> String {
        guard (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day) else {
            return "\(pad(year, 4))\(Character(UnicodeScalar(separator)))\(pad(month, 2))\(Character(UnicodeScalar(separator)))\(pad(day, 2))"
        }
        func digit(_ value: Int) -> UInt8 { UInt8(truncatingIfNeeded: 0x30 + value) }
        let bytes: [UInt8] = [digit(year / 1000), digit(year / 100 % 10), digit(year / 10 % 10), digit(year % 10), separator,
                              digit(month / 10), digit(month % 10), separator, digit(day / 10), digit(day % 10)]
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses `YYYY-MM-DD`, `YYYY.MM.DD`, `YYYY/MM/DD`, `YYYYMMDD`, `YYYY年MM月DD日` (months and days
    /// may be unpadded when separated), each optionally followed by a time of day (`1988/04/12 00:00:00`).
    public init?(parsing text: Substring) {
        var text = text
        guard let date = text.withUTF8({ CivilDate.parse(bytes: $0) }) else { return nil }
        self = date
    }

    /// Byte-level parser shared by the string initialisers and the validity parser.
    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> CivilDate? {
        // `1988/04/12 00:00:00`, `1988-04-12T08:30`: a time of day after the date (a spreadsheet's
        // date-time written out as text) says nothing about the date and is dropped.
        if let colon = bytes.firstIndex(of: 0x3A) {
            guard let split = bytes[..<colon].lastIndex(where: { $0 == 0x20 || $0 == 0x54 }),
                  isTimeOfDay(UnsafeBufferPointer(rebasing: bytes[(split + 1)...])) else { return nil }
            var end = split
            while end > 0 && bytes[end - 1] == 0x20 { end -= 1 }
            return parseDate(bytes: UnsafeBufferPointer(rebasing: bytes[..<end]))
        }
        return parseDate(bytes: bytes)
    }

    /// `H:MM`, `HH:MM:SS`, `HH:MM:SS.fff`.
    private static func isTimeOfDay(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let parts = bytes.split(separator: 0x3A, omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return false }
        for (index, part) in parts.enumerated() {
            var digits = part[...]
            if index == 2, let dot = part.firstIndex(of: 0x2E) {
                guard part[(dot + 1)...].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
                digits = part[..<dot]
            }
            guard (index == 0 ? 1...2 : 2...2).contains(digits.count), digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        }
        return true
    }

    private static func parseDate(bytes: UnsafeBufferPointer<UInt8>) -> CivilDate? {
        var parts = (0, 0, 0)
        var count = 0
        var digits = 0
        var value = 0
        var index = 0
        func close() -> Bool {
            guard digits > 0, count < 3 else { return false }
            switch count {
            case 0: parts.0 = value
            case 1: parts.1 = value
            default: parts.2 = value
            }
            count += 1
            digits = 0
            value = 0
            return true
        }
        var sawSeparator = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 48 && byte <= 57 {
                value = value * 10 + Int(byte - 48)
                digits += 1
                if digits > 8 { return nil }
                index += 1
                continue
            }
            // Separators: - . / space, and 年 月 日 (E5 B9 B4, E6 9C 88, E6 97 A5).
            var width = 0
            if byte == 0x2D || byte == 0x2E || byte == 0x2F || byte == 0x20 { width = 1 }
            else if index + 2 < bytes.count,
                    (byte == 0xE5 && bytes[index + 1] == 0xB9 && bytes[index + 2] == 0xB4)
                    || (byte == 0xE6 && bytes[index + 1] == 0x9C && bytes[index + 2] == 0x88)
                    || (byte == 0xE6 && bytes[index + 1] == 0x97 && bytes[index + 2] == 0xA5) { width = 3 }
            guard width > 0, close() else { return nil }
            sawSeparator = true
            index += width
        }
        if !sawSeparator {
            guard digits == 8 else { return nil }
            return CivilDate(year: value / 10000, month: value / 100 % 100, day: value % 100)
        }
        if digits > 0 { guard close() else { return nil } }
        guard count == 3, parts.0 >= 1000 else { return nil }
        return CivilDate(year: parts.0, month: parts.1, day: parts.2)
    }

    public init?(parsing text: String) { self.init(parsing: Substring(text)) }
}

private func pad(_ value: Int, _ width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { $0 >= 48 && $0 <= 57 } ?? false }
}
