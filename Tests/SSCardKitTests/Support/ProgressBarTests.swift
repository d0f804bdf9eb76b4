import Foundation
import XCTest
@testable import SSCardKit

final class ProgressBarTests: XCTestCase {
    func testLineShowsCountRateAndTimeLeft() {
        let bar = ProgressBar(label: "校验", unit: "行", total: 100_000, language: .zh, options: .init(isTerminal: true)) { _ in }
        let line = bar.line(done: 60_000, elapsed: 5)
        XCTAssertEqual(line, "校验  [██████████████░░░░░░░░░░]   60%  60,000/100,000 行  12,000 行/秒  剩余 0:04")
        let english = ProgressBar(label: "importing", unit: "rows", total: nil, language: .en, options: .init(isTerminal: true)) { _ in }
        XCTAssertEqual(english.line(done: 1_234_567, elapsed: 10), "importing  1,234,567 rows  123,456 rows/s")
        XCTAssertEqual(ProgressBar.clock(3_725), "1:02:05")
    }

    func testDrawsOnlyOnATerminalAndNotWhenQuiet() {
        final class Sink: @unchecked Sendable { var text = "" }
        for (quiet, terminal, draws) in [(false, true, true), (true, true, false), (false, false, false)] {
            let sink = Sink()
            let bar = ProgressBar(label: "x", unit: "rows", total: 10, language: .en, options: .init(quiet: quiet, isTerminal: terminal)) { sink.text += $0 }
            bar.update(5)
            bar.finish()
            XCTAssertEqual(!sink.text.isEmpty, draws, "quiet \(quiet) terminal \(terminal)")
        }
    }

    func testNoColorAndDumbTerminals() {
        XCTAssertTrue(Terminal.colorAllowed(isTerminal: true, environment: [:]))
        XCTAssertFalse(Terminal.colorAllowed(isTerminal: false, environment: [:]))
        XCTAssertFalse(Terminal.colorAllowed(isTerminal: true, environment: ["NO_COLOR": "1"]))
        XCTAssertTrue(Terminal.colorAllowed(isTerminal: true, environment: ["NO_COLOR": ""]), "an empty NO_COLOR does not count")
        XCTAssertFalse(Terminal.colorAllowed(isTerminal: true, environment: ["TERM": "dumb"]))
    }

    func testCSVRowEstimate() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("estimate-\(UUID.scratchName).csv").path
        try Data("a,b\r\n1,2\r\n3,4".utf8).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        XCTAssertEqual(RosterSize.estimatedRows(path: path), 2)
        XCTAssertNil(RosterSize.estimatedRows(path: "roster.xlsx"))
    }
}
