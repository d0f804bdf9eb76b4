import Foundation
import XCTest
@testable import SSCardKit
import XLSXWriter

/// Files a clerk expects to work (issue 8): UTF-16 text, a workbook whose first sheet is
/// instructions, two columns for one field, a typed apostrophe, and dates as other programs write them.
final class ClerkFilesTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = RosterHarness.temporaryDirectory() }
    override func tearDownWithError() throws { if let folder { try? FileManager.default.removeItem(at: folder) } }

    private var person: [String: String] { RosterHarness.validPerson }

    private func validate(_ path: String, encoding: TextEncoding = .auto, sheet: String? = nil) throws -> ValidationReport {
        var request = ValidationRequest(rosterPath: path, asOf: RosterHarness.asOf)
        request.open = RosterOpenOptions(encoding: encoding, sheet: sheet)
        return try Validation.run(request, schemas: SchemaDirectory.locate())
    }

    private func rows(_ rows: [[String: String]], headers: [String] = RosterHarness.headers, separator: String = ",") -> String {
        ([headers.joined(separator: separator)] + rows.map { row in headers.map { row[$0] ?? "" }.joined(separator: separator) })
            .joined(separator: "\r\n") + "\r\n"
    }

    private func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func utf16(_ text: String, bigEndian: Bool, mark: Bool) -> [UInt8] {
        var bytes: [UInt8] = mark ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            bytes += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        return bytes
    }

    // MARK: UTF-16

    func testExcelUnicodeTextAndLibreOfficeUTF16AreRead() throws {
        var second = person
        second["姓名"] = "欧阳·娜娜"
        second["证件号码"] = RosterHarness.residentID("51010719900307124")
        second["性别"] = "女"
        second["手机号码"] = "13900139000"
        let excel = try write(utf16(rows([person, second], separator: "\t"), bigEndian: false, mark: true), "unicode.txt")
        let libreOffice = try write(utf16(rows([person, second]), bigEndian: true, mark: true), "utf16be.csv")
        for path in [excel, libreOffice] {
            let source = try CSVRowSource(path: path, encoding: .auto)
            XCTAssertEqual(source.encoding, .utf16, path)
            let report = try validate(path)
            XCTAssertEqual(report.summary.rows, 2, path)
            XCTAssertEqual(report.findings.map(\.rule.rawValue), [], path)
        }
        // Without a mark it must be named; a lone surrogate is an undecodable line, named.
        let bare = try write(utf16(rows([person]), bigEndian: false, mark: false), "bare.csv")
        XCTAssertEqual(try validate(bare, encoding: .utf16).findings.map(\.rule.rawValue), [])
        XCTAssertEqual(TextEncoding(name: "UTF-16"), .utf16)
        XCTAssertEqual(TextEncoding(name: "unicode"), .utf16)
        var broken = utf16(rows([person]), bigEndian: false, mark: true)
        broken += [0x00, 0xD8, 0x41, 0x00]  // a high surrogate followed by "A"
        let damaged = try write(broken, "damaged.csv")
        XCTAssertThrowsError(try validate(damaged)) { error in
            guard case .csvUndecodable(_, let line, "UTF-16") = error as? SSCardError else { return XCTFail("\(error)") }
            XCTAssertEqual(line, 3)
        }
    }

    // MARK: Sheets

    private func workbook(_ name: String, sheets: [(String, [[String]])]) throws -> String {
        let path = folder.appendingPathComponent(name).path
        let book = try XLSXWorkbookWriter(path: path, constantMemory: false)
        for (sheetName, table) in sheets {
            let sheet = book.addWorksheet(name: sheetName)
            for (row, cells) in table.enumerated() {
                for (column, text) in cells.enumerated() where !text.isEmpty { try sheet.write(text, row: row, column: column) }
            }
        }
        try book.close()
        return path
    }

    private var rosterTable: [[String]] { [RosterHarness.headers, RosterHarness.headers.map { person[$0] ?? "" }] }

    func testTheFirstSheetWithAHeaderIsReadAndNamed() throws {
        let path = try workbook("instructions-first.xlsx", sheets: [
            ("填表说明", [["填表说明"], ["1. 证件号码请按文本格式填写"], ["2. 证件有效期写成 2015.07.17-2035.07.17"]]),
            ("空白", []),
            ("花名册", rosterTable),
        ])
        let report = try validate(path)
        XCTAssertEqual(report.summary.rows, 1)
        XCTAssertEqual(report.findings.map(\.rule), [.rosterSheet])
        let finding = try XCTUnwrap(report.findings.first)
        XCTAssertEqual(finding.severity, .warning)
        XCTAssertTrue(finding.message.zh.contains("花名册") && finding.message.zh.contains("填表说明") && finding.message.zh.contains("空白"), finding.message.zh)
        XCTAssertTrue(finding.message.en.contains("--sheet"), finding.message.en)
        XCTAssertEqual(finding.row, 1)
        // Named, it is read without a word; a named sheet without a header is the plain refusal.
        XCTAssertEqual(try validate(path, sheet: "花名册").findings.map(\.rule), [])
        XCTAssertThrowsError(try validate(path, sheet: "填表说明")) { error in
            guard case .noHeaderRow = error as? SSCardError else { return XCTFail("\(error)") }
        }
    }

    func testAWorkbookWithoutAnyHeaderListsEverySheet() throws {
        let path = try workbook("no-roster.xlsx", sheets: [("说明", [["填表说明"], ["请勿修改"]]), ("Sheet2", [])])
        XCTAssertThrowsError(try validate(path)) { error in
            guard case .noHeaderInAnySheet(_, let sheets) = error as? SSCardError else { return XCTFail("\(error)") }
            XCTAssertEqual(sheets, [SheetWithoutHeader(name: "说明", rowsRead: 2), SheetWithoutHeader(name: "Sheet2", rowsRead: 0)])
            let message = (error as! SSCardError).message
            XCTAssertTrue(message.zh.contains("「说明」前 2 行中没有表头") && message.zh.contains("「Sheet2」是空表"), message.zh)
            XCTAssertTrue(message.en.contains("\"Sheet2\" is empty"), message.en)
        }
    }

    func testANoteBesideAWorkbooksTableIsAWarningNotAShift() throws {
        var row = RosterHarness.headers.map { person[$0] ?? "" }
        row.append("已电话确认")
        let path = try workbook("note.xlsx", sheets: [("花名册", [RosterHarness.headers, row])])
        let report = try validate(path)
        XCTAssertEqual(report.findings.map(\.rule), [.rosterExtraCells])
        XCTAssertEqual(report.findings.first?.severity, .warning)
        XCTAssertTrue(report.findings.first?.message.zh.contains("已忽略") ?? false)
        XCTAssertEqual(report.summary.validRows, 1, "the person's own cells are checked and pass")
        // The same row in a CSV is a shift: an error, and nothing else is checked.
        let csv = folder.appendingPathComponent("note.csv").path
        try ([RosterHarness.headers, row].map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n")
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let shifted = try validate(csv)
        XCTAssertEqual(shifted.findings.map(\.rule), [.rosterExtraCells])
        XCTAssertEqual(shifted.findings.first?.severity, .error)
    }

    // MARK: Two columns for one field

    func testTheFieldsOwnHeaderWinsOverASynonymColumn() throws {
        var row = person
        row["联系电话"] = "028-85551234"  // an office landline: not the mobile to read
        row["部门"] = "市场部"
        let headers = RosterHarness.headers + ["联系电话", "部门"]
        let path = folder.appendingPathComponent("two-phones.csv").path
        try rows([row], headers: headers).write(toFile: path, atomically: true, encoding: .utf8)
        let report = try validate(path)
        XCTAssertEqual(report.findings.map(\.rule), [.rosterDuplicateColumn, .rosterDuplicateColumn], "\(report.findings.map(\.message.en))")
        XCTAssertEqual(report.findings.map(\.column), ["联系电话", "部门"])
        XCTAssertTrue(report.findings[0].message.zh.contains("已读取「手机号码」，忽略「联系电话」列"), report.findings[0].message.zh)
        XCTAssertTrue(report.findings[1].message.en.contains("\"现今工作单位\" was read"), report.findings[1].message.en)
        XCTAssertEqual(report.summary.validRows, 1, "the mobile and the unit come from their own columns")
    }

    func testEveryConflictWithoutTheOwnHeaderIsListedAtOnce() throws {
        var headers = RosterHarness.headers.filter { $0 != "证件号码" && $0 != "手机号码" }
        headers += ["身份证号", "公民身份号码", "联系电话", "手机", "电话"]
        let path = folder.appendingPathComponent("conflicts.csv").path
        try rows([person], headers: headers).write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try validate(path)) { error in
            guard case .duplicateColumns(_, let conflicts) = error as? SSCardError else { return XCTFail("\(error)") }
            XCTAssertEqual(conflicts, [["身份证号", "公民身份号码"], ["联系电话", "手机", "电话"]])
            XCTAssertTrue((error as! SSCardError).message.zh.contains("「身份证号」与「公民身份号码」；「联系电话」与「手机」与「电话」"),
                          (error as! SSCardError).message.zh)
        }
    }

    // MARK: Values

    func testALeadingApostropheIsNoPartOfACSVValue() throws {
        var row = person
        row["证件号码"] = "'" + person["证件号码"]!
        row["手机号码"] = "'13800138000"
        let path = folder.appendingPathComponent("apostrophe.csv").path
        try rows([row]).write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try validate(path).findings.map(\.rule), [])
        let source = try CSVRowSource(path: path, encoding: .auto)
        _ = try source.nextRow()
        let cells = try XCTUnwrap(source.nextRow()).cells
        XCTAssertEqual(cells[RosterHarness.headers.firstIndex(of: "证件号码")!], .text(person["证件号码"]!))
        // A value that is only an apostrophe stays what it is, for the rules to judge.
        XCTAssertEqual(try RosterHarness.rules(["民族": "'"]), ["code.ethnicity"])
    }

    func testDatesAsOtherProgramsWriteThem() throws {
        XCTAssertEqual(try RosterHarness.rules(["证件有效期": "2016.05.10－2036.05.10"]), [])  // full-width dash
        XCTAssertEqual(try RosterHarness.rules(["证件有效期": "2016.05.10—2036.05.10"]), [])
        XCTAssertEqual(try RosterHarness.rules(["证件有效期": "2016.05.10−长期"]), ["expiry.span"])
        XCTAssertEqual(try RosterHarness.rules(["出生日期": "1990/03/07 00:00:00"]), [])
        XCTAssertEqual(try RosterHarness.rules(["出生日期": "1990-03-07T08:30"]), [])
        XCTAssertEqual(try RosterHarness.rules(["出生日期": "1990/03/07 25 o'clock"]), ["birth.format"])
        XCTAssertEqual(CivilDate(parsing: "1988/04/12 00:00:00"), CivilDate(year: 1988, month: 4, day: 12))
        XCTAssertNil(CivilDate(parsing: "1988/04/12 00:00:"))
        XCTAssertNil(CivilDate(parsing: "1988/04/12 0:0"))
        // 32939 is 1990-03-07 in Excel's 1900 system: read, with a hint.
        let report = try RosterHarness.validate([person.merging(["出生日期": "32939"]) { $1 }])
        XCTAssertEqual(report.findings.map(\.rule), [.dateExcelSerial])
        XCTAssertEqual(report.findings.first?.severity, .warning)
        XCTAssertTrue(report.findings.first?.message.zh.contains("已读作 1990-03-07") ?? false, "\(report.findings)")
        XCTAssertEqual(try RosterHarness.rules(["出生日期": "32940"]), ["date.excel-serial", "id.birth-mismatch"])
        XCTAssertEqual(try RosterHarness.rules(["出生日期": "1990"]), ["birth.format"], "four digits are a year, not a serial")
    }

    func testAGeneralFormatSerialInAWorkbookIsReadAsADate() throws {
        let path = folder.appendingPathComponent("serial.xlsx").path
        let book = try XLSXWorkbookWriter(path: path, constantMemory: false)
        let sheet = book.addWorksheet(name: "花名册")
        var headers = RosterHarness.headers.filter { $0 != "证件有效期" }
        headers += ["证件有效期起始日期", "证件有效期截止日期"]
        for (column, header) in headers.enumerated() {
            try sheet.write(header, row: 0, column: column)
            switch header {
            case "出生日期": try sheet.write(32939, row: 1, column: column)            // General, not a date format
            case "证件有效期起始日期": try sheet.write(42500, row: 1, column: column)  // 2016-05-10
            case "证件有效期截止日期": try sheet.write("2036.05.10", row: 1, column: column)
            default: try sheet.write(person[header] ?? "", row: 1, column: column)
            }
        }
        try book.close()
        let report = try validate(path)
        XCTAssertEqual(report.findings.map { "\($0.field) \($0.rule.rawValue)" }, ["birth_date date.excel-serial", "id_valid_from date.excel-serial"])
        XCTAssertTrue(report.findings[1].message.en.contains("read as 2016-05-10"), report.findings[1].message.en)
    }
}
