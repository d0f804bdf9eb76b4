import XCTest
@testable import SSCardKit

/// Masking follows the value: whatever looks like an ID or mobile number is masked in any field or message.
final class ValueMaskingTests: XCTestCase {
    func testNumbersThatLookPersonalAreMaskedWherever() {
        let cases: [(String, String)] = [
            ("510107199003071234", "510107********1234"),
            ("'51010719900307123X' 是", "'510107********123X' 是"),
            ("号码510107199003071234有误", "号码510107********1234有误"),
            ("510107900307123", "510107*****7123"),                               // legacy 15 digits
            ("910156199003071236", "910156********1236"),                         // permanent resident
            ("810000199003071232", "810000********1232"),                         // HK/Macao/Taiwan permit
            ("photos/510107199003071234_人像面.jpg", "photos/510107********1234_人像面.jpg"),
            ("510107199003071234.jpg", "510107********1234.jpg"),
            ("photo510107199003071234", "photo510107********1234"),
            ("13800138000", "138****8000"),
            ("手机13800138000重复", "手机138****8000重复"),
            ("+8613800138000", "+861******8000"),
            ("008613800138000", "008613*****8000"),
            ("138 0013 8000", "138 **** 8000"),
            ("138-0013-8000", "138-****-8000"),
            ("510107 19900307 123X", "510107 ******** 123X"),
            ("E12345678", "E1*****78"),
            ("护照 G12345678。", "护照 G1*****78。"),
            ("USA123456789012", "USA123*****9012"),
            ("6222021234567890123", "622202*********0123"),                       // a bank card
            ("5.101071990030712e+17", "5.101071*****0712e+17"),                   // Excel kept 16 digits
        ]
        for (input, expected) in cases { XCTAssertEqual(PIIScrubber.scrub(input), expected, input) }
    }

    func testFileNamedAfterAPassportIsMasked() {
        XCTAssertEqual(MaskKind.fileName.mask("photos/C01X00T47.jpg"), "photos/C0*****47.jpg")
        XCTAssertEqual(MaskKind.fileName.mask("E12345678_人像面.jpg"), "E1*****78_人像面.jpg")
        XCTAssertEqual(MaskKind.fileName.mask("photos/51010719900307123X.jpg"), "photos/510107********123X.jpg")
        for kept in ["2026/IMG_0001.jpg", "scan.jpg", "photos/front.jpg", "a1b.jpg"] { XCTAssertEqual(MaskKind.fileName.mask(kept), kept) }
    }

    func testOrdinaryNumbersAreLeftAlone() {
        let kept = [
            "第 1048576 行", "row 12345", "2026-12-01T09:30:00", "20261201", "2016.05.10-2036.05.10", "XFD1048576",
            "id.excel-number", "5.10107E+17", "325520", "610041", "1234567890 bytes", "12800138000",     // 12… is no mobile
            "sha256 3f2a9c0d1b7e4f5a6c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b",
            "0123456789abcdef0123456789abcdef1234567890123456789012345678901234",                   // a digest-like word
            "批次 2026-12-01-001", "1380013800", "13800 13800", "138 00138 000",
        ]
        for text in kept { XCTAssertEqual(PIIScrubber.scrub(text), text, text) }
    }

    private func finding(_ rules: [String: String], _ rule: RuleID) throws -> Finding {
        var person = RosterHarness.validPerson
        for (key, value) in rules { person[key] = value }
        let report = try RosterHarness.validate([person])
        return try XCTUnwrap(report.findings.first { $0.rule == rule }, "\(report.findings.map(\.rule))")
    }

    func testResidentTypeWithAPermanentResidentOrPermitNumberIsMasked() throws {
        for number in [RosterHarness.residentID("91015619900307123"), RosterHarness.residentID("81000019900307123")] {
            let finding = try finding(["证件号码": number], .idType)
            XCTAssertEqual(finding.column, "证件类型")
            XCTAssertEqual(finding.mask, .document)
            for language in Language.allCases {
                let style = ReportStyle(language: language)
                XCTAssertFalse(style.value(of: finding).contains(number))
                XCTAssertFalse(style.message(of: finding).contains(number), style.message(of: finding))
                XCTAssertTrue(style.message(of: finding).contains(MaskKind.document.mask(number)))
                for format in ReportFormat.allCases {
                    let rendered = ReportRenderer.render(ValidationReport(summary: ValidationSummary(input: "r.csv", asOf: RosterHarness.asOf),
                                                                          findings: [finding]), format: format, style: style)
                    XCTAssertFalse(rendered.contains(number), "\(format): \(rendered)")
                }
                let shown = ReportStyle(language: language, showPII: true)
                XCTAssertEqual(shown.value(of: finding), number)
                XCTAssertTrue(shown.message(of: finding).contains(number))
            }
        }
    }

    func testGuardianNumberOfAnotherDocumentSitsOnTheGuardianTypeAndIsMasked() throws {
        let guardian = RosterHarness.residentID("91015619800307123")
        let finding = try finding(["监护人姓名": "张大", "监护人证件号码": guardian, "监护人手机号码": "13900139000"], .idType)
        XCTAssertEqual(finding.field, "guardian_id_type")
        XCTAssertEqual(finding.column, "监护人证件类型")
        let style = ReportStyle(language: .zh)
        XCTAssertFalse(style.message(of: finding).contains(guardian))
        XCTAssertFalse(style.value(of: finding).contains(guardian))
    }

    func testNumbersBakedIntoAnyFieldsMessageAreMasked() throws {
        // A phone typed into the unit column, an ID number in the name: no mask by field, masked by value.
        let finding = Finding(row: 2, column: "姓名", field: "name", rule: .nameCharset,
                              message: Message(zh: "姓名「{value}」含有 13800138000", en: "name '{value}' has 13800138000"),
                              value: "张三510107199003071234")
        let style = ReportStyle(language: .en)
        XCTAssertEqual(style.value(of: finding), "张三510107********1234")
        XCTAssertEqual(style.message(of: finding), "name '张三510107********1234' has 138****8000")
    }
}
