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

/// The slots import fills give the same JSON as the map they stand for, and read back as it.
final class StoredFieldsTests: XCTestCase {
    func testSlotsAndOtherKeysAreTheMapTheyStandFor() {
        var fields = StoredFields()
        fields[.name] = "张三"
        fields["education_code"] = "20"
        fields["zz_note"] = "x"
        fields[.phone] = "13800000000"
        fields[.phone] = nil
        XCTAssertEqual(fields[.name], "张三")
        XCTAssertEqual(fields["name"], "张三")
        XCTAssertEqual(fields["zz_note"], "x")
        XCTAssertNil(fields["phone"])
        XCTAssertEqual(Set(fields.keys), ["name", "education_code", "zz_note"])
        let map = ["name": "张三", "education_code": "20", "zz_note": "x"]
        XCTAssertEqual(StoreJSON.encode(fields), StoreJSON.encode(map))
        XCTAssertEqual(StoreJSON.encode(fields), #"{"education_code":"20","name":"张三","zz_note":"x"}"#)
        XCTAssertEqual(StoredFields(map), fields)
    }
}
