import Foundation
import XCTest

/// `validate --format xlsx` killed while it writes: what is left beside the clerk's files is one
/// private folder (no loose temporary file with persons' data), and the next run removes it.
final class StagedWorkbookKillTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-staged-kill-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    private func names() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted() }

    func testAKilledReportLeavesOnlyItsPrivateFolderAndTheNextRunRemovesIt() throws {
        // The sample roster's people, repeated: every repeat is a duplicate finding to write.
        let sample = try String(contentsOf: BinaryTests.root.appendingPathComponent("samples/roster.csv"), encoding: .utf8)
        var lines = sample.split(whereSeparator: \.isNewline).map(String.init)  // CRLF is one Character
        let header = lines.removeFirst()
        XCTAssertGreaterThan(lines.count, 10)
        var body = [header]
        while body.count < 60_000 { body += lines }
        let roster = folder.appendingPathComponent("roster.csv").path
        try (body.joined(separator: "\n") + "\n").write(toFile: roster, atomically: true, encoding: .utf8)
        let report = folder.appendingPathComponent("report.xlsx").path
        let arguments = ["validate", roster, "--as-of", "2026-12-01", "--format", "xlsx", "-o", report]

        let process = Process()
        process.executableURL = BinaryTests.binary
        process.arguments = arguments
        process.currentDirectoryURL = BinaryTests.root
        process.environment = ["LANG": "C.UTF-8"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while !names().contains(where: { $0.hasPrefix(".report.xlsx.sscard-") }), process.isRunning, Date() < deadline { usleep(1000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal, "the run ended before the kill; make the roster larger")

        let left = names().filter { $0 != "roster.csv" }
        XCTAssertEqual(left.count, 1, "\(left)")
        let stray = try XCTUnwrap(left.first)
        XCTAssertTrue(stray.hasPrefix(".report.xlsx.sscard-\(process.processIdentifier)-"), stray)
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(stray).path)
        XCTAssertEqual(attributes[.type] as? FileAttributeType, .typeDirectory)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o700)

        let again = try CommandRun.sscard(arguments, environment: ["LANG": "C.UTF-8"])
        XCTAssertEqual(again.status, 1, again.stderr)
        XCTAssertEqual(names(), ["report.xlsx", "roster.csv"])
    }
}
