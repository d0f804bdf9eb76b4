import Foundation
import XCTest

/// The progress bar and colours, under a real pseudo-terminal (`script`) and without one.
final class TerminalTests: XCTestCase {
    var folder: URL!
    var roster: String!

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { throw XCTSkip("script (util-linux) is not installed") }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-terminal-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // 12,000 rows: the sample people over and over (duplicates are findings, which is fine here).
        let sample = try String(contentsOf: BinaryTests.root.appendingPathComponent("samples/roster.csv"), encoding: .utf8)
        let lines = sample.split(separator: "\r\n").map(String.init)
        var text = lines[0] + "\n"
        for _ in 0..<400 { text += lines.dropFirst().joined(separator: "\n") + "\n" }
        roster = folder.appendingPathComponent("big.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: roster))
    }

    override func tearDownWithError() throws {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    /// Runs sscard with a pseudo-terminal as stdin, stdout and stderr; returns what the terminal showed.
    func onTerminal(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandRun {
        let quoted = ([BinaryTests.binary.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        var env = ["LANG": "C.UTF-8", "TERM": "xterm", "PATH": "/usr/bin:/bin"]
        env.merge(environment) { $1 }
        return try Python.run(URL(fileURLWithPath: "/usr/bin/script"), ["-q", "-e", "-c", quoted.joined(separator: " "), "/dev/null"],
                              environment: env)
    }

    func testValidateDrawsAProgressBarOnATerminal() throws {
        let run = try onTerminal(["validate", roster, "--as-of", "2026-12-01", "--format", "json", "-o", "/dev/null", "--lang", "en"])
        XCTAssertEqual(run.status, 1, run.stdout)
        XCTAssertTrue(run.stdout.contains("validating"), run.stdout)
        XCTAssertTrue(run.stdout.contains("/12,000 rows"), run.stdout)
        XCTAssertTrue(run.stdout.contains("rows/s"), run.stdout)
        XCTAssertTrue(run.stdout.contains(" left"), run.stdout)
        // The bar is cleared, then the one-line summary a person at a terminal reads is the last thing shown.
        let cleared = try XCTUnwrap(run.stdout.range(of: "\r\u{1B}[K", options: .backwards), "the bar is never cleared")
        let after = run.stdout[cleared.upperBound...]
        XCTAssertTrue(after.hasPrefix(roster + ": 12000 rows") || after.hasPrefix(roster + ": 12,000 rows"), String(after))
        XCTAssertFalse(after.contains("rows/s"), "the bar is drawn again after it was cleared: \(after)")
    }

    func testImportDrawsAProgressBarInChinese() throws {
        let smaller = folder.appendingPathComponent("import.csv").path
        let lines = try String(contentsOfFile: roster, encoding: .utf8).split(separator: "\n")
        try Data((lines.prefix(6_001).joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: smaller))
        let run = try onTerminal(["import", smaller, "--store", folder.appendingPathComponent("s.db").path, "--as-of", "2026-12-01T09:00", "--lang", "zh"])
        XCTAssertTrue(run.stdout.contains("导入"), run.stdout)
        XCTAssertTrue(run.stdout.contains("行/秒"), run.stdout)
        XCTAssertTrue(run.stdout.contains("剩余"), run.stdout)
    }

    func testPhotosFixDrawsAProgressBar() throws {
        let photos = BinaryTests.root.appendingPathComponent("samples/photos").path
        let count = try FileManager.default.contentsOfDirectory(atPath: photos).filter { !$0.hasPrefix(".") }.count
        let run = try onTerminal(["photos", "fix", photos, folder.appendingPathComponent("fixed").path, "--lang", "en"])
        XCTAssertTrue(run.stdout.contains("fixing photos"), run.stdout)
        XCTAssertTrue(run.stdout.contains("/\(count) photos"), run.stdout)
    }

    func testMergeDrawsAProgressBar() throws {
        let cards = BinaryTests.root.appendingPathComponent("samples/idcards").path
        let run = try onTerminal(["merge", "--idcards", cards, "-o", folder.appendingPathComponent("merged").path, "--lang", "en"])
        XCTAssertTrue(run.stdout.contains("merging ID cards"), run.stdout)
        XCTAssertTrue(run.stdout.contains(" people"), run.stdout)
    }

    /// A store with the sample roster's accepted people, due for the batch on 2026-12-02.
    func sampleStore() throws -> String {
        let store = folder.appendingPathComponent("export.db").path
        let sample = BinaryTests.root.appendingPathComponent("samples/roster.csv").path
        let imported = try CommandRun.sscard(["import", sample, "--store", store, "--as-of", "2026-12-01T09:00", "--lang", "en"],
                                             environment: ["LANG": "C.UTF-8"])
        XCTAssertEqual(imported.status, 1, imported.stderr)  // the samples carry planted mistakes
        return store
    }

    func testExportDrawsAProgressBarAndClearsItBeforeTheReport() throws {
        let store = try sampleStore()
        let run = try onTerminal(["export", "--out", folder.appendingPathComponent("batches").path, "--store", store,
                                  "--as-of", "2026-12-02T10:00", "--lang", "en"])
        XCTAssertTrue(run.stdout.contains("exporting"), run.stdout)
        XCTAssertTrue(run.stdout.contains("/19 persons"), run.stdout)
        let cleared = try XCTUnwrap(run.stdout.range(of: "\r\u{1B}[K", options: .backwards), "the bar is never cleared")
        XCTAssertTrue(run.stdout[cleared.upperBound...].hasPrefix("batch-325520-20261202-1: 19 persons"), run.stdout)
        let quiet = try onTerminal(["export", "--out", folder.appendingPathComponent("again").path, "--store", store,
                                    "--as-of", "2026-12-03T10:00", "--lang", "zh", "--quiet"])
        XCTAssertFalse(quiet.stdout.contains("报送批次"), quiet.stdout)
    }

    func testFormFolderDrawsAProgressBarInChinese() throws {
        let store = try sampleStore()
        let run = try onTerminal(["form", "--status", "accepted", "--out", folder.appendingPathComponent("forms").path, "--store", store,
                                  "--as-of", "2026-12-01T10:00", "--lang", "zh"])
        XCTAssertTrue(run.stdout.contains("生成登记表"), run.stdout)
        XCTAssertTrue(run.stdout.contains("/20 个文件"), run.stdout)  // 19 forms and forms-all.pdf
    }

    func testNoProgressUnderQuietOrWithoutATerminal() throws {
        let quiet = try onTerminal(["validate", roster, "--as-of", "2026-12-01", "--format", "json", "-o", "/dev/null", "--lang", "en", "--quiet"])
        XCTAssertFalse(quiet.stdout.contains("validating"), quiet.stdout)
        XCTAssertFalse(quiet.stdout.contains("rows/s"), quiet.stdout)
        // As in cron: stderr is a pipe.
        let piped = try CommandRun.sscard(["validate", roster, "--as-of", "2026-12-01", "--format", "json", "-o", "/dev/null", "--lang", "en"],
                                          environment: ["LANG": "C.UTF-8"])
        XCTAssertEqual(piped.status, 1)
        XCTAssertEqual(piped.stderr, "")
    }

    func testColourOnATerminalUnlessNoColor() throws {
        let arguments = ["validate", "samples/roster.csv", "--as-of", "2026-12-01", "--lang", "en"]
        let sample = BinaryTests.root.appendingPathComponent("samples/roster.csv").path
        let coloured = try onTerminal(["validate", sample] + arguments.dropFirst(2))
        XCTAssertTrue(coloured.stdout.contains("\u{1B}[31merror"), coloured.stdout)
        let plain = try onTerminal(["validate", sample] + arguments.dropFirst(2), environment: ["NO_COLOR": "1"])
        XCTAssertTrue(plain.stdout.contains("error"), plain.stdout)
        XCTAssertFalse(plain.stdout.contains("\u{1B}[3"), plain.stdout)
    }
}
