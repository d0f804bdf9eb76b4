import Foundation

/// A wall-clock date and time to the second, in no zone of its own: `--as-of` and printed times
/// are the office's wall clock (OfficeClock converts them to and from the instants the store keeps).
public struct CivilDateTime: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let date: CivilDate
    /// Seconds since midnight.
    public let seconds: Int

    public init(date: CivilDate, seconds: Int = 0) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        self.date = days == 0 ? date : CivilDate(daysSinceEpoch: date.daysSinceEpoch + days)
        self.seconds = seconds - days * 86_400
    }

    /// Parses `2026-12-01`, `2026-12-01T09:30` and `2026-12-01T09:30:15`; one space may replace
    /// the T (`2026-12-01 09:30`). Every part is exactly two digits (four for the year), and each
    /// must be real: no 24:00, no :60 seconds, no 2026-02-30. The one parser of `--as-of`.
    public init?(parsing text: String) {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for index in range {
                guard bytes[index] >= 48, bytes[index] <= 57 else { return nil }
                value = value * 10 + Int(bytes[index] - 48)
            }
            return value
        }
        guard bytes.count == 10 || bytes.count == 16 || bytes.count == 19,
              bytes[4] == 45, bytes[7] == 45, let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let date = CivilDate(year: year, month: month, day: day) else { return nil }
        var seconds = 0
        if bytes.count > 10 {
            guard bytes[10] == 84 || bytes[10] == 32, bytes[13] == 58,
                  let hour = number(11..<13), let minute = number(14..<16), hour < 24, minute < 60 else { return nil }
            var second = 0
            if bytes.count == 19 {
                guard bytes[16] == 58, let value = number(17..<19), value < 60 else { return nil }
                second = value
            }
            seconds = hour * 3600 + minute * 60 + second
        }
        self.init(date: date, seconds: seconds)
    }

    public func adding(hours: Int) -> CivilDateTime { CivilDateTime(date: date, seconds: seconds + hours * 3600) }
    public func adding(seconds extra: Int) -> CivilDateTime { CivilDateTime(date: date, seconds: seconds + extra) }

    public static func < (lhs: CivilDateTime, rhs: CivilDateTime) -> Bool {
        (lhs.date, lhs.seconds) < (rhs.date, rhs.seconds)
    }

    /// `2026-12-01T09:30:00`: sorts as text, which the store relies on.
    public var description: String {
        let h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60
        return "\(date)T\(two(h)):\(two(m)):\(two(s))"
    }
}

private func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
