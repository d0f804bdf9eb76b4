import XCTest
@testable import SSCardKit

final class ExpiryRuleTests: XCTestCase {
    func testMissingAndFormat() throws {
        XCTAssertEqual(try RosterHarness.rules(["证件有效期": ""]), ["expiry.missing"])
        XCTAssertEqual(try RosterHarness.rules(["证件有效期": "2016年5月"]), ["expiry.format"])
        XCTAssertEqual(try RosterHarness.rules(["证件有效期": "2036.05.10-2016.05.10"]), ["expiry.start-future", "expiry.format"])
    }

    func testAcceptedSpellings() throws {
        for text in ["2016.05.10-2036.05.10", "20160510-20360510", "2016-05-10至2036-05-10", "2016.5.10—2036.5.10", "2016.05.10 - 2036.05.10"] {
            XCTAssertEqual(try RosterHarness.rules(["证件有效期": text]), [], text)
        }
    }

    func testExpired() throws {
        XCTAssertEqual(try RosterHarness.rules(["证件有效期": "2006.05.10-2016.05.10"]), ["expiry.expired"])
    }

    /// The seed's own example: entered 2017-06-27, the card must end after 2017-10-27.
    func testWindowEdgesFromTheSeed() throws {
        let asOf = CivilDate(year: 2017, month: 6, day: 27)!
        func rules(_ validity: String) throws -> [String] {
            try RosterHarness.validate([RosterHarness.validPerson.merging(["证件有效期": validity]) { $1 }], asOf: asOf)
                .findings.map(\.rule.rawValue).filter { $0.hasPrefix("expiry.") && $0 != "expiry.span" }
        }
        XCTAssertEqual(try rules("1997.10.27-2017.10.27"), ["expiry.window"])
        XCTAssertEqual(try rules("1997.10.28-2017.10.28"), [])
        XCTAssertEqual(try rules("1997.06.27-2017.06.27"), ["expiry.window"])
        XCTAssertEqual(try rules("1997.06.26-2017.06.26"), ["expiry.expired"])
    }

    func testWindowFollowsTheProfile() throws {
        var profile = Profile.chengdu
        profile.expiryWindowMonths = 1
        let report = try RosterHarness.validate([RosterHarness.validPerson.merging(["证件有效期": "2007.02.15-2027.02.15", "证件号码": RosterHarness.residentID("51010719800307123"), "出生日期": "1980-03-07"]) { $1 }], profile: profile)
        XCTAssertEqual(report.findings.map(\.rule.rawValue), [])
    }

    func testStartInFuture() throws {
        XCTAssertEqual(try RosterHarness.rules(["证件有效期": "2026.12.02-2046.12.02"]), ["expiry.start-future"])
        XCTAssertEqual(try RosterHarness.rules(["证件有效期": "9995.01.01-9999.12.31"]), ["expiry.start-future"])
    }

    func testSpanFollowsAgeAtIssue() throws {
        // Born 1990-03-07; issued at 26 → 20 years; at 20 → 10 years; 长期 needs 46+.
        XCTAssertEqual(try RosterHarness.rules(["证件有效期": "2010.05.10-2020.05.10"]), ["expiry.expired"])
        XCTAssertEqual(try RosterHarness.rules(["证件有效期": "2016.05.10-2026.05.10"]), ["expiry.expired", "expiry.span"])
        XCTAssertEqual(try RosterHarness.rules(["证件有效期": "2016.05.10-长期"]), ["expiry.span"])
        XCTAssertEqual(try RosterHarness.rules(["证件有效期": "2019.05.10-2029.05.10"]), ["expiry.span"])
    }

    func testTwoColumnsAndDateCells() throws {
        var headers = RosterHarness.headers.filter { $0 != "证件有效期" }
        headers += ["有效期起始日期", "有效期截止日期"]
        var person = RosterHarness.validPerson
        person["有效期起始日期"] = "2016-05-10"
        person["有效期截止日期"] = "2036-05-10"
        XCTAssertEqual(try RosterHarness.validate([person], headers: headers).findings.map(\.rule.rawValue), [])
        person["有效期截止日期"] = ""
        XCTAssertEqual(try RosterHarness.validate([person], headers: headers).findings.map(\.rule.rawValue), ["expiry.missing"])
        person["有效期截止日期"] = "长期"
        XCTAssertEqual(try RosterHarness.validate([person], headers: headers).findings.map(\.rule.rawValue), ["expiry.span"])
    }
}

final class ContactRuleTests: XCTestCase {
    func testPhone() throws {
        XCTAssertEqual(try RosterHarness.rules(["手机号码": "1380013800"]), ["phone.format"])
        XCTAssertEqual(try RosterHarness.rules(["手机号码": "12800138000"]), ["phone.format"])
        XCTAssertEqual(try RosterHarness.rules(["手机号码": "+86 138-0013-8000"]), [])
    }

    func testPhoneDuplicateIsAWarning() throws {
        let other = RosterHarness.validPerson.merging(["证件号码": RosterHarness.residentID("51010719900307124"), "性别": "女"]) { $1 }
        let report = try RosterHarness.validate([RosterHarness.validPerson, other])
        XCTAssertEqual(report.findings.map(\.rule.rawValue), ["phone.duplicate"])
        XCTAssertEqual(report.findings[0].severity, .warning)
        XCTAssertEqual(report.validRows, 2)
    }

    func testPostal() throws {
        XCTAssertEqual(try RosterHarness.rules(["邮政编码": "61004"]), ["postal.format"])
        XCTAssertEqual(try RosterHarness.rules(["邮政编码": "６１００４１"]), [])
    }

    func testAddressAndIssuer() throws {
        XCTAssertEqual(try RosterHarness.rules(["户口所在地址": ""]), ["address.missing"])
        XCTAssertEqual(try RosterHarness.rules(["常住地址": " "]), ["address.missing"])
        XCTAssertEqual(try RosterHarness.rules(["证件发证机关": ""]), ["issuer.missing"])
    }
}

final class UnitAndCodeRuleTests: XCTestCase {
    let units = "单位编号,单位名称,上级单位,开户银行,银行网点\nU01,研发中心,成都示例科技有限公司,成都银行,武侯支行\nU02,财务部,成都示例科技有限公司,中国工商银行,高新支行\n"

    func testUnitMissingAndUnknown() throws {
        XCTAssertEqual(try RosterHarness.rules(["现今工作单位": ""]), ["unit.missing"])
        XCTAssertEqual(try RosterHarness.rules([:], units: units), [])
        XCTAssertEqual(try RosterHarness.rules(["现今工作单位": "U02"], units: units), [])
        XCTAssertEqual(try RosterHarness.rules(["现今工作单位": "后勤部"], units: units), ["unit.unknown"])
        // One cause, one finding: no bank can come from an unknown unit, and that is not a second finding.
        XCTAssertEqual(try RosterHarness.rules(["现今工作单位": "后勤部", "开户银行": ""], units: units), ["unit.unknown"])
        XCTAssertEqual(try RosterHarness.rules(["现今工作单位": "", "开户银行": ""], units: units), ["unit.missing"])
    }

    func testBankComesFromTheDirectory() throws {
        XCTAssertEqual(try RosterHarness.rules(["开户银行": ""], units: units), [])
        XCTAssertEqual(try RosterHarness.rules(["开户银行": ""]), ["code.bank"])
        XCTAssertEqual(try RosterHarness.rules(["开户银行": "招商银行"]), ["code.bank"])
        XCTAssertEqual(try RosterHarness.rules(["开户银行": "工行"]), [])
    }

    func testEmployer() throws {
        XCTAssertEqual(try RosterHarness.rules(["参保单位编号": ""]), ["employer.missing"])
        XCTAssertEqual(try RosterHarness.rules(["参保单位名称": ""]), ["employer.missing"])
    }

    func testCodes() throws {
        XCTAssertEqual(try RosterHarness.rules(["职业": "宇航员"]), ["code.occupation"])
        XCTAssertEqual(try RosterHarness.rules(["职业": ""]), ["code.occupation"])
        XCTAssertEqual(try RosterHarness.rules(["职业": "专业技术人员"]), [])
        XCTAssertEqual(try RosterHarness.rules(["学历": "博士后"]), ["code.education"])
        XCTAssertEqual(try RosterHarness.rules(["学历": "20"]), [])
        XCTAssertEqual(try RosterHarness.rules(["民族": "火星族"]), ["code.ethnicity"])
        XCTAssertEqual(try RosterHarness.rules(["民族": "毛难族"]), [])
        XCTAssertEqual(try RosterHarness.rules(["民族": ""]), [])
    }

    func testEducationSchemeFollowsTheProfile() throws {
        var profile = Profile.chengdu
        profile.educationScheme = "gbt4658"
        XCTAssertEqual(try RosterHarness.rules(["学历": "21"], profile: profile), [])
        XCTAssertEqual(try RosterHarness.rules(["学历": "21"]), ["code.education"])
    }
}

final class PeopleRuleTests: XCTestCase {
    func testName() throws {
        XCTAssertEqual(try RosterHarness.rules(["姓名": ""]), ["name.missing"])
        XCTAssertEqual(try RosterHarness.rules(["姓名": "张三😀"]), ["name.charset"])
        XCTAssertEqual(try RosterHarness.rules(["姓名": "·张三"]), ["name.charset"])
        XCTAssertEqual(try RosterHarness.rules(["姓名": "阿依古丽·买买提"]), [])
        XCTAssertEqual(try RosterHarness.rules(["姓名": "John O'Neil"]), ["name.charset"])  // the card cannot print the apostrophe
        XCTAssertEqual(try RosterHarness.rules(["姓名": "John ONeil"]), [])
        XCTAssertEqual(try RosterHarness.rules(["姓名": "𠮷野"]), [])
    }

    func testGuardianRequiredUnderSixteen() throws {
        let child: [String: String] = ["证件号码": RosterHarness.residentID("51010720140506002"), "性别": "女", "出生日期": "2014-05-06",
                                       "证件有效期": "2024.05.10-2029.05.10", "职业": "7", "学历": "小学"]
        XCTAssertEqual(try RosterHarness.rules(child), ["guardian.required"])
        let guardian = ["监护人姓名": "张大山", "监护人证件类型": "居民身份证", "监护人证件号码": RosterHarness.residentID("51010719800101123"),
                        "监护人手机号码": "13900139000", "监护人与申请人关系": "父女"]
        XCTAssertEqual(try RosterHarness.rules(child.merging(guardian) { $1 }), [])
        XCTAssertEqual(try RosterHarness.rules(child.merging(guardian) { $1 }.merging(["监护人手机号码": "139"]) { $1 }), ["phone.format"])
    }

    func testUnreadableGenderBirthAndPhotoOnFile() throws {
        XCTAssertEqual(try RosterHarness.rules(["性别": "未知"]), ["gender.format"])
        XCTAssertEqual(try RosterHarness.rules(["性别": "M"]), [])
        XCTAssertEqual(try RosterHarness.rules(["出生日期": "1990年13月"]), ["birth.format"])
        XCTAssertEqual(try RosterHarness.rules(["出生日期": "1990/3/7"]), [])
        XCTAssertEqual(try RosterHarness.rules(["已有照片": "也许"]), ["photo-on-file.format"])
        XCTAssertEqual(try RosterHarness.rules(["已有照片": "yes"]), [])
    }

    func testGuardianAgeFollowsTheProfile() throws {
        var profile = Profile.chengdu
        profile.guardianAge = 12
        let child: [String: String] = ["证件号码": RosterHarness.residentID("51010720140506002"), "性别": "女", "出生日期": "2014-05-06",
                                       "证件有效期": "2024.05.10-2029.05.10"]
        XCTAssertEqual(try RosterHarness.rules(child, profile: profile), [])
    }
}
