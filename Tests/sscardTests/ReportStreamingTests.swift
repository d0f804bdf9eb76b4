import Foundation
import XCTest

/// `validate` streams its findings into the report: memory does not grow with them, the bytes of
/// every format stay what they were, and a failed run leaves no report and no spool behind.
final class ReportStreamingTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-stream-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func names(_ url: URL) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted() }

    /// A roster of `count` rows built from the sample's first person, every row with two errors:
    /// a distinct 18-digit number with a wrong check digit (so the duplicate index grows) and a bad mobile.
    func allErrorRoster(rows count: Int, name: String = "all-errors.csv", trailer: String = "") throws -> URL {
        let lines = try String(contentsOf: BinaryTests.root.appendingPathComponent("samples/roster.csv"), encoding: .utf8)
            .replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: "\r\n")
        var template = lines[1].components(separatedBy: ",")
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let checks = Array("10X98765432")
        var out = lines[0] + "\n"
        out.reserveCapacity(count * (lines[1].utf8.count + 8))
        for index in 0..<count {
            let day = index / 1000
            let body = String(format: "510107%04d%02d%02d%03d", 1950 + day / 336, 1 + (day / 28) % 12, 1 + day % 28, index % 1000)
            let sum = zip(body.utf8, weights).reduce(0) { $0 + Int($1.0 - 48) * $1.1 }
            template[2] = body + String(checks[(sum % 11 + 1) % 11])  // never the right one
            template[7] = String(format: "2%010d", index)
            out += template.joined(separator: ",") + "\n"
        }
        let url = folder.appendingPathComponent(name)
        try (out + trailer).write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// Runs the binary under /usr/bin/time and returns its exit status and peak resident set (KiB).
    func peakKiB(_ arguments: [String]) throws -> (status: Int32, kib: Int) {
        let measure = folder.appendingPathComponent("time-\(UUID.scratchName)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        process.arguments = ["-f", "%M", "-o", measure.path, BinaryTests.binary.path] + arguments
        process.currentDirectoryURL = BinaryTests.root
        process.environment = ["LANG": "C.UTF-8"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let text = try String(contentsOf: measure, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.removeItem(at: measure)
        return (process.terminationStatus, Int(text.split(separator: "\n").last ?? "") ?? -1)
    }

    func testFindingsAreStreamedSoPeakMemoryDoesNotGrowWithThem() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/time") else { throw XCTSkip("needs /usr/bin/time (Debian package time)") }
        let small = try allErrorRoster(rows: 100, name: "small.csv")
        let large = try allErrorRoster(rows: 30_000, name: "large.csv")
        let report = folder.appendingPathComponent("report.json").path
        let base = try peakKiB(["validate", small.path, "--as-of", "2026-12-01", "--format", "json", "-o", report])
        // 60,000 error findings: held in memory they cost 60 MB and more; streamed, only the duplicate
        // index (a few bytes a row) and allocator slack remain.
        let run = try peakKiB(["validate", large.path, "--as-of", "2026-12-01", "--format", "json", "-o", report])
        XCTAssertEqual(base.status, 1)
        XCTAssertEqual(run.status, 1)
        XCTAssertGreaterThan(base.kib, 0)
        XCTAssertLessThan(run.kib - base.kib, 35 * 1024, "peak \(run.kib) KiB against \(base.kib) KiB for 100 rows")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as! [String: Any]
        let summary = object["summary"] as! [String: Int]
        XCTAssertEqual(summary["rows"], 30_000)
        XCTAssertEqual(summary["valid"], 0)
        XCTAssertEqual(summary["errors"], 60_000)
        let findings = object["findings"] as! [[String: Any]]
        XCTAssertEqual(findings.filter { $0["severity"] as? String == "error" }.count, 60_000)
        XCTAssertEqual(findings.last?["row"] as? Int, 30_001)
        XCTAssertEqual(names(folder), ["large.csv", "report.json", "small.csv"].sorted(), "no spool or temporary file is left")
    }

    /// The bytes of each format, captured from the build before findings were streamed. Since then one
    /// line changed on purpose: row 12's Excel-mangled number kept 16 of the 18 digits and is now masked.
    func testReportBytesAreUnchangedOnStandardOutputAndInAFile() throws {
        let fixtures = BinaryTests.root.appendingPathComponent("Tests/sscardTests/Fixtures/reports")
        let cases: [(String, [String])] = [
            ("roster.xlsx.json", ["validate", "samples/roster.xlsx", "--as-of", "2026-12-01", "--format", "json"]),
            ("roster.xlsx.csv", ["validate", "samples/roster.xlsx", "--as-of", "2026-12-01", "--format", "csv"]),
            ("roster.xlsx.txt", ["validate", "samples/roster.xlsx", "--as-of", "2026-12-01", "--format", "text"]),
            ("roster.xlsx.zh.txt", ["validate", "samples/roster.xlsx", "--as-of", "2026-12-01", "--format", "text", "--lang", "zh"]),
            ("roster.csv.show-pii.csv", ["validate", "samples/roster.csv", "--as-of", "2026-12-01", "--format", "csv", "--show-pii"]),
            ("roster.xlsx.images.txt", ["validate", "samples/roster.xlsx", "--units", "samples/units.csv", "--photos", "samples/photos",
                                        "--idcards", "samples/idcards", "--as-of", "2026-12-01", "--format", "text"]),
        ]
        for (name, arguments) in cases {
            if ProcessInfo.processInfo.environment["SSCARD_RECORD_GOLDEN"] != nil {  // re-record: SSCARD_RECORD_GOLDEN=1 swift test
                let recorded = try CommandRun.sscard(arguments, environment: ["LANG": "C.UTF-8"])
                try recorded.stdout.write(to: fixtures.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            // Bytes, not Strings: Foundation drops a leading byte-order mark when it decodes a file.
            let expected = String(decoding: try Data(contentsOf: fixtures.appendingPathComponent(name)), as: UTF8.self)
            let run = try CommandRun.sscard(arguments, environment: ["LANG": "C.UTF-8"])
            XCTAssertEqual(run.status, 1, name)
            XCTAssertEqual(run.stdout, expected, name)
            let file = folder.appendingPathComponent(name).path
            let toFile = try CommandRun.sscard(arguments + ["-o", file], environment: ["LANG": "C.UTF-8"])
            XCTAssertEqual(toFile.stdout, "", name)
            XCTAssertEqual(String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self), expected, name)
        }
        XCTAssertEqual(names(folder), cases.map(\.0).sorted())
    }

    func testRunThatFailsHalfWayLeavesNoReportNoSpoolAndNoHalfOutput() throws {
        // 2,000 rows of findings, then a quote that is never closed: exit 2 after the findings were written.
        let roster = try allErrorRoster(rows: 2000, trailer: "\"unclosed,")
        let spools = folder.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: spools, withIntermediateDirectories: false)
        for format in ["json", "csv", "text"] {
            let report = folder.appendingPathComponent("report.\(format)").path
            let toFile = try CommandRun.sscard(["validate", roster.path, "--as-of", "2026-12-01", "--format", format, "-o", report],
                                               environment: ["LANG": "C.UTF-8", "TMPDIR": spools.path])
            XCTAssertEqual(toFile.status, 2, toFile.stderr)
            XCTAssertTrue(toFile.stderr.contains("2002"), toFile.stderr)
            let toStdout = try CommandRun.sscard(["validate", roster.path, "--as-of", "2026-12-01", "--format", format],
                                                 environment: ["LANG": "C.UTF-8", "TMPDIR": spools.path])
            XCTAssertEqual(toStdout.status, 2, toStdout.stderr)
            XCTAssertEqual(toStdout.stdout, "", format)
        }
        XCTAssertEqual(names(folder), ["all-errors.csv", "tmp"], "no report, no temporary file")
        XCTAssertEqual(names(spools), [], "no spool")
    }

    func testSpoolGoesToTMPDIRForStandardOutputAndIsNeverLeft() throws {
        let spools = folder.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: spools, withIntermediateDirectories: false)
        let run = try CommandRun.sscard(["validate", "samples/roster.csv", "--as-of", "2026-12-01", "--format", "json"],
                                        environment: ["LANG": "C.UTF-8", "TMPDIR": spools.path])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stdout.hasSuffix("\n]}\n"))
        XCTAssertEqual(names(spools), [])
        // A TMPDIR that cannot be written is an error naming it, not a crash or a lost report.
        let missing = folder.appendingPathComponent("no-such-folder").path
        let refused = try CommandRun.sscard(["validate", "samples/roster.csv", "--as-of", "2026-12-01", "--format", "json"],
                                            environment: ["LANG": "C.UTF-8", "TMPDIR": missing])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains(missing) && refused.stderr.contains("ENOENT"), refused.stderr)
    }
}
