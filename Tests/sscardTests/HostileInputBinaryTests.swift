import Foundation
import XCTest

/// Hostile and damaged rosters through the real binary inside a 2 GiB address space
/// (`ulimit -v 2097152` in a child shell), as servers and containers run it: each must end in
/// exit 2 with one message on stderr, never a signal or a crash report.
final class HostileInputBinaryTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-hostile-bin-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    private struct Outcome {
        let reason: Process.TerminationReason
        let status: Int32
        let stderr: String
    }

    /// Runs `sscard arguments` under `ulimit -v 2097152`.
    private func limited(_ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -v 2097152 && exec \"$0\" \"$@\"", BinaryTests.binary.path] + arguments
        process.currentDirectoryURL = BinaryTests.root
        process.environment = ["LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"]
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(reason: process.terminationReason, status: process.terminationStatus,
                       stderr: String(decoding: stderr, as: UTF8.self))
    }

    private func assertCleanRefusal(_ arguments: [String], mentioning text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let outcome = try limited(arguments)
        XCTAssertEqual(outcome.reason, .exit, "killed by a signal: \(arguments)", file: file, line: line)
        XCTAssertEqual(outcome.status, 2, "\(arguments): \(outcome.stderr)", file: file, line: line)
        XCTAssertTrue(outcome.stderr.contains(text), "\(arguments): \(outcome.stderr)", file: file, line: line)
        XCTAssertFalse(outcome.stderr.contains("crashed") || outcome.stderr.contains("Backtrac") || outcome.stderr.contains("Fatal error"),
                       outcome.stderr, file: file, line: line)
        XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, "one message: \(outcome.stderr)", file: file, line: line)
    }

    private func fixture(_ name: String) -> String {
        BinaryTests.root.appendingPathComponent("Tests/SSCardKitTests/Fixtures").appendingPathComponent(name).path
    }

    /// A 4 MB workbook whose sheet inflates to 1 GB of identical valid rows (written by scripts/make-fixtures.py).
    func testOneGigabyteZipBombEndsCleanlyInsideTwoGiB() throws {
        let bomb = directory.appendingPathComponent("bomb.xlsx").path
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        python.arguments = [BinaryTests.root.appendingPathComponent("scripts/make-fixtures.py").path, "--big-zip-bomb", bomb]
        try python.run()
        python.waitUntilExit()
        XCTAssertEqual(python.terminationStatus, 0)
        try assertCleanRefusal(["validate", bomb], mentioning: "zip bomb")
        try assertCleanRefusal(["validate", bomb, "--lang", "zh"], mentioning: "压缩炸弹")
    }

    func testHostileFixturesEndCleanlyInsideTwoGiB() throws {
        let cases: [([String], String)] = [
            (["validate", fixture("overflow.xlsx"), "--sheet", "index"], "cell A2: shared string 999999**********9999"),  // masked like any long number
            (["validate", fixture("overflow.xlsx"), "--sheet", "column"], "ZZZZZZZZZZZZZZ1"),
            (["validate", fixture("zip-bomb.xlsx")], "zip bomb"),
            (["validate", fixture("xxe.xlsx")], "DTD"),
            (["validate", fixture("billion-laughs.xlsx")], "DTD"),
            (["validate", fixture("truncated.xlsx")], "not a usable XLSX"),
            (["validate", fixture("not-a-zip.xlsx")], "not a zip"),
            (["validate", fixture("bad-crc.xlsx")], "CRC"),
            (["validate", fixture("oversized-cell.xlsx")], "B3"),
            (["validate", fixture("encrypted.xlsx")], "password"),
            (["validate", fixture("legacy.xls")], "save it as .xlsx"),
            (["validate", fixture("encrypted.xlsx"), "--lang", "zh"], "密码"),
        ]
        for (arguments, text) in cases { try assertCleanRefusal(arguments, mentioning: text) }
    }

    func testTwentyMegabytesOfCommasEndCleanlyInsideTwoGiB() throws {
        let path = directory.appendingPathComponent("commas.csv").path
        let headers = "姓名,证件号码,证件类型,国籍,手机号码,参保单位编号,参保单位名称,现今工作单位,证件发证机关,证件有效期,户口所在地址,常住地址,邮政编码,职业,学历,开户银行"
        var bytes = Array((headers + "\n").utf8)
        bytes += [UInt8](repeating: 0x2C, count: 20_000_000)
        bytes.append(0x0A)
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        try assertCleanRefusal(["validate", path], mentioning: "line 2")
    }
}
