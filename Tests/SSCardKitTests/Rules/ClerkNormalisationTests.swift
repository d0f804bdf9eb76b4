import Foundation
import XCTest
@testable import SSCardKit

/// Values stored the way the card and the bureau need them: mobile prefixes, look-alike middle
/// dots, line breaks inside cells (h8-clerk).
final class ClerkNormalisationTests: XCTestCase {
    func findings(_ changes: [String: String]) throws -> [Finding] {
        var person = RosterHarness.validPerson
        for (key, value) in changes { person[key] = value }
        return try RosterHarness.validate([person]).findings
    }

    func testMobilePrefixesAreRemovedBeforeEveryRule() throws {
        for phone in ["+8613633440007", "008613633440007", "8613633440007", "+86 136-3344-0007", "＋８６１３６３３４４０００７"] {
            XCTAssertEqual(Normalizer.normalize(phone, field: .phone), "13633440007", phone)
            XCTAssertEqual(try findings(["手机号码": phone]).map(\.rule), [], phone)
        }
        XCTAssertEqual(Normalizer.normalize("+8613633440007", field: .guardianPhone), "13633440007")
        // Not a mobile after the prefix: left alone, and reported as written.
        XCTAssertEqual(Normalizer.normalize("8602887654321", field: .phone), "8602887654321")
        XCTAssertEqual(try findings(["手机号码": "8602887654321"]).map(\.rule), [.phoneFormat])
        // The same person's number with and without a prefix is one number.
        var first = RosterHarness.validPerson, second = RosterHarness.validPerson
        second["证件号码"] = RosterHarness.residentID("51010719900307133")
        first["手机号码"] = "+8613633440007"
        second["手机号码"] = "13633440007"
        let duplicate = try RosterHarness.validate([first, second]).findings
        XCTAssertEqual(duplicate.map(\.rule), [.phoneDuplicate])
        XCTAssertEqual(duplicate.first?.value, "13633440007")
        XCTAssertEqual(Normalizer.normalize("86", field: .phone), "86")
    }

    func testLookalikeMiddleDotsBecomeTheMiddleDotAndTheFindingSaysSo() throws {
        for dot in ["\u{2022}", "\u{30FB}", "\u{2027}", "\u{FF65}", "\u{2219}", "\u{22C5}", "\u{0387}", "\u{2E31}"] {
            let name = "阿依古丽" + dot + "买买提"
            XCTAssertEqual(Normalizer.normalize(name, field: .name), "阿依古丽·买买提", dot)
            let found = try findings(["姓名": name])
            XCTAssertEqual(found.map(\.rule), [.nameMiddleDot], dot)
            XCTAssertEqual(found.first?.severity, .warning)
            XCTAssertEqual(found.first?.value, "阿依古丽·买买提")
            XCTAssertTrue(found.first?.message.en.contains("'\(dot) U+") == true, found.first?.message.en ?? "")
            XCTAssertTrue(found.first?.message.zh.contains("已改为间隔号「·」") == true, found.first?.message.zh ?? "")
        }
        XCTAssertEqual(Normalizer.normalize("阿依古丽 · 买买提", field: .name), "阿依古丽·买买提")
        XCTAssertEqual(try findings(["姓名": "阿依古丽·买买提"]).map(\.rule), [])
    }

    func testPunctuationTheCardCannotPrintIsRejectedWithAdviceThatFits() throws {
        let apostrophe = try findings(["姓名": "Sean O'Brien"])
        XCTAssertEqual(apostrophe.map(\.rule), [.nameCharset])
        XCTAssertEqual(apostrophe.first?.suggestion, "Sean OBrien")
        XCTAssertEqual(try findings(["姓名": "Anne-Marie Dupont"]).first?.suggestion, "Anne Marie Dupont")
        XCTAssertEqual(try findings(["姓名": "John F. Kennedy"]).map(\.rule), [.nameCharset])
        XCTAssertEqual(try findings(["姓名": "Thomas Mueller"]).map(\.rule), [])
        // A trailing dot is told where the dot goes, not to use the dot it already is.
        let trailing = try XCTUnwrap(try findings(["姓名": "欧阳·"]).first)
        XCTAssertEqual(trailing.rule, .nameCharset)
        XCTAssertFalse(trailing.message.zh.contains("含有不能制卡的字符「·」"), trailing.message.zh)
        XCTAssertTrue(trailing.message.zh.contains("开头或结尾"), trailing.message.zh)
        XCTAssertTrue(trailing.message.en.contains("begins or ends with the middle dot"), trailing.message.en)
        // A look-alike at the end: folded, then told the same.
        XCTAssertEqual(try findings(["姓名": "欧阳•"]).map(\.rule), [.nameMiddleDot, .nameCharset])
        XCTAssertEqual(try findings(["姓名": "阿依古丽··买买提"]).map(\.rule), [.nameCharset])
        let spaced = try XCTUnwrap(try findings(["姓名": "张 三"]).first)
        XCTAssertEqual(spaced.suggestion, "张三")
        XCTAssertEqual(try findings(["姓名": "张三∘"]).map(\.rule), [.nameCharset])
    }
}

final class LineBreakTests: XCTestCase {
    func testLineBreaksInsideACellBecomeOneSpace() {
        XCTAssertEqual(Normalizer.normalize("四川省成都市\r\n武侯区", field: .hukouAddress), "四川省成都市 武侯区")
        XCTAssertEqual(Normalizer.normalize("四川省成都市 \n\n 武侯区\n", field: .residenceAddress), "四川省成都市 武侯区")
        XCTAssertEqual(Normalizer.normalize("a\u{2028}b", field: .unit), "a b")
        XCTAssertEqual(Normalizer.normalize("5101071990\n03071234", field: .idNumber), "510107199003071234")
        XCTAssertEqual(Normalizer.normalize("no break  here", field: .unit), "no break  here")
    }
}

final class AddressLengthTests: XCTestCase {
    func testAnAddressOverTheFieldWidthIsAWarningNamingTheLength() throws {
        let long = "四川省成都市武侯区" + String(repeating: "洗面桥横街", count: 20) + "1号"  // 9 + 100 + 2
        var person = RosterHarness.validPerson
        person["常住地址"] = long
        let findings = try RosterHarness.validate([person]).findings
        XCTAssertEqual(findings.map(\.rule), [.addressTooLong])
        XCTAssertEqual(findings.first?.severity, .warning)
        XCTAssertEqual(findings.first?.column, "常住地址")
        XCTAssertTrue(findings.first?.message.en.contains("is 111 characters long, more than the bureau's field width of 100") == true,
                      findings.first?.message.en ?? "")
        XCTAssertTrue(findings.first?.message.zh.contains("111 个字") == true)
        var profile = Profile.chengdu
        profile.addressMaxLength = 120
        XCTAssertEqual(try RosterHarness.validate([person], profile: profile).findings.map(\.rule), [])
        person["常住地址"] = String(long.prefix(100))
        XCTAssertEqual(try RosterHarness.validate([person]).findings.map(\.rule), [])
    }
}
