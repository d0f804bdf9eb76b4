import Foundation

/// A point in time, to the second, independent of any zone: what the store keeps
/// (`2026-12-01T01:30:00Z`, which sorts as text).
public struct Instant: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let seconds: Int

    public init(seconds: Int) { self.seconds = seconds }

    /// Now, truncated to the second.
    public static func now() -> Instant { Instant(seconds: Int(Date().timeIntervalSince1970.rounded(.down))) }

    /// Parses the store's form `YYYY-MM-DDTHH:MM:SSZ` (and nothing else: a time without a zone is not an instant).
    public init?(parsing text: String) {
        guard text.hasSuffix("Z"), let utc = CivilDateTime(parsing: String(text.dropLast())) else { return nil }
        self.init(seconds: utc.date.daysSinceEpoch * 86_400 + utc.seconds)
    }

    public func adding(seconds extra: Int) -> Instant { Instant(seconds: seconds + extra) }
    public func adding(hours: Int) -> Instant { Instant(seconds: seconds + hours * 3600) }

    /// The same moment on the UTC wall clock.
    var utc: CivilDateTime { CivilDateTime(date: CivilDate(daysSinceEpoch: 0), seconds: seconds) }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.seconds < rhs.seconds }

    public var description: String { utc.description + "Z" }
}

/// The office's clock: converts between instants (stored) and wall-clock times in the office's
/// zone (read from `--as-of`, printed in reports), whatever `TZ` the process runs under.
public struct OfficeClock: Sendable, Equatable {
    public static let defaultZone = "Asia/Shanghai"
    /// Asia/Shanghai, the built-in profile's zone.
    public static let standard = OfficeClock(zone: TimeZone(identifier: defaultZone) ?? TimeZone(secondsFromGMT: 8 * 3600)!)

    public let zone: TimeZone

    public init(zone: TimeZone) { self.zone = zone }

    /// nil for a name the time-zone database does not know.
    public init?(identifier: String) {
        guard !identifier.isEmpty, let zone = TimeZone(identifier: identifier) else { return nil }
        self.zone = zone
    }

    public var identifier: String { zone.identifier }

    /// The office's wall clock at `instant`.
    public func wallClock(_ instant: Instant) -> CivilDateTime {
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant.seconds)))
        return instant.adding(seconds: offset).utc
    }

    /// The instant the office's wall clock shows `wall`. A time skipped by a daylight-saving change
    /// falls after the change; a repeated one is its first occurrence.
    public func instant(_ wall: CivilDateTime) -> Instant {
        let asUTC = wall.date.daysSinceEpoch * 86_400 + wall.seconds
        let first = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(asUTC)))
        var guess = asUTC - first
        let second = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(guess)))
        if second != first {
            let retry = asUTC - second
            if wallClock(Instant(seconds: retry)) == wall { guess = retry }
        }
        return Instant(seconds: guess)
    }

    /// The office's wall clock now.
    public func now() -> CivilDateTime { wallClock(.now()) }

    /// A stored time for printing: an instant becomes the office's wall clock; anything else is shown as it is.
    public func display(_ stored: String) -> String {
        guard let instant = Instant(parsing: stored) else { return stored }
        return wallClock(instant).description
    }

    /// A stored time as the office's wall clock (nil when it is not an instant).
    public func wallClock(stored: String) -> CivilDateTime? { Instant(parsing: stored).map(wallClock) }
}
