import Foundation
import XCTest

/// `sscard template`, read back with openpyxl, filled in as a clerk would, and validated.
final class TemplateCommandTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        try Python.requireOpenpyxl()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-template-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    func sscard(_ arguments: [String]) throws -> CommandRun {
        try CommandRun.sscard(arguments, environment: ["LANG": "C.UTF-8"])
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Headers, formats, notes, validations, hidden code sheet and guide, as openpyxl sees them.
    static let inspect = #"""
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['花名册']
headers = [c.value for c in ws[1]]
col = {h.lstrip('*'): i + 1 for i, h in enumerate(headers)}
letter = lambda h: openpyxl.utils.get_column_letter(col[h])
def fmt(h, row): return ws.cell(row=row, column=col[h]).number_format
validations = {}
for dv in ws.data_validations.dataValidation:
    validations[str(dv.sqref)] = dict(type=dv.type, formula1=dv.formula1, formula2=dv.formula2, error_style=dv.errorStyle,
        prompt=dv.prompt, prompt_title=dv.promptTitle, error=dv.error, show_input=bool(dv.showInputMessage), show_error=bool(dv.showErrorMessage))
codes = wb['代码表']
code_columns = {codes.cell(row=1, column=c).value: [codes.cell(row=r, column=c).value for r in range(2, codes.max_row + 1) if codes.cell(row=r, column=c).value is not None]
                for c in range(1, codes.max_column + 1)}
guide = wb['填写说明']
guide_text = '\n'.join(str(c.value) for row in guide.iter_rows() for c in row if c.value is not None)
print(json.dumps(dict(
    sheets=wb.sheetnames, states={s: wb[s].sheet_state for s in wb.sheetnames}, headers=headers,
    notes={h: (ws.cell(row=1, column=i + 1).comment.text if ws.cell(row=1, column=i + 1).comment else None) for i, h in enumerate(headers)},
    fills={h: ws.cell(row=1, column=i + 1).fill.fgColor.rgb for i, h in enumerate(headers)},
    formats={h.lstrip('*'): [fmt(h.lstrip('*'), 2), fmt(h.lstrip('*'), 10001), ws.column_dimensions[letter(h.lstrip('*'))].number_format] for h in headers},
    letters={h.lstrip('*'): letter(h.lstrip('*')) for h in headers},
    validations=validations, codes=code_columns, guide=guide_text, freeze=ws.freeze_panes,
    widths={h.lstrip('*'): ws.column_dimensions[letter(h.lstrip('*'))].width for h in headers})))
"""#

    func inspect(_ file: String) throws -> [String: Any] {
        try Python.json(Self.inspect, [file]) as? [String: Any] ?? [:]
    }

    func canonicalHeaders() throws -> [String] {
        let text = try String(contentsOf: BinaryTests.root.appendingPathComponent("schemas/headers.tsv"), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
            let columns = line.split(separator: "\t")
            return columns.count > 1 ? String(columns[1]) : nil
        }
    }

    func testTemplateHasTheHeadersTextCellsListsAndGuide() throws {
        let file = path("roster.xlsx")
        let run = try sscard(["template", "-o", file, "--units", "samples/units.csv", "--lang", "zh"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let book = try inspect(file)
        XCTAssertEqual(book["sheets"] as? [String], ["花名册", "填写说明", "代码表"])
        XCTAssertEqual((book["states"] as? [String: String])?["代码表"], "hidden")
        XCTAssertEqual(book["freeze"] as? String, "A2")

        // Header order: headers.tsv's canonical names (the combined validity column replaced by its two date columns).
        let headers = book["headers"] as? [String] ?? []
        XCTAssertEqual(headers.map { $0.hasPrefix("*") ? String($0.dropFirst()) : $0 }, try canonicalHeaders().filter { $0 != "证件有效期" })
        for required in ["姓名", "证件号码", "手机号码", "参保单位编号", "现今工作单位", "邮政编码", "证件有效期起始日期", "职业", "学历"] {
            XCTAssertTrue(headers.contains("*" + required), required)
        }
        XCTAssertTrue(headers.contains("开户银行"), "with --units the bank follows the unit, so it is optional")
        let fills = book["fills"] as? [String: String] ?? [:]
        XCTAssertNotEqual(fills["*姓名"], fills["民族"], "required headers are coloured apart")
        let notes = book["notes"] as? [String: String?] ?? [:]
        for header in headers { XCTAssertNotNil(notes[header] ?? nil, "\(header) has a note") }
        XCTAssertTrue((notes["*证件号码"] ?? "")?.contains("例: 11010519491231002X") == true)
        XCTAssertTrue((notes["出生日期"] ?? "")?.contains("1988-04-12") == true)

        // Text cells for 10,000 rows: every ID, phone, postcode, SI-number and code column.
        let formats = book["formats"] as? [String: [String]] ?? [:]
        for column in ["证件号码", "社保号码", "手机号码", "邮政编码", "参保单位编号", "监护人证件号码", "监护人手机号码", "民族", "职业", "学历", "国籍"] {
            XCTAssertEqual(formats[column], ["@", "@", "@"], column)
        }
        XCTAssertEqual(formats["出生日期"]?.first, "yyyy-mm-dd")
        let widths = book["widths"] as? [String: Double] ?? [:]
        XCTAssertGreaterThan(widths["证件号码"] ?? 0, widths["性别"] ?? 0)

        // Drop-downs: long lists by range on the hidden 代码表, short ones inline; every one with a message and an alert.
        let letters = book["letters"] as? [String: String] ?? [:]
        let validations = book["validations"] as? [String: [String: Any]] ?? [:]
        func validation(_ column: String) -> [String: Any] { validations["\(letters[column] ?? "?")2:\(letters[column] ?? "?")10001"] ?? [:] }
        let codes = book["codes"] as? [String: [String]] ?? [:]
        let countries = try String(contentsOf: BinaryTests.root.appendingPathComponent("schemas/countries.tsv"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }.count
        XCTAssertEqual(codes["国籍"]?.count, countries)
        XCTAssertEqual(codes["国籍"]?.first, "中国")
        XCTAssertEqual(validation("国籍")["formula1"] as? String, "'代码表'!$B$2:$B$\(countries + 1)")
        XCTAssertEqual(codes["现今工作单位"], ["成都示例科技有限公司", "研发中心", "财务部", "人力资源部", "市场部", "武侯分公司"])
        XCTAssertEqual(validation("现今工作单位")["formula1"] as? String, "'代码表'!$G$2:$G$7")
        XCTAssertEqual(codes["上级单位"]?.count, 5)
        XCTAssertTrue((validation("二级单位")["formula1"] as? String)?.hasPrefix("OFFSET('代码表'!$H$1,MATCH($\(letters["现今工作单位"]!)2") == true)
        XCTAssertEqual(validation("二级单位")["error_style"] as? String, "warning")
        XCTAssertEqual(codes["开户银行"]?.count, 6)
        for (column, list) in [("证件类型", "A"), ("民族", "C"), ("职业", "D"), ("学历", "E"), ("开户银行", "F"), ("监护人证件类型", "A")] {
            XCTAssertTrue((validation(column)["formula1"] as? String)?.hasPrefix("'代码表'!$\(list)$2:") == true, column)
        }
        XCTAssertEqual(validation("性别")["formula1"] as? String, "\"男,女\"")
        XCTAssertEqual(validation("已有照片")["formula1"] as? String, "\"是,否\"")
        for column in ["证件类型", "国籍", "性别", "民族", "职业", "学历", "开户银行", "已有照片", "现今工作单位", "出生日期", "证件有效期起始日期", "证件有效期截止日期"] {
            let rule = validation(column)
            XCTAssertEqual(rule["show_input"] as? Bool, true, column)
            XCTAssertEqual(rule["show_error"] as? Bool, true, column)
            XCTAssertFalse((rule["prompt"] as? String ?? "").isEmpty, column)
            XCTAssertFalse((rule["error"] as? String ?? "").isEmpty, column)
        }
        XCTAssertEqual(validation("出生日期")["type"] as? String, "date")
        XCTAssertEqual(validation("证件有效期起始日期")["type"] as? String, "date")
        XCTAssertEqual(validation("证件有效期截止日期")["type"] as? String, "custom")
        XCTAssertTrue((validation("证件有效期截止日期")["formula1"] as? String)?.contains("长期") == true)

        // 填写说明: the rules clerks get wrong.
        let guide = book["guide"] as? String ?? ""
        for phrase in ["4 个月", "2017年6月27日录入，则证件有效期必须在2017年10月27日之后", "居民身份证(户口簿)", "决定开户银行",
                       "白底", "358×441", "350 DPI", "1 MB", "证件号码.jpg", "证件号码_人像面.jpg", "证件号码_国徽面.jpg"] {
            XCTAssertTrue(guide.contains(phrase), phrase)
        }
    }

    func testEnglishGuideAndProfileFollowTheOptions() throws {
        let profile = path("profile.json")
        try Data(#"{"expiry_window_months": 6, "photo_max_bytes": 20480, "require_education": false}"#.utf8).write(to: URL(fileURLWithPath: profile))
        let file = path("roster-en.xlsx")
        let run = try sscard(["template", "-o", file, "--lang", "en", "--profile", profile])
        XCTAssertEqual(run.status, 0, run.stderr)
        let book = try inspect(file)
        let guide = book["guide"] as? String ?? ""
        for phrase in ["Chinese nationals choose 居民身份证(户口簿)", "within 6 months", "entered on 2017-06-27, the card must be valid after 2017-12-27",
                       "white background", "358×441", "350 DPI", "20 KB", "decides the bank", "<ID number>_人像面.jpg"] {
            XCTAssertTrue(guide.contains(phrase), phrase)
        }
        let headers = book["headers"] as? [String] ?? []
        XCTAssertTrue(headers.contains("学历"), "the profile made education optional")
        XCTAssertTrue(headers.contains("*开户银行"), "without --units the bank is required")
        XCTAssertFalse(headers.contains { $0.hasSuffix("二级单位") && $0.hasPrefix("*") })
        let codes = book["codes"] as? [String: [String]] ?? [:]
        XCTAssertEqual(codes["国籍"]?.first, "China")
        XCTAssertNil(codes["现今工作单位"], "no units directory, no unit list")
    }

    func testAnExistingFileIsNeverOverwrittenWithoutForce() throws {
        let file = path("filled.xlsx")
        try Data("a clerk's work".utf8).write(to: URL(fileURLWithPath: file))
        let refused = try sscard(["template", "-o", file])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("--force"), refused.stderr)
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), "a clerk's work")
        let forced = try sscard(["template", "-o", file, "--force"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertGreaterThan((try FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue ?? 0, 10_000)
        XCTAssertEqual(try sscard(["template", "-o", path("roster.csv")]).status, 2)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
        XCTAssertEqual(leftovers, [], "no temporary files left")
    }

    /// Writes sample people into the template as a clerk would: digits typed as text, dates as dates.
    static let fill = #"""
import csv, datetime, json, sys, openpyxl
template, sample, out = sys.argv[1], sys.argv[2], sys.argv[3]
wanted = [int(x) for x in sys.argv[4].split(',')]
wb = openpyxl.load_workbook(template)
ws = wb['花名册']
col = {c.value.lstrip('*'): c.column for c in ws[1]}
people = list(csv.DictReader(open(sample, encoding='utf-8-sig')))
def day(text): return datetime.date(*map(int, text.replace('.', '-').split('-')))
for line, index in enumerate(wanted, start=2):
    person = people[index - 2]
    start, end = person.pop('证件有效期').split('-')
    person['证件有效期起始日期'] = day(start)
    person['证件有效期截止日期'] = end if end == '长期' else day(end)
    if person.get('出生日期'): person['出生日期'] = datetime.date.fromisoformat(person['出生日期'])
    for header, value in person.items():
        if header in col and value not in (None, ''):
            ws.cell(row=line, column=col[header]).value = value
wb.save(out)
back = openpyxl.load_workbook(out)['花名册']
ids = [(back.cell(row=r, column=col['证件号码']).data_type, back.cell(row=r, column=col['证件号码']).value,
        back.cell(row=r, column=col['证件号码']).number_format) for r in range(2, 2 + len(wanted))]
print(json.dumps(dict(ids=ids)))
"""#

    func testFilledTemplateValidatesWithoutHeaderOrEncodingProblemsAndIDsStayText() throws {
        let template = path("roster.xlsx")
        XCTAssertEqual(try sscard(["template", "-o", template, "--units", "samples/units.csv"]).status, 0)
        let filled = path("filled.xlsx")
        // Rows 2, 3, 5, 8 (ID ending in x), 9 (passport) and 15 (a minor with a guardian) of the samples are valid.
        let result = try Python.json(Self.fill, [template, BinaryTests.root.appendingPathComponent("samples/roster.csv").path, filled, "2,3,5,8,9,15"])
        let ids = (result as? [String: Any])?["ids"] as? [[Any]] ?? []
        XCTAssertEqual(ids.count, 6)
        for id in ids {
            XCTAssertEqual(id.first as? String, "s", "\(id)")
            XCTAssertEqual(id.last as? String, "@", "\(id)")
        }
        let run = try sscard(["validate", filled, "--units", "samples/units.csv", "--as-of", "2026-12-01", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] ?? [:]
        XCTAssertEqual((report["summary"] as? [String: Int])?["rows"], 6)
        let rules = (report["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        XCTAssertEqual(rules, [], "no header, encoding or number-cell finding")
    }

    func testLibreOfficeRoundTrip() throws {
        let soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let soffice else {
            throw XCTSkip("LibreOffice (soffice) is not installed: the CSV round trip through it is skipped")
        }
        let template = path("roster.xlsx")
        XCTAssertEqual(try sscard(["template", "-o", template]).status, 0)
        let filled = path("filled.xlsx")
        _ = try Python.json(Self.fill, [template, BinaryTests.root.appendingPathComponent("samples/roster.csv").path, filled, "2,3,5"])
        // XLSX → CSV (UTF-8) → XLSX through LibreOffice, then validate both.
        let profile = "-env:UserInstallation=file://" + path("lo-profile")
        let toCSV = try Python.run(URL(fileURLWithPath: soffice), [profile, "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1",
                                                                  "--outdir", path("csv"), filled])
        XCTAssertEqual(toCSV.status, 0, toCSV.stderr)
        let csv = path("csv/filled.csv")
        let back = try Python.run(URL(fileURLWithPath: soffice), [profile, "--headless", "--convert-to", "xlsx", "--outdir", path("xlsx"), csv])
        XCTAssertEqual(back.status, 0, back.stderr)
        for file in [csv, path("xlsx/filled.xlsx")] {
            let run = try sscard(["validate", file, "--as-of", "2026-12-01", "--format", "json"])
            XCTAssertEqual(run.status, 0, file + run.stdout + run.stderr)
        }
    }
}
