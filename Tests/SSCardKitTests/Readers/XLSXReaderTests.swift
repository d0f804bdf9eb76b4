import Foundation
import XCTest
@testable import SSCardKit
import XLSXWriter

/// XLSX rosters: our own writer's output read back, a workbook shaped like another tool's,
/// and the 1904 date system. Fixtures come from scripts/make-fixtures.py.
final class XLSXReaderTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sscard-xlsx-tests-\(UUID.scratchName)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    // MARK: - (a) Written by our libxlsxwriter wrapper

    /// Writes 花名册 (rows 1, 2, 3 and 5; row 4 left out) and 说明.
    private func writeWorkbook(constantMemory: Bool) throws -> String {
        let path = directory.appendingPathComponent("written-\(constantMemory ? "cm" : "mem").xlsx").path
        let workbook = try XLSXWorkbookWriter(path: path, constantMemory: constantMemory)
        let text = workbook.textFormat()
        let date = workbook.format(numberFormat: "yyyy-mm-dd")
        let bold = workbook.boldFormat()
        let roster = workbook.addWorksheet(name: "花名册")
        let notes = workbook.addWorksheet(name: "说明")
        for (column, header) in ["姓名", "证件号码", "手机号码", "出生日期", "在职", "工资"].enumerated() {
            try roster.write(header, row: 0, column: column, format: bold)
        }
        try roster.write("张三", row: 1, column: 0)
        try roster.write("110101199003070011", row: 1, column: 1, format: text)
        try roster.write(13_800_138_000, row: 1, column: 2)
        try roster.write(33040, row: 1, column: 3, format: date)
        try roster.write(true, row: 1, column: 4)
        try roster.write(1234.5, row: 1, column: 5)

        try roster.write("李四", row: 2, column: 0)
        try roster.write("0101", row: 2, column: 1, format: text)
        try roster.write(0.1, row: 2, column: 2)
        try roster.write(33041.75, row: 2, column: 3, format: date)
        try roster.write(false, row: 2, column: 4)
        try roster.write(-2, row: 2, column: 5)

        try roster.write("王五", row: 4, column: 0)
        try roster.write(42, row: 4, column: 5)

        try notes.write("说明文字", row: 0, column: 0)
        try workbook.close()
        return path
    }

    private func assertWrittenRoster(_ rows: [RawRow], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(rows.map(\.number), [1, 2, 3, 5], file: file, line: line)
        guard rows.count == 4 else { return }
        XCTAssertEqual(rows[0].cells, ["姓名", "证件号码", "手机号码", "出生日期", "在职", "工资"].map(CellValue.text), file: file, line: line)
        XCTAssertEqual(rows[1].cells, [
            .text("张三"), .text("110101199003070011"), .number(literal: "13800138000", value: 13_800_138_000),
            .date(civil(1990, 6, 16)), .bool(true), .number(literal: "1234.5", value: 1234.5),
        ], file: file, line: line)
        XCTAssertEqual(rows[2].cells, [
            .text("李四"), .text("0101"), .number(literal: "0.1", value: 0.1),
            .date(civil(1990, 6, 17)), .bool(false), .number(literal: "-2", value: -2),
        ], file: file, line: line)
        XCTAssertEqual(rows[3].cells, [.text("王五"), .empty, .empty, .empty, .empty, .number(literal: "42", value: 42)],
                       file: file, line: line)
        XCTAssertEqual(rows[1][2].displayText, "13800138000", file: file, line: line)
    }

    func testOwnWriterConstantMemoryWorkbookReadsBack() throws {
        let path = try writeWorkbook(constantMemory: true)
        let source = try XLSXRowSource(path: path, sheet: nil)
        XCTAssertEqual(source.sheetName, "花名册")
        assertWrittenRoster(try drain(source))
    }

    func testOwnWriterSharedStringWorkbookReadsBack() throws {
        let path = try writeWorkbook(constantMemory: false)
        assertWrittenRoster(try drain(RosterFile.open(path: path)))
    }

    func testSheetSelectionAndSheetNotFound() throws {
        let path = try writeWorkbook(constantMemory: true)
        let notes = try XCTUnwrap(try RosterFile.open(path: path, options: RosterOpenOptions(sheet: "说明")) as? XLSXRowSource)
        XCTAssertEqual(notes.sheetName, "说明")
        let rows = try drain(notes)
        XCTAssertEqual(rows.map(\.number), [1])
        XCTAssertEqual(rows.first?.cells, [.text("说明文字")])

        let named = try XLSXRowSource(path: path, sheet: "花名册")
        XCTAssertEqual(named.sheetName, "花名册")
        XCTAssertEqual(try drain(named).count, 4)

        XCTAssertEqual(caught { _ = try RosterFile.open(path: path, options: RosterOpenOptions(sheet: "Sheet1")) },
                       .sheetNotFound(path: path, sheet: "Sheet1", available: ["花名册", "说明"]))
        // Names match exactly (no trimming or case folding).
        XCTAssertEqual(caught { _ = try XLSXRowSource(path: path, sheet: "花名册 ") },
                       .sheetNotFound(path: path, sheet: "花名册 ", available: ["花名册", "说明"]))
    }

    func testXLSMExtensionIsReadAsXLSX() throws {
        let written = try writeWorkbook(constantMemory: true)
        let xlsm = directory.appendingPathComponent("macro.XLSM").path
        try FileManager.default.copyItem(atPath: written, toPath: xlsm)
        assertWrittenRoster(try drain(RosterFile.open(path: xlsm)))
    }

    // MARK: - (b) Written by another tool

    func testOtherToolWorkbookEveryCellType() throws {
        let path = fixture("other-tool.xlsx")
        let source = try XLSXRowSource(path: path, sheet: nil)
        XCTAssertEqual(source.sheetName, "花名册", "the first sheet, found through r:id rId2")
        let rows = try drain(source)

        // Row 4 holds only a styled empty cell and an empty inline string: skipped.
        XCTAssertEqual(rows.map(\.number), [1, 2, 3, 5])
        guard rows.count == 4 else { return }

        XCTAssertEqual(rows[0].cells, ["姓名", "证件号码", "手机号码", "出生日期", "备注"].map(CellValue.text))

        let row2 = rows[1]
        XCTAssertEqual(row2.cells.count, 9)
        XCTAssertEqual(row2[0], .text("张三"), "rich text runs joined; the phonetic run (zhang) left out")
        XCTAssertEqual(row2[1], .number(literal: "5.10107199001011E+17", value: 5.10107199001011E+17))
        XCTAssertEqual(row2[1].displayText, "5.10107199001011E+17", "the E-notation literal is kept")
        XCTAssertEqual(row2[2], .number(literal: "13800138000", value: 13_800_138_000))
        XCTAssertEqual(row2[2].displayText, "13800138000")
        XCTAssertEqual(row2[3], .date(civil(1990, 6, 16)), "33040 with built-in numFmt 14")
        XCTAssertEqual(row2[4], .text("内联文本"), "inline string")
        XCTAssertEqual(row2[5], .text("张三先生"), "t=\"str\" formula result, not the formula")
        XCTAssertEqual(row2[6], .bool(true))
        XCTAssertEqual(row2[7], .error("#N/A"))
        XCTAssertEqual(row2[8], .date(civil(1990, 6, 16)), "33040 with custom numFmt 176 yyyy\"年\"m\"月\"d\"日\"")

        // Cells without r land in consecutive columns.
        XCTAssertEqual(rows[2].cells, [
            .text("李四"), .text("110101199003070011"), .number(literal: "13900139000", value: 13_900_139_000),
            .date(civil(1990, 6, 17)), .bool(false),
        ])

        // A gap from A to E; preserved spaces in a shared string.
        XCTAssertEqual(rows[3].cells, [.text(" 王五 "), .empty, .empty, .empty, .number(literal: "42", value: 42)])
        XCTAssertEqual(rows[3][9], .empty, "subscript past the end is empty")
    }

    func testOtherToolSecondSheet() throws {
        let path = fixture("other-tool.xlsx")
        let source = try XLSXRowSource(path: path, sheet: "说明")
        XCTAssertEqual(source.sheetName, "说明")
        let rows = try drain(source)
        XCTAssertEqual(rows.map(\.number), [2])
        XCTAssertEqual(rows.first?.cells, [.empty, .text("填写说明：每人一行")])
        XCTAssertEqual(caught { _ = try XLSXRowSource(path: path, sheet: "Sheet2") },
                       .sheetNotFound(path: path, sheet: "Sheet2", available: ["花名册", "说明"]))
    }

    // MARK: - (c) The 1904 date system

    func testDate1904Workbook() throws {
        let rows = try drain(RosterFile.open(path: fixture("date1904.xlsx")))
        XCTAssertEqual(rows.map(\.number), [1, 2, 3])
        guard rows.count == 3 else { return }
        XCTAssertEqual(rows[0].cells, [.text("姓名"), .text("出生日期")])
        // Serial 0 is 1904-01-01 itself; 31777 days later is 1991-01-01 (1900 system: 1986-12-31).
        XCTAssertEqual(rows[1].cells, [.text("零"), .date(civil(1904, 1, 1))])
        XCTAssertEqual(rows[2].cells, [.text("一九九一"), .date(civil(1991, 1, 1)), .number(literal: "31777", value: 31777)])
    }

    // MARK: - Serial dates and date formats

    func testExcelSerialDates() {
        // 1900 system, with Excel's phantom 1900-02-29 (serial 60).
        XCTAssertEqual(ExcelDates.date(serial: 1, date1904: false), civil(1900, 1, 1))
        XCTAssertEqual(ExcelDates.date(serial: 59, date1904: false), civil(1900, 2, 28))
        XCTAssertNil(ExcelDates.date(serial: 60, date1904: false))
        XCTAssertEqual(ExcelDates.date(serial: 61, date1904: false), civil(1900, 3, 1))
        XCTAssertEqual(ExcelDates.date(serial: 33040, date1904: false), civil(1990, 6, 16))
        XCTAssertEqual(ExcelDates.date(serial: 33040.999, date1904: false), civil(1990, 6, 16))
        XCTAssertEqual(ExcelDates.date(serial: 2_958_465, date1904: false), civil(9999, 12, 31))
        XCTAssertNil(ExcelDates.date(serial: 2_958_466, date1904: false))
        XCTAssertNil(ExcelDates.date(serial: -1, date1904: false))
        // 1904 system: no phantom day; the systems differ by 1462 days.
        XCTAssertEqual(ExcelDates.date(serial: 0, date1904: true), civil(1904, 1, 1))
        XCTAssertEqual(ExcelDates.date(serial: 31777, date1904: true), civil(1991, 1, 1))
        XCTAssertEqual(ExcelDates.date(serial: 33040 - 1462, date1904: true), civil(1990, 6, 16))
    }

    func testDateFormatDetection() {
        XCTAssertTrue(ExcelDates.isDateFormat("yyyy\"年\"m\"月\"d\"日\""))
        XCTAssertTrue(ExcelDates.isDateFormat("yyyy-mm-dd"))
        XCTAssertTrue(ExcelDates.isDateFormat("[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy"))
        XCTAssertTrue(ExcelDates.isDateFormat("[h]:mm:ss"))
        XCTAssertFalse(ExcelDates.isDateFormat("@"))
        XCTAssertFalse(ExcelDates.isDateFormat("0.00"))
        XCTAssertFalse(ExcelDates.isDateFormat("#,##0;[Red]-#,##0"))
        XCTAssertFalse(ExcelDates.isDateFormat("\"Day\"0"))
        XCTAssertTrue(ExcelDates.isBuiltinDate(14))
        XCTAssertTrue(ExcelDates.isBuiltinDate(57))
        XCTAssertFalse(ExcelDates.isBuiltinDate(49))
        XCTAssertFalse(ExcelDates.isBuiltinDate(0))
    }

    // MARK: - Helpers

    private func civil(_ year: Int, _ month: Int, _ day: Int) -> CivilDate {
        CivilDate(year: year, month: month, day: day)!
    }

    private func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Readers
            .deletingLastPathComponent()  // SSCardKitTests
            .appendingPathComponent("Fixtures")
            .appendingPathComponent(name)
            .path
    }
}
