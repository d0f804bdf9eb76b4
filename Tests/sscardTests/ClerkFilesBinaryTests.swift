import Foundation
import XCTest

/// The files of issue 8, through the built binary: a workbook written by openpyxl whose first
/// sheet is instructions, and Excel's UTF-16 "Unicode text".
final class ClerkFilesBinaryTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-clerk-files-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { if let folder { try? FileManager.default.removeItem(at: folder) } }

    func sscard(_ arguments: [String]) throws -> CommandRun { try CommandRun.sscard(arguments, environment: ["LANG": "C.UTF-8"]) }

    /// samples/roster.csv behind a 填表说明 sheet, as openpyxl writes it.
    static let instructionsFirst = #"""
import csv, sys, openpyxl
sample, out = sys.argv[1], sys.argv[2]
wb = openpyxl.Workbook()
notes = wb.active
notes.title = '填表说明'
notes.append(['填表说明'])
notes.append(['1. 证件号码请设为文本格式'])
roster = wb.create_sheet('花名册')
for row in csv.reader(open(sample, encoding='utf-8-sig')):
    roster.append(row)
wb.save(out)
print('{}')
"""#

    func testAnInstructionsSheetIsPassedOverAndTheReportSaysWhichSheetWasRead() throws {
        try Python.requireOpenpyxl()
        let workbook = folder.appendingPathComponent("with-notes.xlsx").path
        _ = try Python.json(Self.instructionsFirst, [BinaryTests.root.appendingPathComponent("samples/roster.csv").path, workbook])
        let run = try sscard(["validate", workbook, "--as-of", "2026-12-01", "--format", "json", "--lang", "en"])
        XCTAssertEqual(run.status, 1, run.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let findings = object["findings"] as! [[String: Any]]
        XCTAssertEqual(findings.first?["rule"] as? String, "roster.sheet")
        XCTAssertTrue((findings.first?["message"] as? String ?? "").contains("read sheet \"花名册\""), "\(findings.first ?? [:])")
        // Beyond that line, the same findings as the CSV itself.
        let plain = try sscard(["validate", "samples/roster.csv", "--as-of", "2026-12-01", "--format", "json", "--lang", "en"])
        let expected = (try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as! [String: Any])["findings"] as! [[String: Any]]
        XCTAssertEqual(findings.dropFirst().map { "\($0["row"]!) \($0["rule"]!)" }, expected.map { "\($0["row"]!) \($0["rule"]!)" })

        // The annotated workbook's 花名册 is that sheet's rows, not the instructions.
        let report = folder.appendingPathComponent("report.xlsx").path
        XCTAssertEqual(try sscard(["validate", workbook, "--as-of", "2026-12-01", "--format", "xlsx", "-o", report]).status, 1)
        let names = try Python.json("""
            import json, sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1])['花名册']
            print(json.dumps([c.value for c in ws['B']][:3]))
            """, [report]) as? [String?]
        XCTAssertEqual(names, ["姓名", "张伟", "李娜"])

        // Naming the instructions sheet is refused with the plain message.
        let named = try sscard(["validate", workbook, "--sheet", "填表说明", "--as-of", "2026-12-01", "--lang", "en"])
        XCTAssertEqual(named.status, 2)
        XCTAssertTrue(named.stderr.contains("no header row"), named.stderr)
    }

    func testExcelUnicodeTextImports() throws {
        let sample = try Data(contentsOf: BinaryTests.root.appendingPathComponent("samples/roster.csv"))
        let text = String(decoding: sample.dropFirst(3), as: UTF8.self)
        // Excel's "Unicode text": UTF-16LE with a mark, tab-separated (the sample has no quoted commas).
        XCTAssertFalse(text.contains("\""))
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.replacingOccurrences(of: ",", with: "\t").utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let path = folder.appendingPathComponent("unicode.txt").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let run = try sscard(["validate", path, "--as-of", "2026-12-01", "--format", "json"])
        let plain = try sscard(["validate", "samples/roster.csv", "--as-of", "2026-12-01", "--format", "json"])
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertEqual(run.stdout.replacingOccurrences(of: path, with: "X"), plain.stdout.replacingOccurrences(of: "samples/roster.csv", with: "X"))
        let store = folder.appendingPathComponent("s.db").path
        let imported = try sscard(["import", path, "--encoding", "utf-16", "--store", store, "--as-of", "2026-12-01T09:00", "--format", "json"])
        XCTAssertEqual(imported.status, 1, imported.stderr)
        let summary = (try JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as! [String: Any])["summary"] as! [String: Any]
        XCTAssertEqual(summary["accepted"] as? Int, 19, "\(summary)")
    }
}
