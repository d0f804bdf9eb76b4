import Foundation
import XCTest

/// Runs the built `sscard` binary on real files and checks exit codes, output and files.
final class BinaryTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    typealias Run = CommandRun

    static var binary: URL {
        let testBundle = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        for candidate in [testBundle.appendingPathComponent("sscard"), root.appendingPathComponent(".build/debug/sscard")]
        where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        return root.appendingPathComponent(".build/debug/sscard")
    }

    @discardableResult
    func sscard(_ arguments: [String], environment: [String: String] = ["LANG": "C.UTF-8"]) throws -> Run {
        try CommandRun.sscard(arguments, environment: environment)
    }

    func findings(_ run: Run) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        return object["findings"] as! [[String: Any]]
    }

    /// samples/EXPECTED.md: the planted mistakes and nothing else.
    static let planted: [(Int, String)] = [
        (4, "id.checksum"), (7, "phone.format"), (10, "expiry.window"), (12, "id.excel-number"), (14, "unit.missing"),
        (17, "expiry.expired"), (19, "postal.format"), (21, "code.education"), (22, "id.duplicate"), (24, "guardian.required"),
        (28, "id.gender-mismatch"),
    ]

    func testSampleXLSXListsExactlyThePlantedMistakes() throws {
        let run = try sscard(["validate", "samples/roster.xlsx", "--as-of", "2026-12-01", "--format", "json"])
        XCTAssertEqual(run.status, 1, run.stderr)
        let found = try findings(run).map { ($0["row"] as! Int, $0["rule"] as! String) }
        XCTAssertEqual(found.map { "\($0.0) \($0.1)" }, Self.planted.map { "\($0.0) \($0.1)" })
    }

    func testEveryRosterFormatGivesTheSameFindingsWithUnits() throws {
        let expected = (Self.planted + [(26, "unit.unknown")]).sorted { $0.0 < $1.0 }.map { "\($0.0) \($0.1)" }
        for roster in ["samples/roster.xlsx", "samples/roster.csv", "samples/roster-gb18030.csv"] {
            let run = try sscard(["validate", roster, "--units", "samples/units.csv", "--as-of", "2026-12-01", "--format", "json"])
            XCTAssertEqual(run.status, 1, roster)
            XCTAssertEqual(try findings(run).map { "\($0["row"] as! Int) \($0["rule"] as! String)" }, expected, roster)
        }
    }

    func testJSONIsByteIdenticalAndMasked() throws {
        let arguments = ["validate", "samples/roster.xlsx", "--as-of", "2026-12-01", "--format", "json"]
        let first = try sscard(arguments), second = try sscard(arguments)
        XCTAssertEqual(first.stdout, second.stdout)
        XCTAssertFalse(first.stdout.isEmpty)
        let ids = try findings(first).filter { $0["field"] as? String == "id_number" }.compactMap { $0["value"] as? String }
        XCTAssertTrue(ids.allSatisfy { $0.contains("*") || $0.contains("E+") || $0.contains("e+") }, "\(ids)")
    }

    func testShowPIIRevealsNumbers() throws {
        let run = try sscard(["validate", "samples/roster.csv", "--as-of", "2026-12-01", "--format", "json", "--show-pii"])
        let ids = try findings(run).filter { $0["rule"] as? String == "id.checksum" }.compactMap { $0["value"] as? String }
        XCTAssertEqual(ids.count, 1)
        XCTAssertFalse(ids[0].contains("*"))
    }

    func testReportFileIsPrivateAndStdoutStaysEmpty() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-e2e-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let report = folder.appendingPathComponent("report.csv").path
        let run = try sscard(["validate", "samples/roster.csv", "--as-of", "2026-12-01", "--format", "csv", "-o", report])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdout, "")
        let attributes = try FileManager.default.attributesOfItem(atPath: report)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let text = try String(contentsOfFile: report, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("row,column,field,rule,severity,message,value\r\n"))
        XCTAssertEqual(text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, 1 + 11)
    }

    func testLanguageFromFlagAndEnvironment() throws {
        let zh = try sscard(["validate", "samples/roster.csv", "--as-of", "2026-12-01"], environment: ["LANG": "zh_CN.UTF-8"])
        XCTAssertTrue(zh.stdout.contains("第 4 行"), zh.stdout)
        XCTAssertTrue(zh.stdout.contains("校验位不正确"))
        let en = try sscard(["validate", "samples/roster.csv", "--as-of", "2026-12-01", "--lang", "en"], environment: ["LANG": "zh_CN.UTF-8"])
        XCTAssertTrue(en.stdout.contains("row 4"))
        XCTAssertTrue(en.stdout.contains("fails its check digit"))
    }

    func testStrictTurnsWarningsIntoExitOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-e2e-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Keep only the valid rows of the sample and add an unknown column: a warning, no error.
        let lines = try String(contentsOfFile: Self.root.appendingPathComponent("samples/roster.csv").path, encoding: .utf8)
            .components(separatedBy: "\r\n")
        let bad = Set(Self.planted.map(\.0) + [26])
        var kept = [lines[0] + ",内部编码"]  // 备注 is a known column now
        for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty && !bad.contains(index + 1) {
            kept.append(line + ",")
        }
        let path = folder.appendingPathComponent("clean.csv").path
        try kept.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let relaxed = try sscard(["validate", path, "--as-of", "2026-12-01"])
        XCTAssertEqual(relaxed.status, 0, relaxed.stdout)
        XCTAssertTrue(relaxed.stdout.contains("roster.unknown-column"))
        XCTAssertEqual(try sscard(["validate", path, "--as-of", "2026-12-01", "--strict"]).status, 1)
    }

    func testUsageErrorsExitTwoWithOneLine() throws {
        for arguments in [["validate", "samples/roster.csv", "--bogus"],
                          ["validate", "samples/roster.csv", "--as-of", "2026-13-45"],
                          ["validate", "samples/roster.csv", "--format", "yaml"],
                          ["validate", "samples/no-such-roster.xlsx"],
                          ["validate", "samples/roster.csv", "--encoding", "latin1"],
                          ["validate", "samples/roster.csv", "--lang", "fr"],
                          ["validate"]] {
            let run = try sscard(arguments)
            XCTAssertEqual(run.status, 2, "\(arguments): \(run.stderr)")
            XCTAssertEqual(run.stdout, "", "\(arguments)")
            XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, "\(arguments): \(run.stderr)")
        }
    }

    func testMissingColumnsExitTwoNamingThem() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-e2e-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("short.csv").path
        try "姓名,证件号码,手机号码\n张三,510107199003071236,13800138000\n".write(toFile: path, atomically: true, encoding: .utf8)
        let run = try sscard(["validate", path, "--lang", "zh"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("缺少必需的列"), run.stderr)
        XCTAssertTrue(run.stderr.contains("邮政编码"), run.stderr)
    }

    func testHelpExitsZero() throws {
        let run = try sscard(["validate", "--help"])
        XCTAssertEqual(run.status, 0)
        XCTAssertTrue(run.stdout.contains("--as-of"))
    }
}
