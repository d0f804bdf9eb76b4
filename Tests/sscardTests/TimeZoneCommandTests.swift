import Foundation
import XCTest

/// The store keeps instants and every command reads and prints the office's wall clock
/// (profile `time_zone`, default Asia/Shanghai), whatever TZ the process runs under.
final class TimeZoneCommandTests: XCTestCase {
    var folder: URL!
    var store: String { folder.appendingPathComponent("s.db").path }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-tz-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func sscard(_ arguments: [String], tz: String) throws -> CommandRun {
        try CommandRun.sscard(arguments + ["--store", store], environment: ["LANG": "C.UTF-8", "TZ": tz])
    }

    func json(_ run: CommandRun) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], run.stdout + run.stderr)
    }

    func testDueAndLockedAnswersAndPrintedTimesAreTheSameUnderEveryTZ() throws {
        let imported = try sscard(["import", "samples/roster.xlsx", "--as-of", "2026-12-01T09:00", "--lang", "en", "--format", "json"], tz: "UTC")
        XCTAssertEqual(imported.status, 1, imported.stderr)
        XCTAssertEqual(try json(imported)["submitted_at"] as? String, "2026-12-01T09:00:00")
        if let shell = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"].first(where: FileManager.default.isExecutableFile) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: shell)
            process.arguments = [store, "SELECT DISTINCT submitted_at FROM person"]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(text, "2026-12-01T01:00:00Z\n", "the store keeps the instant")
        }
        var outputs: [String: [String]] = [:]
        for tz in ["UTC", "America/New_York", "Asia/Shanghai", "Pacific/Kiritimati"] {
            let before = try json(try sscard(["status", "--format", "json", "--as-of", "2026-12-02T08:59:59"], tz: tz))
            let after = try json(try sscard(["status", "--format", "json", "--as-of", "2026-12-02T09:00"], tz: tz))
            XCTAssertEqual((before["counts"] as? [String: Int])?["due"], 0, tz)
            XCTAssertEqual((before["counts"] as? [String: Int])?["accepted"], 19, tz)
            XCTAssertEqual((before["next_due"] as? [String: Any])?["at"] as? String, "2026-12-02T09:00:00", tz)
            XCTAssertEqual((after["counts"] as? [String: Int])?["due"], 19, tz)
            let show = try json(try sscard(["show", "510107198804120312", "--format", "json", "--as-of", "2026-12-01T12:00"], tz: tz))
            XCTAssertEqual(show["window_closes_at"] as? String, "2026-12-02T09:00:00", tz)
            let accepted = try sscard(["list", "--status", "accepted", "--as-of", "2026-12-01T12:00", "--lang", "en"], tz: tz)
            let log = try sscard(["log", "--lang", "en"], tz: tz)
            XCTAssertTrue(accepted.stdout.contains("\t2026-12-01T09:00:00\tamendable until 2026-12-02T09:00:00\n"), accepted.stdout)
            XCTAssertTrue(log.stdout.contains("as_of=2026-12-01T09:00:00"), log.stdout)
            outputs[tz] = [accepted.stdout, log.stdout, "\(show["status"] ?? "")", "\(show["submitted_at"] ?? "")"]
        }
        XCTAssertEqual(Set(outputs.values.map { $0.joined(separator: "|") }).count, 1, "\(outputs)")
    }

    func testAsOfIsTheOfficesWallClockFromTheProfile() throws {
        let profile = folder.appendingPathComponent("ny.json").path
        try #"{"time_zone": "America/New_York"}"#.write(toFile: profile, atomically: true, encoding: .utf8)
        // An office in New York imports at 09:00 its time (14:00 UTC); the window closes at 09:00 the next day there.
        let imported = try sscard(["import", "samples/roster.xlsx", "--as-of", "2026-12-01T09:00", "--profile", profile, "--format", "json"], tz: "Asia/Shanghai")
        XCTAssertEqual(try json(imported)["submitted_at"] as? String, "2026-12-01T09:00:00")
        let ny = try json(try sscard(["status", "--format", "json", "--as-of", "2026-12-02T08:59", "--profile", profile], tz: "UTC"))
        XCTAssertEqual((ny["counts"] as? [String: Int])?["due"], 0)
        XCTAssertEqual((ny["next_due"] as? [String: Any])?["at"] as? String, "2026-12-02T09:00:00")
        // Read by a Chengdu profile the same instants are 22:00 there.
        let chengdu = try json(try sscard(["status", "--format", "json", "--as-of", "2026-12-02T22:00"], tz: "UTC"))
        XCTAssertEqual((chengdu["counts"] as? [String: Int])?["due"], 19)
        let earlier = try json(try sscard(["status", "--format", "json", "--as-of", "2026-12-02T21:59"], tz: "UTC"))
        XCTAssertEqual((earlier["next_due"] as? [String: Any])?["at"] as? String, "2026-12-02T22:00:00")
    }

    /// A cron job under TZ=UTC and a clerk in Chengdu, both on the real clock: the same submission
    /// time, in Chengdu's wall clock, and the same window.
    func testTheRealClockIsTheOfficesWhateverTZ() throws {
        let imported = try sscard(["import", "samples/roster.xlsx", "--format", "json"], tz: "UTC")
        let submitted = try XCTUnwrap(try json(imported)["submitted_at"] as? String)
        var shanghai = Calendar(identifier: .gregorian)
        shanghai.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let formatter = DateFormatter()
        formatter.calendar = shanghai
        formatter.timeZone = shanghai.timeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        let printed = try XCTUnwrap(formatter.date(from: submitted), submitted)
        XCTAssertLessThan(abs(printed.timeIntervalSinceNow), 600, "\(submitted) is Chengdu's wall clock now")
        var answers: Set<String> = []
        for tz in ["UTC", "America/New_York", "Asia/Shanghai"] {
            let status = try json(try sscard(["status", "--format", "json"], tz: tz))
            let show = try json(try sscard(["show", "510107198804120312", "--format", "json"], tz: tz))
            XCTAssertEqual((status["counts"] as? [String: Int])?["accepted"], 19, tz)
            XCTAssertEqual(show["status"] as? String, "accepted", tz)
            answers.insert("\(show["submitted_at"] ?? "") \(show["window_closes_at"] ?? "") \((status["next_due"] as? [String: Any])?["at"] ?? "")")
        }
        XCTAssertEqual(answers.count, 1, "\(answers)")
        XCTAssertTrue(answers.first?.hasPrefix(submitted) == true, "\(answers)")
    }
}

/// An ordinary roster (序号, 备注, a 合计 line) through the binary (h8-clerk).
final class OrdinaryRosterCommandTests: XCTestCase {
    func testStrictRunsOnARosterWithSerialAndRemarkColumns() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-ordinary-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sample = try String(contentsOf: BinaryTests.root.appendingPathComponent("samples/roster.csv"), encoding: .utf8)
        let lines = sample.replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: "\r\n").flatMap { $0.components(separatedBy: "\n") }
        guard lines.count > 2 else { return XCTFail("samples/roster.csv has no rows") }
        // The header and the first (valid) person, with 序号 in front and 备注 at the end.
        let plain = ["序号," + lines[0] + ",备注", "1," + lines[1] + ",本人确认"].joined(separator: "\n") + "\n"
        let path = folder.appendingPathComponent("roster.csv").path
        try plain.write(toFile: path, atomically: true, encoding: .utf8)
        let strict = try CommandRun.sscard(["validate", path, "--strict", "--as-of", "2026-12-01", "--format", "json"], environment: ["LANG": "C.UTF-8"])
        XCTAssertEqual(strict.status, 0, strict.stdout + strict.stderr)
        let footer = plain + "合计：1人" + String(repeating: ",", count: lines[0].filter { $0 == "," }.count + 2) + "\n"
        try footer.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try CommandRun.sscard(["validate", path, "--as-of", "2026-12-01", "--format", "json"], environment: ["LANG": "C.UTF-8"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((object["summary"] as? [String: Int])?["rows"], 1)
        XCTAssertEqual((object["findings"] as? [[String: Any]])?.compactMap { $0["rule"] as? String }, ["roster.not-a-person"])
        XCTAssertEqual((object["findings"] as? [[String: Any]])?.first?["row"] as? Int, 3)
    }
}

/// `sscard discard` through the binary, on the sample's duplicate row (h8-clerk).
final class DiscardCommandTests: XCTestCase {
    func testDiscardTheSamplesDuplicateRowAndRefuseAnAcceptedRecord() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-discard-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = folder.appendingPathComponent("s.db").path
        func sscard(_ arguments: [String]) throws -> CommandRun {
            try CommandRun.sscard(arguments + ["--store", store, "--lang", "en"], environment: ["LANG": "C.UTF-8"])
        }
        XCTAssertEqual(try sscard(["import", "samples/roster.xlsx", "--as-of", "2026-12-01T09:00"]).status, 1)
        let missingReason = try sscard(["discard", "samples/roster.xlsx:22"])
        XCTAssertEqual(missingReason.status, 2)
        let discarded = try sscard(["discard", "roster.xlsx:22", "--reason", "duplicate of an accepted row", "--as-of", "2026-12-01T10:00"])
        XCTAssertEqual(discarded.status, 0, discarded.stderr)
        XCTAssertTrue(discarded.stdout.hasPrefix("discarded rejected row: roster.xlsx row 22 "), discarded.stdout)
        let again = try sscard(["discard", "roster.xlsx:22", "--reason", "again"])
        XCTAssertEqual(again.status, 2)
        XCTAssertTrue(again.stderr.contains("no open rejected row 'roster.xlsx:22'"), again.stderr)
        let accepted = try sscard(["discard", "510107198804120312", "--reason", "mistake"])
        XCTAssertEqual(accepted.status, 1)
        XCTAssertTrue(accepted.stderr.contains("is an accepted record, not a rejected row"), accepted.stderr)
        let log = try sscard(["log", "--format", "json"])
        let events = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]])
        let discard = try XCTUnwrap(events.first { $0["kind"] as? String == "discard" })
        XCTAssertEqual((discard["detail"] as? [String: String])?["reason"], "duplicate of an accepted row")
        XCTAssertEqual(discard["as_of"] as? String, "2026-12-01T10:00:00")
        let status = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try sscard(["status", "--format", "json"]).stdout.utf8)) as? [String: Any])
        XCTAssertEqual((status["counts"] as? [String: Int])?["rejected"], 10)  // 11 rejected without --units, one discarded
    }
}
