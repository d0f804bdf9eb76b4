import Foundation
import GRDB
import XCTest
@testable import SSCardKit

/// Instants in the store, wall-clock times in the office's zone, and the migration of stores that
/// kept local times (v4-instants).
final class OfficeClockTests: XCTestCase {
    func wall(_ text: String) -> CivilDateTime { CivilDateTime(parsing: text)! }

    func testShanghaiWallClockAndInstantsBothWays() throws {
        let office = OfficeClock.standard
        XCTAssertEqual(office.identifier, "Asia/Shanghai")
        XCTAssertEqual(office.instant(wall("2026-12-01T09:00")).description, "2026-12-01T01:00:00Z")
        XCTAssertEqual(office.instant(wall("2026-12-01T05:30")).description, "2026-11-30T21:30:00Z")
        XCTAssertEqual(office.wallClock(Instant(parsing: "2026-11-30T21:30:00Z")!).description, "2026-12-01T05:30:00")
        XCTAssertEqual(office.display("2026-12-01T01:00:00Z"), "2026-12-01T09:00:00")
        XCTAssertNil(Instant(parsing: "2026-12-01T09:00:00"), "a time without a zone is no instant")
        XCTAssertEqual(Instant(parsing: "1970-01-01T00:00:00Z")?.seconds, 0)
    }

    func testAZoneWithDaylightSaving() throws {
        let office = try XCTUnwrap(OfficeClock(identifier: "America/New_York"))
        XCTAssertEqual(office.instant(wall("2026-12-01T09:00")).description, "2026-12-01T14:00:00Z")  // EST
        XCTAssertEqual(office.instant(wall("2026-07-01T09:00")).description, "2026-07-01T13:00:00Z")  // EDT
        // 2026-03-08 02:30 does not exist there; it falls after the change.
        XCTAssertEqual(office.wallClock(office.instant(wall("2026-03-08T02:30"))).description, "2026-03-08T03:30:00")
        XCTAssertNil(OfficeClock(identifier: "Mars/Olympus"))
    }

    func testProfileTimeZoneIsValidated() throws {
        let folder = RosterHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.json").path, bad = folder.appendingPathComponent("bad.json").path
        try #"{"time_zone": "Europe/Berlin"}"#.write(toFile: good, atomically: true, encoding: .utf8)
        try #"{"time_zone": "Beijing"}"#.write(toFile: bad, atomically: true, encoding: .utf8)
        XCTAssertEqual(try Profile.load(path: good).officeClock.identifier, "Europe/Berlin")
        XCTAssertEqual(Profile.chengdu.officeClock, .standard)
        XCTAssertThrowsError(try Profile.load(path: bad)) { error in
            guard case .profileInvalid(_, let reason)? = error as? SSCardError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.en.contains("time_zone"), reason.en)
        }
    }

    /// A store written before v4-instants: local Chengdu times without a zone.
    func testMigrationTurnsLocalTimesIntoInstants() throws {
        let folder = RosterHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.db").path
        do {
            let queue = try DatabaseQueue(path: path)
            try Store.migrator.migrate(queue, upTo: "v2")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO submission (id, file_name, file_sha256, submitted_at, os_user) VALUES (1, 'r.csv', 'abc', '2026-12-01T09:00:00', 'clerk')")
                try db.execute(sql: """
                    INSERT INTO person (id_number, id_type, name, unit, employer_code, fields, warnings, submitted_at, updated_at, submission_id, source_row)
                    VALUES ('510107199003071311', '居民身份证(户口簿)', '张三', '研发中心', '325520', '{}', '[]', '2026-12-01T09:00:00', '2026-12-01T10:00:00', 1, 2)
                    """)
                try db.execute(sql: """
                    INSERT INTO rejected_row (submission_id, source_row, id_number, name, raw, findings, rejected_at, resolved_at)
                    VALUES (1, 3, NULL, '李四', '[]', '[]', '2026-12-01T09:00:00', NULL)
                    """)
                try db.execute(sql: "INSERT INTO event (at, os_user, kind, detail) VALUES ('2026-12-01T09:00:00', 'clerk', 'import', '{}')")
            }
            try queue.close()
        }
        let store = try Store(path: path)
        let stored = try store.read { db in
            [try String.fetchOne(db, sql: "SELECT submitted_at FROM submission"),
             try String.fetchOne(db, sql: "SELECT submitted_at || ' ' || updated_at FROM person"),
             try String.fetchOne(db, sql: "SELECT rejected_at || ' ' || coalesce(resolved_at, 'null') FROM rejected_row"),
             try String.fetchOne(db, sql: "SELECT at || ' ' || coalesce(clock, 'null') FROM event"),
             try String.fetchOne(db, sql: "SELECT group_concat(identifier) FROM grdb_migrations")]
        }
        XCTAssertEqual(stored, ["2026-12-01T01:00:00Z", "2026-12-01T01:00:00Z 2026-12-01T02:00:00Z",
                                "2026-12-01T01:00:00Z null", "2026-12-01T01:00:00Z null", "v1,v2,v3-batches,v4-instants"])
        // The window still closes at 09:00 Chengdu time, read from any zone.
        let id = "510107199003071311"
        let office = OfficeClock.standard
        XCTAssertEqual(try store.detail(idNumber: id, at: wall("2026-12-02T08:59:59"), windowHours: 24, office: office).status, .accepted)
        XCTAssertEqual(try store.detail(idNumber: id, at: wall("2026-12-02T09:00"), windowHours: 24, office: office).status, .due)
        XCTAssertEqual(try store.detail(idNumber: id, at: wall("2026-12-02T09:00"), windowHours: 24, office: office).submittedAt,
                       "2026-12-01T09:00:00")
        // Seen from an office in Berlin the same instant is 02:00 there.
        let berlin = try XCTUnwrap(OfficeClock(identifier: "Europe/Berlin"))
        XCTAssertEqual(try store.detail(idNumber: id, at: wall("2026-12-02T01:59"), windowHours: 24, office: berlin).status, .accepted)
        XCTAssertEqual(try store.detail(idNumber: id, at: wall("2026-12-02T02:00"), windowHours: 24, office: berlin).status, .due)
        XCTAssertEqual(try store.log(idNumber: nil, office: berlin).first?.at, "2026-12-01T02:00:00")
    }

    func testEventsKeepTheRealTimeInOrderEvenWhenTheClockGoesBack() throws {
        let folder = RosterHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store(path: folder.appendingPathComponent("s.db").path)
        let future = Instant.now().adding(hours: 48)
        try store.write { db in
            try db.execute(sql: "INSERT INTO event (at, os_user, kind, detail) VALUES (?, 'clerk', 'import', '{}')", arguments: [future.description])
            // --as-of a year back: the event is not backdated, and stays after the one before it.
            try Events.record(db, at: EventClock(office: .standard, wall: wall("2025-12-01T09:00")), user: "clerk", kind: "amend",
                              id: nil, submission: nil, detail: "{}")
            // No --as-of: no clock recorded.
            try Events.record(db, at: EventClock(office: .standard, wall: OfficeClock.standard.now()), user: "clerk", kind: "amend",
                              id: nil, submission: nil, detail: "{}")
        }
        let rows = try store.read { db in try Row.fetchAll(db, sql: "SELECT at, clock FROM event ORDER BY id") }
        XCTAssertEqual(rows.map { $0["at"] as String }, Array(repeating: future.description, count: 3))
        XCTAssertEqual(rows.map { $0["clock"] as String? }, [nil, "2025-12-01T01:00:00Z", nil])
    }
}
