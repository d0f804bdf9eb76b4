import Foundation
import XCTest
@testable import SSCardKit

/// The streamed xlsx report, read back with our own XLSX reader: many findings (the scratch file
/// crosses its buffer and read-chunk boundaries), the note cap, and the row-order contract.
final class XLSXReportWriterTests: XCTestCase {
    func sheet(_ path: String, _ name: String) throws -> [RawRow] {
        let source = try RosterFile.open(path: path, options: RosterOpenOptions(sheet: name))
        var rows: [RawRow] = []
        while let row = try source.nextRow() { rows.append(row) }
        return rows
    }

    func testThousandsOfFindingsLandOnTheirRowsAndNotesStopAtTheCap() throws {
        let folder = RosterHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var people: [[String: String]] = []
        for index in 0..<3000 {
            var person = RosterHarness.validPerson
            person["证件号码"] = RosterHarness.residentID("510107199003\(String(format: "%05d", index))")
            person["手机号码"] = "138\(String(format: "%08d", index))"
            if index % 3 == 0 { person["邮政编码"] = "6100" }              // error
            if index % 5 == 0 { person["民族"] = "火星族" }                // error
            people.append(person)
        }
        let roster = folder.appendingPathComponent("roster.csv").path
        try RosterHarness.csv(people).write(toFile: roster, atomically: true, encoding: .utf8)
        let report = try Validation.run(ValidationRequest(rosterPath: roster, asOf: RosterHarness.asOf), schemas: SchemaDirectory.locate())
        XCTAssertGreaterThan(report.findings.count, 1500)

        let output = folder.appendingPathComponent("report.xlsx").path
        let writer = try XLSXReportWriter(path: output, inputPath: roster, asOf: report.asOf, style: ReportStyle(language: .zh))
        writer.maxNotes = 100
        for finding in report.findings { try writer.add(finding) }
        let reference = try ReferenceData(directory: SchemaDirectory.locate(), profile: .chengdu)
        try writer.writeRoster(RosterFile.open(path: roster), headers: reference.headers)
        try writer.finish(rows: report.rows, validRows: report.validRows)

        let problems = try sheet(output, "问题清单")
        XCTAssertEqual(problems.count, report.findings.count + 1)
        let rows = try sheet(output, "花名册")
        XCTAssertEqual(rows.count, 3001)
        let flagged = Set(report.findings.map(\.row))
        for row in rows.dropFirst() {
            XCTAssertEqual(row.cells.first?.displayText, flagged.contains(row.number) ? "有错误" : "通过", "row \(row.number)")
        }
        // IDs masked; the header row carries 状态 in front of the roster's own headers.
        XCTAssertEqual(rows[0].cells.prefix(4).map(\.displayText), ["状态", "姓名", "证件类型", "证件号码"])
        XCTAssertTrue(rows[1].cells[3].displayText.contains("********"))
        let summary = try sheet(output, "汇总").map { $0.cells.map(\.displayText) }
        XCTAssertTrue(summary.contains { $0.first == "批注" && $0[1].contains("前 100 个") }, "\(summary.prefix(12))")
        XCTAssertTrue(summary.contains { $0.first == "postal.format" && $0.last == "1000" })
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }, [], "no scratch files left")
    }

    func testFindingsOutOfRowOrderAreRefusedAndNothingIsLeft() throws {
        let folder = RosterHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("report.xlsx").path
        let writer = try XLSXReportWriter(path: output, inputPath: output, asOf: RosterHarness.asOf, style: ReportStyle(language: .en))
        let finding = Finding(row: 5, column: "姓名", field: "name", rule: .nameMissing, message: Message(zh: "x", en: "x"), value: "")
        try writer.add(finding)
        var earlier = finding
        earlier.row = 3
        XCTAssertThrowsError(try writer.add(earlier))
        writer.discard()
        XCTAssertFalse(FileManager.default.fileExists(atPath: output))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
    }
}
