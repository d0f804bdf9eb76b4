import Foundation
import XCTest

/// The installed layout: `PREFIX/bin/sscard` started through `PATH`, from any folder, finds
/// `PREFIX/share/sscard/schemas` beside itself; a binary with no tables anywhere says where it looked.
final class InstallTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-install-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func testInstalledBinaryStartedThroughPATHUsesItsOwnTables() throws {
        let prefix = folder.appendingPathComponent("prefix")
        let make = try CommandRun.run(URL(fileURLWithPath: "/usr/bin/make"),
                                      ["-s", "install-files", "PREFIX=\(prefix.path)", "BIN=\(BinaryTests.binary.path)"],
                                      environment: ["PATH": "/usr/bin:/bin"], in: BinaryTests.root)
        XCTAssertEqual(make.status, 0, make.stderr)
        let tables = prefix.appendingPathComponent("share/sscard/schemas")
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: prefix.appendingPathComponent("bin/sscard").path))
        // The man page and the three completion scripts go in with it, and man finds the page.
        for file in ["share/man/man1/sscard.1", "share/bash-completion/completions/sscard", "share/zsh/site-functions/_sscard",
                     "share/fish/vendor_completions.d/sscard.fish"] {
            let text = try String(contentsOf: prefix.appendingPathComponent(file), encoding: .utf8)
            XCTAssertTrue(text.contains("validate"), "\(file) is not installed or is empty")
        }
        let bash = try String(contentsOf: prefix.appendingPathComponent("share/bash-completion/completions/sscard"), encoding: .utf8)
        XCTAssertEqual(bash, try CommandRun.sscard(["--generate-completion-script", "bash"], environment: ["LANG": "C.UTF-8"]).stdout)
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/man") {
            let man = try CommandRun.run(URL(fileURLWithPath: "/usr/bin/man"), ["-M", prefix.appendingPathComponent("share/man").path, "-w", "sscard"],
                                         environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"], in: folder)
            XCTAssertEqual(man.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                           prefix.appendingPathComponent("share/man/man1/sscard.1").path, man.stderr)
        }
        // The installed header table learns a synonym the checkout's table does not know: only a
        // binary that reads the installed tables accepts the roster below.
        let headers = tables.appendingPathComponent("headers.tsv")
        let table = try String(contentsOf: headers, encoding: .utf8)
        let nameLine = try XCTUnwrap(table.components(separatedBy: "\n").first { $0.hasPrefix("name\t") })
        try table.replacingOccurrences(of: nameLine, with: nameLine + "|持卡人名称").write(to: headers, atomically: true, encoding: .utf8)
        let work = folder.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let roster = try String(contentsOf: BinaryTests.root.appendingPathComponent("samples/roster.csv"), encoding: .utf8)
        XCTAssertTrue(roster.hasPrefix("姓名,"))
        try ("持卡人名称" + roster.dropFirst(2)).write(to: work.appendingPathComponent("roster.csv"), atomically: true, encoding: .utf8)

        let run = try CommandRun.run(URL(fileURLWithPath: "/usr/bin/env"),
                                     ["sscard", "validate", "roster.csv", "--as-of", "2026-12-01", "--format", "json"],
                                     environment: ["PATH": prefix.appendingPathComponent("bin").path + ":/usr/bin:/bin", "LANG": "C.UTF-8"],
                                     in: work)
        XCTAssertEqual(run.status, 1, run.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let found = (object["findings"] as? [[String: Any]] ?? []).map { "\($0["row"] as? Int ?? 0) \($0["rule"] as? String ?? "")" }
        XCTAssertEqual(found, BinaryTests.planted.map { "\($0.0) \($0.1)" })
    }

    func testABinaryWithNoTablesAnywhereSaysWhereItLooked() throws {
        let bin = folder.appendingPathComponent("lonely/bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let copy = bin.appendingPathComponent("sscard")
        try FileManager.default.copyItem(at: BinaryTests.binary, to: copy)
        let roster = BinaryTests.root.appendingPathComponent("samples/roster.csv").path
        let run = try CommandRun.run(URL(fileURLWithPath: "/usr/bin/env"), ["sscard", "validate", roster, "--lang", "en"],
                                     environment: ["PATH": bin.path + ":/usr/bin:/bin", "LANG": "C.UTF-8"], in: folder)
        XCTAssertEqual(run.status, 3, run.stderr)
        XCTAssertEqual(run.stdout, "")
        XCTAssertTrue(run.stderr.contains(folder.appendingPathComponent("lonely/share/sscard/schemas").path), run.stderr)
        XCTAssertTrue(run.stderr.contains("SSCARD_SCHEMAS"), run.stderr)
        XCTAssertFalse(run.stderr.contains(BinaryTests.root.path), "a build path was searched: \(run.stderr)")

        // SSCARD_SCHEMAS points the copy at the tables.
        let pointed = try CommandRun.run(copy, ["validate", roster, "--as-of", "2026-12-01"],
                                         environment: ["SSCARD_SCHEMAS": BinaryTests.root.appendingPathComponent("schemas").path,
                                                       "LANG": "C.UTF-8"], in: folder)
        XCTAssertEqual(pointed.status, 1, pointed.stderr)
    }
}
