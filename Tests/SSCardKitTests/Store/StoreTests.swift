import Foundation
import GRDB
import XCTest
@testable import SSCardKit

/// The workspace through the kit API, with an injected clock: import, the amendment window,
/// re-imports, amendments, the audit log, foreign and damaged files, file modes and images.
final class StoreTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let window = Profile.chengdu.amendmentHours

    var folder: URL!
    var storePath: String { folder.appendingPathComponent("s.db").path }

    override func setUpWithError() throws { folder = RosterHarness.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    // MARK: - Fixtures

    static func id(_ order: String) -> String { RosterHarness.residentID("51010719900307" + order) }
    /// Four men born 1990-03-07 (odd order codes), so every other cell of `validPerson` stays right.
    static let ids = [id("131"), id("133"), id("135"), id("137")]
    static let names = ["张三", "李四", "王五", "赵六"]

    /// Three valid people and, on row 5, one with a 10-digit phone (phone.format).
    static func people() -> [[String: String]] {
        var rows: [[String: String]] = []
        for index in 0..<4 {
            var person = RosterHarness.validPerson
            person["姓名"] = names[index]
            person["证件号码"] = ids[index]
            person["手机号码"] = "1380013800\(index + 1)"
            rows.append(person)
        }
        rows[3]["手机号码"] = "1380013800"
        return rows
    }

    static func time(_ text: String) -> CivilDateTime { CivilDateTime(parsing: text)! }

    func writeRoster(_ rows: [[String: String]], name: String = "roster.csv") throws -> String {
        let path = folder.appendingPathComponent(name).path
        try RosterHarness.csv(rows).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func importRoster(_ path: String, at text: String, into store: Store, photos: String? = nil) throws -> ImportReport {
        let now = Self.time(text)
        var request = ValidationRequest(rosterPath: path, asOf: now.date)
        request.photosPath = photos
        return try ImportJob.run(request, store: store, at: now, schemas: SchemaDirectory.locate())
    }

    @discardableResult
    func amend(_ id: String, _ sets: [(String, String)], at text: String, in store: Store, photo: String? = nil,
               reason: String? = nil) throws -> AmendJob.Outcome {
        var request = AmendJob.Request(idNumber: id)
        request.sets = sets.map { (field: $0.0, value: $0.1) }
        request.photo = photo
        request.reason = reason
        return try AmendJob.run(request, store: store, at: Self.time(text), schemas: SchemaDirectory.locate())
    }

    /// A store holding `people()` imported at 2026-12-01T09:00.
    func importedStore() throws -> (Store, String) {
        let store = try Store(path: storePath)
        let roster = try writeRoster(Self.people())
        _ = try importRoster(roster, at: "2026-12-01T09:00", into: store)
        return (store, roster)
    }

    func fields(_ store: Store, _ id: String, at text: String = "2026-12-01T10:00") throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try store.detail(idNumber: id, at: Self.time(text), windowHours: Self.window).fields.map { ($0.key, $0.value) })
    }

    /// The refusal message of `body`, which must throw `.amendmentRefused`.
    func refusal(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> Message? {
        do {
            try body()
            XCTFail("expected .amendmentRefused, nothing was thrown", file: file, line: line)
        } catch SSCardError.amendmentRefused(let reason) {
            return reason
        } catch {
            XCTFail("expected .amendmentRefused, got \(error)", file: file, line: line)
        }
        return nil
    }

    func eventCount(_ store: Store) throws -> Int { try store.log(idNumber: nil).count }

    static func sha256(_ path: String) -> String { SHA256.hex([UInt8](FileManager.default.contents(atPath: path) ?? Data())) }

    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! NSNumber).intValue
    }

    /// Runs the sqlite3 command-line shell (skips the test when it is not installed).
    @discardableResult
    static func sqlite3(_ path: String, _ sql: String) throws -> String {
        guard let shell = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/bin/sqlite3"].first(where: FileManager.default.isExecutableFile) else {
            throw XCTSkip("the sqlite3 command-line shell is not installed")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: shell)
        process.arguments = [path, sql]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "sqlite3 \(sql)")
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: - Import

    /// A new store has 16 KiB pages and every connection a 16 MiB page cache; a store made with
    /// 4 KiB pages keeps them (WAL mode fixes the size) and works as before.
    func testNewStoresHaveLargePagesAndOldOnesKeepTheirs() throws {
        let store = try Store(path: storePath)
        XCTAssertEqual(try store.read { try Int.fetchOne($0, sql: "PRAGMA page_size") }, 16384)
        XCTAssertEqual(try store.read { try Int.fetchOne($0, sql: "PRAGMA cache_size") }, -16384)
        let oldPath = folder.appendingPathComponent("old.db").path
        let old = try DatabaseQueue(path: oldPath)
        try old.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA page_size = 4096")
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
        }
        try Store.migrator.migrate(old)  // as an earlier sscard made it
        try old.close()
        let reopened = try Store(path: oldPath)
        XCTAssertEqual(try reopened.read { try Int.fetchOne($0, sql: "PRAGMA page_size") }, 4096)
        XCTAssertEqual(try reopened.integrityCheck(), "ok")
    }

    func testImportStoresAcceptedPeopleAndRejectedRowsWithTheirCellsAndFindings() throws {
        let store = try Store(path: storePath)
        let rows = Self.people()
        let roster = try writeRoster(rows)
        let report = try importRoster(roster, at: "2026-12-01T09:00", into: store)
        XCTAssertNil(report.previous)
        XCTAssertEqual(report.submissionID, 1)
        XCTAssertEqual([report.rows, report.accepted, report.amended, report.unchanged, report.rejected, report.refused], [4, 3, 0, 0, 1, 0])
        XCTAssertEqual(report.rejections.map(\.row), [5])
        XCTAssertEqual(report.rejections.map(\.idNumber), [Self.ids[3]])
        XCTAssertEqual(report.rejections.map(\.name), ["赵六"])
        XCTAssertEqual(report.rejections.map(\.detail.en), ["phone.format"])
        XCTAssertTrue(report.refusals.isEmpty)
        XCTAssertTrue(report.amendments.isEmpty)

        let now = Self.time("2026-12-01T10:00")
        let list = try store.list(status: nil, unit: nil, at: now, windowHours: Self.window)
        XCTAssertEqual(list.map(\.status), [.accepted, .accepted, .accepted, .rejected])
        XCTAssertEqual(list.map(\.idNumber), Self.ids)
        XCTAssertEqual(list.map(\.name), Self.names)
        XCTAssertEqual(list.map(\.submittedAt), Array(repeating: "2026-12-01T09:00:00", count: 4))
        XCTAssertEqual(list.map(\.note), ["2026-12-02T09:00:00", "2026-12-02T09:00:00", "2026-12-02T09:00:00", "roster.csv row 5"])
        XCTAssertEqual(list.prefix(3).map(\.unit), ["研发中心", "研发中心", "研发中心"])
        XCTAssertEqual(try store.list(status: .rejected, unit: nil, at: now, windowHours: Self.window).map(\.idNumber), [Self.ids[3]])
        XCTAssertEqual(try store.list(status: .accepted, unit: "研发中心", at: now, windowHours: Self.window).count, 3)
        XCTAssertEqual(try store.list(status: .accepted, unit: "市场部", at: now, windowHours: Self.window).count, 0)

        let status = try store.status(at: now, windowHours: Self.window)
        XCTAssertEqual(status.counts, [.accepted: 3, .rejected: 1])
        XCTAssertEqual(status.byUnit.map(\.unit), ["研发中心"])
        XCTAssertEqual(status.byUnit.map(\.counts), [[.accepted: 3]])
        XCTAssertEqual(status.nextDue?.at, "2026-12-02T09:00:00")
        XCTAssertEqual(status.nextDue?.count, 3)
        XCTAssertEqual(status.submissions, 1)

        let accepted = try store.detail(idNumber: Self.ids[0], at: now, windowHours: Self.window)
        XCTAssertEqual(accepted.status, .accepted)
        XCTAssertEqual(accepted.idNumber, Self.ids[0])
        XCTAssertEqual(accepted.submittedAt, "2026-12-01T09:00:00")
        XCTAssertEqual(accepted.windowClosesAt, "2026-12-02T09:00:00")
        XCTAssertNil(accepted.batch)
        XCTAssertTrue(accepted.images.isEmpty)
        XCTAssertTrue(accepted.rejectedRows.isEmpty)
        XCTAssertEqual(accepted.findings.map(\.rule.rawValue), [])
        let stored = Dictionary(uniqueKeysWithValues: accepted.fields.map { ($0.key, $0.value) })
        XCTAssertEqual(stored["name"], "张三")
        XCTAssertEqual(stored["id_number"], Self.ids[0])
        XCTAssertEqual(stored["phone"], "13800138001")
        XCTAssertEqual(stored["gender"], "男")
        XCTAssertEqual(stored["birth_date"], "1990-03-07")
        XCTAssertEqual(stored["nationality"], "中国")
        XCTAssertEqual(stored["nationality_code"], "CHN")
        XCTAssertEqual(stored["si_number"], Self.ids[0])
        XCTAssertEqual(stored["unit"], "研发中心")
        XCTAssertEqual(stored["postal_code"], "610041")
        XCTAssertEqual(stored["id_valid_from"], "2016-05-10")
        XCTAssertEqual(stored["id_valid_to"], "2036-05-10")
        XCTAssertEqual(stored["mailing_address"], "四川省成都市武侯区洗面桥横街1号")
        // The fields come in the order of Field.allCases, the derived codes after them.
        XCTAssertEqual(accepted.fields.first?.key, "name")

        let rejected = try store.detail(idNumber: Self.ids[3], at: now, windowHours: Self.window)
        XCTAssertEqual(rejected.status, .rejected)
        XCTAssertTrue(rejected.fields.isEmpty)
        XCTAssertEqual(rejected.submittedAt, "")
        XCTAssertEqual(rejected.rejectedRows.count, 1)
        XCTAssertEqual(rejected.rejectedRows.first?.source, "roster.csv")
        XCTAssertEqual(rejected.rejectedRows.first?.row, 5)
        XCTAssertEqual(rejected.rejectedRows.first?.raw, RosterHarness.headers.map { [$0, rows[3][$0] ?? ""] })
        let findings = rejected.rejectedRows.first?.findings ?? []
        XCTAssertEqual(findings.map(\.rule.rawValue), ["phone.format"])
        XCTAssertEqual(findings.map(\.field), ["phone"])
        XCTAssertEqual(findings.map(\.column), ["手机号码"])
        XCTAssertEqual(findings.map(\.severity), [.error])
        XCTAssertEqual(findings.map(\.value), ["1380013800"])
        XCTAssertEqual(findings.map(\.row), [5])
        XCTAssertEqual(rejected.findings.map(\.rule.rawValue), ["phone.format"])

        XCTAssertThrowsError(try store.detail(idNumber: Self.id("139"), at: now, windowHours: Self.window)) { error in
            guard case SSCardError.notInStore = error else { return XCTFail("\(error)") }
        }
    }

    /// `list --unit` for rejected rows must match the unit, not any cell that contains the text.
    func testUnitFilterMatchesTheUnitOfRejectedRowsExactly() throws {
        let (store, _) = try importedStore()
        let now = Self.time("2026-12-01T10:00")
        XCTAssertEqual(try store.list(status: nil, unit: "研发", at: now, windowHours: Self.window).map(\.idNumber), [],
                       "'研发' is no unit; 研发中心 is")
        XCTAssertEqual(try store.list(status: nil, unit: "洗面桥", at: now, windowHours: Self.window).map(\.idNumber), [],
                       "an address is no unit")
        XCTAssertEqual(try store.list(status: .rejected, unit: "研发中心", at: now, windowHours: Self.window).map(\.idNumber), [Self.ids[3]])
    }

    // MARK: - The window

    func testAmendmentWindowEdges() throws {
        let (store, _) = try importedStore()
        let outcome = try amend(Self.ids[0], [("手机号码", "13911112222")], at: "2026-12-02T08:59", in: store)
        XCTAssertEqual(outcome.idNumber, Self.ids[0])
        XCTAssertEqual(outcome.changed, ["phone"])
        XCTAssertEqual(outcome.windowClosesAt, "2026-12-02T09:00:00")
        XCTAssertEqual(try fields(store, Self.ids[0], at: "2026-12-02T08:59")["phone"], "13911112222")
        // An amendment does not move the window: it runs from the first submission.
        let detail = try store.detail(idNumber: Self.ids[0], at: Self.time("2026-12-02T08:59"), windowHours: Self.window)
        XCTAssertEqual(detail.submittedAt, "2026-12-01T09:00:00")
        XCTAssertEqual(detail.status, .accepted)

        let events = try eventCount(store)
        let reason = refusal { try amend(Self.ids[0], [("手机号码", "13933334444")], at: "2026-12-02T09:00", in: store) }
        XCTAssertEqual(reason?.en, "the amendment window closed at 2026-12-02T09:00:00 (submitted 2026-12-01T09:00:00); the record is locked")
        XCTAssertEqual(reason?.zh.contains("2026-12-02T09:00:00"), true)
        XCTAssertEqual(try fields(store, Self.ids[0], at: "2026-12-02T09:00")["phone"], "13911112222")
        XCTAssertEqual(try eventCount(store), events + 1, "the refusal is logged")

        let before = Self.time("2026-12-02T08:59"), after = Self.time("2026-12-02T09:00")
        XCTAssertEqual(try store.list(status: nil, unit: nil, at: before, windowHours: Self.window).map(\.status),
                       [.accepted, .accepted, .accepted, .rejected])
        XCTAssertEqual(try store.list(status: nil, unit: nil, at: after, windowHours: Self.window).map(\.status),
                       [.due, .due, .due, .rejected])
        XCTAssertEqual(try store.list(status: .accepted, unit: nil, at: before, windowHours: Self.window).count, 3)
        XCTAssertEqual(try store.list(status: .due, unit: nil, at: before, windowHours: Self.window).count, 0)
        XCTAssertEqual(try store.list(status: .accepted, unit: nil, at: after, windowHours: Self.window).count, 0)
        XCTAssertEqual(try store.list(status: .due, unit: nil, at: after, windowHours: Self.window).map(\.note),
                       Array(repeating: "2026-12-02T09:00:00", count: 3))
        XCTAssertEqual(try store.detail(idNumber: Self.ids[1], at: after, windowHours: Self.window).status, .due)

        let open = try store.status(at: before, windowHours: Self.window)
        XCTAssertEqual(open.counts, [.accepted: 3, .rejected: 1])
        XCTAssertEqual(open.nextDue?.at, "2026-12-02T09:00:00")
        XCTAssertEqual(open.nextDue?.count, 3)
        let closed = try store.status(at: after, windowHours: Self.window)
        XCTAssertEqual(closed.counts, [.due: 3, .rejected: 1])
        XCTAssertNil(closed.nextDue)
        XCTAssertEqual(closed.byUnit.map(\.counts), [[.due: 3]])
    }

    // MARK: - Re-imports

    func testReimportOfTheSameFileChangesNothing() throws {
        let (store, roster) = try importedStore()
        let events = try eventCount(store)
        let list = try store.list(status: nil, unit: nil, at: Self.time("2026-12-01T10:00"), windowHours: Self.window)
        for time in ["2026-12-01T11:00", "2026-12-03T09:00"] {  // inside the window and long after it
            let again = try importRoster(roster, at: time, into: store)
            XCTAssertEqual(again.previous?.id, 1, time)
            XCTAssertEqual(again.previous?.at, "2026-12-01T09:00:00", time)
            XCTAssertNil(again.submissionID, time)
            XCTAssertEqual([again.rows, again.accepted, again.amended, again.unchanged, again.rejected, again.refused], [0, 0, 0, 0, 0, 0], time)
            XCTAssertTrue(again.refusals.isEmpty, time)
        }
        XCTAssertEqual(try eventCount(store), events)
        XCTAssertEqual(try store.status(at: Self.time("2026-12-01T10:00"), windowHours: Self.window).submissions, 1)
        let after = try store.list(status: nil, unit: nil, at: Self.time("2026-12-01T10:00"), windowHours: Self.window)
        XCTAssertEqual(after.map(\.idNumber), list.map(\.idNumber))
        XCTAssertEqual(after.map(\.status), list.map(\.status))
        XCTAssertEqual(after.map(\.submittedAt), list.map(\.submittedAt))
    }

    func testReimportOfAnEditedCopyInsideTheWindowAmendsAndNamesTheChangedFields() throws {
        let (store, _) = try importedStore()
        var rows = Self.people()
        rows[0]["手机号码"] = "13700137001"
        rows[0]["民族"] = "回族"
        let edited = try writeRoster(rows, name: "roster-v2.csv")
        let report = try importRoster(edited, at: "2026-12-02T08:59:59", into: store)
        XCTAssertNil(report.previous)
        XCTAssertEqual(report.submissionID, 2)
        XCTAssertEqual([report.rows, report.accepted, report.amended, report.unchanged, report.rejected, report.refused], [4, 0, 1, 2, 1, 0])
        XCTAssertEqual(report.amendments.map(\.idNumber), [Self.ids[0]])
        XCTAssertEqual(report.amendments.map(\.row), [2])
        XCTAssertEqual(report.amendments.map(\.detail.en), ["ethnicity, phone"])

        let stored = try fields(store, Self.ids[0], at: "2026-12-02T08:59:59")
        XCTAssertEqual(stored["phone"], "13700137001")
        XCTAssertEqual(stored["ethnicity"], "回族")
        XCTAssertEqual(stored["ethnicity_code"], "03")
        XCTAssertEqual(try fields(store, Self.ids[1])["phone"], "13800138002")
        let detail = try store.detail(idNumber: Self.ids[0], at: Self.time("2026-12-02T08:59:59"), windowHours: Self.window)
        XCTAssertEqual(detail.submittedAt, "2026-12-01T09:00:00", "the window still runs from the first submission")
        XCTAssertEqual(detail.windowClosesAt, "2026-12-02T09:00:00")

        let log = try store.log(idNumber: Self.ids[0]).filter { $0.kind != "import" }  // the import that created the record is shown too
        XCTAssertEqual(log.map(\.kind), ["amend"])
        XCTAssertEqual(log.first?.detail, ["changed": "ethnicity,phone", "source": "import", "row": "2"])
        XCTAssertEqual(log.first?.clock, "2026-12-02T08:59:59")
        XCTAssertEqual(try store.status(at: Self.time("2026-12-02T08:59:59"), windowHours: Self.window).submissions, 2)
    }

    /// postal_code and employer_code are fields the clerk types, not codes derived from a table:
    /// a corrected copy that changes only one of them must amend the record.
    func testReimportThatOnlyCorrectsThePostcodeAmends() throws {
        let (store, _) = try importedStore()
        var rows = Self.people()
        rows[1]["邮政编码"] = "610000"
        let edited = try writeRoster(rows, name: "roster-v2.csv")
        let report = try importRoster(edited, at: "2026-12-01T12:00", into: store)
        XCTAssertEqual([report.amended, report.unchanged], [1, 2])
        XCTAssertEqual(report.amendments.map(\.detail.en), ["postal_code"])
        XCTAssertEqual(try fields(store, Self.ids[1], at: "2026-12-01T12:00")["postal_code"], "610000")
    }

    /// The same person rejected again by a later file is still one rejected row, the latest.
    func testReimportingAStillInvalidRowKeepsOneRejectedEntry() throws {
        let (store, _) = try importedStore()
        var rows = Self.people()
        rows[0]["手机号码"] = "13700137001"
        let edited = try writeRoster(rows, name: "roster-v2.csv")
        let report = try importRoster(edited, at: "2026-12-01T12:00", into: store)
        XCTAssertEqual(report.rejected, 1)
        let now = Self.time("2026-12-01T12:00")
        XCTAssertEqual(try store.list(status: .rejected, unit: nil, at: now, windowHours: Self.window).map(\.note), ["roster-v2.csv row 5"])
        XCTAssertEqual(try store.status(at: now, windowHours: Self.window).counts[.rejected], 1)
        XCTAssertEqual(try store.detail(idNumber: Self.ids[3], at: now, windowHours: Self.window).rejectedRows.map(\.source), ["roster-v2.csv"])
    }

    func testReimportOfAnEditedCopyAfterTheWindowIsRefusedWithTheClosingTime() throws {
        let (store, _) = try importedStore()
        var rows = Self.people()
        rows[0]["手机号码"] = "13700137001"
        let edited = try writeRoster(rows, name: "roster-v2.csv")
        let report = try importRoster(edited, at: "2026-12-02T09:00", into: store)
        XCTAssertEqual([report.rows, report.accepted, report.amended, report.unchanged, report.rejected, report.refused], [4, 0, 0, 2, 1, 1])
        XCTAssertEqual(report.refusals.map(\.idNumber), [Self.ids[0]])
        XCTAssertEqual(report.refusals.map(\.row), [2])
        XCTAssertEqual(report.refusals.first?.detail.en,
                       "the amendment window closed at 2026-12-02T09:00:00 (submitted 2026-12-01T09:00:00); it can no longer change")
        XCTAssertEqual(report.refusals.first?.detail.zh.contains("2026-12-02T09:00:00"), true)
        XCTAssertEqual(try fields(store, Self.ids[0], at: "2026-12-02T09:00")["phone"], "13800138001")
        let log = try store.log(idNumber: Self.ids[0]).filter { $0.kind != "import" }  // the import that created the record is shown too
        XCTAssertEqual(log.map(\.kind), ["refuse"])
        XCTAssertEqual(log.first?.detail["row"], "2")
        XCTAssertEqual(log.first?.detail["reason"], report.refusals.first?.detail.en)
    }

    func testAnExportedPersonIsRefusedNamingTheBatch() throws {
        let (store, _) = try importedStore()
        try store.write { db in
            try db.execute(sql: "UPDATE person SET batch_id = 'B1', exported_at = '2026-12-01T09:30:00' WHERE id_number = ?",
                           arguments: [Self.ids[0]])
        }
        var rows = Self.people()
        rows[0]["手机号码"] = "13700137001"
        let edited = try writeRoster(rows, name: "roster-v2.csv")
        let report = try importRoster(edited, at: "2026-12-01T12:00", into: store)  // well inside the window
        XCTAssertEqual([report.amended, report.unchanged, report.refused], [0, 2, 1])
        XCTAssertEqual(report.refusals.map(\.idNumber), [Self.ids[0]])
        XCTAssertEqual(report.refusals.first?.detail.en, "already exported in batch B1 (2026-12-01T09:30:00); it can no longer change")
        XCTAssertEqual(report.refusals.first?.detail.zh.contains("B1"), true)
        XCTAssertEqual(try fields(store, Self.ids[0])["phone"], "13800138001")

        let reason = refusal { try amend(Self.ids[0], [("phone", "13911112222")], at: "2026-12-01T12:00", in: store) }
        XCTAssertEqual(reason?.en.contains("batch B1"), true, reason?.en ?? "")
        XCTAssertEqual(try fields(store, Self.ids[0])["phone"], "13800138001")

        let now = Self.time("2026-12-01T12:00")
        let exported = try store.list(status: .exported, unit: nil, at: now, windowHours: Self.window)
        XCTAssertEqual(exported.map(\.idNumber), [Self.ids[0]])
        XCTAssertEqual(exported.map(\.note), ["B1"])
        let counts = try store.status(at: now, windowHours: Self.window).counts
        XCTAssertEqual(counts[.exported], 1)
        XCTAssertEqual(counts[.accepted], 2)
        XCTAssertEqual(counts[.due, default: 0], 0)
        let detail = try store.detail(idNumber: Self.ids[0], at: now, windowHours: Self.window)
        XCTAssertEqual(detail.status, .exported)
        XCTAssertEqual(detail.batch, "B1")
        XCTAssertEqual(try store.log(idNumber: Self.ids[0]).map(\.kind), ["import", "refuse", "import", "refuse"])
    }

    // MARK: - Amendments

    func testAmendFixesARejectedRowAndStartsANewWindow() throws {
        let (store, _) = try importedStore()
        let outcome = try amend(Self.ids[3], [("手机号码", "13900139000")], at: "2026-12-01T10:00", in: store, reason: "电话核实")
        XCTAssertEqual(outcome.idNumber, Self.ids[3])
        XCTAssertEqual(outcome.changed, ["phone"])
        XCTAssertEqual(outcome.windowClosesAt, "2026-12-02T10:00:00")
        XCTAssertEqual(outcome.warnings.map(\.rule.rawValue), [])

        let now = Self.time("2026-12-01T10:00")
        let detail = try store.detail(idNumber: Self.ids[3], at: now, windowHours: Self.window)
        XCTAssertEqual(detail.status, .accepted)
        XCTAssertEqual(detail.submittedAt, "2026-12-01T10:00:00")
        XCTAssertEqual(detail.windowClosesAt, "2026-12-02T10:00:00")
        XCTAssertTrue(detail.rejectedRows.isEmpty)
        let stored = Dictionary(uniqueKeysWithValues: detail.fields.map { ($0.key, $0.value) })
        XCTAssertEqual(stored["phone"], "13900139000")
        XCTAssertEqual(stored["name"], "赵六")
        XCTAssertEqual(stored["gender"], "男")
        XCTAssertEqual(stored["birth_date"], "1990-03-07")
        XCTAssertEqual(stored["unit"], "研发中心")
        XCTAssertEqual(stored["postal_code"], "610041")
        XCTAssertEqual(stored["nationality_code"], "CHN")

        XCTAssertEqual(try store.list(status: .rejected, unit: nil, at: now, windowHours: Self.window).count, 0)
        let status = try store.status(at: now, windowHours: Self.window)
        XCTAssertEqual(status.counts, [.accepted: 4, .rejected: 0])
        XCTAssertEqual(status.nextDue?.at, "2026-12-02T09:00:00")
        XCTAssertEqual(status.nextDue?.count, 3)

        // A day later the three imported people are due; the amended one is still open.
        let later = Self.time("2026-12-02T09:30")
        XCTAssertEqual(try store.list(status: .accepted, unit: nil, at: later, windowHours: Self.window).map(\.idNumber), [Self.ids[3]])
        XCTAssertEqual(try store.list(status: .due, unit: nil, at: later, windowHours: Self.window).count, 3)
        XCTAssertEqual(try store.status(at: later, windowHours: Self.window).nextDue?.at, "2026-12-02T10:00:00")
        XCTAssertEqual(try amend(Self.ids[3], [("phone", "13900139001")], at: "2026-12-02T09:59:59", in: store).changed, ["phone"])
        let reason = refusal { try amend(Self.ids[3], [("phone", "13900139002")], at: "2026-12-02T10:00", in: store) }
        XCTAssertEqual(reason?.en.contains("closed at 2026-12-02T10:00:00"), true, reason?.en ?? "")

        let log = try store.log(idNumber: Self.ids[3]).filter { $0.kind != "import" }  // the import that created the record is shown too
        XCTAssertEqual(log.map(\.kind), ["amend", "amend", "refuse"])
        XCTAssertEqual(log.first?.detail, ["changed": "phone", "source": "amend", "reason": "电话核实", "resolved": "rejected row"])
    }

    func testAmendThatStillHasErrorsIsRefusedAndSavesNothing() throws {
        let (store, _) = try importedStore()
        let events = try eventCount(store)
        let reason = refusal { try amend(Self.ids[3], [("手机号码", "12345")], at: "2026-12-01T10:00", in: store) }
        XCTAssertEqual(reason?.en.hasPrefix("the amended record still has errors; nothing was saved:"), true, reason?.en ?? "")
        XCTAssertEqual(reason?.en.contains("[phone.format]"), true, reason?.en ?? "")
        let now = Self.time("2026-12-01T10:00")
        let detail = try store.detail(idNumber: Self.ids[3], at: now, windowHours: Self.window)
        XCTAssertEqual(detail.status, .rejected)
        XCTAssertEqual(detail.rejectedRows.count, 1)
        XCTAssertEqual(try store.list(status: .rejected, unit: nil, at: now, windowHours: Self.window).map(\.idNumber), [Self.ids[3]])
        XCTAssertEqual(try eventCount(store), events + 1)
        let log = try store.log(idNumber: Self.ids[3]).filter { $0.kind != "import" }  // the import that created the record is shown too
        XCTAssertEqual(log.map(\.kind), ["refuse"])
        XCTAssertEqual(log.first?.detail["source"], "amend")
        XCTAssertEqual(log.first?.detail["reason"], reason?.en)

        // The same for a stored person: the old value stays.
        let postal = refusal { try amend(Self.ids[0], [("邮政编码", "61004")], at: "2026-12-01T10:00", in: store) }
        XCTAssertEqual(postal?.en.contains("[postal.format]"), true, postal?.en ?? "")
        XCTAssertEqual(try fields(store, Self.ids[0])["postal_code"], "610041")
        XCTAssertEqual(try store.log(idNumber: Self.ids[0]).map(\.kind), ["import", "refuse"])

        // Unknown fields are a usage error, not a refusal.
        XCTAssertThrowsError(try amend(Self.ids[0], [("鞋码", "42")], at: "2026-12-01T10:00", in: store)) { error in
            guard case SSCardError.usage(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.en.contains("unknown field"), message.en)
            XCTAssertTrue(message.zh.contains("没有这个字段"), message.zh)
        }
        XCTAssertThrowsError(try amend(Self.id("139"), [("phone", "13900139000")], at: "2026-12-01T10:00", in: store)) { error in
            guard case SSCardError.notInStore = error else { return XCTFail("\(error)") }
        }
    }

    func testARowRejectedForItsPhotoNeedsTheImageAgain() throws {
        let photos = folder.appendingPathComponent("photos")
        try FileManager.default.createDirectory(at: photos, withIntermediateDirectories: true)
        let good = Self.root.appendingPathComponent("samples/photos/110105199103031488.jpg").path
        let grey = Self.root.appendingPathComponent("samples/photos/51010519620518024X.jpg").path  // photo.grayscale
        try FileManager.default.copyItem(atPath: good, toPath: photos.appendingPathComponent(Self.ids[0] + ".jpg").path)
        try FileManager.default.copyItem(atPath: grey, toPath: photos.appendingPathComponent(Self.ids[1] + ".jpg").path)
        var rows = Self.people()
        rows = Array(rows.prefix(2))
        let store = try Store(path: storePath)
        let report = try importRoster(try writeRoster(rows), at: "2026-12-01T09:00", into: store, photos: photos.path)
        XCTAssertEqual([report.accepted, report.rejected], [1, 1])
        XCTAssertEqual(report.rejections.map(\.detail.en), ["photo.grayscale"])

        XCTAssertThrowsError(try amend(Self.ids[1], [("phone", "13900139000")], at: "2026-12-01T10:00", in: store)) { error in
            guard case SSCardError.usage(let message) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(message.en, "the row was rejected for its image (photo.grayscale); give a corrected one with --photo FILE")
            XCTAssertEqual(message.zh, "该行因图片被拒收（photo.grayscale）；请用 --photo 文件 提供改正后的图片")
        }
        let outcome = try amend(Self.ids[1], [], at: "2026-12-01T10:00", in: store, photo: good)
        XCTAssertEqual(outcome.changed, ["photo"])
        let detail = try store.detail(idNumber: Self.ids[1], at: Self.time("2026-12-01T10:00"), windowHours: Self.window)
        XCTAssertEqual(detail.status, .accepted)
        XCTAssertEqual(detail.images.map(\.slot), ["photo"])
        XCTAssertEqual(detail.images.map(\.sha256), [Self.sha256(good)])
        XCTAssertEqual(detail.images.map(\.fileName), ["110105199103031488.jpg"])
        XCTAssertEqual(detail.images.map(\.bytes), [FileManager.default.contents(atPath: good)!.count])
    }

    /// Images are not kept for rejected rows; a row rejected for something else (its phone) must
    /// not lose its good photo when the amendment accepts it.
    func testAmendingARowRejectedForItsPhoneKeepsItsPhoto() throws {
        let photos = folder.appendingPathComponent("photos")
        try FileManager.default.createDirectory(at: photos, withIntermediateDirectories: true)
        let good = Self.root.appendingPathComponent("samples/photos/110105199103031488.jpg").path
        try FileManager.default.copyItem(atPath: good, toPath: photos.appendingPathComponent(Self.ids[3] + ".jpg").path)
        let store = try Store(path: storePath)
        let report = try importRoster(try writeRoster([Self.people()[3]]), at: "2026-12-01T09:00", into: store, photos: photos.path)
        XCTAssertEqual(report.rejections.map(\.detail.en), ["phone.format"])
        XCTAssertEqual(try amend(Self.ids[3], [("phone", "13900139000")], at: "2026-12-01T10:00", in: store).changed, ["phone"])
        let detail = try store.detail(idNumber: Self.ids[3], at: Self.time("2026-12-01T10:00"), windowHours: Self.window)
        XCTAssertEqual(detail.status, .accepted)
        XCTAssertEqual(detail.images.map(\.slot), ["photo"], "the photo given with the import was dropped")
        XCTAssertEqual(detail.images.map(\.sha256), [Self.sha256(good)])
    }

    // MARK: - The audit log

    func testAuditLogKindsOrderUsersAndDetails() throws {
        let (store, roster) = try importedStore()
        try amend(Self.ids[0], [("手机号码", "13911112222"), ("邮政编码", "610000")], at: "2026-12-01T10:00", in: store, reason: "本人来电")
        try amend(Self.ids[3], [("phone", "13900139000")], at: "2026-12-01T11:00", in: store)
        _ = refusal { try amend(Self.ids[0], [("phone", "13933334444")], at: "2026-12-02T09:00", in: store) }

        let log = try store.log(idNumber: nil)
        XCTAssertEqual(log.map(\.kind), ["import", "amend", "amend", "refuse"])
        // Each event at the real time, in order; the clock it ran under (--as-of) beside it.
        XCTAssertEqual(log.map(\.clock), ["2026-12-01T09:00:00", "2026-12-01T10:00:00", "2026-12-01T11:00:00", "2026-12-02T09:00:00"])
        XCTAssertEqual(log.map(\.at), log.map(\.at).sorted())
        let realNow = OfficeClock.standard.now()
        for event in log { XCTAssertLessThanOrEqual(abs(OfficeClock.standard.instant(CivilDateTime(parsing: event.at)!).seconds - OfficeClock.standard.instant(realNow).seconds), 600) }
        XCTAssertEqual(log.map(\.idNumber), [nil, Self.ids[0], Self.ids[3], Self.ids[0]])
        XCTAssertFalse(OSUser.name.isEmpty)
        XCTAssertEqual(log.map(\.user), Array(repeating: OSUser.name, count: 4))
        XCTAssertEqual(log[0].detail, ["file": roster, "sha256": Self.sha256(roster), "rows": "4", "accepted": "3", "amended": "0",
                                       "unchanged": "0", "rejected": "1", "refused": "0"])
        XCTAssertEqual(log[1].detail, ["changed": "phone,postal_code", "source": "amend", "reason": "本人来电"])
        XCTAssertEqual(log[2].detail, ["changed": "phone", "source": "amend", "resolved": "rejected row"])
        XCTAssertEqual(log[3].detail["source"], "amend")
        XCTAssertEqual(log[3].detail["reason"]?.contains("2026-12-02T09:00:00"), true)

        XCTAssertEqual(try store.log(idNumber: Self.ids[0]).map(\.kind), ["import", "amend", "refuse"])
        XCTAssertEqual(try store.log(idNumber: Self.ids[3]).map(\.kind), ["import", "amend"])
        XCTAssertEqual(try store.log(idNumber: Self.ids[1]).map(\.kind), ["import"])
        let history = try store.detail(idNumber: Self.ids[0], at: Self.time("2026-12-01T12:00"), windowHours: Self.window).history
        XCTAssertEqual(history.map(\.kind), ["import", "amend", "refuse"])
        XCTAssertEqual(history.map(\.clock), ["2026-12-01T09:00:00", "2026-12-01T10:00:00", "2026-12-02T09:00:00"])
    }

    // MARK: - Foreign, damaged and empty files

    /// `sqliteSideFiles`: a store in WAL mode may get empty -wal/-shm files from a read-only look.
    func assertRefusedUntouched(_ path: String, sqliteSideFiles: Bool = false, file: StaticString = #filePath, line: UInt = #line) throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try Store(path: path), file: file, line: line) { error in
            XCTAssertEqual(error as? SSCardError, .notAStore(path: path), file: file, line: line)
        }
        XCTAssertThrowsError(try Store(path: path, create: false), file: file, line: line) { error in
            XCTAssertEqual(error as? SSCardError, .notAStore(path: path), file: file, line: line)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before, "the refused file was changed", file: file, line: line)
        for suffix in sqliteSideFiles ? ["-journal", ".images"] : ["-wal", "-shm", "-journal", ".images"] {
            XCTAssertFalse(FileManager.default.fileExists(atPath: path + suffix), "\(suffix) was created", file: file, line: line)
        }
        if sqliteSideFiles, let size = try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber {
            XCTAssertEqual(size.intValue, 0, "something was written to the WAL", file: file, line: line)
        }
    }

    func testAForeignSQLiteDatabaseIsRefusedUntouched() throws {
        let path = folder.appendingPathComponent("other.db").path
        try Self.sqlite3(path, "CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customer (name) VALUES ('x');")
        try assertRefusedUntouched(path)
        XCTAssertEqual(try Self.sqlite3(path, "SELECT name FROM customer"), "x")
    }

    func testNonSQLiteFilesAreRefusedUntouched() throws {
        let random = folder.appendingPathComponent("random.db").path
        var generator = SystemRandomNumberGenerator()
        try Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: URL(fileURLWithPath: random))
        try assertRefusedUntouched(random)
        let text = folder.appendingPathComponent("notes.txt").path
        try "姓名,证件号码\n张三,510107199003071236\n".write(toFile: text, atomically: true, encoding: .utf8)
        try assertRefusedUntouched(text)
        // Long enough to be read as a header, but not SQLite's.
        let long = folder.appendingPathComponent("long.txt").path
        try String(repeating: "not a database\n", count: 500).write(toFile: long, atomically: true, encoding: .utf8)
        try assertRefusedUntouched(long)
    }

    /// An sscard store whose pages were damaged (its header intact) must be refused without a write.
    func testADamagedStoreIsRefusedUntouched() throws {
        do { _ = try importedStore() }  // the store closes when it goes out of scope
        XCTAssertFalse(FileManager.default.fileExists(atPath: storePath + "-wal"), "the store was not closed")
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: storePath)))
        XCTAssertGreaterThan(bytes.count, 8192)
        var generator = SystemRandomNumberGenerator()
        for index in 4096..<bytes.count { bytes[index] = UInt8.random(in: 0...255, using: &generator) }
        try Data(bytes).write(to: URL(fileURLWithPath: storePath))
        try FileManager.default.removeItem(atPath: storePath + ".images")
        try assertRefusedUntouched(storePath, sqliteSideFiles: true)
    }

    func testAnEmptyFileBecomesAStore() throws {
        XCTAssertTrue(FileManager.default.createFile(atPath: storePath, contents: Data()))
        let store = try Store(path: storePath)
        XCTAssertEqual(try store.integrityCheck(), "ok")
        XCTAssertEqual(try store.read { db in try Int.fetchOne(db, sql: "PRAGMA application_id") }, 0x5353_4344)
        XCTAssertEqual(try store.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }, "wal")
        let report = try importRoster(try writeRoster(Self.people()), at: "2026-12-01T09:00", into: store)
        XCTAssertEqual(report.accepted, 3)
        XCTAssertTrue(FileManager.default.fileExists(atPath: storePath + ".images"))
    }

    func testAMissingStoreIsNotCreatedWhenNotAsked() throws {
        XCTAssertThrowsError(try Store(path: storePath, create: false)) { error in
            XCTAssertEqual(error as? SSCardError, .storeMissing(path: storePath))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: storePath))
        XCTAssertFalse(FileManager.default.fileExists(atPath: storePath + ".images"))
    }

    /// A second connection (another process, typically) must recognise a store whose latest
    /// commits are still in the WAL, i.e. before any checkpoint has copied them into the main file.
    func testAStoreOpenElsewhereIsRecognised() throws {
        let first = try Store(path: storePath)
        _ = try importRoster(try writeRoster(Self.people()), at: "2026-12-01T09:00", into: first)
        let second = try Store(path: storePath)
        XCTAssertEqual(try second.status(at: Self.time("2026-12-01T10:00"), windowHours: Self.window).submissions, 1)
        XCTAssertEqual(try first.integrityCheck(), "ok")
    }

    // MARK: - Files and images

    func testFileModesAndImagesStoredOnceByContent() throws {
        let photos = folder.appendingPathComponent("photos")
        try FileManager.default.createDirectory(at: photos, withIntermediateDirectories: true)
        let first = Self.root.appendingPathComponent("samples/photos/110105199103031488.jpg").path
        let second = Self.root.appendingPathComponent("samples/photos/440106198610283178.jpg").path
        // Two people share the same photo bytes; the third has their own.
        for (id, source) in [(Self.ids[0], first), (Self.ids[1], first), (Self.ids[2], second)] {
            try FileManager.default.copyItem(atPath: source, toPath: photos.appendingPathComponent(id + ".jpg").path)
        }
        let store = try Store(path: storePath)
        let report = try importRoster(try writeRoster(Array(Self.people().prefix(3))), at: "2026-12-01T09:00", into: store, photos: photos.path)
        XCTAssertEqual([report.accepted, report.rejected], [3, 0], report.rejections.map(\.detail.en).description)

        XCTAssertEqual(try Self.mode(storePath), 0o600)
        XCTAssertEqual(try Self.mode(storePath + "-wal"), 0o600)
        XCTAssertEqual(try Self.mode(store.imagesDirectory), 0o700)
        XCTAssertEqual(store.imagesDirectory, storePath + ".images")
        let files = try FileManager.default.subpathsOfDirectory(atPath: store.imagesDirectory).sorted()
        let (shaA, shaB) = (Self.sha256(first), Self.sha256(second))
        XCTAssertEqual(files, [String(shaA.prefix(2)), String(shaA.prefix(2)) + "/" + shaA, String(shaB.prefix(2)), String(shaB.prefix(2)) + "/" + shaB].sorted())
        for file in files {
            let path = store.imagesDirectory + "/" + file
            XCTAssertEqual(try Self.mode(path), file.contains("/") ? 0o600 : 0o700, file)
        }
        XCTAssertEqual(FileManager.default.contents(atPath: store.imagesDirectory + "/" + String(shaA.prefix(2)) + "/" + shaA),
                       FileManager.default.contents(atPath: first))
        XCTAssertEqual(FileManager.default.contents(atPath: store.imagesDirectory + "/" + String(shaB.prefix(2)) + "/" + shaB),
                       FileManager.default.contents(atPath: second))
        XCTAssertEqual(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM image") }, 2)
        let now = Self.time("2026-12-01T10:00")
        for (index, sha) in [shaA, shaA, shaB].enumerated() {
            let detail = try store.detail(idNumber: Self.ids[index], at: now, windowHours: Self.window)
            XCTAssertEqual(detail.images.map(\.slot), ["photo"])
            XCTAssertEqual(detail.images.map(\.sha256), [sha])
            XCTAssertEqual(detail.images.map(\.fileName), [Self.ids[index] + ".jpg"])
        }
    }

    func testANewStoreIsPrivateEvenUnderAPermissiveUmask() throws {
        let old = umask(0)
        defer { umask(old) }
        let store = try Store(path: storePath)
        _ = try importRoster(try writeRoster(Self.people()), at: "2026-12-01T09:00", into: store)
        XCTAssertEqual(try Self.mode(storePath), 0o600)
        XCTAssertEqual(try Self.mode(storePath + "-wal"), 0o600)
        XCTAssertEqual(try Self.mode(storePath + "-shm"), 0o600)
        XCTAssertEqual(try Self.mode(store.imagesDirectory), 0o700)
    }
}
