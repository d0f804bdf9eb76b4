import XCTest
@testable import SSCardKit

final class CivilDateTests: XCTestCase {
    func testMonthArithmeticClampsToTheMonthEnd() {
        XCTAssertEqual(CivilDate(year: 2017, month: 6, day: 27)!.adding(months: 4), CivilDate(year: 2017, month: 10, day: 27))
        XCTAssertEqual(CivilDate(year: 2026, month: 10, day: 31)!.adding(months: 4), CivilDate(year: 2027, month: 2, day: 28))
        XCTAssertEqual(CivilDate(year: 2024, month: 2, day: 29)!.adding(years: 1), CivilDate(year: 2025, month: 2, day: 28))
        // Far-future input saturates instead of stopping the run.
        XCTAssertEqual(CivilDate(year: 9999, month: 12, day: 1)!.adding(months: 4), CivilDate(year: 9999, month: 12, day: 31))
        XCTAssertEqual(CivilDate(year: 9995, month: 1, day: 1)!.adding(years: 20), CivilDate(year: 9999, month: 12, day: 31))
        XCTAssertEqual(CivilDate(year: 1, month: 2, day: 1)!.adding(months: -5), CivilDate(year: 1, month: 1, day: 1))
    }

    func testEpochRoundTrip() {
        for days in [-25_567, 0, 10_957, 20_000, 2_932_896] {
            XCTAssertEqual(CivilDate(daysSinceEpoch: days).daysSinceEpoch, days)
        }
        XCTAssertEqual(CivilDate(year: 1970, month: 1, day: 1)!.daysSinceEpoch, 0)
        XCTAssertEqual(CivilDate(year: 2000, month: 3, day: 1)!.daysSinceEpoch, 11_017)
    }

    func testParsing() {
        XCTAssertEqual(CivilDate(parsing: "2015.7.17"), CivilDate(year: 2015, month: 7, day: 17))
        XCTAssertEqual(CivilDate(parsing: "20150717"), CivilDate(year: 2015, month: 7, day: 17))
        XCTAssertEqual(CivilDate(parsing: "2015年07月17日"), CivilDate(year: 2015, month: 7, day: 17))
        XCTAssertNil(CivilDate(parsing: "2015.02.30"))
        XCTAssertNil(CivilDate(parsing: "17.07.2015"))
    }

    /// The one --as-of parser: exact widths, real times, T or one space.
    func testDateTimeParsing() {
        XCTAssertEqual(CivilDateTime(parsing: "2026-12-01")?.description, "2026-12-01T00:00:00")
        XCTAssertEqual(CivilDateTime(parsing: "2026-12-01T09:30")?.description, "2026-12-01T09:30:00")
        XCTAssertEqual(CivilDateTime(parsing: "2026-12-01 09:30:15")?.description, "2026-12-01T09:30:15")
        XCTAssertEqual(CivilDateTime(parsing: "2026-12-01T23:59:59")?.description, "2026-12-01T23:59:59")
        for bad in ["2026-12-01T09:30:99", "2026-12-01T24:00", "2026-12-01T09:60", "2026-12-01T9:30", "2026-12-01T09:30:5",
                    "2026-12-01T", "2026-12-01 ", "2026-12-01  09:30", "T09:30", "2026-12-1", "2026-1-011", "2026-02-30",
                    "2026/12/01", "+026-12-01", "2026-12-01T+9:30", "2026-12-01T09:30Z", "", "２０２６-12-01"] {
            XCTAssertNil(CivilDateTime(parsing: bad), bad)
        }
    }

    func testAge() {
        let birth = CivilDate(year: 2010, month: 12, day: 2)!
        XCTAssertEqual(birth.years(until: CivilDate(year: 2026, month: 12, day: 1)!), 15)
        XCTAssertEqual(birth.years(until: CivilDate(year: 2026, month: 12, day: 2)!), 16)
    }

    func testExcelSerials() {
        XCTAssertEqual(ExcelDates.date(serial: 33040, date1904: false), CivilDate(year: 1990, month: 6, day: 16))
        XCTAssertEqual(ExcelDates.date(serial: 59, date1904: false), CivilDate(year: 1900, month: 2, day: 28))
        XCTAssertNil(ExcelDates.date(serial: 60, date1904: false))
        XCTAssertEqual(ExcelDates.date(serial: 61, date1904: false), CivilDate(year: 1900, month: 3, day: 1))
        XCTAssertEqual(ExcelDates.date(serial: 0, date1904: true), CivilDate(year: 1904, month: 1, day: 1))
        XCTAssertEqual(ExcelDates.date(serial: 45000.75, date1904: false), CivilDate(year: 2023, month: 3, day: 15))
    }

    func testDateFormatDetection() {
        XCTAssertTrue(ExcelDates.isDateFormat("yyyy\"年\"m\"月\"d\"日\""))
        XCTAssertTrue(ExcelDates.isDateFormat("[$-F800]dddd, mmmm dd, yyyy"))
        XCTAssertTrue(ExcelDates.isDateFormat("[h]:mm:ss"))
        XCTAssertFalse(ExcelDates.isDateFormat("0.00E+00"))
        XCTAssertFalse(ExcelDates.isDateFormat("\"day\" 0"))
        XCTAssertFalse(ExcelDates.isDateFormat("[Red]0.00"))
        XCTAssertFalse(ExcelDates.isDateFormat("@"))
        XCTAssertTrue(ExcelDates.isBuiltinDate(14))
        XCTAssertTrue(ExcelDates.isBuiltinDate(57))
        XCTAssertFalse(ExcelDates.isBuiltinDate(49))
    }
}

final class NormalizerTests: XCTestCase {
    func testIdentifierFolding() {
        XCTAssertEqual(Normalizer.normalize(" ５１０１０７１９９０ ０３０７１２３x\u{200B} ", identifier: true), "510107199003071236".dropLast() + "X")
        XCTAssertEqual(Normalizer.normalize("138-0013-8000", identifier: true), "13800138000")
        XCTAssertEqual(Normalizer.normalize("11010519491231002Ⅹ", identifier: true), "11010519491231002X")
    }

    func testTextKeepsInnerSpaces() {
        XCTAssertEqual(Normalizer.normalize("\u{3000}John  Smith\u{FEFF}", identifier: false), "John  Smith")
        XCTAssertEqual(Normalizer.normalize("ＡＢＣ", identifier: false), "ABC")
        XCTAssertEqual(Normalizer.normalize("研发中心（二部）", identifier: false), "研发中心（二部）")
        XCTAssertEqual(Normalizer.normalize("武侯区１号", identifier: false), "武侯区1号")
    }

    func testHeaderKeys() {
        XCTAssertEqual(HeaderTable.key("*证件号码 "), Normalizer.key("证件号码"))
        XCTAssertEqual(HeaderTable.removingRemarks("证件号码（必填）"), "证件号码")
    }
}

final class MaskingTests: XCTestCase {
    func testMasks() {
        XCTAssertEqual(MaskKind.document.mask("51010719900307123X"), "510107********123X")
        XCTAssertEqual(MaskKind.document.mask("5.10107E+17"), "5.10107E+17")
        XCTAssertEqual(MaskKind.document.mask("C01X00T47"), "C0*****47")
        XCTAssertEqual(MaskKind.phone.mask("13800138000"), "138****8000")
        XCTAssertEqual(MaskKind.address.mask("四川省成都市武侯区洗面桥横街1号"), "四川省成都市**********")
        XCTAssertEqual(MaskKind.none.mask("张三"), "张三")
        XCTAssertEqual(MaskKind.phone.mask(""), "")
        XCTAssertEqual(MaskKind.fileName.mask("photos/51010719900307123X_人像面.jpg"), "photos/510107********123X_人像面.jpg")
        XCTAssertEqual(MaskKind.fileName.mask("2026/IMG_0001.jpg"), "2026/IMG_0001.jpg")
    }
}

final class ProfileTests: XCTestCase {
    func write(_ json: String) throws -> String {
        let path = RosterHarness.temporaryDirectory().appendingPathComponent("profile.json").path
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testOverridesKeepTheRest() throws {
        let profile = try Profile.load(path: write(#"{"expiry_window_months": 6, "education_scheme": "gbt4658"}"#))
        XCTAssertEqual(profile.expiryWindowMonths, 6)
        XCTAssertEqual(profile.educationScheme, "gbt4658")
        XCTAssertEqual(profile.guardianAge, 16)
    }

    func testBadProfilesAreRefusedWithTheReason() throws {
        XCTAssertThrowsError(try Profile.load(path: write(#"{"expiry_window": 6}"#))) { error in
            XCTAssertEqual(error as? SSCardError, .profileInvalid(path: (error as? SSCardError).map { if case .profileInvalid(let p, _) = $0 { p } else { "" } } ?? "", reason: Message(zh: "未知的设置 expiry_window；请检查拼写，或删除这一项", en: "unknown key 'expiry_window'")))
        }
        XCTAssertThrowsError(try Profile.load(path: write(#"{"guardian_age": "16"}"#)))
        XCTAssertThrowsError(try Profile.load(path: write(#"{"education_scheme": "iso"}"#)))
        XCTAssertThrowsError(try Profile.load(path: write("not json")))
    }
}
