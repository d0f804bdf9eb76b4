import XCTest
@testable import SSCardKit

final class HeaderDetectionTests: XCTestCase {
    func testTitleRowsAboveTheHeaderAreSkippedAndRowsKeepTheirNumbers() throws {
        let folder = RosterHarness.temporaryDirectory()
        let path = folder.appendingPathComponent("r.csv").path
        let body = RosterHarness.csv([RosterHarness.validPerson])
        try ("成都市社会保障卡批量申办表,,\n填表日期: 2026-11-30,,\n" + body).write(toFile: path, atomically: true, encoding: .utf8)
        let report = try Validation.run(ValidationRequest(rosterPath: path, asOf: RosterHarness.asOf), schemas: SchemaDirectory.locate())
        XCTAssertEqual(report.rows, 1)
        XCTAssertEqual(report.findings.map(\.rule.rawValue), [])
        let bad = RosterHarness.validPerson.merging(["邮政编码": "1"]) { $1 }
        try ("标题\n" + RosterHarness.csv([bad])).write(toFile: path, atomically: true, encoding: .utf8)
        let second = try Validation.run(ValidationRequest(rosterPath: path, asOf: RosterHarness.asOf), schemas: SchemaDirectory.locate())
        XCTAssertEqual(second.findings.first?.row, 3)
    }

    func testSynonymsMatch() throws {
        let headers = RosterHarness.headers.map { $0 == "证件号码" ? "公民身份号码（必填）" : $0 == "手机号码" ? "*联系电话" : $0 }
        var person = RosterHarness.validPerson
        person["公民身份号码（必填）"] = person["证件号码"]
        person["*联系电话"] = person["手机号码"]
        let report = try RosterHarness.validate([person], headers: headers)
        XCTAssertEqual(report.findings.map(\.rule.rawValue), [])
    }

    func testUnknownColumnIsOneWarning() throws {
        let report = try RosterHarness.validate([RosterHarness.validPerson], headers: RosterHarness.headers + ["内部编码", "工号"])  // 备注 is a known column now
        XCTAssertEqual(report.findings.map(\.rule.rawValue), ["roster.unknown-column"])
        XCTAssertEqual(report.findings[0].column, "内部编码, 工号")
        XCTAssertEqual(report.findings[0].row, 1)
    }

    func testMissingRequiredColumnsAreListed() throws {
        let headers = RosterHarness.headers.filter { $0 != "邮政编码" && $0 != "证件有效期" }
        XCTAssertThrowsError(try RosterHarness.validate([RosterHarness.validPerson], headers: headers)) { error in
            guard case .missingColumns(_, let missing) = error as? SSCardError else { return XCTFail("\(error)") }
            XCTAssertEqual(missing, ["邮政编码", "证件有效期"])
        }
    }

    func testNoHeaderRow() throws {
        XCTAssertThrowsError(try RosterHarness.validate([["a": "1"]], headers: ["a", "b", "c"])) { error in
            guard case .noHeaderRow = error as? SSCardError else { return XCTFail("\(error)") }
        }
    }

    func testASynonymColumnBesideTheStandardOneIsIgnoredWithAWarning() throws {
        let report = try RosterHarness.validate([RosterHarness.validPerson], headers: RosterHarness.headers + ["身份证号"])
        XCTAssertEqual(report.findings.map(\.rule), [.rosterDuplicateColumn])
        XCTAssertEqual(report.findings.first?.column, "身份证号")
    }
}

final class ReportRendererTests: XCTestCase {
    func sampleReport() throws -> ValidationReport {
        try RosterHarness.validate([RosterHarness.validPerson.merging(["证件号码": "51010719900307123", "手机号码": "1380013800", "姓名": "=HYPERLINK(1)"]) { $1 }])
    }

    func testJSONContractIsMaskedAndDeterministic() throws {
        let report = try sampleReport()
        let style = ReportStyle(language: .en)
        let first = ReportRenderer.render(report, format: .json, style: style)
        let object = try JSONSerialization.jsonObject(with: Data(first.utf8)) as! [String: Any]
        XCTAssertEqual(object["as_of"] as? String, "2026-12-01")
        let summary = object["summary"] as! [String: Int]
        XCTAssertEqual(summary, ["rows": 1, "valid": 0, "errors": 3, "warnings": 0])
        let findings = object["findings"] as! [[String: Any]]
        XCTAssertEqual(findings.map { $0["rule"] as! String }, ["name.charset", "id.format", "phone.format"])
        XCTAssertEqual(Set(findings[0].keys), ["row", "column", "field", "rule", "severity", "message", "value"])
        XCTAssertEqual(findings[1]["value"] as? String, "510107*******7123")
        XCTAssertFalse(first.contains("51010719900307123"))
        XCTAssertFalse(first.contains("1380013800"))
        XCTAssertTrue(first.hasPrefix("{\"input\":"))
    }

    func testJSONEscapes() {
        XCTAssertEqual(ReportRenderer.jsonString("张三"), "\"张三\"")
        XCTAssertEqual(ReportRenderer.jsonString("a\"b\\c\nd\u{2028}e\u{01}"), "\"a\\\"b\\\\c\\nd\\u2028e\\u0001\"")
        var out = "["
        ReportRenderer.appendJSONString("x\"", to: &out)
        XCTAssertEqual(out, "[\"x\\\"\"")
    }

    /// The scan looks at eight bytes at a time: a character that needs an escape is found at every
    /// offset, in ASCII and in Chinese text, and each literal reads back as the text.
    func testJSONEscapesAtEveryOffset() throws {
        for filler in ["a", "张", "—"] {  // "—" (U+2014) starts with 0xE2, like U+2028
            for special in ["\"", "\\", "\n", "\u{01}", "\u{1F}", "\u{2028}", "\u{2029}", " ", "~"] {
                for offset in 0..<20 {
                    let text = String(repeating: filler, count: offset) + special + String(repeating: filler, count: 3)
                    var bytes: [UInt8] = []
                    ReportRenderer.appendJSONString(text, to: &bytes)
                    let literal = String(decoding: bytes, as: UTF8.self)
                    XCTAssertEqual(literal, ReportRenderer.jsonString(text))
                    let back = try JSONSerialization.jsonObject(with: Data("[\(literal)]".utf8)) as? [String]
                    XCTAssertEqual(back, [text], literal)
                    let escaped = ["\"", "\\", "\n", "\u{01}", "\u{1F}", "\u{2028}", "\u{2029}"].contains(special)
                    XCTAssertEqual(literal.contains("\\"), escaped, "\(literal): an escape exactly when one is needed")
                }
            }
        }
    }

    func testShowPIIUnmasks() throws {
        let rendered = ReportRenderer.render(try sampleReport(), format: .json, style: ReportStyle(language: .en, showPII: true))
        XCTAssertTrue(rendered.contains("51010719900307123"))
    }

    func testCSVDefusesFormulasAndQuotes() throws {
        let rendered = ReportRenderer.render(try sampleReport(), format: .csv, style: ReportStyle(language: .zh))
        let lines = rendered.components(separatedBy: "\r\n")
        XCTAssertEqual(lines[0], "\u{FEFF}row,column,field,rule,severity,message,value", "a BOM, so Chinese Excel reads UTF-8")
        XCTAssertTrue(lines[1].hasSuffix(",'=HYPERLINK(1)"), lines[1])
        XCTAssertEqual(ReportRenderer.csvCell("a,\"b\""), "\"a,\"\"b\"\"\"")
    }

    func testTextGroupsByRowInTheChosenLanguage() throws {
        let zh = ReportRenderer.render(try sampleReport(), format: .text, style: ReportStyle(language: .zh))
        XCTAssertTrue(zh.hasPrefix("第 2 行 =HYPERLINK(1)\n"), zh)  // the person beside the row
        XCTAssertTrue(zh.contains("共 1 行，0 行无错误；3 个错误，0 个警告"))
        let en = ReportRenderer.render(try sampleReport(), format: .text, style: ReportStyle(language: .en))
        XCTAssertTrue(en.contains("1 rows, 0 without errors; 3 errors, 0 warnings"))
        XCTAssertFalse(en.contains("\u{1B}["))
    }
}
