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

    /// Parses `2026-12-01`, `2026-12-01T09:30` and `2026-12-01T09:30:15` (a space may replace the T).
    public init?(parsing text: String) {
        let parts = text.split(whereSeparator: { $0 == "T" || $0 == " " }).map(String.init)
        guard (1...2).contains(parts.count), parts[0].utf8.count == 10, let date = CivilDate(parsing: parts[0]),
              Array(parts[0].utf8)[4] == 45 else { return nil }
        var seconds = 0
        if parts.count == 2 {
            let time = parts[1].split(separator: ":").map { Int($0) }
            guard (2...3).contains(time.count), time.allSatisfy({ $0 != nil }), (0..<24).contains(time[0]!),
                  (0..<60).contains(time[1]!), time.count == 2 || (0..<60).contains(time[2]!) else { return nil }
            seconds = time[0]! * 3600 + time[1]! * 60 + (time.count == 3 ? time[2]! : 0)
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
