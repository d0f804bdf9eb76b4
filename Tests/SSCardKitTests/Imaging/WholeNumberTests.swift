import XCTest
@testable import SSCardKit

/// Numbers read from image headers reach messages; none of them may trap.
final class WholeNumberTests: XCTestCase {
    func testOrdinaryAndHostileValues() {
        XCTAssertEqual(wholeNumber(349.6), "350")
        XCTAssertEqual(wholeNumber(-2.4), "-2")
        XCTAssertEqual(wholeNumber(.nan), "?")
        XCTAssertEqual(wholeNumber(.infinity), "?")
        XCTAssertEqual(wholeNumber(1e300), "?")
    }
}
