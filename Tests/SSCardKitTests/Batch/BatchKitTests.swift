import Foundation
@testable import SSCardKit
import XCTest
import ZipArchive

/// The pieces of the bureau batch below the command: digests, the zip writer, the manifest
/// schema and the column table.
final class BatchKitTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-batch-kit-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func testSHA256KnownAnswers() {
        XCTAssertEqual(SHA256.hex([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let million = [UInt8](repeating: 0x61, count: 1_000_000)
        XCTAssertEqual(SHA256.hex(million), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        var split = SHA256()
        split.update(Array(million[0..<333_333]))
        split.update(Array(million[333_333...]))
        XCTAssertEqual(SHA256.hex(digest: split.finalize()), SHA256.hex(million))
    }

    func testZipWriterIsByteIdenticalAndReadsBack() throws {
        let time = ZipTimestamp(year: 2026, month: 12, day: 2, hour: 9, minute: 30, second: 0)
        let jpegFile = folder.appendingPathComponent("p.bin").path
        try Data((0..<5000).map { UInt8($0 % 251) }).write(to: URL(fileURLWithPath: jpegFile))
        func write(_ name: String) throws -> [UInt8] {
            let path = folder.appendingPathComponent(name).path
            let zip = try ZipWriter(path: path)
            try zip.add(name: "manifest.xml", bytes: Array("<a>名字</a>".utf8), method: .deflate(level: 6), time: time)
            try zip.add(name: "photos/1.jpg", file: jpegFile, method: .store, time: time)
            try zip.add(name: "目录/名.txt", bytes: Array("x".utf8), method: .deflate(level: 6), time: time)
            try zip.close()
            return [UInt8](FileManager.default.contents(atPath: path)!)
        }
        let first = try write("a.zip")
        // Another zone must not change the DOS timestamps.
        setenv("TZ", "America/New_York", 1); tzset()
        defer { unsetenv("TZ"); tzset() }
        let second = try write("b.zip")
        XCTAssertEqual(first, second)
        let archive = try ZipArchive(path: folder.appendingPathComponent("a.zip").path)
        XCTAssertEqual(archive.entryNames, ["manifest.xml", "photos/1.jpg", "目录/名.txt"])
        XCTAssertEqual(archive.entries.map(\.stored), [false, true, false])
        XCTAssertEqual(try archive.readAll("photos/1.jpg").count, 5000)
        XCTAssertEqual(String(decoding: try archive.readAll("manifest.xml"), as: UTF8.self), "<a>名字</a>")
        // The UTF-8 flag (general purpose bit 11) is set on the non-ASCII name's local header.
        let name = Array("目录/名.txt".utf8)
        let at = (0..<(first.count - name.count)).first { Array(first[$0..<($0 + name.count)]) == name }!
        let header = at - 30
        XCTAssertEqual(Array(first[header..<(header + 4)]), [0x50, 0x4B, 0x03, 0x04])
        XCTAssertEqual(first[header + 7] & 0x08, 0x08)
    }

    func testZipWriterReportsAnUnwritableTarget() {
        XCTAssertThrowsError(try {
            let zip = try ZipWriter(path: "/proc/sscard-no/such.zip")
            try zip.add(name: "a", bytes: [1], method: .store, time: ZipTimestamp(year: 2026, month: 1, day: 1))
            try zip.close()
        }())
    }

    func testManifestSchemaAcceptsOursAndRejectsDamage() throws {
        let schemas = try SchemaDirectory.locate()
        let schema = try BatchWriter.loadSchema(schemas)
        let manifest = BatchManifest(id: "batch-325520-20261202-1", createdAt: "2026-12-02T09:30:00", employerCode: "325520",
                                     employerName: "中智 & <公司>", sheetBytes: 10, sheetSHA256: String(repeating: "a", count: 64),
                                     persons: [.init(row: 1, idType: "居民身份证(户口簿)", idNumber: "11010519491231002X", name: "张\"三",
                                                     files: [.init(kind: "photo", path: "photos/11010519491231002X.jpg", bytes: 3,
                                                                   sha256: String(repeating: "b", count: 64))])])
        XCTAssertEqual(schema.validate(manifest.xml(), name: "m.xml"), [])
        XCTAssertEqual(try ManifestReader.parse(manifest.xml()), manifest)
        var bad = manifest
        bad.persons[0].files = [.init(kind: "photo", path: "../etc/passwd", bytes: 3, sha256: "zz")]
        XCTAssertFalse(schema.validate(bad.xml(), name: "m.xml").isEmpty)
        var twice = manifest
        twice.persons.append(manifest.persons[0])
        XCTAssertFalse(schema.validate(twice.xml(), name: "m.xml").isEmpty, "an ID number twice in one batch")
        let doctype = Array("<?xml version=\"1.0\"?><!DOCTYPE batch [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><batch/>".utf8)
        XCTAssertFalse(schema.validate(doctype, name: "m.xml").isEmpty)
        XCTAssertFalse(schema.validate(Array("<batch".utf8), name: "m.xml").isEmpty)
    }

    func testColumnsTableAndDates() throws {
        let columns = try BatchColumns(schemas: SchemaDirectory.locate())
        XCTAssertEqual(columns.columns.first?.key, "row")
        XCTAssertTrue(columns.columns.contains { $0.key == "id_number" && $0.header == "证件号码" })
        XCTAssertEqual(BatchColumns.compactDate("2026-12-01"), "20261201")
        XCTAssertEqual(BatchColumns.compactDate("长期"), "长期")
        let bad = folder.appendingPathComponent("schemas")
        try FileManager.default.createDirectory(at: bad, withIntermediateDirectories: true)
        try "姓名\tname\n编号\tno_such_key\n".write(to: bad.appendingPathComponent("batch-columns.tsv"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try BatchColumns(schemas: bad))
    }

    /// A record amended (or otherwise changed) while its batch was being written is not sealed
    /// into it: nothing is marked and the batch stays written, to be discarded.
    func testSealRefusesARecordChangedAfterPlanning() throws {
        let store = try Store(path: folder.appendingPathComponent("s.db").path)
        var rows: [[String: String]] = []
        for order in ["131", "133", "135"] {
            var person = RosterHarness.validPerson
            person["证件号码"] = RosterHarness.residentID("51010719900307" + order)
            person["手机号码"] = "1380013800" + String(order.last!)
            rows.append(person)
        }
        let roster = folder.appendingPathComponent("roster.csv").path
        try RosterHarness.csv(rows).write(toFile: roster, atomically: true, encoding: .utf8)
        let imported = CivilDateTime(parsing: "2026-12-01T09:00")!
        _ = try ImportJob.run(ValidationRequest(rosterPath: roster, asOf: imported.date), store: store, at: imported,
                              schemas: SchemaDirectory.locate())
        let clock = BatchClock(now: CivilDateTime(parsing: "2026-12-02T09:30")!, office: .standard, windowHours: 24)
        XCTAssertEqual(try store.dueForBatch(cutoff: BatchClock(now: imported.adding(hours: 23), office: .standard, windowHours: 24).dueCutoff).count, 0)
        let due = try store.dueForBatch(cutoff: clock.dueCutoff)
        XCTAssertEqual(due.count, 3)
        let members = due.enumerated().map { BatchMember(position: $0.offset + 1, idNumber: $0.element.idNumber,
                                                         updatedAt: $0.element.updatedAt, photo: nil, idCard: nil) }
        let batch = BatchRecord(id: "batch-1-20261202-1", employerCode: due[0].employerCode, employerName: "", day: clock.day, sequence: 1,
                                createdAt: clock.createdAt, persons: 3, state: .pending, directory: folder.path, file: "b.zip",
                                staging: folder.appendingPathComponent("b.zip").path, sha256: nil, bytes: nil, encrypted: false)
        try store.insertPendingBatch(batch, members: members, at: EventClock(office: .standard, wall: clock.now))
        try store.markBatchWritten(batch.id, sha256: String(repeating: "0", count: 64), bytes: 1, at: EventClock(office: .standard, wall: clock.now))
        let changed = due[1].idNumber
        try store.write { db in try db.execute(sql: "UPDATE person SET updated_at = '2026-12-02T01:31:00Z' WHERE id_number = ?", arguments: [changed]) }
        XCTAssertEqual(try store.sealBatch(batch.id, cutoff: clock.dueCutoff, at: EventClock(office: .standard, wall: clock.now)), [changed])
        XCTAssertEqual(try store.batch(batch.id)?.state, .written)
        XCTAssertEqual(try store.list(status: .exported, unit: nil, at: clock.now, windowHours: 24).count, 0, "nothing marked")
        try store.discardBatch(batch.id, reason: "test", at: EventClock(office: .standard, wall: clock.now))
        XCTAssertNil(try store.batch(batch.id))
        XCTAssertEqual(try store.dueForBatch(cutoff: clock.dueCutoff).count, 3, "all still due")
    }

    /// The export lock (`<store>.export.lock`) is truncated and written: a link planted there is refused, not followed.
    func testExportLockRefusesALinkPlantedAtItsName() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-lock-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = folder.appendingPathComponent("s.db").path
        let victim = folder.appendingPathComponent("victim.txt")
        try "keep me".write(to: victim, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: ExportLock.path(forStore: store), withDestinationPath: victim.path)
        XCTAssertThrowsError(try ExportLock(store: store, wait: 0)) { error in
            XCTAssertTrue((error as? SSCardError)?.message.zh.contains("ELOOP") == true, "\(error)")
        }
        XCTAssertEqual(try String(contentsOf: victim, encoding: .utf8), "keep me")
        // Without the link the lock is taken.
        try FileManager.default.removeItem(atPath: ExportLock.path(forStore: store))
        XCTAssertNotNil(ExportLock.attempt(store: store))
    }
}
