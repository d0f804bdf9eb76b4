import Foundation
import SSCardKit
import XCTest
import XLSXWriter

/// kill -9 at random instants of an export of many persons: after each, the next command finds
/// one of the two allowed states only, and the store passes PRAGMA integrity_check.
/// SSCARD_KILL_PERSONS (default 2000) and SSCARD_KILL_RUNS (default 20) scale it.
extension ExportCommandTests {
    static let killHeaders = ["姓名", "证件类型", "证件号码", "国籍", "性别", "出生日期", "民族", "手机号码", "参保单位编号", "参保单位名称",
                          "现今工作单位", "证件发证机关", "证件有效期", "户口所在地址", "常住地址", "邮政编码", "职业", "学历",
                          "开户银行", "银行网点", "已有照片"]

    /// `rows` valid people; the first `withPhotos` have 已有照片 = 否 and a photo in `photos`.
    func generate(rows: Int, withPhotos: Int, photo: [UInt8]) throws -> (roster: String, photos: String) {
        let photos = folder.appendingPathComponent("photos").path
        try FileManager.default.createDirectory(atPath: photos, withIntermediateDirectories: true)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let base = calendar.date(from: DateComponents(year: 1975, month: 1, day: 1))!
        var lines = [Self.killHeaders.joined(separator: ",")]
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        for index in 0..<rows {
            let day = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: index / 400, to: base)!)
            let birth = String(format: "%04d%02d%02d", day.year!, day.month!, day.day!)
            let body = "510107" + birth + String(format: "%03d", (index % 400) * 2 + 1)
            let sum = zip(body.utf8.map { Int($0) - 48 }, weights).reduce(0) { $0 + $1.0 * $1.1 }
            let id = body + String(Array("10X98765432")[sum % 11])
            let dashed = String(format: "%04d-%02d-%02d", day.year!, day.month!, day.day!)
            lines.append(["张三", "居民身份证(户口簿)", id, "中国", "男", dashed, "汉族", "138" + String(format: "%08d", index),
                          "325520", "中智四川经济技术合作有限公司", "研发中心", "成都市公安局武侯分局", "2016.05.10-2036.05.10",
                          "四川省成都市武侯区洗面桥横街1号", "四川省成都市武侯区洗面桥横街1号", "610041", "2", "本科", "成都银行", "武侯支行",
                          index < withPhotos ? "否" : "是"].joined(separator: ","))
            if index < withPhotos { try Data(photo).write(to: URL(fileURLWithPath: photos + "/\(id).jpg")) }
        }
        let roster = folder.appendingPathComponent("roster.csv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: roster, atomically: true, encoding: .utf8)
        return (roster, photos)
    }

    func copyStore(from source: String, to target: String) throws {
        let fm = FileManager.default
        for suffix in ["", "-wal", "-shm", ".images"] where fm.fileExists(atPath: source + suffix) {
            try? fm.removeItem(atPath: target + suffix)
            try fm.copyItem(atPath: source + suffix, toPath: target + suffix)
        }
        for suffix in ["-wal", "-shm"] where !fm.fileExists(atPath: source + suffix) { try? fm.removeItem(atPath: target + suffix) }
    }

    func testKillAtRandomInstants() throws {
        let environment = ProcessInfo.processInfo.environment
        let persons = Int(environment["SSCARD_KILL_PERSONS"] ?? "") ?? 2000
        let runs = Int(environment["SSCARD_KILL_RUNS"] ?? "") ?? 20
        // A compliant card photo, made by the binary from a sample.
        let fixed = folder.appendingPathComponent("fixed").path
        _ = try sscard(["photos", "fix", "samples/photos", fixed, "--lang", "en"])
        let photo = [UInt8](try XCTUnwrap(FileManager.default.contents(atPath: fixed + "/510108197207190146.jpg")))
        let generated = try generate(rows: persons, withPhotos: min(200, persons / 10), photo: photo)
        let pristine = folder.appendingPathComponent("pristine.db").path
        let imported = try sscard(["import", generated.roster, "--photos", generated.photos, "--store", pristine,
                                   "--as-of", "2026-12-01T09:00", "--lang", "en"])
        XCTAssertEqual(imported.status, 0, imported.stdout + imported.stderr)

        // How long an undisturbed export takes, to spread the kills over it.
        try copyStore(from: pristine, to: store)
        let started = Date()
        // Forms are left out throughout: the kills are spread over the batch's own work.
        let whole = try export("2026-12-02T09:30", ["--format", "json", "--no-forms"])
        let duration = Date().timeIntervalSince(started)
        XCTAssertEqual(whole.status, 0, whole.stderr)
        let expected = try XCTUnwrap((try json(whole)["batches"] as? [[String: Any]])?.first?["sha256"] as? String)

        var outcomes: [String: Int] = [:]
        var generator = SystemRandomNumberGenerator()
        for run in 0..<runs {
            try? FileManager.default.removeItem(atPath: out)
            try copyStore(from: pristine, to: store)
            let launched = try launch(["export", "--out", out, "--store", store, "--as-of", "2026-12-02T09:30", "--lang", "en", "--no-forms"])
            let delay = Double.random(in: 0...(duration * 1.6), using: &generator)
            usleep(useconds_t(delay * 1_000_000))
            kill(launched.0.processIdentifier, SIGKILL)
            launched.0.waitUntilExit()

            // The next command finds one of the two states.
            let list = try sscard(["batches", "--store", store, "--format", "json", "--as-of", "2026-12-02T09:31"])
            XCTAssertEqual(list.status, 0, "run \(run): \(list.stderr)")
            let batches = (try? JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]) ?? []
            XCTAssertEqual(try sql("PRAGMA integrity_check"), "ok", "run \(run)")
            let exported = Int(try sql("SELECT count(*) FROM person WHERE batch_id IS NOT NULL")) ?? -1
            let files = zips()
            // libxlsxwriter names its temporary files for an instant before removing them; a kill
            // then leaves one in the private staging folder, and the next export removes it (below).
            let leftByLibrary = staged().filter(XLSXWorkbookWriter.isTemporaryFileName)
            if !leftByLibrary.isEmpty { outcomes["libxlsxwriter temporary left", default: 0] += 1 }
            XCTAssertEqual(staged().filter { !XLSXWorkbookWriter.isTemporaryFileName($0) }, [], "run \(run): a temporary file was left visible")
            if files.isEmpty {
                XCTAssertEqual(batches.count, 0, "run \(run): \(batches)")
                XCTAssertEqual(exported, 0, "run \(run): records marked without their batch")
                outcomes["none", default: 0] += 1
            } else {
                XCTAssertEqual(files, ["batch-325520-20261202-1.zip"], "run \(run)")
                XCTAssertEqual(batches.map { $0["state"] as? String }, ["placed"], "run \(run)")
                XCTAssertEqual(exported, persons, "run \(run)")
                let file = out + "/" + files[0]
                XCTAssertEqual(Self.sha256(file), expected, "run \(run): the batch is the same, byte for byte")
                outcomes["complete", default: 0] += 1
            }
            // Either way, the next export leaves the complete batch and nobody twice.
            let next = try export("2026-12-02T09:30", ["--no-forms"])
            XCTAssertEqual(next.status, 0, "run \(run): \(next.stderr)")
            XCTAssertEqual(zips(), ["batch-325520-20261202-1.zip"], "run \(run)")
            XCTAssertEqual(Self.sha256(out + "/batch-325520-20261202-1.zip"), expected, "run \(run)")
            XCTAssertEqual(try sql("SELECT count(*) FROM batch_person"), "\(persons)", "run \(run)")
            XCTAssertEqual(staged(), [], "run \(run): the next export leaves nothing in staging")
        }
        // The last batch passes verify.
        let verified = try sscard(["verify", out + "/batch-325520-20261202-1.zip"])
        XCTAssertEqual(verified.status, 0, verified.stdout)
        print("kill -9 outcomes over \(runs) runs of \(persons) persons (export \(String(format: "%.1f", duration)) s): \(outcomes)")
    }
}

extension ExportCommandTests {
    /// A temporary file of libxlsxwriter's that a kill left in staging (persons' data) is removed
    /// by the next export; other names there are not libxlsxwriter's and are left alone.
    func testTheNextExportRemovesALibraryTemporaryFile() throws {
        try sampleStore()
        let staging = out + "/.sscard-staging"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let left = staging + "/tmp.Mtju5x2LZK", other = staging + "/tmp.notours.txt"
        FileManager.default.createFile(atPath: left, contents: Data("<row>张三</row>".utf8), attributes: [.posixPermissions: 0o600])
        FileManager.default.createFile(atPath: other, contents: Data(), attributes: [.posixPermissions: 0o600])
        XCTAssertEqual(try export("2026-12-02T09:30").status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: left))
        XCTAssertTrue(FileManager.default.fileExists(atPath: other))
        XCTAssertTrue(XLSXWorkbookWriter.isTemporaryFileName("tmp.ABCdef0123"))
        XCTAssertFalse(XLSXWorkbookWriter.isTemporaryFileName("tmp.ABCdef012"))
        XCTAssertFalse(XLSXWorkbookWriter.isTemporaryFileName("tmp.ABCdef01_3"))
    }

    /// The states between the seal and the move, made by hand: the next command finishes them.
    func testSealedBatchIsFinishedOnTheNextRun() throws {
        try sampleStore()
        XCTAssertEqual(try export("2026-12-02T09:30").status, 0)
        let name = "batch-325520-20261202-1.zip"
        let file = out + "/" + name, staging = out + "/.sscard-staging/" + name
        let expected = Self.sha256(file)

        // Sealed, the file still under its temporary name: moved into place.
        try FileManager.default.moveItem(atPath: file, toPath: staging)
        _ = try sql("UPDATE batch SET state = 'sealed'")
        let moved = try sscard(["batches", "--store", store, "--lang", "en"])
        XCTAssertEqual(moved.status, 0, moved.stderr)
        XCTAssertTrue(moved.stdout.contains("finished batch-325520-20261202-1"), moved.stdout)
        XCTAssertEqual(Self.sha256(file), expected)
        XCTAssertEqual(staged(), [])
        XCTAssertEqual(try sql("SELECT state FROM batch"), "placed")

        // Sealed, the file already in place and its temporary name gone (killed just before the
        // store recorded the move): recorded as placed, the file untouched.
        _ = try sql("UPDATE batch SET state = 'sealed'")
        let recorded = try sscard(["batches", "--store", store, "--lang", "en"])
        XCTAssertEqual(recorded.status, 0, recorded.stderr)
        XCTAssertTrue(recorded.stdout.contains("finished batch-325520-20261202-1"), recorded.stdout)
        XCTAssertEqual(Self.sha256(file), expected)
        XCTAssertEqual(try sql("SELECT state FROM batch"), "placed")

        // Sealed, the temporary file lost: rebuilt byte for byte by the next export.
        try FileManager.default.removeItem(atPath: file)
        _ = try sql("UPDATE batch SET state = 'sealed'")
        let rebuilt = try json(try export("2026-12-02T09:40", ["--format", "json"]))
        XCTAssertEqual((rebuilt["finished"] as? [[String: Any]])?.first?["sha256"] as? String, expected)
        XCTAssertEqual(Self.sha256(file), expected)
        XCTAssertEqual(try sql("SELECT state FROM batch"), "placed")

        // Pending or written: discarded, the records due again, and the next export writes them.
        try FileManager.default.removeItem(atPath: file)
        _ = try sql("UPDATE batch SET state = 'written'; UPDATE person SET batch_id = NULL, exported_at = NULL;")
        FileManager.default.createFile(atPath: staging, contents: Data("half a zip".utf8))
        let again = try json(try export("2026-12-02T09:30", ["--format", "json"]))
        XCTAssertEqual(again["discarded"] as? [String], ["batch-325520-20261202-1"])
        XCTAssertEqual((again["batches"] as? [[String: Any]])?.first?["persons"] as? Int, 11)
        XCTAssertEqual(Self.sha256(file), expected, "the same store and clock give the same batch")
        XCTAssertEqual(staged(), [])
        let log = try sscard(["log", "--store", store, "--format", "json"])
        XCTAssertTrue(log.stdout.contains("discarded"), log.stdout)
    }
}
