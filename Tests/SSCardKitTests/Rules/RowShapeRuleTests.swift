import Foundation
import XCTest
@testable import SSCardKit

/// `roster.extra-cells`: a row with more cells than the header has.
final class RowShapeRuleTests: XCTestCase {
    /// Validates a CSV written exactly as given (no quoting added).
    private func validate(rawCSV: String) throws -> ValidationReport {
        let folder = RosterHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("roster.csv").path
        try rawCSV.write(toFile: path, atomically: true, encoding: .utf8)
        return try Validation.run(ValidationRequest(rosterPath: path, asOf: RosterHarness.asOf), schemas: SchemaDirectory.locate())
    }

    private func line(_ person: [String: String]) -> String {
        RosterHarness.headers.map { person[$0] ?? "" }.joined(separator: ",")
    }

    private var second: [String: String] {
        var person = RosterHarness.validPerson
        person["证件号码"] = RosterHarness.residentID("51010719900307124")
        person["手机号码"] = "13800138001"
        person["性别"] = "女"
        return person
    }

    func testAnUnquotedCommaInAnAddressIsOneExtraCellsFindingNamingTheRow() throws {
        var shifted = RosterHarness.validPerson
        shifted["户口所在地址"] = "四川省成都市武侯区,洗面桥横街1号"  // written without quotes: one cell too many
        shifted["监护人与申请人关系"] = "父子"
        let csv = RosterHarness.headers.joined(separator: ",") + "\n" + line(shifted) + "\n" + line(second) + "\n"
        let report = try validate(rawCSV: csv)
        XCTAssertEqual(report.findings.map(\.rule.rawValue), ["roster.extra-cells"], "no knock-on findings")
        let finding = try XCTUnwrap(report.findings.first)
        XCTAssertEqual(finding.row, 2)
        XCTAssertEqual(finding.severity, .error)
        XCTAssertEqual(finding.value, "父子")
        XCTAssertTrue(finding.message.zh.contains("第 2 行") && finding.message.zh.contains("多出 1 个"), finding.message.zh)
        XCTAssertTrue(finding.message.en.contains("row 2"), finding.message.en)
    }

    func testAShiftThatOnlyPushesAnEmptyCellOutIsStillFound() throws {
        var shifted = RosterHarness.validPerson
        shifted["常住地址"] = "四川省成都市,武侯区洗面桥横街1号"  // the guardian columns are empty
        let csv = RosterHarness.headers.joined(separator: ",") + "\n" + line(shifted) + "\n"
        let report = try validate(rawCSV: csv)
        XCTAssertEqual(report.findings.map(\.rule.rawValue), ["roster.extra-cells"])
        XCTAssertEqual(report.findings.first?.value, "")
    }

    func testRowsAsWideAsTheHeaderHaveNoSuchFinding() throws {
        let csv = RosterHarness.headers.joined(separator: ",") + "\n" + line(RosterHarness.validPerson) + "\n" + line(second) + "\n"
        XCTAssertEqual(try validate(rawCSV: csv).findings.map(\.rule.rawValue), [])
    }

    func testTheRuleIsAnError() {
        XCTAssertEqual(RuleID.rosterExtraCells.severity, .error)
        XCTAssertEqual(RuleID.rosterExtraCells.rawValue, "roster.extra-cells")
    }
}
