import Foundation
import GRDB

/// The clock one command runs under: the office's wall-clock time it was given (`--as-of`, or now)
/// and the instant that is. Submissions and windows follow it; the audit log records the real time.
public struct EventClock: Sendable {
    public let office: OfficeClock
    /// The instant the command's rules see (`--as-of`, or the real time when it started).
    public let asOf: Instant
    /// Whether `asOf` is not the real time (differs by a minute or more when the command started).
    public let overridden: Bool

    /// The stored form of `asOf` (written on every row of an import: formatted once).
    public let stamp: String

    public init(office: OfficeClock, wall: CivilDateTime, real: Instant = .now()) {
        self.office = office
        asOf = office.instant(wall)
        overridden = abs(asOf.seconds - real.seconds) >= 60
        stamp = asOf.description
    }
}

/// The audit log. Each event carries the real time it happened (never earlier than the event
/// before it, even if the system clock was set back) and, when the command ran under another
/// clock (`--as-of`), that clock too: events are never backdated or out of order.
enum Events {
    static func record(_ db: Database, at clock: EventClock, user: String, kind: String, id: String?, submission: Int64?, detail: String) throws {
        var real = Instant.now()
        if let last = try String.fetchOne(db.cachedStatement(sql: "SELECT at FROM event ORDER BY id DESC LIMIT 1")),
           let previous = Instant(parsing: last), previous > real {
            real = previous
        }
        try db.executeCached(sql: "INSERT INTO event (at, os_user, kind, id_number, submission_id, detail, clock) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             arguments: [real.description, user, kind, id, submission, detail, clock.overridden ? clock.stamp : nil])
    }

    /// For callers that hold an office wall-clock time.
    static func record(_ db: Database, at wall: CivilDateTime, office: OfficeClock = .standard, user: String, kind: String, id: String?,
                       submission: Int64?, detail: String) throws {
        try record(db, at: EventClock(office: office, wall: wall), user: user, kind: kind, id: id, submission: submission, detail: detail)
    }
}
