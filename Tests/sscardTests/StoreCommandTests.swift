import Foundation
import SSCardKit
import XCTest

/// The workspace commands through the built binary: import, list, show, status, amend, log;
/// concurrent importers, an importer killed mid-transaction, and damaged stores.
final class StoreCommandTests: XCTestCase {
    static var root: URL { BinaryTests.root }

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    var folder: URL!
    var store: String { folder.appendingPathComponent("s.db").path }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-store-e2e-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    // MARK: - Running the binary

    /// Starts `sscard` with stdout and stderr going to files (large outputs cannot block it).
    func launch(_ arguments: [String], environment: [String: String] = [:]) throws -> (Process, URL, URL) {
        let tag = UUID.scratchName
        let out = folder.appendingPathComponent("out-\(tag)"), err = folder.appendingPathComponent("err-\(tag)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = BinaryTests.binary
        process.arguments = arguments
        process.currentDirectoryURL = Self.root
        process.environment = ["LANG": "C.UTF-8"].merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        return (process, out, err)
    }

    func finish(_ launched: (Process, URL, URL)) throws -> Run {
        launched.0.waitUntilExit()
        return Run(status: launched.0.terminationStatus,
                   stdout: String(decoding: try Data(contentsOf: launched.1), as: UTF8.self),
                   stderr: String(decoding: try Data(contentsOf: launched.2), as: UTF8.self))
    }

    @discardableResult
    func sscard(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        try finish(try launch(arguments, environment: environment))
    }

    func object(_ run: Run, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] else {
            XCTFail("not a JSON object: \(run.stdout)", file: file, line: line)
            return [:]
        }
        return object
    }

    func array(_ run: Run) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]] ?? []
    }

    static var sqlite3: String? {
        ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/bin/sqlite3"].first(where: FileManager.default.isExecutableFile)
    }

    /// One value from the sqlite3 shell.
    func sql(_ query: String, _ path: String? = nil) throws -> String {
        guard let shell = Self.sqlite3 else { throw XCTSkip("the sqlite3 command-line shell is not installed") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: shell)
        process.arguments = [path ?? store, query]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// person, submission, rejected_row and event counts.
    func counts(_ path: String? = nil) throws -> [Int] {
        try ["person", "submission", "rejected_row", "event"].map { Int(try sql("SELECT count(*) FROM \($0)", path)) ?? -1 }
    }

    /// Whether another process holds the store's write lock: the sqlite3 shell (no busy timeout)
    /// cannot begin an immediate transaction. An import holds it from the start of its transaction
    /// to its commit; with a 16 MiB page cache its pages no longer reach the WAL before the commit.
    func writerHoldsTheLock() throws -> Bool {
        try sql("BEGIN IMMEDIATE; ROLLBACK;").contains("database is locked")
    }

    /// Waits until `launched` is inside its write transaction, then `settle` seconds more.
    func waitUntilWriting(_ launched: (Process, URL, URL), settle: Double = 0, timeout: Double = 120) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while launched.0.isRunning, try !writerHoldsTheLock(), Date() < deadline { usleep(5_000) }
        if settle > 0 { usleep(UInt32(settle * 1_000_000)) }
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.intValue ?? 0
    }

    static func sha256(_ path: String) -> String { SHA256.hex([UInt8](FileManager.default.contents(atPath: path) ?? Data())) }

    // MARK: - Generated rosters

    static let headers = ["姓名", "证件类型", "证件号码", "国籍", "性别", "出生日期", "民族", "手机号码", "参保单位编号", "参保单位名称",
                          "现今工作单位", "证件发证机关", "证件有效期", "户口所在地址", "常住地址", "邮政编码", "职业", "学历",
                          "开户银行", "银行网点", "已有照片"]

    static func checkCharacter(_ body: String) -> Character {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body.utf8.map { Int($0) - 48 }, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return Array("10X98765432")[sum % 11]
    }

    /// The ID of person `index` of a generated roster: men born from 1975-01-01 on, 400 a day, in `region`.
    static func generatedID(_ index: Int, region: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let base = calendar.date(from: DateComponents(year: 1975, month: 1, day: 1))!
        let day = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: index / 400, to: base)!)
        let birth = String(format: "%04d%02d%02d", day.year!, day.month!, day.day!)
        let body = region + birth + String(format: "%03d", (index % 400) * 2 + 1)
        return body + String(checkCharacter(body))
    }

    /// `rows` valid people (the columns of RosterHarness.validPerson) with unique IDs and phones.
    static func roster(rows: Int, region: String, phonePrefix: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let base = calendar.date(from: DateComponents(year: 1975, month: 1, day: 1))!
        var days: [String] = []
        for offset in 0...(rows / 400) {
            let day = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: offset, to: base)!)
            days.append(String(format: "%04d%02d%02d", day.year!, day.month!, day.day!))
        }
        var lines = [headers.joined(separator: ",")]
        lines.reserveCapacity(rows + 1)
        for index in 0..<rows {
            let birth = days[index / 400]
            let body = region + birth + String(format: "%03d", (index % 400) * 2 + 1)
            let id = body + String(checkCharacter(body))
            let dashed = String(birth.prefix(4)) + "-" + String(birth.dropFirst(4).prefix(2)) + "-" + String(birth.suffix(2))
            lines.append(["张三", "居民身份证(户口簿)", id, "中国", "男", dashed, "汉族", phonePrefix + String(format: "%08d", index),
                          "325520", "中智四川经济技术合作有限公司", "研发中心", "成都市公安局武侯分局", "2016.05.10-2036.05.10",
                          "四川省成都市武侯区洗面桥横街1号", "四川省成都市武侯区洗面桥横街1号", "610041", "2", "本科", "成都银行", "武侯支行", "否"]
                .joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func writeRoster(_ name: String, rows: Int, region: String, phonePrefix: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try Self.roster(rows: rows, region: region, phonePrefix: phonePrefix).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testGeneratedRosterIsValid() throws {
        XCTAssertEqual(Self.generatedID(0, region: "510107"), "51010719750101001" + String(Self.checkCharacter("51010719750101001")))
        XCTAssertEqual(Self.checkCharacter("11010519491231002"), "X")  // GB 11643's example
        let path = try writeRoster("valid.csv", rows: 801, region: "510107", phonePrefix: "138")
        let run = try sscard(["validate", path, "--as-of", "2026-12-01", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stdout)
        let findings = try object(run)["findings"] as? [[String: Any]]
        XCTAssertEqual(findings?.count, 0)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 802)
        XCTAssertTrue(lines[801].contains(Self.generatedID(800, region: "510107")))
    }

    // MARK: - Import, re-import, SSCARD_STORE

    static let sampleImport = ["import", "samples/roster.xlsx", "--units", "samples/units.csv", "--as-of", "2026-12-01T09:00", "--lang", "en"]
    static let plantedRows = [4, 7, 10, 12, 14, 17, 19, 21, 22, 24, 26, 28]
    /// Row 7 (陈静): phone.format.
    static let row7 = "510112199507080866"

    func testOneNumberUnderTwoDocumentTypesInOneFileIsOnePersonAmended() throws {
        // Into an empty store rows are inserted at once; the second row's number is taken by
        // the first (the duplicate check keys passports by type), so it takes the lookup path.
        let sample = try String(contentsOf: Self.root.appendingPathComponent("samples/roster.csv"), encoding: .utf8)
        let lines = sample.replacingOccurrences(of: "\u{FEFF}", with: "").split(whereSeparator: \.isNewline).map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        func row(_ type: String, _ name: String, _ si: String) -> String {
            var cells = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            for (column, value) in [("姓名", name), ("证件类型", type), ("证件号码", "USA850315123456"), ("国籍", "美国"), ("民族", ""),
                                    ("出生日期", "1985-03-15"), ("社保号码", si)] {
                cells[header.firstIndex(of: column)!] = value
            }
            return cells.joined(separator: ",")
        }
        let roster = folder.appendingPathComponent("collide.csv")
        try ([lines[0], row("护照", "John Smith", "SI0001"), row("外国人永久居留身份证", "John Smythe", "SI0002")].joined(separator: "\n") + "\n")
            .write(to: roster, atomically: true, encoding: .utf8)
        let run = try sscard(["import", roster.path, "--store", store, "--as-of", "2026-12-01T09:00", "--format", "json", "--lang", "en"])
        XCTAssertEqual(run.status, 0, run.stderr + run.stdout)
        let report = try object(run)
        XCTAssertEqual(report["summary"] as? [String: Int],
                       ["rows": 2, "accepted": 1, "amended": 1, "unchanged": 0, "rejected": 0, "refused": 0])
        let shown = try sscard(["show", "USA850315123456", "--store", store, "--show-pii", "--lang", "en"])
        XCTAssertTrue(shown.stdout.contains("John Smythe"), shown.stdout + shown.stderr)
    }

    func testImportSamplesThenTheSameFileAgainThenThroughTheEnvironment() throws {
        let first = try sscard(Self.sampleImport + ["--store", store, "--format", "json"])
        XCTAssertEqual(first.status, 1, first.stderr)
        XCTAssertEqual(first.stderr, "")
        let report = try object(first)
        XCTAssertEqual(report["file"] as? String, "samples/roster.xlsx")
        XCTAssertEqual(report["submission"] as? Int, 1)
        XCTAssertEqual(report["submitted_at"] as? String, "2026-12-01T09:00:00")
        XCTAssertEqual(report["already_imported"] as? Bool, false)
        XCTAssertEqual(report["summary"] as? [String: Int],
                       ["rows": 30, "accepted": 18, "amended": 0, "unchanged": 0, "rejected": 12, "refused": 0])
        let rejected = report["rejected"] as? [[String: Any]] ?? []
        XCTAssertEqual(rejected.compactMap { $0["row"] as? Int }, Self.plantedRows)
        XCTAssertEqual(rejected.first(where: { $0["row"] as? Int == 7 })?["id_number"] as? String, "510112********0866")
        XCTAssertEqual(rejected.first(where: { $0["row"] as? Int == 7 })?["detail"] as? String, "phone.format")
        XCTAssertFalse(first.stdout.contains(Self.row7), "IDs are masked by default")
        XCTAssertEqual((report["refused"] as? [Any])?.count, 0)
        XCTAssertEqual((report["amended"] as? [Any])?.count, 0)

        let again = try sscard(Self.sampleImport + ["--store", store])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(again.stdout, "samples/roster.xlsx: this file was already imported at 2026-12-01T09:00:00 (submission 1); nothing changed\n")
        let againJSON = try object(try sscard(Self.sampleImport + ["--store", store, "--format", "json"]))
        XCTAssertEqual(againJSON["already_imported"] as? Bool, true)
        XCTAssertEqual(againJSON["submission"] as? Int, 1)
        XCTAssertEqual(againJSON["submitted_at"] as? String, "2026-12-01T09:00:00")
        if Self.sqlite3 != nil { XCTAssertEqual(try counts(), [18, 1, 12, 1]) }

        // SSCARD_STORE names the store when --store is absent.
        let defaultStore = Self.root.appendingPathComponent("sscard.db").path
        let hadDefault = FileManager.default.fileExists(atPath: defaultStore)
        let environment = ["SSCARD_STORE": store]
        let status = try sscard(["status", "--as-of", "2026-12-01T10:00", "--format", "json"], environment: environment)
        XCTAssertEqual(status.status, 0, status.stderr)
        XCTAssertEqual(try object(status)["counts"] as? [String: Int], ["accepted": 18, "rejected": 12, "due": 0, "exported": 0])
        let csv = try sscard(["import", "samples/roster.csv", "--units", "samples/units.csv", "--as-of", "2026-12-01T10:00",
                              "--format", "json", "--lang", "en"], environment: environment)
        XCTAssertEqual(csv.status, 1, csv.stderr)
        let summary = try object(csv)["summary"] as? [String: Int]
        XCTAssertEqual(summary?["rows"], 30)
        XCTAssertEqual(summary?["accepted"], 0, "the CSV holds the same people")
        XCTAssertEqual(summary?["unchanged"], 18)
        XCTAssertEqual(try object(csv)["submission"] as? Int, 2)
        XCTAssertEqual(FileManager.default.fileExists(atPath: defaultStore), hadDefault, "./sscard.db was touched")
        // --store wins over SSCARD_STORE.
        let other = folder.appendingPathComponent("other.db").path
        let explicit = try sscard(["status", "--store", other, "--lang", "en"], environment: environment)
        XCTAssertEqual(explicit.status, 2)
        XCTAssertEqual(explicit.stderr, "\(other): no store there; import a roster first with sscard import, or name the store with --store\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: other), "status created a store")
    }

    // MARK: - amend, list, status, log, show

    func testAmendListStatusLogAndShow() throws {
        XCTAssertEqual(try sscard(Self.sampleImport + ["--store", store]).status, 1)
        let amend = try sscard(["amend", Self.row7, "--set", "手机号码=13912345678", "--as-of", "2026-12-01T11:00", "--store", store, "--lang", "en"])
        XCTAssertEqual(amend.status, 0, amend.stderr)
        XCTAssertEqual(amend.stdout, "amended 510112********0866: phone; amendable until 2026-12-02T11:00:00\n")
        XCTAssertEqual(amend.stderr, "")

        let accepted = try array(try sscard(["list", "--status", "accepted", "--format", "json", "--show-pii", "--as-of", "2026-12-01T11:30",
                                             "--store", store]))
        XCTAssertEqual(accepted.count, 19)
        XCTAssertEqual(Set(accepted.compactMap { $0["status"] as? String }), ["accepted"])
        let entry = accepted.first { $0["id_number"] as? String == Self.row7 }
        XCTAssertEqual(entry?["name"] as? String, "陈静")
        XCTAssertEqual(entry?["submitted_at"] as? String, "2026-12-01T11:00:00")
        XCTAssertEqual(entry?["note"] as? String, "2026-12-02T11:00:00")
        XCTAssertEqual(Set(entry?.keys.map { $0 } ?? []), ["status", "id_number", "name", "unit", "submitted_at", "note"])
        let masked = try sscard(["list", "--status", "accepted", "--format", "json", "--as-of", "2026-12-01T11:30", "--store", store])
        XCTAssertTrue(masked.stdout.contains("\"510112********0866\""), masked.stdout)
        XCTAssertFalse(masked.stdout.contains(Self.row7))
        let rejected = try array(try sscard(["list", "--status", "rejected", "--format", "json", "--as-of", "2026-12-01T11:30", "--store", store]))
        XCTAssertEqual(rejected.count, 11)

        // Exactly 24 hours after the amendment that accepted it, the record is locked.
        let late = try sscard(["amend", Self.row7, "--set", "手机号码=13912345679", "--as-of", "2026-12-02T11:00", "--store", store, "--lang", "en"])
        XCTAssertEqual(late.status, 1)
        XCTAssertEqual(late.stdout, "")
        XCTAssertEqual(late.stderr, "the amendment window closed at 2026-12-02T11:00:00 (submitted 2026-12-01T11:00:00); the record is locked\n")
        let zh = try sscard(["amend", Self.row7, "--set", "phone=13912345679", "--as-of", "2026-12-02T11:00", "--store", store, "--lang", "zh"])
        XCTAssertEqual(zh.status, 1)
        XCTAssertTrue(zh.stderr.contains("修改期已于 2026-12-02T11:00:00 结束"), zh.stderr)

        let status = try sscard(["status", "--format", "json", "--as-of", "2026-12-01T11:30", "--store", store])
        XCTAssertEqual(status.status, 0, status.stderr)
        XCTAssertTrue(status.stdout.hasPrefix("{\"counts\":{\"accepted\":19,\"rejected\":11,\"due\":0,\"exported\":0},\"units\":["), status.stdout)
        let object = try object(status)
        XCTAssertEqual(Set(object.keys), ["counts", "units", "next_due", "submissions"])
        XCTAssertEqual((object["next_due"] as? [String: Any])?["at"] as? String, "2026-12-02T09:00:00")
        XCTAssertEqual((object["next_due"] as? [String: Any])?["count"] as? Int, 18)
        XCTAssertEqual(object["submissions"] as? Int, 1)
        let units = object["units"] as? [[String: Any]] ?? []
        XCTAssertEqual(units.reduce(0) { $0 + ($1["accepted"] as? Int ?? 0) }, 19)
        XCTAssertEqual(Set(units.flatMap(\.keys)), ["unit", "accepted", "due", "exported"])
        let dayLater = try self.object(try sscard(["status", "--format", "json", "--as-of", "2026-12-02T09:30", "--store", store]))
        XCTAssertEqual(dayLater["counts"] as? [String: Int], ["accepted": 1, "rejected": 11, "due": 18, "exported": 0])
        XCTAssertEqual((dayLater["next_due"] as? [String: Any])?["at"] as? String, "2026-12-02T11:00:00")
        XCTAssertEqual((dayLater["next_due"] as? [String: Any])?["count"] as? Int, 1)

        let log = try array(try sscard(["log", "--format", "json", "--store", store]))
        XCTAssertEqual(log.compactMap { $0["kind"] as? String }, ["import", "amend", "refuse", "refuse"])
        XCTAssertEqual(log.compactMap { $0["as_of"] as? String },
                       ["2026-12-01T09:00:00", "2026-12-01T11:00:00", "2026-12-02T11:00:00", "2026-12-02T11:00:00"])
        let realTimes = log.compactMap { $0["at"] as? String }
        XCTAssertEqual(realTimes.count, 4)
        XCTAssertEqual(realTimes, realTimes.sorted(), "events at the real time, in order")
        XCTAssertTrue(log.allSatisfy { !($0["user"] as? String ?? "").isEmpty })
        XCTAssertEqual(Set(log.flatMap(\.keys)), ["at", "user", "kind", "id_number", "detail", "as_of"])
        XCTAssertTrue(log[0]["id_number"] is NSNull)
        XCTAssertEqual(log[1]["id_number"] as? String, "510112********0866")
        XCTAssertEqual(log[1]["detail"] as? [String: String], ["changed": "phone", "source": "amend", "resolved": "rejected row"])
        let importDetail = log[0]["detail"] as? [String: String] ?? [:]
        XCTAssertEqual(importDetail["rows"], "30")
        XCTAssertEqual(importDetail["accepted"], "18")
        XCTAssertEqual(importDetail["rejected"], "12")
        XCTAssertEqual(importDetail["sha256"], Self.sha256(Self.root.appendingPathComponent("samples/roster.xlsx").path),
                       "a file hash is no personal data; masking digit runs in it corrupts it")
        let own = try array(try sscard(["log", Self.row7, "--format", "json", "--store", store]))
        XCTAssertEqual(own.compactMap { $0["kind"] as? String }, ["import", "amend", "refuse", "refuse"])  // the import that rejected the row
        XCTAssertEqual(Set(own.compactMap { $0["id_number"] as? String }), ["510112********0866"])

        let show = try sscard(["show", Self.row7, "--format", "json", "--as-of", "2026-12-01T11:30", "--store", store])
        XCTAssertEqual(show.status, 0, show.stderr)
        XCTAssertFalse(show.stdout.contains(Self.row7), "the ID must be masked")
        XCTAssertFalse(show.stdout.contains("13912345678"), "the phone must be masked")
        let detail = try self.object(show)
        XCTAssertEqual(Set(detail.keys), ["id_number", "status", "submitted_at", "window_closes_at", "batch", "fields", "findings", "images",
                                          "rejected_rows", "history", "check_code"])
        XCTAssertEqual(detail["id_number"] as? String, "510112********0866")
        XCTAssertEqual(detail["status"] as? String, "accepted")
        XCTAssertEqual(detail["submitted_at"] as? String, "2026-12-01T11:00:00")
        XCTAssertEqual(detail["window_closes_at"] as? String, "2026-12-02T11:00:00")
        XCTAssertTrue(detail["batch"] is NSNull)
        let fields = detail["fields"] as? [String: String] ?? [:]
        XCTAssertEqual(fields["phone"], "139****5678")
        XCTAssertEqual(fields["id_number"], "510112********0866")
        XCTAssertEqual(fields["name"], "陈静")
        XCTAssertEqual((detail["history"] as? [Any])?.count, 4)
        XCTAssertEqual((detail["rejected_rows"] as? [Any])?.count, 0)

        let pii = try self.object(try sscard(["show", Self.row7, "--format", "json", "--show-pii", "--as-of", "2026-12-01T11:30", "--store", store]))
        XCTAssertEqual(pii["id_number"] as? String, Self.row7)
        XCTAssertEqual((pii["fields"] as? [String: String])?["phone"], "13912345678")
        XCTAssertEqual((pii["fields"] as? [String: String])?["id_number"], Self.row7)

        let missing = try sscard(["show", "110105199001011232", "--store", store, "--lang", "en"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.stderr, "no one with ID number 110105********1232 in the store; see sscard list\n")
    }

    // MARK: - Images

    func testImportCopiesTheImagesOfAcceptedPeopleIntoTheStore() throws {
        let run = try sscard(Self.sampleImport + ["--photos", "samples/photos", "--idcards", "samples/idcards", "--store", store, "--format", "json"])
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertEqual((try object(run)["summary"] as? [String: Int])?["accepted"], 11)
        let images = store + ".images"
        let files = (FileManager.default.enumerator(atPath: images)?.allObjects as? [String] ?? []).filter { $0.contains("/") }
        let accepted = try array(try sscard(["list", "--status", "accepted", "--format", "json", "--show-pii", "--as-of", "2026-12-01T10:00",
                                             "--store", store])).compactMap { $0["id_number"] as? String }
        XCTAssertEqual(accepted.count, 11)
        var slots = 0
        var shas: [String] = []
        for id in accepted {
            let detail = try object(try sscard(["show", id, "--format", "json", "--show-pii", "--as-of", "2026-12-01T10:00", "--store", store]))
            let stored = detail["images"] as? [[String: Any]] ?? []
            let kinds = stored.compactMap { $0["slot"] as? String }
            XCTAssertEqual(kinds, id.hasPrefix("C") ? ["photo"] : ["idcard_emblem", "idcard_portrait", "photo"], id)
            for image in stored {
                slots += 1
                let name = image["file_name"] as? String ?? "?"
                let source = Self.root.appendingPathComponent(image["slot"] as? String == "photo" ? "samples/photos" : "samples/idcards")
                    .appendingPathComponent(name).path
                let sha = image["sha256"] as? String ?? "?"
                let copy = images + "/" + String(sha.prefix(2)) + "/" + sha
                XCTAssertEqual(image["bytes"] as? Int, Self.fileSize(source), name)
                XCTAssertEqual(Self.fileSize(copy), Self.fileSize(source), name)
                XCTAssertEqual(Self.sha256(copy), Self.sha256(source), name)
                XCTAssertEqual(sha, Self.sha256(source), name)
                shas.append(sha)
            }
        }
        XCTAssertEqual(slots, 31)
        XCTAssertEqual(Set(shas).count, 31, "the sample images are all different")
        // Every file is a registered image named by its hash, every registered image is there.
        XCTAssertEqual(Set(files), Set(files.map { name -> String in
            let sha = String(name.split(separator: "/").last ?? "")
            return String(sha.prefix(2)) + "/" + sha
        }))
        XCTAssertTrue(Set(shas.map { String($0.prefix(2)) + "/" + $0 }).isSubset(of: Set(files)))
        if Self.sqlite3 != nil {
            XCTAssertEqual(Set(try sql("SELECT path FROM image").split(separator: "\n").map(String.init)), Set(files))
        } else {
            XCTAssertGreaterThanOrEqual(files.count, 31)
        }
        // The same folders again: nothing new is copied.
        XCTAssertEqual(try sscard(Self.sampleImport + ["--photos", "samples/photos", "--idcards", "samples/idcards", "--store", store]).status, 0)
        XCTAssertEqual((FileManager.default.enumerator(atPath: images)?.allObjects as? [String] ?? []).filter { $0.contains("/") }.sorted(),
                       files.sorted())
    }

    /// Row 7 is rejected for its phone, not its images: fixing the phone must keep its photo and ID card.
    func testAmendingARowRejectedForItsPhoneKeepsItsImages() throws {
        XCTAssertEqual(try sscard(Self.sampleImport + ["--photos", "samples/photos", "--idcards", "samples/idcards", "--store", store]).status, 1)
        let amend = try sscard(["amend", Self.row7, "--set", "手机号码=13912345678", "--as-of", "2026-12-01T11:00", "--store", store, "--lang", "en"])
        XCTAssertEqual(amend.status, 0, amend.stderr)
        let detail = try object(try sscard(["show", Self.row7, "--format", "json", "--show-pii", "--as-of", "2026-12-01T11:00", "--store", store]))
        let stored = detail["images"] as? [[String: Any]] ?? []
        XCTAssertEqual(stored.compactMap { $0["slot"] as? String }, ["idcard_emblem", "idcard_portrait", "photo"])
        XCTAssertEqual(stored.first { $0["slot"] as? String == "photo" }?["sha256"] as? String,
                       Self.sha256(Self.root.appendingPathComponent("samples/photos/\(Self.row7).jpg").path))
    }

    // MARK: - Concurrency

    static let busy = ": the store is busy in another process (timed out waiting); try again later or wait longer with --wait\n"

    func seedStore() throws {
        let small = try writeRoster("small.csv", rows: 10, region: "510106", phonePrefix: "135")
        let run = try sscard(["import", small, "--as-of", "2026-12-01T08:00", "--store", store])
        XCTAssertEqual(run.status, 0, run.stderr)
    }

    func testTwoImportersAtOnceIntoOneStore() throws {
        try seedStore()
        let a = try writeRoster("a.csv", rows: 3000, region: "510107", phonePrefix: "137")
        let b = try writeRoster("b.csv", rows: 3000, region: "510104", phonePrefix: "139")
        let first = try launch(["import", a, "--as-of", "2026-12-01T09:00", "--store", store, "--lang", "en"])
        let second = try launch(["import", b, "--as-of", "2026-12-01T09:00", "--store", store, "--lang", "en"])
        let (one, two) = (try finish(first), try finish(second))
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertEqual(two.status, 0, two.stderr)
        XCTAssertTrue(one.stdout.hasPrefix("\(a): 3000 rows — 3000 accepted, 0 amended, 0 unchanged, 0 rejected, 0 refused"), one.stdout)
        XCTAssertTrue(two.stdout.hasPrefix("\(b): 3000 rows — 3000 accepted, 0 amended, 0 unchanged, 0 rejected, 0 refused"), two.stdout)
        let status = try object(try sscard(["status", "--format", "json", "--as-of", "2026-12-01T10:00", "--store", store]))
        XCTAssertEqual(status["counts"] as? [String: Int], ["accepted": 6010, "rejected": 0, "due": 0, "exported": 0])
        XCTAssertEqual(status["submissions"] as? Int, 3)
        if Self.sqlite3 != nil {
            XCTAssertEqual(try sql("PRAGMA integrity_check"), "ok")
            XCTAssertEqual(try counts(), [6010, 3, 0, 3])
        }
    }

    /// Two clerks start on a new workspace at the same moment: both imports land, neither is told
    /// the store is someone else's or fails with an internal error.
    func testTwoImportersAtOnceCreatingTheStore() throws {
        let a = try writeRoster("a.csv", rows: 200, region: "510107", phonePrefix: "137")
        let b = try writeRoster("b.csv", rows: 200, region: "510104", phonePrefix: "139")
        for round in 1...3 {
            let path = folder.appendingPathComponent("new-\(round).db").path
            let first = try launch(["import", a, "--as-of", "2026-12-01T09:00", "--store", path, "--lang", "en"])
            let second = try launch(["import", b, "--as-of", "2026-12-01T09:00", "--store", path, "--lang", "en"])
            let (one, two) = (try finish(first), try finish(second))
            XCTAssertEqual([one.status, two.status], [0, 0], "round \(round): \(one.stderr) \(two.stderr)")
            let status = try object(try sscard(["status", "--format", "json", "--as-of", "2026-12-01T10:00", "--store", path]))
            XCTAssertEqual((status["counts"] as? [String: Int])?["accepted"], 400, "round \(round)")
        }
    }

    /// The same file started twice at once: one import, one "already imported" — never exit 3.
    func testTheSameFileImportedTwiceAtOnce() throws {
        try seedStore()
        let a = try writeRoster("a.csv", rows: 3000, region: "510107", phonePrefix: "137")
        let first = try launch(["import", a, "--as-of", "2026-12-01T09:00", "--store", store, "--lang", "en"])
        let second = try launch(["import", a, "--as-of", "2026-12-01T09:00", "--store", store, "--lang", "en"])
        let runs = [try finish(first), try finish(second)]
        XCTAssertEqual(runs.map(\.status), [0, 0], runs.map(\.stderr).joined())
        XCTAssertEqual(runs.filter { $0.stdout.contains("this file was already imported at 2026-12-01T09:00:00") }.count, 1,
                       runs.map(\.stdout).joined())
        if Self.sqlite3 != nil { XCTAssertEqual(try counts(), [3010, 2, 0, 2]) }
    }

    func testAShortWaitFailsOnlyWithTheBusyMessageAndReadersGoOn() throws {
        guard Self.sqlite3 != nil else { throw XCTSkip("the sqlite3 command-line shell is not installed") }
        try seedStore()
        let a = try writeRoster("a.csv", rows: 10_000, region: "510107", phonePrefix: "137")
        let b = try writeRoster("b.csv", rows: 3000, region: "510104", phonePrefix: "139")
        let first = try launch(["import", a, "--as-of", "2026-12-01T09:00", "--store", store, "--lang", "en"])
        // Wait until the first importer is inside its write transaction.
        try waitUntilWriting(first)
        XCTAssertTrue(first.0.isRunning, "the first import ended before the second started")
        // Readers are not blocked by the import in progress, and do not see it.
        let reader = try sscard(["status", "--format", "json", "--as-of", "2026-12-01T10:00", "--store", store, "--wait", "0.001"])
        XCTAssertEqual(reader.status, 0, reader.stderr)
        XCTAssertEqual((try? object(reader))?["counts"] as? [String: Int], ["accepted": 10, "rejected": 0, "due": 0, "exported": 0])
        let second = try sscard(["import", b, "--as-of", "2026-12-01T09:00", "--store", store, "--wait", "0.001", "--lang", "en"])
        let one = try finish(first)
        XCTAssertEqual(one.status, 0, one.stderr)
        if second.status != 0 {
            XCTAssertEqual(second.status, 2)
            XCTAssertEqual(second.stderr, store + Self.busy)
            XCTAssertEqual(second.stdout, "")
        }
        let expected = 10_010 + (second.status == 0 ? 3000 : 0)
        let status = try object(try sscard(["status", "--format", "json", "--as-of", "2026-12-01T10:00", "--store", store]))
        XCTAssertEqual((status["counts"] as? [String: Int])?["accepted"], expected)
        if Self.sqlite3 != nil { XCTAssertEqual(try sql("PRAGMA integrity_check"), "ok") }
    }

    // MARK: - kill -9

    /// Waits until the import is inside its transaction and has been writing for `settle` seconds, then SIGKILLs it.
    func killMidTransaction(_ launched: (Process, URL, URL), settle: Double, file: StaticString = #filePath, line: UInt = #line) throws {
        try waitUntilWriting(launched, settle: settle)
        XCTAssertTrue(launched.0.isRunning, "the import ended before it could be killed", file: file, line: line)
        kill(launched.0.processIdentifier, SIGKILL)
        launched.0.waitUntilExit()
        XCTAssertEqual(launched.0.terminationReason, .uncaughtSignal, file: file, line: line)
        XCTAssertEqual(launched.0.terminationStatus, SIGKILL, file: file, line: line)
    }

    /// SSCARD_KILL_ROWS overrides the size of the killed roster. The debug binary imports about
    /// 10,000 rows a second here, so the default gives the kill three seconds of transaction to land in.
    static var killRows: Int { Int(ProcessInfo.processInfo.environment["SSCARD_KILL_ROWS"] ?? "") ?? 30_000 }

    func testAnImportKilledMidTransactionLeavesTheStoreAsItWas() throws {
        guard Self.sqlite3 != nil else { throw XCTSkip("the sqlite3 command-line shell is not installed") }
        try seedStore()
        let rows = Self.killRows
        let big = try writeRoster("big.csv", rows: rows, region: "510105", phonePrefix: "138")
        let before = try counts()
        XCTAssertEqual(before, [10, 1, 0, 1])
        try killMidTransaction(try launch(["import", big, "--as-of", "2026-12-01T09:00", "--store", store]), settle: 0.3)
        XCTAssertTrue(FileManager.default.fileExists(atPath: store + "-wal"))

        let status = try sscard(["status", "--format", "json", "--as-of", "2026-12-01T10:00", "--store", store])
        XCTAssertEqual(status.status, 0, status.stderr)
        XCTAssertEqual((try object(status)["counts"] as? [String: Int])?["accepted"], 10)
        XCTAssertEqual(try sql("PRAGMA integrity_check"), "ok")
        XCTAssertEqual(try counts(), before)
        XCTAssertEqual(try sql("SELECT count(*) FROM submission WHERE file_name = 'big.csv'"), "0")

        let again = try sscard(["import", big, "--as-of", "2026-12-01T09:30", "--store", store, "--lang", "en"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.hasPrefix("\(big): \(rows) rows — \(rows) accepted, 0 amended, 0 unchanged, 0 rejected, 0 refused"), again.stdout)
        XCTAssertEqual(try counts(), [10 + rows, 2, 0, 2])
        XCTAssertEqual(try sql("PRAGMA integrity_check"), "ok")
    }

    /// Killed during the very first import: the store was created and migrated (in the WAL) and
    /// must still be recognised as an sscard store afterwards.
    func testAStoreKilledDuringItsFirstImportStaysUsable() throws {
        guard Self.sqlite3 != nil else { throw XCTSkip("the sqlite3 command-line shell is not installed") }
        let a = try writeRoster("a.csv", rows: 10_000, region: "510107", phonePrefix: "137")
        // Past the creation's short transactions, into the import's own.
        try killMidTransaction(try launch(["import", a, "--as-of", "2026-12-01T09:00", "--store", store]), settle: 0.1)
        let status = try sscard(["status", "--format", "json", "--as-of", "2026-12-01T10:00", "--store", store, "--lang", "en"])
        XCTAssertEqual(status.status, 0, status.stderr)
        XCTAssertEqual((try? object(status))?["submissions"] as? Int, 0)
        let small = try writeRoster("small.csv", rows: 10, region: "510106", phonePrefix: "135")
        let again = try sscard(["import", small, "--as-of", "2026-12-01T09:30", "--store", store, "--lang", "en"])
        XCTAssertEqual(again.status, 0, again.stderr)
        if Self.sqlite3 != nil {
            XCTAssertEqual(try sql("PRAGMA integrity_check"), "ok")
            XCTAssertEqual(try sql("PRAGMA application_id"), "\(0x5353_4344)")
            XCTAssertEqual(try counts(), [10, 1, 0, 1])
        }
    }

    // MARK: - Stores that are not ours

    /// `sqliteSideFiles`: a store in WAL mode may get empty -wal/-shm files from a read-only look.
    func assertRefusedByEveryCommand(_ path: String, sqliteSideFiles: Bool = false, file: StaticString = #filePath, line: UInt = #line) throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for arguments in [["import", "samples/roster.csv"], ["status"], ["list"], ["show", Self.row7], ["log"],
                          ["amend", Self.row7, "--set", "phone=13912345678"]] {
            let run = try sscard(arguments + ["--store", path, "--lang", "en"])
            XCTAssertEqual(run.status, 2, "\(arguments): \(run.stderr)", file: file, line: line)
            XCTAssertEqual(run.stdout, "", "\(arguments)", file: file, line: line)
            XCTAssertEqual(run.stderr, "\(path): not an sscard store (not SQLite, damaged, or another program's database); it was left untouched, name the right file with --store\n",
                           "\(arguments)", file: file, line: line)
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before, "\(arguments) changed the file", file: file, line: line)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + ".images"), ".images was created", file: file, line: line)
        if sqliteSideFiles {
            XCTAssertEqual(Self.fileSize(path + "-wal"), 0, "something was written to the WAL", file: file, line: line)
        } else {
            for suffix in ["-wal", "-shm"] {
                XCTAssertFalse(FileManager.default.fileExists(atPath: path + suffix), "\(suffix) was created", file: file, line: line)
            }
        }
    }

    func testCorruptAndForeignStoresExitTwoUntouched() throws {
        let random = folder.appendingPathComponent("random.db").path
        var generator = SystemRandomNumberGenerator()
        try Data((0..<16384).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: URL(fileURLWithPath: random))
        try assertRefusedByEveryCommand(random)
        let text = folder.appendingPathComponent("roster-as-store.csv").path
        try FileManager.default.copyItem(atPath: Self.root.appendingPathComponent("samples/roster.csv").path, toPath: text)
        try assertRefusedByEveryCommand(text)
        if Self.sqlite3 != nil {
            let foreign = folder.appendingPathComponent("foreign.db").path
            _ = try sql("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (9.5);", foreign)
            try assertRefusedByEveryCommand(foreign)
        }
    }

    /// An sscard store whose pages are damaged (the header still says SSCD).
    func testADamagedStoreExitsTwoUntouched() throws {
        try seedStore()
        XCTAssertFalse(FileManager.default.fileExists(atPath: store + "-wal"))
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: store)))
        var generator = SystemRandomNumberGenerator()
        for index in 4096..<bytes.count { bytes[index] = UInt8.random(in: 0...255, using: &generator) }
        try Data(bytes).write(to: URL(fileURLWithPath: store))
        try FileManager.default.removeItem(atPath: store + ".images")
        try assertRefusedByEveryCommand(store, sqliteSideFiles: true)
    }
}
