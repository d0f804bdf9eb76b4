import Foundation
import XCTest

/// `validate --format xlsx`, read back with openpyxl: the findings sheet equals the JSON report,
/// the roster sheet is coloured and annotated, masking holds, and a clerk can fix it and import it.
final class XLSXReportTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        try Python.requireOpenpyxl()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-xlsx-report-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    func sscard(_ arguments: [String]) throws -> CommandRun {
        try CommandRun.sscard(arguments, environment: ["LANG": "C.UTF-8"])
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    static let read = #"""
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
def rows(ws): return [[c.value for c in row] for row in ws.iter_rows()]
problems = wb['问题清单']
roster = wb['花名册']
cells = {}
for row in roster.iter_rows():
    for c in row:
        if c.value is not None or c.comment:
            cells[c.coordinate] = dict(value=c.value, fill=c.fill.fgColor.rgb if c.fill and c.fill.fill_type == 'solid' else None,
                                       comment=c.comment.text if c.comment else None, type=c.data_type)
print(json.dumps(dict(sheets=wb.sheetnames, problems=rows(problems), filter=problems.auto_filter.ref, freeze=problems.freeze_panes,
                      roster=rows(roster), cells=cells, summary=rows(wb['汇总']))))
"""#

    func read(_ file: String) throws -> [String: Any] { try Python.json(Self.read, [file]) as? [String: Any] ?? [:] }

    func json(_ arguments: [String]) throws -> [[String: Any]] {
        let run = try sscard(arguments + ["--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] ?? [:]
        return object["findings"] as? [[String: Any]] ?? []
    }

    func testProblemsSheetEqualsTheJSONReportAndTheRosterIsAnnotatedAndMasked() throws {
        let report = path("report.xlsx")
        let arguments = ["validate", "samples/roster.xlsx", "--units", "samples/units.csv", "--as-of", "2026-12-01", "--lang", "zh"]
        let run = try sscard(arguments + ["--format", "xlsx", "-o", report])
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertEqual(run.stdout, "")
        XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: report)[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let expected = try json(arguments)
        XCTAssertEqual(expected.count, 12)
        let book = try read(report)
        XCTAssertEqual(book["sheets"] as? [String], ["问题清单", "花名册", "汇总"])

        // 问题清单: one row per finding, as the JSON report has them.
        let problems = book["problems"] as? [[Any?]] ?? []
        XCTAssertEqual(problems.first?.compactMap { $0 as? String }, ["行", "列", "规则", "级别", "说明", "值"])
        let listed = problems.dropFirst().map { row in row.map { value -> String in
            if let number = value as? Int { return String(number) }
            return value as? String ?? ""
        } }
        let fromJSON = expected.map { finding in
            [String(finding["row"] as? Int ?? -1), finding["column"] as? String ?? "", finding["rule"] as? String ?? "",
             finding["severity"] as? String == "error" ? "错误" : "警告", finding["message"] as? String ?? "", finding["value"] as? String ?? ""]
        }
        XCTAssertEqual(listed, fromJSON)
        XCTAssertEqual(book["filter"] as? String, "A1:F13")
        XCTAssertEqual(book["freeze"] as? String, "A2")

        // 花名册: the roster at its own row numbers, 状态 first, flagged cells coloured with the message as a note.
        let roster = book["roster"] as? [[Any?]] ?? []
        XCTAssertEqual(roster.first?.first as? String, "状态")
        XCTAssertEqual(roster.count, 31)
        let headers = roster.first?.map { $0 as? String ?? "" } ?? []
        let cells = book["cells"] as? [String: [String: Any]] ?? [:]
        func letter(_ index: Int) -> String {
            index < 26 ? String(UnicodeScalar(UInt8(65 + index))) : "A" + String(UnicodeScalar(UInt8(65 + index - 26)))
        }
        for finding in expected {
            let row = finding["row"] as? Int ?? 0
            let column = headers.firstIndex(of: finding["column"] as? String ?? "") ?? 0
            let cell = cells["\(letter(column))\(row)"] ?? [:]
            XCTAssertEqual(cell["fill"] as? String, "FFFFC7CE", "row \(row) \(finding["column"] ?? "")")
            XCTAssertTrue((cell["comment"] as? String ?? "").contains(finding["message"] as? String ?? "?"), "row \(row)")
            XCTAssertEqual(roster[row - 1].first as? String, "有错误")
        }
        let flagged = Set(expected.compactMap { $0["row"] as? Int })
        for row in 2...31 where !flagged.contains(row) {
            XCTAssertEqual(roster[row - 1].first as? String, "通过", "row \(row)")
            for index in 1..<headers.count {
                let cell = cells["\(letter(index))\(row)"]
                XCTAssertTrue(cell?["fill"] == nil || cell?["fill"] is NSNull, "row \(row) untouched")
                XCTAssertTrue(cell?["comment"] == nil || cell?["comment"] is NSNull, "row \(row) untouched")
            }
        }
        // Every cell is text; personal data masked everywhere, notes included.
        let everything = cells.values.flatMap { [$0["value"] as? String ?? "", $0["comment"] as? String ?? ""] }
        XCTAssertTrue(cells.values.allSatisfy { $0["type"] as? String == "s" || $0["value"] is NSNull })
        let idColumn = letter(headers.firstIndex(of: "证件号码") ?? 0)
        XCTAssertEqual(cells["\(idColumn)2"]?["value"] as? String, "510107********0312")
        let unmasked = try NSRegularExpression(pattern: "[0-9]{17}[0-9Xx]|1[3-9][0-9]{9}")
        for text in everything + listed.flatMap({ $0 }) {
            XCTAssertEqual(unmasked.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text)), 0, text)
        }

        // 汇总: the input, its SHA-256, the as-of date, counts per rule and per unit.
        let summary = (book["summary"] as? [[Any?]] ?? []).map { $0.map { value -> String in
            if let number = value as? Int { return String(number) }
            return value as? String ?? ""
        } }
        let sha = try Python.run(URL(fileURLWithPath: "/usr/bin/sha256sum"), [BinaryTests.root.appendingPathComponent("samples/roster.xlsx").path])
        XCTAssertTrue(summary.contains(["输入文件", "samples/roster.xlsx", "", "", ""]), "\(summary)")
        XCTAssertTrue(summary.contains { $0.starts(with: ["SHA-256", String(sha.stdout.prefix(64))]) })
        XCTAssertTrue(summary.contains { $0.starts(with: ["核对日期", "2026-12-01"]) })
        XCTAssertTrue(summary.contains { $0.starts(with: ["数据行数", "30"]) })
        XCTAssertTrue(summary.contains { $0.starts(with: ["id.checksum", "错误", "1"]) })
        XCTAssertTrue(summary.contains { $0.starts(with: ["研发中心"]) })
        let unitRows = summary.drop { $0.first != "现今工作单位" }.dropFirst()
        XCTAssertEqual(unitRows.reduce(0) { $0 + (Int($1[1]) ?? 0) }, 30, "every row counted under a unit")
        XCTAssertEqual(unitRows.reduce(0) { $0 + (Int($1[3]) ?? 0) }, 12)
    }

    /// A link planted where the old code put its temporary file (`.<name>.<pid>.tmp`, the pid
    /// known to whoever starts the process) is never followed: the report holds personal data.
    func testAPlantedLinkBesideTheReportIsNotFollowed() throws {
        let victim = path("victim.txt")
        try "keep me".write(toFile: victim, atomically: true, encoding: .utf8)
        let roster = BinaryTests.root.appendingPathComponent("samples/roster.csv").path
        let script = "ln -s \"$1\" .report.xlsx.$$.tmp && exec \"$0\" validate \"$2\" --as-of 2026-12-01 --format xlsx -o report.xlsx --show-pii"
        let run = try CommandRun.run(URL(fileURLWithPath: "/bin/sh"), ["-c", script, BinaryTests.binary.path, victim, roster],
                                     environment: ["LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"], in: folder)
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "keep me")
        let attributes = try FileManager.default.attributesOfItem(atPath: path("report.xlsx"))
        XCTAssertEqual(attributes[.type] as? FileAttributeType, .typeRegular)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
        XCTAssertEqual(left.count, 1, "only the planted link: \(left)")
    }

    func testXLSXNeedsAnOutputFile() throws {
        let run = try sscard(["validate", "samples/roster.xlsx", "--format", "xlsx"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("-o"), run.stderr)
    }

    func testEnglishReportOfACSVRoster() throws {
        let report = path("report-en.xlsx")
        let run = try sscard(["validate", "samples/roster-gb18030.csv", "--as-of", "2026-12-01", "--lang", "en", "--format", "xlsx", "-o", report])
        XCTAssertEqual(run.status, 1, run.stderr)
        let book = try read(report)
        let problems = book["problems"] as? [[Any?]] ?? []
        XCTAssertEqual(problems.first?.compactMap { $0 as? String }, ["Row", "Column", "Rule", "Severity", "Message", "Value"])
        XCTAssertEqual(problems.count, 12)
        let roster = book["roster"] as? [[Any?]] ?? []
        XCTAssertEqual(roster[3].first as? String, "errors")
        XCTAssertEqual(roster[1].first as? String, "passed")
        XCTAssertEqual(roster[1][1] as? String, "张伟", "GB18030 decoded")
    }

    /// Fixes each red cell of 花名册 as a clerk would, from the rule 问题清单 names.
    static let fix = #"""
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
problems, roster = wb['问题清单'], wb['花名册']
col = {c.value: c.column for c in roster[1]}
def check_digit(body):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return '10X98765432'[sum(int(d) * w for d, w in zip(body, weights)) % 11]
def put(row, header, value): roster.cell(row=row, column=col[header]).value = value
for row, column, rule, *_ in problems.iter_rows(min_row=2, values_only=True):
    if rule == 'id.checksum':
        body = roster.cell(row=row, column=col['证件号码']).value[:17]
        put(row, '证件号码', body + check_digit(body))
    elif rule == 'id.excel-number': put(row, '证件号码', '51010719900307123' + check_digit('51010719900307123'))
    elif rule == 'phone.format': put(row, '手机号码', '13912340007')
    elif rule in ('expiry.window', 'expiry.expired'): put(row, '证件有效期', '2025.01.10-2045.01.10')
    elif rule in ('unit.missing', 'unit.unknown'): put(row, '现今工作单位', '研发中心')
    elif rule == 'postal.format': put(row, '邮政编码', '610041')
    elif rule == 'code.education': put(row, '学历', '研究生')
    elif rule == 'id.gender-mismatch': put(row, '性别', '男')
    elif rule == 'id.duplicate':
        for c in range(1, roster.max_column + 1): roster.cell(row=row, column=c).value = None
    elif rule == 'guardian.required':
        for header, value in [('监护人姓名', '刘建国'), ('监护人证件类型', '居民身份证'), ('监护人证件号码', '11010519491231002X'),
                              ('监护人手机号码', '13912340024'), ('监护人与申请人关系', '父女')]:
            put(row, header, value)
    else: raise SystemExit('no fix for ' + rule)
wb.save(sys.argv[2])
print('{}')
"""#

    func testWithShowPIITheClerkFixesTheRedCellsAndImportsTheRoster() throws {
        let report = path("report.xlsx")
        let base = ["samples/roster.xlsx", "--units", "samples/units.csv", "--lang", "zh"]
        let run = try sscard(["validate"] + base + ["--as-of", "2026-12-01", "--show-pii", "--format", "xlsx", "-o", report])
        XCTAssertEqual(run.status, 1, run.stderr)
        let book = try read(report)
        let roster = book["roster"] as? [[Any?]] ?? []
        let idColumn = (roster.first ?? []).firstIndex { $0 as? String == "证件号码" } ?? 0
        XCTAssertEqual(roster[1][idColumn] as? String, "510107198804120312", "originals with --show-pii")

        let fixed = path("fixed.xlsx")
        _ = try Python.json(Self.fix, [report, fixed])
        let check = try sscard(["validate", fixed, "--sheet", "花名册", "--units", "samples/units.csv", "--as-of", "2026-12-01", "--format", "json"])
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
        let imported = try sscard(["import", fixed, "--sheet", "花名册", "--units", "samples/units.csv", "--store", path("store.db"),
                                   "--as-of", "2026-12-01T09:00", "--format", "json"])
        XCTAssertEqual(imported.status, 0, imported.stdout + imported.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as? [String: Any] ?? [:]
        let summary = object["summary"] as? [String: Int] ?? [:]
        XCTAssertEqual(summary["accepted"], 29, "\(summary)")
        XCTAssertEqual(summary["rejected"], 0)
    }
}
