import XCTest
@testable import SSCardKit

final class IdentityRuleTests: XCTestCase {
    func testValidPersonHasNoFindings() throws {
        XCTAssertEqual(try RosterHarness.rules([:]), [])
    }

    func testCheckDigitVectorsFromGB11643() {
        for id in ["11010519491231002X", "360426199101010071", "44011320141005001X", "810000199408230021",
                   "830000199201300022", "932682198501010017", "911124198108030024"] {
            XCTAssertEqual(IdentityNumber.checkCharacter(id.prefix(17)), id.last, id)
        }
    }

    func testLegacyUpgradeFollowsHutoolExample() {
        XCTAssertEqual(IdentityNumber.upgrade(legacy: "330102200403064"), "33010219200403064X")
        XCTAssertEqual(IdentityNumber.upgrade(legacy: "150102880730303"), "150102198807303035")
        XCTAssertNil(IdentityNumber.upgrade(legacy: "150102881330303"))
    }

    func testFormat() throws {
        XCTAssertEqual(try RosterHarness.rules(["证件号码": "51010719900307123"]), ["id.format"])
        XCTAssertEqual(try RosterHarness.rules(["证件号码": "5101071990030712A4"]), ["id.format"])
    }

    func testExcelNumberInCSV() throws {
        XCTAssertEqual(try RosterHarness.rules(["证件号码": "5.10107E+17"]), ["id.excel-number"])
        // Digits lost past 15 show as trailing zeros that fail the check digit.
        XCTAssertEqual(try RosterHarness.rules(["证件号码": "510107199003071000"]), ["id.excel-number"])
    }

    func testChecksum() throws {
        let valid = RosterHarness.residentID("51010719900307123")
        let wrong = String(valid.dropLast()) + (valid.last == "1" ? "2" : "1")
        XCTAssertEqual(try RosterHarness.rules(["证件号码": wrong]), ["id.checksum"])
    }

    func testLowerCaseXAndFullWidthDigitsAreNormalised() throws {
        let withX = RosterHarness.residentID("11010519491231002")
        XCTAssertEqual(withX.last, "X")
        let lower = String(withX.dropLast()) + "x"
        let report = try RosterHarness.validate([RosterHarness.validPerson.merging(
            ["证件号码": lower, "出生日期": "1949-12-31", "性别": "女", "证件有效期": "2000.01.01-长期"]) { $1 }])
        XCTAssertEqual(report.findings.map(\.rule.rawValue), [])
        let fullWidth = String(RosterHarness.residentID("51010719900307123").map { ch -> Character in
            Character(Unicode.Scalar(ch.unicodeScalars.first!.value + (ch.isNumber ? 0xFEE0 : 0))!)
        })
        XCTAssertEqual(try RosterHarness.rules(["证件号码": fullWidth]), [])
    }

    func testBirthdate() throws {
        XCTAssertEqual(try RosterHarness.rules(["证件号码": RosterHarness.residentID("51010719901307123")]), ["id.birthdate"])
        XCTAssertEqual(try RosterHarness.rules(["证件号码": RosterHarness.residentID("51010720300307123"), "出生日期": ""]), ["id.birthdate"])
    }

    func testProvince() throws {
        XCTAssertEqual(try RosterHarness.rules(["证件号码": RosterHarness.residentID("99010719900307123")]).first, "id.type")
        XCTAssertEqual(try RosterHarness.rules(["证件号码": RosterHarness.residentID("19010719900307123")]), ["id.province"])
    }

    func testRegionIsOnlyAWarning() throws {
        // 430419 is on real cards but missing from the tables (domain notes §1.4).
        let report = try RosterHarness.validate([RosterHarness.validPerson.merging(
            ["证件号码": RosterHarness.residentID("43041919900307123")]) { $1 }])
        XCTAssertEqual(report.findings.map(\.rule.rawValue), ["id.region"])
        XCTAssertEqual(report.findings.first?.severity, .warning)
        XCTAssertEqual(report.validRows, 1)
        // An abolished code in the table is no finding at all.
        XCTAssertEqual(try RosterHarness.rules(["证件号码": RosterHarness.residentID("41272319900307123")]), [])
    }

    func testLegacy15SuggestsTheUpgrade() throws {
        let report = try RosterHarness.validate([RosterHarness.validPerson.merging(["证件号码": "510107900307123"]) { $1 }])
        XCTAssertEqual(report.findings.map(\.rule.rawValue), ["id.legacy15"])
        XCTAssertEqual(report.findings[0].suggestion, RosterHarness.residentID("51010719900307123"))
    }

    func testDuplicateInRoster() throws {
        let report = try RosterHarness.validate([RosterHarness.validPerson, RosterHarness.validPerson.merging(["手机号码": "13900139000"]) { $1 }])
        XCTAssertEqual(report.findings.map(\.rule.rawValue), ["id.duplicate"])
        XCTAssertEqual(report.findings[0].row, 3)
    }

    func testGenderAndBirthMismatch() throws {
        XCTAssertEqual(try RosterHarness.rules(["性别": "女"]), ["id.gender-mismatch"])
        XCTAssertEqual(try RosterHarness.rules(["出生日期": "1990-03-08"]), ["id.birth-mismatch"])
    }

    func testNationality() throws {
        XCTAssertEqual(try RosterHarness.rules(["国籍": "德国"]), ["id.nationality"])
        XCTAssertEqual(try RosterHarness.rules(["国籍": "火星"]), ["id.nationality"])
        XCTAssertEqual(try RosterHarness.rules(["国籍": "CHN"]), [])
    }

    func testType() throws {
        XCTAssertEqual(try RosterHarness.rules(["证件类型": "驾驶证"]), ["id.type"])
        XCTAssertEqual(try RosterHarness.rules(["证件类型": "身份证"]), [])
    }

    func testPassport() throws {
        let passport: [String: String] = ["证件类型": "护照", "证件号码": "C01X00T47", "国籍": "德国", "社保号码": "C01X00T47",
                                         "证件有效期": "2022.03.01-2032.03.01", "证件发证机关": "Stadt Köln"]
        XCTAssertEqual(try RosterHarness.rules(passport, headers: true), [])
        XCTAssertEqual(try RosterHarness.rules(passport.merging(["证件号码": "C0#1"]) { $1 }, headers: true), ["id.format"])
        XCTAssertEqual(try RosterHarness.rules(passport.merging(["国籍": ""]) { $1 }, headers: true), ["id.nationality"])
        XCTAssertEqual(try RosterHarness.rules(passport.merging(["社保号码": ""]) { $1 }, headers: true), ["si.missing"])
    }

    func testPermanentResidentCards() throws {
        let base: [String: String] = ["证件类型": "外国人永久居留身份证", "社保号码": "X", "性别": "男", "出生日期": "1985-01-01",
                                      "证件有效期": "2024.01.10-2034.01.10"]
        XCTAssertEqual(try RosterHarness.rules(base.merging(["证件号码": "932682198501010017", "国籍": "沙特阿拉伯"]) { $1 }, headers: true), [])
        XCTAssertEqual(try RosterHarness.rules(base.merging(["证件号码": "932682198501010017", "国籍": "德国"]) { $1 }, headers: true), ["id.nationality"])
        XCTAssertEqual(try RosterHarness.rules(base.merging(["证件号码": "DEU320885010101", "国籍": "DEU"]) { $1 }, headers: true), [])
        XCTAssertEqual(try RosterHarness.rules(base.merging(["证件号码": "QQQ320885010101", "国籍": "DEU"]) { $1 }, headers: true), ["id.format"])
        // A Chinese national is registered with the resident ID (seed: 中国国籍请选择"居民身份证(户口簿)").
        XCTAssertEqual(try RosterHarness.rules(base.merging(["证件号码": "932682198501010017", "国籍": "中国"]) { $1 }, headers: true), ["id.type"])
    }

    func testChineseNationalityNeedsTheResidentID() throws {
        let passport: [String: String] = ["证件类型": "护照", "证件号码": "E12345678", "国籍": "中国", "社保号码": "E12345678",
                                         "证件有效期": "2022.03.01-2032.03.01", "证件发证机关": "中华人民共和国国家移民管理局"]
        XCTAssertEqual(try RosterHarness.rules(passport, headers: true), ["id.type"])
        XCTAssertEqual(try RosterHarness.rules(passport.merging(["国籍": "CHN"]) { $1 }, headers: true), ["id.type"])
        let report = try RosterHarness.validate([RosterHarness.validPerson.merging(passport) { $1 }], headers: RosterHarness.headers + ["社保号码"])
        let finding = try XCTUnwrap(report.findings.first)
        XCTAssertEqual(finding.field, Field.idType.rawValue)
        XCTAssertEqual(finding.severity, .error)
        XCTAssertTrue(finding.message.zh.contains("居民身份证(户口簿)"), finding.message.zh)
        XCTAssertTrue(finding.message.en.contains("resident ID"), finding.message.en)
        // Permits for Hong Kong, Macao and Taiwan residents stay valid, with 中国 or their region.
        let permit: [String: String] = ["证件类型": "港澳台居民居住证", "证件号码": "810000199408230021", "社保号码": "x", "性别": "女",
                                        "出生日期": "1994-08-23", "证件有效期": "2020.01.01-2030.01.01"]
        for nationality in ["中国香港", "中国", "HKG"] {
            XCTAssertEqual(try RosterHarness.rules(permit.merging(["国籍": nationality]) { $1 }, headers: true), [], nationality)
        }
        XCTAssertEqual(try RosterHarness.rules(permit.merging(["国籍": "中国台湾", "证件号码": "830000199201300022", "出生日期": "1992-01-30"]) { $1 },
                                               headers: true), [])
    }

    func testEveryIDNumberColumnStoredAsANumberIsAnExcelNumber() throws {
        // Excel shows an 18-digit number as 5.10107199001011E+17; a CSV saved from it keeps that text.
        XCTAssertEqual(try RosterHarness.rules(["监护人证件号码": "5.10107199001011E+17"]), ["id.excel-number"])
        let agent = RosterHarness.headers.map { $0 == "监护人证件号码" ? "代办人证件号码" : $0 }
        var person = RosterHarness.validPerson
        person["代办人证件号码"] = "5.10107199001011E+17"
        let report = try RosterHarness.validate([person], headers: agent)
        XCTAssertEqual(report.findings.map(\.rule.rawValue), ["id.excel-number"])
        XCTAssertEqual(report.findings.first?.column, "代办人证件号码")
        XCTAssertEqual(report.findings.first?.value, "5.10107199001011E+17")
    }

    func testResidencePermit() throws {
        let base: [String: String] = ["证件类型": "港澳台居民居住证", "社保号码": "x", "性别": "女", "出生日期": "1994-08-23",
                                      "国籍": "中国香港", "证件有效期": "2020.01.01-2030.01.01"]
        XCTAssertEqual(try RosterHarness.rules(base.merging(["证件号码": "810000199408230021"]) { $1 }, headers: true), [])
        XCTAssertEqual(try RosterHarness.rules(base.merging(["证件号码": RosterHarness.residentID("51000019940823002")]) { $1 }, headers: true), ["id.format"])
        XCTAssertEqual(try RosterHarness.rules(base.merging(["证件号码": "810000199408230021", "国籍": "中国澳门"]) { $1 }, headers: true), ["id.nationality"])
    }
}

extension RosterHarness {
    /// Like `rules(_:)` with the 社保号码 column present (needed by non-resident documents).
    static func rules(_ changes: [String: String], headers: Bool) throws -> [String] {
        var person = validPerson
        for (key, value) in changes { person[key] = value }
        return try validate([person], headers: RosterHarness.headers + ["社保号码"]).findings.map(\.rule.rawValue)
    }
}
