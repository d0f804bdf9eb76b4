import XCTest
@testable import SSCardKit

/// The printed values, the check code's canonical text (checked against Python's hashlib on the
/// same text), and the form's small decisions.
final class FormValuesTests: XCTestCase {
    let fields = ["name": "阿卜杜·热合曼", "id_number": "11010519491231002X", "residence_address": "四川省成都市武侯区浆洗街9号",
                  "id_valid_from": "2015-07-17", "id_valid_to": "长期", "bank": "成都银行"]

    func testDefaultsAndTheCheckCode() {
        let values = FormValues(fields: fields)
        XCTAssertEqual(values["mailing_address"], "四川省成都市武侯区浆洗街9号")  // falls back to the residence address
        XCTAssertEqual(values["si_number"], "11010519491231002X")
        XCTAssertEqual(values["id_validity"], "2015.07.17-长期")
        XCTAssertTrue(values.canonicalText.hasPrefix("name=阿卜杜·热合曼\ngender=\n"))
        XCTAssertEqual(values.canonicalText.split(separator: "\n", omittingEmptySubsequences: false).count, FormValues.keys.count + 1)
        // python3: hashlib.sha256(text.encode()).hexdigest()[:10] of the same canonical text.
        XCTAssertEqual(values.checkCode, "ec68e9b651")
        var amended = fields
        amended["phone"] = "13912345678"
        XCTAssertNotEqual(FormValues.checkCode(fields: amended), values.checkCode)
        // Keys the form does not print do not change it.
        amended = fields
        amended["postal_code"] = "610041"
        XCTAssertEqual(FormValues.checkCode(fields: amended), values.checkCode)
        XCTAssertEqual(FormValues.qrPayload(reference: "7", idNumber: "11010519491231002X", checkCode: "ec68e9b651"),
                       "SSCARD1|7|11010519491231002X|ec68e9b651")
    }

    func testBranchBoxesGuardianTypeAndLegends() {
        XCTAssertEqual(FormPage.splitBranch("金牛支行").0, "金牛")
        XCTAssertEqual(FormPage.splitBranch("金牛支行").1, "")
        XCTAssertEqual(FormPage.splitBranch("金牛支行营门口分理处").1, "营门口")
        XCTAssertEqual(FormPage.splitBranch("天府新区营业部").0, "天府新区营业部")
        XCTAssertNil(FormPage.guardianType(""))
        XCTAssertEqual(FormPage.guardianType("居民身份证(户口簿)"), "身份证")
        XCTAssertEqual(FormPage.guardianType("户口本"), "户口簿")
        XCTAssertEqual(FormPage.guardianType("护照"), "护照")
        XCTAssertEqual(FormPage.guardianType("港澳居民来往内地通行证"), "其他")
        let long = (1...30).map { CodeTable.Entry(code: "\($0)", name: "N\($0)") }
        XCTAssertEqual(FormLegends(occupations: long, education: long).occupation, "10.N10；20.N20；30.N30")
        XCTAssertEqual(FormLegends(occupations: Array(long.prefix(2)), education: []).occupation, "1.N1；2.N2")
    }
}
