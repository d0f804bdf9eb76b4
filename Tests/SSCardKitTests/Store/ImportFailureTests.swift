import Foundation
import GRDB
import XCTest
@testable import SSCardKit

/// An import that fails part-way, after thousands of rows have been validated on one thread and
/// written on the other: the error names its cause, nothing of the file stays in the store, and
/// the import returns (the validating thread stops with it).
final class ImportFailureTests: XCTestCase {
    var folder: URL!
    var storePath: String { folder.appendingPathComponent("s.db").path }

    override func setUpWithError() throws { folder = RosterHarness.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// More rows than the hand-over between the threads holds (4 batches of 256), all valid:
    /// men born 1990-03-07 in six districts, by odd order codes.
    static let rowCount = 3000

    static func people() -> [[String: String]] {
        var rows: [[String: String]] = []
        for index in 0..<rowCount {
            var person = RosterHarness.validPerson
            let districts = ["510104", "510105", "510106", "510107", "510108", "510112"]
            let district = districts[index % districts.count]
            let order = String(format: "%03d", (index / districts.count) * 2 + 1)
            person["证件号码"] = RosterHarness.residentID(district + "19900307" + order)
            person["手机号码"] = "138\(String(format: "%08d", index))"
            rows.append(person)
        }
        return rows
    }

    func importRoster(_ path: String, into store: Store) throws -> ImportReport {
        let now = CivilDateTime(parsing: "2026-12-01T09:00")!
        return try ImportJob.run(ValidationRequest(rosterPath: path, asOf: now.date), store: store, at: now, schemas: SchemaDirectory.locate())
    }

    func rowCounts() throws -> [Int] {
        let queue = try DatabaseQueue(path: storePath)
        return try queue.read { db in
            try ["person", "rejected_row", "submission", "event"].map { try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? -1 }
        }
    }

    func testTheRowsAllArriveWhenNothingFails() throws {
        let roster = folder.appendingPathComponent("roster.csv").path
        try RosterHarness.csv(Self.people()).write(toFile: roster, atomically: true, encoding: .utf8)
        let report = try importRoster(roster, into: try Store(path: storePath))
        XCTAssertEqual([report.rows, report.accepted, report.rejected], [Self.rowCount, Self.rowCount, 0])
        XCTAssertEqual(try rowCounts(), [Self.rowCount, 0, 1, 1])
    }

    func testAnUnreadableLineNearTheEndStoresNothingOfTheFile() throws {
        let roster = folder.appendingPathComponent("roster.csv").path
        let text = RosterHarness.csv(Self.people()) + "张三,\"居民身份证\n"
        try text.write(toFile: roster, atomically: true, encoding: .utf8)
        let store = try Store(path: storePath)
        XCTAssertThrowsError(try importRoster(roster, into: store)) { error in
            guard case SSCardError.csvUnterminatedQuote(let path, let line) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, roster)
            XCTAssertEqual(line, Self.rowCount + 2)
        }
        XCTAssertEqual(try rowCounts(), [0, 0, 0, 0])
    }

    func testAStoreErrorPartWayStopsValidationAndStoresNothing() throws {
        let roster = folder.appendingPathComponent("roster.csv").path
        try RosterHarness.csv(Self.people()).write(toFile: roster, atomically: true, encoding: .utf8)
        let store = try Store(path: storePath)
        // A real SQLite failure on row 1,500, as a full disk would give.
        try DatabaseQueue(path: storePath).write { db in
            try db.execute(sql: """
                CREATE TRIGGER fail_part_way BEFORE INSERT ON person WHEN NEW.source_row = 1500
                BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END
                """)
        }
        XCTAssertThrowsError(try importRoster(roster, into: store)) { error in
            XCTAssertTrue(error is SSCardError, "\(error)")
            XCTAssertTrue("\(error)".contains("disk is full"), "\(error)")
        }
        XCTAssertEqual(try rowCounts(), [0, 0, 0, 0])
    }
}
