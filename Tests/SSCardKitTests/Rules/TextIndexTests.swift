import XCTest

@testable import SSCardKit

/// The code tables find spellings as `String` equality does, whichever path a value takes.
final class TextIndexTests: XCTestCase {
    func testPlainAndNonPlainValuesFindWhatStringEqualityFinds() {
        var index = TextIndex<Int>()
        index.insertIfAbsent("汉族", 1)
        index.insertIfAbsent("HAN", 2)
        index.insertIfAbsent("Ye\u{301}men", 3)  // decomposed é in the table
        index.insertIfAbsent("\u{F900}", 4)  // a CJK compatibility ideograph (canonically U+8C48)
        index.insertIfAbsent("汉族", 9)  // the first spelling wins
        XCTAssertEqual(index["汉族"], 1)
        XCTAssertEqual(index["HAN"], 2)
        XCTAssertNil(index["han"])
        XCTAssertNil(index["汉"])
        XCTAssertEqual(index["Y\u{E9}men"], 3, "precomposed query, decomposed key")
        XCTAssertEqual(index["Ye\u{301}men"], 3)
        XCTAssertEqual(index["\u{8C48}"], 4, "a plain query canonically equal to a compatibility ideograph")
        XCTAssertTrue(UTF8Key("汉族 HAN 12").isPlain)
        XCTAssertFalse(UTF8Key("Y\u{E9}men").isPlain)
        XCTAssertFalse(UTF8Key("（汉）").isPlain)
    }

    func testCodeTableLooksUpByCodeNameAliasAndFoldedSpelling() {
        let table = CodeTable(entries: [(code: "01", name: "汉族", aliases: ["汉"]), (code: "02", name: "蒙古族", aliases: [])])
        XCTAssertEqual(table.lookup("汉族")?.code, "01")
        XCTAssertEqual(table.lookup("汉")?.code, "01")
        XCTAssertEqual(table.lookup("02")?.name, "蒙古族")
        XCTAssertEqual(table.lookup("０２")?.name, "蒙古族", "full-width digits fold")
        XCTAssertEqual(table.lookup(" 蒙古族 ")?.code, "02", "spaces fold")
        XCTAssertNil(table.lookup("满族"))
    }
}
