import Foundation
import XCTest
@testable import SSCardKit

/// The stored field map's JSON: the same map gives the same bytes (known keys in sorted order,
/// then any others sorted), and the text reads back as the map.
final class StoreJSONTests: XCTestCase {
    func testKnownKeysInOrderThenOthersAndEscapes() {
        let fields = ["phone": "13800000000", "name": "张\"三\"", "zz_extra": "x", "bank_code": "B01", "aa_extra": "a\nb"]
        let text = StoreJSON.encode(fields)
        XCTAssertEqual(text, #"{"bank_code":"B01","name":"张\"三\"","phone":"13800000000","aa_extra":"a\nb","zz_extra":"x"}"#)
        XCTAssertEqual(StoreJSON.decode([String: String].self, text), fields)
        XCTAssertEqual(StoreJSON.encode([:]), "{}")
        XCTAssertEqual(StoreJSON.encode(["only_unknown": "1"]), #"{"only_unknown":"1"}"#)
    }

    func testRowsOfCellsAsNestedArrays() {
        let raw = [["姓名", "张三"], ["备注", "a\"b\\c"], []]
        let text = StoreJSON.encode(raw)
        XCTAssertEqual(text, #"[["姓名","张三"],["备注","a\"b\\c"],[]]"#)
        XCTAssertEqual(StoreJSON.decode([[String]].self, text), raw)
        XCTAssertEqual(StoreJSON.encode([] as [[String]]), "[]")
    }
}
