import Foundation
import XCTest
@testable import SSCardKit
import XMLStream

/// Workbooks as other writers lay them out, and numbers too large for any integer
/// (fixtures from scripts/make-fixtures.py).
final class WorkbookVariantTests: XCTestCase {
    /// The header row of the fixtures: every column validate requires.
    private let header: [CellValue] = ["姓名", "证件号码", "证件类型", "国籍", "手机号码", "参保单位编号", "参保单位名称", "现今工作单位",
                                       "证件发证机关", "证件有效期", "户口所在地址", "常住地址", "邮政编码", "职业", "学历", "开户银行"].map(CellValue.text)

    // MARK: - Numbers from input never trap

    func testTwentyDigitSharedStringIndexIsDamagedNamingTheCell() throws {
        let path = ReaderFixtures.path("overflow.xlsx")
        let outcome = ReaderFixtures.read(path, sheet: "index")
        XCTAssertEqual(outcome.rows.map(\.cells), [header])
        guard case .xlsxDamaged(path, let reason)? = outcome.error else {
            return XCTFail("expected xlsxDamaged, got \(String(describing: outcome.error))")
        }
        XCTAssertTrue(reason.en.contains("A2"), reason.en)
        XCTAssertTrue(reason.en.contains("99999999999999999999"), reason.en)
        XCTAssertTrue(reason.zh.contains("A2"), reason.zh)
    }

    func testTwentyDigitRowNumberIsDamaged() throws {
        let path = ReaderFixtures.path("overflow.xlsx")
        let outcome = ReaderFixtures.read(path, sheet: "row")
        XCTAssertEqual(outcome.rows.map(\.cells), [header])
        guard case .xlsxDamaged(path, let reason)? = outcome.error else {
            return XCTFail("expected xlsxDamaged, got \(String(describing: outcome.error))")
        }
        XCTAssertTrue(reason.en.contains("99999999999999999999"), reason.en)
    }

    func testHugeRowDigitsInACellReferenceKeepTheColumn() throws {
        let outcome = ReaderFixtures.read(ReaderFixtures.path("overflow.xlsx"), sheet: "cellrow")
        XCTAssertNil(outcome.error)
        XCTAssertEqual(outcome.rows.map(\.cells), [header, [.text("张三")]])
    }

    func testColumnLettersBeyondXFDAreDamagedNamingTheReference() throws {
        let path = ReaderFixtures.path("overflow.xlsx")
        let outcome = ReaderFixtures.read(path, sheet: "column")
        guard case .xlsxDamaged(path, let reason)? = outcome.error else {
            return XCTFail("expected xlsxDamaged, got \(String(describing: outcome.error))")
        }
        XCTAssertTrue(reason.en.contains("ZZZZZZZZZZZZZZ1"), reason.en)
    }

    func testHugeStyleIndexAndDateSerialsStayNumbers() throws {
        let outcome = ReaderFixtures.read(ReaderFixtures.path("overflow.xlsx"), sheet: "style")
        XCTAssertNil(outcome.error)
        XCTAssertEqual(outcome.rows.last?.cells, [.number(literal: "1", value: 1)])
        let serial = ReaderFixtures.read(ReaderFixtures.path("overflow.xlsx"), sheet: "serial")
        XCTAssertNil(serial.error)
        XCTAssertEqual(serial.rows.last?.cells, [.number(literal: "1e308", value: 1e308),
                                                 .number(literal: "-99999999999999999999", value: -1e20)])
    }

    // MARK: - Packages as other writers lay them out

    private func assertReadsTheRoster(_ name: String, file: StaticString = #filePath, line: UInt = #line) {
        let outcome = ReaderFixtures.read(ReaderFixtures.path(name))
        XCTAssertNil(outcome.error, "\(name): \(String(describing: outcome.error))", file: file, line: line)
        XCTAssertEqual(outcome.rows.map(\.cells), [header, [.text("张三"), .text("110101199003070011")]], name, file: file, line: line)
    }

    func testPartNamesAreCaseInsensitive() { assertReadsTheRoster("odd-case.xlsx") }
    func testSharedStringsWithoutARelationshipAreFoundInAnyCase() { assertReadsTheRoster("shared-strings-by-name.xlsx") }
    func testWorkbookAtTheZipRootIsFoundThroughThePackageRelationships() { assertReadsTheRoster("root-workbook.xlsx") }
    func testBackslashEntryNamesAreRead() { assertReadsTheRoster("backslash-names.xlsx") }
    func testSheetIdsUnderAnotherNamespacePrefixAreFollowed() { assertReadsTheRoster("other-prefix.xlsx") }
    func testDataDescriptorsWithCRCZeroInLocalHeadersAreRead() { assertReadsTheRoster("data-descriptor.xlsx") }
    /// libzip's ZIP_CHECKCONS refuses this file (local CRC 0 disagrees with the directory); the data is intact.
    func testLocalHeadersWithCRCZeroAreRead() { assertReadsTheRoster("crc-zero-local.xlsx") }

    func testAWrongCRCIsDamagedWhenTheEntryIsRead() throws {
        let path = ReaderFixtures.path("bad-crc.xlsx")
        let outcome = ReaderFixtures.read(path)
        guard case .xlsxDamaged(path, let reason)? = outcome.error else {
            return XCTFail("expected xlsxDamaged, got \(String(describing: outcome.error))")
        }
        XCTAssertTrue(reason.en.contains("CRC"), reason.en)
        XCTAssertTrue(reason.zh.contains("CRC"), reason.zh)
        XCTAssertTrue(reason.en.contains("xl/worksheets/sheet1.xml"), reason.en)
    }

    // MARK: - Cells

    func testEmptySharedValueIsAnEmptyCellAndInlineStringsIgnoreV() throws {
        let outcome = ReaderFixtures.read(ReaderFixtures.path("cell-variants.xlsx"))
        XCTAssertNil(outcome.error, String(describing: outcome.error))
        XCTAssertEqual(outcome.rows.map(\.cells), [
            header,
            [.empty, .text("1.")],
            [.text("张三"), .text("2.")],
            [.empty, .text("3.")],
        ])
    }

    func testOversizedInlineCellIsNamed() throws {
        let path = ReaderFixtures.path("oversized-cell.xlsx")
        let outcome = ReaderFixtures.read(path)
        XCTAssertEqual(outcome.rows.count, 2, "the rows before it are delivered")
        XCTAssertEqual(outcome.error, .cellTooLarge(path: path, sheet: "花名册", cell: "B3", limit: 32_767))
        let message = try XCTUnwrap(outcome.error).message
        XCTAssertTrue(message.zh.contains("B3") && message.en.contains("B3"))
        XCTAssertFalse(message.zh.contains("拆分"), message.zh)
        XCTAssertFalse(message.en.contains("split"), message.en)
    }

    func testOversizedSharedStringIsNamedByTheCellThatUsesIt() throws {
        let path = ReaderFixtures.path("oversized-shared.xlsx")
        let outcome = ReaderFixtures.read(path)
        XCTAssertEqual(outcome.rows.count, 2)
        XCTAssertEqual(outcome.error, .cellTooLarge(path: path, sheet: "花名册", cell: "A3", limit: 32_767))
    }

    // MARK: - Files that are not XLSX packages

    func testPasswordProtectedWorkbookSaysSo() throws {
        let path = ReaderFixtures.path("encrypted.xlsx")
        let error = try XCTUnwrap(ReaderFixtures.read(path).error)
        XCTAssertEqual(error, .encryptedWorkbook(path: path))
        XCTAssertEqual(error.exitCode, 2)
        XCTAssertTrue(error.message.zh.contains("密码"), error.message.zh)
        XCTAssertTrue(error.message.en.contains("password"), error.message.en)
    }

    func testLegacyXLSSaysSaveAsXLSX() throws {
        for name in ["legacy.xls", "legacy-named.xlsx"] {
            let path = ReaderFixtures.path(name)
            let error = try XCTUnwrap(ReaderFixtures.read(path).error, name)
            XCTAssertEqual(error, .legacyWorkbook(path: path), name)
            XCTAssertTrue(error.message.zh.contains("另存为 .xlsx"), error.message.zh)
            XCTAssertTrue(error.message.en.contains("save it as .xlsx"), error.message.en)
        }
    }

    func testAnXLSXNamedXLSIsRead() throws {
        let directory = RosterHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("roster.xls").path
        try FileManager.default.copyItem(atPath: ReaderFixtures.path("odd-case.xlsx"), toPath: copy)
        let outcome = ReaderFixtures.read(copy)
        XCTAssertNil(outcome.error)
        XCTAssertEqual(outcome.rows.count, 2)
    }

    // MARK: - Messages in Chinese carry no library text

    func testChineseMessagesHaveNoEnglishLibraryText() throws {
        let directory = RosterHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let unreadable = directory.appendingPathComponent("locked.csv").path
        let malformed = directory.appendingPathComponent("malformed.xlsx").path
        var errors: [SSCardError] = []
        for name in ["not-a-zip.xlsx", "truncated.xlsx", "bad-crc.xlsx", "missing-sheet.xlsx", "xxe.xlsx", "zip-bomb.xlsx",
                     "overflow.xlsx", "encrypted.xlsx", "legacy.xls"] {
            if let error = ReaderFixtures.read(ReaderFixtures.path(name), sheet: name == "overflow.xlsx" ? "index" : nil).error {
                errors.append(error)
            } else {
                XCTFail("\(name) read without an error")
            }
        }
        errors.append(.readFailed(path: unreadable, reason: SystemReason.message(errno: EACCES)))
        errors.append(WorkbookReasons.map(XMLStreamErrorProbe.malformed, path: malformed, part: "xl/worksheets/sheet1.xml"))
        for error in errors {
            let zh = error.message.zh
            // Letters are allowed only in paths, part names and cell references, never as words.
            let stripped = zh.replacingOccurrences(of: ReaderFixtures.path(""), with: "")
                .replacingOccurrences(of: directory.path, with: "")
            let words = stripped.split(whereSeparator: { !$0.isASCII || !$0.isLetter }).filter { $0.count > 3 }
            let allowed: Set<String> = ["xlsx", "sheet", "sheets", "worksheets", "sharedStrings", "rels", "workbook", "Excel", "XLSX",
                                        "zip", "malformed", "locked", "truncated", "overflow", "encrypted", "legacy", "bomb", "missing",
                                        "Content_Types", "index", "ZZZZZZZZZZZZZZ", "Types", "Content", "csv"]
            for word in words where !allowed.contains(String(word)) {
                XCTFail("English word \"\(word)\" in Chinese message: \(zh)")
            }
        }
    }
}


/// A libxml2-shaped failure, English message included, to check it stays out of the Chinese text.
enum XMLStreamErrorProbe {
    static let malformed = XMLStreamError.malformed(document: "xl/worksheets/sheet1.xml", line: 3,
                                                    message: "Opening and ending tag mismatch: row line 2 and sheetData")
}
