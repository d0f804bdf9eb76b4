import Foundation
import XCTest

/// Reports a clerk opens where they work: CSV in Chinese Excel, text in a GBK terminal, the
/// summary on a terminal when the report goes to a file (h8-clerk).
final class ClerkOutputTests: XCTestCase {
    /// Runs the binary and returns its raw standard output and error.
    func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> (status: Int32, out: Data, err: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = BinaryTests.root
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, stdout, stderr)
    }

    func testCSVReportsOpenInChineseExcel() throws {
        let result = try run(BinaryTests.binary.path, ["validate", "samples/roster.csv", "--as-of", "2026-12-01", "--format", "csv", "--lang", "zh"],
                             environment: ["LANG": "C.UTF-8"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(Array(result.out.prefix(3)), [0xEF, 0xBB, 0xBF], "UTF-8 with a byte-order mark")
        let text = String(decoding: result.out.dropFirst(3), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("row,column,field,rule,severity,message,value\r\n"))
        let bareLF = zip(Array(result.out), Array(result.out.dropFirst())).filter { $0.1 == 0x0A && $0.0 != 0x0D }
        XCTAssertTrue(bareLF.isEmpty, "every line ends CRLF")
    }

    func testTextFollowsAGBKLocale() throws {
        let arguments = ["validate", "samples/roster.csv", "--as-of", "2026-12-01", "--lang", "zh"]
        let utf8 = try run(BinaryTests.binary.path, arguments, environment: ["LANG": "zh_CN.UTF-8"])
        let gbk = try run(BinaryTests.binary.path, arguments, environment: ["LANG": "zh_CN.GBK"])
        XCTAssertEqual(gbk.status, 1)
        XCTAssertNotEqual(gbk.out, utf8.out)
        XCTAssertNil(String(data: gbk.out, encoding: .utf8), "GB18030 bytes are not UTF-8")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gbk-\(UUID.scratchName).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        try gbk.out.write(to: file)
        let decoded = try run("/usr/bin/iconv", ["-f", "GB18030", "-t", "UTF-8", file.path], environment: [:])
        XCTAssertEqual(decoded.status, 0)
        XCTAssertEqual(decoded.out, utf8.out, "the same report, in GB18030")
        // An error on stderr, too.
        let missing = try run(BinaryTests.binary.path, ["validate", "no-such.csv", "--lang", "zh"], environment: ["LANG": "zh_CN.GBK"])
        try missing.err.write(to: file)
        let message = try run("/usr/bin/iconv", ["-f", "GB18030", "-t", "UTF-8", file.path], environment: [:])
        XCTAssertTrue(String(decoding: message.out, as: UTF8.self).contains("no-such.csv"))
        XCTAssertNil(String(data: missing.err, encoding: .utf8))
        // JSON stays UTF-8 (the machine contract).
        let json = try run(BinaryTests.binary.path, arguments + ["--format", "json"], environment: ["LANG": "zh_CN.GBK"])
        XCTAssertNotNil(String(data: json.out, encoding: .utf8))
    }

    func testALocaleWhoseEncodingIsNotWrittenIsSaid() throws {
        let result = try run(BinaryTests.binary.path, ["validate", "samples/roster.csv", "--as-of", "2026-12-01", "--lang", "en"],
                             environment: ["LANG": "de_DE.ISO-8859-1"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(String(decoding: result.err, as: UTF8.self).contains("output is UTF-8 (the locale's encoding ISO-8859-1 is not supported)"))
        XCTAssertNotNil(String(data: result.out, encoding: .utf8))
    }

    func testOutputToAFileStillPrintsTheSummaryForAPersonAtATerminal() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { throw XCTSkip("script(1) is not installed") }
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID.scratchName).txt").path
        defer { try? FileManager.default.removeItem(atPath: report) }
        let command = "\(BinaryTests.binary.path) validate samples/roster.csv --as-of 2026-12-01 --lang en -o \(report)"
        // script(1) gives the command a terminal; its output is what the terminal showed.
        let shown = try run("/usr/bin/script", ["-qec", command, "/dev/null"], environment: ["LANG": "C.UTF-8", "TERM": "dumb"])
        let text = String(decoding: shown.out, as: UTF8.self)
        XCTAssertTrue(text.contains("samples/roster.csv: 30 rows, 19 without errors; 11 errors, 0 warnings (as of 2026-12-01) (report written to \(report))"), text)
        XCTAssertTrue(FileManager.default.fileExists(atPath: report))
        // Not at a terminal (a cron job): nothing on stderr.
        let quiet = try run(BinaryTests.binary.path, ["validate", "samples/roster.csv", "--as-of", "2026-12-01", "-o", report], environment: ["LANG": "C.UTF-8"])
        XCTAssertEqual(quiet.err, Data())
    }

    func testMessagesNameThePersonQuoteCodeTablesOnceAndShowOriginalsWithShowPII() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-msg-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sample = try String(contentsOf: BinaryTests.root.appendingPathComponent("samples/roster.csv"), encoding: .utf8)
        var lines = sample.replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: "\r\n").filter { !$0.isEmpty }
        guard lines.count > 3 else { return XCTFail("samples/roster.csv has no rows") }
        // Row 2: a 10-digit phone written with spaces; rows 2 and 3: an education not in the table.
        let column = try XCTUnwrap(lines[0].components(separatedBy: ",").firstIndex(of: "学历"))
        for index in [1, 2] {
            var cells = lines[index].components(separatedBy: ",")
            cells[column] = "博士后"
            lines[index] = cells.joined(separator: ",")
        }
        lines[1] = lines[1].replacingOccurrences(of: "13633446491", with: "136 3344 649")
        let path = folder.appendingPathComponent("roster.csv").path
        try lines.prefix(3).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let base = [BinaryTests.binary.path, "validate", path, "--as-of", "2026-12-01", "--lang", "en"]
        let text = String(decoding: try run(base[0], Array(base.dropFirst()), environment: ["LANG": "C.UTF-8"]).out, as: UTF8.self)
        XCTAssertTrue(text.contains("row 2 张伟\n"), text)
        XCTAssertTrue(text.contains("normalised from '…'"), "a masked field's original stays hidden: \(text)")
        XCTAssertFalse(text.contains("136 3344 649"))
        let educations = text.components(separatedBy: "\n").filter { $0.contains("[code.education]") }
        XCTAssertEqual(educations.count, 2, text)
        XCTAssertEqual(educations.first?.contains("quoted on row"), false, text)
        XCTAssertGreaterThan(educations.first?.count ?? 0, (educations.last?.count ?? 0) + 20, "the table itself is quoted once")
        XCTAssertTrue(educations.last?.contains("(the code table is quoted on row 2)") == true, text)
        let full = String(decoding: try run(base[0], Array(base.dropFirst()) + ["--show-pii"], environment: ["LANG": "C.UTF-8"]).out, as: UTF8.self)
        XCTAssertTrue(full.contains("normalised from '136 3344 649'"), full)
    }
}
