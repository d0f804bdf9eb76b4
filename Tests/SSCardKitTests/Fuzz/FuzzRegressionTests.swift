import Foundation
import SSCardKit
import XCTest

/// One test per crash the fuzzers found: the input is also in Fuzz/corpus/<target>/regress-*,
/// and here its outcome is pinned (a clerk-readable error or the rows, never a trap).
final class FuzzRegressionTests: XCTestCase {
    private func corpusFile(_ target: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: FuzzCorpusTests.corpus.appendingPathComponent(target).appendingPathComponent(name)))
    }

    /// Reads a workbook made around `sheet`; returns the rows read and the error that ended it.
    private func readSheet(_ sheet: [UInt8]) throws -> (rows: Int, error: SSCardError?) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-regress-\(UUID.scratchName).xlsx")
        try Data(FuzzEntry.workbook(sheet: sheet)).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var rows = 0
        do {
            let source = try RosterFile.open(path: url.path)
            while try source.nextRow() != nil { rows += 1 }
            return (rows, nil)
        } catch {
            return (rows, error)
        }
    }

    /// A shared-string index of 20 digits overflowed `Int` while it was accumulated (a trap).
    func testTwentyDigitSharedStringIndexIsDamageNotATrap() throws {
        let result = try readSheet(try corpusFile("sheet", "regress-shared-index-overflow"))
        XCTAssertEqual(result.rows, 1)
        guard case .xlsxDamaged(_, let reason)? = result.error else { return XCTFail("expected xlsxDamaged, got \(String(describing: result.error))") }
        XCTAssertTrue(reason.en.contains("99999999999999999999"), reason.en)
    }
}
