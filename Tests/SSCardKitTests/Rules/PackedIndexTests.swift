import XCTest
@testable import SSCardKit

final class PackedIndexTests: XCTestCase {
    func testFirstRowWinsAcrossGrowth() {
        var index = PackedIndex(capacity: 4)
        for key in 0..<10_000 { XCTAssertNil(index.firstRow(for: UInt64(key) * 7_919, inserting: key + 2)) }
        XCTAssertEqual(index.firstRow(for: 0, inserting: 99), 2)
        XCTAssertEqual(index.firstRow(for: 7_919 * 9_999, inserting: 99), 10_001)
        XCTAssertNil(index.firstRow(for: UInt64.max - 1, inserting: 5))
        XCTAssertEqual(index.firstRow(for: UInt64.max - 1, inserting: 6), 5)
    }
}
