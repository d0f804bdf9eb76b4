import Foundation
import SSCardKit
import XCTest

/// Replays every committed fuzz corpus (Fuzz/corpus/<target>/) through the same entry points
/// the libFuzzer targets use, in the normal build: an input that once crashed stays fixed.
final class FuzzCorpusTests: XCTestCase {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus")

    /// The inputs of one target, in name order; fails the test when the corpus is missing or thin.
    static func inputs(_ target: String, atLeast minimum: Int = 5) throws -> [(name: String, bytes: [UInt8])] {
        let folder = corpus.appendingPathComponent(target)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, minimum, "corpus \(target) has too few inputs")
        return try names.map { ($0, Array(try Data(contentsOf: folder.appendingPathComponent($0)))) }
    }

    func testCSVCorpus() throws {
        var rows = 0
        for input in try Self.inputs("csv") { rows += FuzzEntry.csv(input.bytes) }
        // The sample rosters among the seeds really are read, not rejected up front.
        XCTAssertGreaterThan(rows, 20)
    }

    func testSheetCorpus() throws {
        var rows = 0
        for input in try Self.inputs("sheet") { rows += FuzzEntry.sheet(input.bytes) }
        XCTAssertGreaterThan(rows, 10)
    }

    func testSharedStringCorpus() throws {
        var rows = 0
        for input in try Self.inputs("shared-strings", atLeast: 3) { rows += FuzzEntry.sharedStrings(input.bytes) }
        XCTAssertGreaterThan(rows, 3)
    }

    func testFieldCorpus() throws {
        for input in try Self.inputs("fields") { FuzzEntry.fields(input.bytes) }
    }

    func testZipNameCorpus() throws {
        for input in try Self.inputs("zip-name") { FuzzEntry.zipName(input.bytes) }
    }

    /// The workbook the sheet and shared-string entry points wrap their bytes in is a real one.
    func testDefaultWorkbookReadsItsTwoRows() throws {
        XCTAssertEqual(FuzzEntry.xlsx(FuzzEntry.workbook()), 2)
        XCTAssertEqual(FuzzEntry.xlsx(Array("not a zip".utf8)), 0)
    }
}
