import Foundation
import XCTest

/// One parser per flag value for every command: the same `--as-of` everywhere, value lists in
/// `--help`, and every argument problem a one-line usage error with exit 2.
final class ArgumentTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-args-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func sscard(_ arguments: [String]) throws -> CommandRun {
        try CommandRun.sscard(arguments, environment: ["LANG": "C.UTF-8"])
    }

    func assertUsage(_ run: CommandRun, _ arguments: [String], mentions: String? = nil, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(run.status, 2, "\(arguments): \(run.stderr)", file: file, line: line)
        XCTAssertEqual(run.stdout, "", "\(arguments)", file: file, line: line)
        XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, "\(arguments): \(run.stderr)", file: file, line: line)
        if let mentions { XCTAssertTrue(run.stderr.contains(mentions), "\(arguments): \(run.stderr)", file: file, line: line) }
    }

    func testHelpListsTheValues() throws {
        let help = try sscard(["validate", "--help"])
        XCTAssertEqual(help.status, 0)
        let text = help.stdout.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        XCTAssertTrue(text.contains("--format <format> Report format (xlsx needs -o REPORT.xlsx). (values: text, json, csv, xlsx; default: text)"), help.stdout)
        XCTAssertTrue(text.contains("(values: zh, en)"), help.stdout)
        XCTAssertTrue(text.contains("(values: auto, utf-8, gb18030, utf-16; default: auto)"), help.stdout)
        XCTAssertTrue(text.contains("--as-of <YYYY-MM-DD[THH:MM[:SS]]>"), help.stdout)
        let list = try sscard(["list", "--help"]).stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        XCTAssertTrue(list.contains("values: accepted, rejected, due, exported"), list)
        XCTAssertTrue(list.contains("values: text, json"), list)
        let importHelp = try sscard(["import", "--help"])
        for flag in ["--units", "--photos", "--idcards", "--sheet", "--encoding", "--profile", "--as-of", "--store"] {
            XCTAssertTrue(importHelp.stdout.contains(flag), flag)
        }
    }

    func testBadValuesAreUsageErrorsNamingTheChoices() throws {
        for (arguments, mentions) in [(["validate", "samples/roster.csv", "--format", "yaml"], "'text', 'json', 'csv' or 'xlsx'"),
                                      (["validate", "samples/roster.csv", "--lang", "fr"], "'zh' and 'en'"),
                                      (["validate", "samples/roster.csv", "--encoding", "latin1"], "'auto', 'utf-8', 'gb18030' or 'utf-16'"),
                                      (["import", "samples/roster.csv", "--encoding", "latin1"], "'auto', 'utf-8', 'gb18030' or 'utf-16'"),
                                      (["list", "--format", "csv"], "'text' and 'json'"),
                                      (["list", "--status", "pending"], "'accepted', 'rejected', 'due' or 'exported'"),
                                      (["photos", "check", "samples/photos", "--format", "xml"], "'text', 'json' or 'csv'")] {
            assertUsage(try sscard(arguments), arguments, mentions: mentions)
        }
        // Spellings the enums accept.
        XCTAssertEqual(try sscard(["validate", "samples/roster.csv", "--as-of", "2026-12-01", "--format", "JSON", "--lang", "EN",
                                   "--encoding", "utf8"]).status, 1)
        XCTAssertEqual(try sscard(["validate", "samples/roster-gb18030.csv", "--as-of", "2026-12-01", "--encoding", "GBK"]).status, 1)
    }

    /// Under --lang zh the parser's own mistakes are said in Chinese too: no English library text.
    func testParserMistakesAreChineseUnderLangZh() throws {
        let cases: [([String], String)] = [
            (["validate", "samples/roster.csv", "--format", "yaml"], "--format <format> 的值「yaml」无效；可选的值: text、json、csv、xlsx"),
            (["validate", "samples/roster.csv", "--as-of", "2026-13-45"], "--as-of <YYYY-MM-DD[THH:MM[:SS]]> 的值「2026-13-45」无效"),
            (["list", "--status", "pending"], "可选的值: accepted、rejected、due、exported"),
            (["validate"], "缺少参数 <roster>"),
            (["validate", "samples/roster.csv", "--format"], "--format <format> 缺少值"),
            (["validate", "samples/roster.csv", "--nope"], "没有选项 --nope"),
            (["validate", "samples/roster.csv", "extra.csv"], "多余的参数 'extra.csv'"),
            (["validate", "samples/roster.csv", "--strict=3"], "--strict 不带值，但给了「3」"),
        ]
        for (arguments, mentions) in cases {
            let run = try sscard(arguments + ["--lang", "zh"])
            assertUsage(run, arguments, mentions: mentions)
            XCTAssertFalse(run.stderr.contains("The ") || run.stderr.contains("Missing") || run.stderr.contains("Unknown")
                           || run.stderr.contains("Unexpected") || run.stderr.contains("Please"), run.stderr)
        }
        // English stays the parser's own words.
        assertUsage(try sscard(["validate", "samples/roster.csv", "--format", "yaml", "--lang", "en"]), [],
                    mentions: "The value 'yaml' is invalid for '--format <format>'. Please provide one of 'text', 'json', 'csv' or 'xlsx'.")
    }

    /// Every command takes exactly the same --as-of values.
    func testOneAsOfForEveryCommand() throws {
        let store = folder.appendingPathComponent("s.db").path
        XCTAssertEqual(try sscard(["import", "samples/roster.csv", "--as-of", "2026-12-01T09:00", "--store", store]).status, 1)
        let commands: [[String]] = [["validate", "samples/roster.csv"], ["list", "--store", store], ["status", "--store", store],
                                    ["show", "510112199507080866", "--store", store], ["import", "samples/roster.xlsx", "--store", store],
                                    ["amend", "510112199507080866", "--set", "手机号码=13912345678", "--store", store]]
        for bad in ["2026-12-01T09:30:99", "2026-12-01T24:00", "2026-12-01T9:30", "2026-02-30", "2026-12-1", "2026-12-01T",
                    "T09:30", "2026-12-01  09:30", "2026/12/01", "+2026-12-01", "2026-12-01T09:30:5"] {
            for command in commands {
                assertUsage(try sscard(command + ["--as-of", bad]), command + [bad], mentions: "--as-of")
            }
        }
        for good in ["2026-12-01", "2026-12-01T09:30", "2026-12-01T09:30:15", "2026-12-01 09:30", "2026-12-01 09:30:59"] {
            XCTAssertEqual(try sscard(["validate", "samples/roster.csv", "--as-of", good]).status, 1, good)
            for command in [["list", "--store", store], ["status", "--store", store]] {
                let run = try sscard(command + ["--as-of", good])
                XCTAssertEqual(run.status, 0, "\(command) \(good): \(run.stderr)")
            }
        }
        // The time counts: at 09:30 the record imported at 09:00 is still open, a day later it is due.
        let open = try sscard(["list", "--status", "accepted", "--store", store, "--as-of", "2026-12-02 08:59:59", "--format", "json"])
        XCTAssertNotEqual(open.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "[]")
        let due = try sscard(["list", "--status", "accepted", "--store", store, "--as-of", "2026-12-02 09:00", "--format", "json"])
        XCTAssertEqual(due.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "[]")
    }

    /// Problems a command finds in its arguments (validate()) come before it touches anything.
    func testArgumentProblemsFoundBeforeAnythingRuns() throws {
        let store = folder.appendingPathComponent("none.db").path
        for (arguments, mentions) in [(["validate", "samples/roster.csv", "-o", "samples/roster.csv"], "overwrite the roster"),
                                      (["amend", "510112199507080866", "--set", "phone", "--store", store], "FIELD=VALUE"),
                                      (["amend", "510112199507080866", "--set", "=1", "--store", store], "FIELD=VALUE"),
                                      (["amend", "510112199507080866", "--store", store], "nothing to change"),
                                      (["photos", "fix", "samples/photos", folder.appendingPathComponent("out").path, "--max-bytes", "100"], "2000"),
                                      (["status", "--store", store, "--wait=-1"], "--wait")] {
            assertUsage(try sscard(arguments), arguments, mentions: mentions)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: store))
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
        let zh = try CommandRun.sscard(["amend", "510112199507080866", "--store", store, "--lang", "zh"], environment: ["LANG": "C.UTF-8"])
        XCTAssertEqual(zh.status, 2)
        XCTAssertTrue(zh.stderr.contains("没有要修改的内容"), zh.stderr)
    }
}
