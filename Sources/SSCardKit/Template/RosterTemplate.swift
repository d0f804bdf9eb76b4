import Foundation
import XLSXWriter

/// `sscard template`: a roster workbook that keeps clerks from the usual spreadsheet mistakes.
/// 花名册 has the header row in `schemas/headers.tsv` order (required columns marked `*` and
/// coloured, each with a note), text cells for the first 10,000 rows, drop-downs and date checks;
/// 填写说明 explains the rules; the long lists live on the hidden sheet 代码表.
public struct RosterTemplate {
    public static let rosterSheet = "花名册"
    public static let guideSheet = "填写说明"
    public static let codeSheet = "代码表"
    /// Rows prepared (formatted and validated) below the header.
    public static let preparedRows = 10_000

    public let reference: ReferenceData
    public let profile: Profile
    public let units: UnitDirectory?
    public let language: Language

    public init(reference: ReferenceData, profile: Profile, units: UnitDirectory?, language: Language) {
        self.reference = reference
        self.profile = profile
        self.units = units
        self.language = language
    }

    /// The template's columns: every field in `headers.tsv` order. The combined 证件有效期 is left
    /// out: its two date columns (起始日期, 截止日期) carry date checks a free-text cell cannot.
    public var columns: [Field] { reference.headers.fields.filter { $0 != .idValidity } }

    public func isRequired(_ field: Field) -> Bool {
        switch field {
        case .name, .idNumber, .phone, .employerCode, .employerName, .unit, .idIssuer, .hukouAddress, .residenceAddress,
             .postalCode, .idValidFrom, .idValidTo: true
        case .occupation: profile.requireOccupation
        case .education: profile.requireEducation
        case .bank: units == nil
        default: false
        }
    }

    /// The header as written in the template: required ones start with `*` (the matcher ignores it).
    public func header(_ field: Field) -> String { (isRequired(field) ? "*" : "") + reference.headers.header(for: field) }

    static func isDate(_ field: Field) -> Bool { field == .birthDate || field == .idValidFrom || field == .idValidTo }

    /// Writes the workbook to `path` (mode 0600, complete or not at all).
    public func write(to path: String) throws(SSCardError) {
        let staged = try StagedFile(target: path)
        do {
            let workbook = try XLSXWorkbookWriter(path: staged.path, constantMemory: true, temporaryDirectory: staged.scratchFolder)
            let roster = workbook.addWorksheet(name: Self.rosterSheet)
            let guide = workbook.addWorksheet(name: Self.guideSheet)
            let codes = workbook.addWorksheet(name: Self.codeSheet)
            let lists = try writeCodeSheet(codes, workbook: workbook)
            codes.hide()
            roster.activate()
            try writeRosterSheet(roster, workbook: workbook, lists: lists)
            try TemplateGuide(template: self).write(guide, workbook: workbook)
            try workbook.close()
        } catch {
            staged.discard()
            throw .cannotWrite(path: path, reason: SystemReason.library("\(error)"))
        }
        try staged.commit()
    }

    // MARK: 代码表

    /// Where each list of the code sheet lives, as a range formula.
    struct CodeLists {
        var ranges: [String: String] = [:]
        /// The (parent, child) table of the units directory, sorted by parent: column formulas and its extent.
        var unitEdges: (parent: String, firstRow: Int, lastRow: Int)?
    }

    static func quotedRange(column: Int, firstRow: Int, lastRow: Int) -> String {
        let letter = columnName(column)
        return "'\(codeSheet)'!$\(letter)$\(firstRow + 1):$\(letter)$\(lastRow + 1)"
    }

    /// A, B, …, Z, AA, …
    static func columnName(_ index: Int) -> String {
        var index = index
        var name = ""
        repeat {
            name = String(UnicodeScalar(UInt8(65 + index % 26))) + name
            index = index / 26 - 1
        } while index >= 0
        return name
    }

    var idTypes: [String] { ["居民身份证(户口簿)", "护照", "外国人永久居留身份证", "港澳台居民居住证"] }

    func writeCodeSheet(_ sheet: XLSXWorksheetWriter, workbook: XLSXWorkbookWriter) throws(XLSXWriterError) -> CodeLists {
        let zh = language == .zh
        var countries = reference.countries.all.map { zh ? $0.nameZh : $0.nameEn }
        if let china = countries.firstIndex(of: zh ? "中国" : "China") { countries.insert(countries.remove(at: china), at: 0) }
        var columns: [(key: String, header: String, items: [String])] = [
            ("id_type", "证件类型", idTypes),
            ("nationality", "国籍", countries),
            ("ethnicity", "民族", reference.ethnicities.entries.map(\.name)),
            ("occupation", "职业", reference.occupations.entries.map(\.name)),
            ("education", "学历", reference.education.entries.map(\.name)),
            ("bank", "开户银行", reference.banks.entries.map(\.name)),
        ]
        var edges: [(String, String)] = []
        if let units {
            columns.append(("unit", "现今工作单位", units.units.map(\.name).filter { !$0.isEmpty }))
            let names = Set(units.units.map(\.name))
            edges = units.units.filter { !$0.parent.isEmpty && names.contains($0.parent) }.map { ($0.parent, $0.name) }
            // Stable sort by parent, so each parent's children are one block for OFFSET/MATCH.
            edges = edges.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element)
        }
        let bold = workbook.format(XLSXStyle(numberFormat: "@", bold: true))
        let text = workbook.format(.text)
        let edgeColumn = columns.count
        // Constant-memory mode: rows strictly in order, so the sheet is written row by row.
        let height = max(columns.map(\.items.count).max() ?? 0, edges.count)
        for row in 0...height {
            for (index, column) in columns.enumerated() {
                if row == 0 { try sheet.write(column.header, row: 0, column: index, format: bold) }
                else if row - 1 < column.items.count { try sheet.write(column.items[row - 1], row: row, column: index, format: text) }
            }
            if !edges.isEmpty {
                if row == 0 {
                    try sheet.write("上级单位", row: 0, column: edgeColumn, format: bold)
                    try sheet.write("下级单位", row: 0, column: edgeColumn + 1, format: bold)
                } else if row - 1 < edges.count {
                    try sheet.write(edges[row - 1].0, row: row, column: edgeColumn, format: text)
                    try sheet.write(edges[row - 1].1, row: row, column: edgeColumn + 1, format: text)
                }
            }
        }
        try sheet.setColumns(0, edgeColumn + 1, width: 24)
        var lists = CodeLists()
        for (index, column) in columns.enumerated() where !column.items.isEmpty {
            lists.ranges[column.key] = "=" + Self.quotedRange(column: index, firstRow: 1, lastRow: column.items.count)
        }
        if !edges.isEmpty {
            lists.unitEdges = (Self.columnName(edgeColumn), 1, edges.count)
        }
        return lists
    }

    // MARK: 花名册

    func writeRosterSheet(_ sheet: XLSXWorksheetWriter, workbook: XLSXWorkbookWriter, lists: CodeLists) throws(XLSXWriterError) {
        let fields = columns
        let requiredHeader = workbook.format(XLSXStyle(numberFormat: "@", bold: true, fontColor: 0x9C0006, fill: 0xFFD966, wrap: true))
        let optionalHeader = workbook.format(XLSXStyle(numberFormat: "@", bold: true, fill: 0xDDEBF7, wrap: true))
        let text = workbook.format(.text)
        let date = workbook.format(XLSXStyle(numberFormat: "yyyy-mm-dd"))
        let author = language == .zh ? "sscard 填写说明" : "sscard guide"
        try sheet.setRow(0, height: 32)
        for (index, field) in fields.enumerated() {
            try sheet.setColumns(index, index, width: FieldGuide.width(of: field), format: Self.isDate(field) ? date : text)
            try sheet.write(header(field), row: 0, column: index, format: isRequired(field) ? requiredHeader : optionalHeader)
            try sheet.comment(row: 0, column: index, note(for: field), author: author, width: 320, height: 150)
        }
        sheet.freeze(rows: 1)
        // Every cell of the prepared rows carries its format, so typing (and scripts writing cells) keeps it.
        for row in 1...Self.preparedRows {
            for (index, field) in fields.enumerated() {
                try sheet.writeBlank(row: row, column: index, format: Self.isDate(field) ? date : text)
            }
        }
        for (index, field) in fields.enumerated() {
            if let validation = validation(for: field, lists: lists, fields: fields) {
                try sheet.validate(rows: 1, Self.preparedRows, columns: index, index, validation)
            }
        }
    }

    /// The header note: what to enter, an example, the accepted formats of a date.
    func note(for field: Field) -> String {
        let zh = language == .zh
        let guide = FieldGuide.of(field, profile: profile)
        var lines = [reference.headers.header(for: field) + (isRequired(field) ? (zh ? "（必填）" : " (required)") : (zh ? "（选填）" : " (optional)")),
                     guide.text(language)]
        if field == .unit, units != nil { lines.append(zh ? "请从下拉列表中选择单位目录中的单位" : "pick a unit of the units directory from the list") }
        if field == .bank, units != nil { lines.append(zh ? "已给出单位目录：开户银行按现今工作单位自动确定，可不填" : "a units directory was given: the bank follows the work unit, so this may stay empty") }
        if Self.isDate(field) {
            lines.append(zh ? "日期格式: 2015-07-17 或 2015/7/17（不要写成 2015.07.17）" : "date formats: 2015-07-17 or 2015/7/17 (not 2015.07.17)")
        }
        if !guide.example.isEmpty { lines.append((zh ? "例: " : "e.g. ") + guide.example) }
        return lines.joined(separator: "\n")
    }

    func validation(for field: Field, lists: CodeLists, fields: [Field]) -> XLSXValidation? {
        let zh = language == .zh
        let name = reference.headers.header(for: field)
        func list(_ key: String, _ message: String) -> XLSXValidation? {
            guard let range = lists.ranges[key] else { return nil }
            return pick(.listFormula(range), message)
        }
        func pick(_ kind: XLSXValidation.Kind, _ message: String, alert: XLSXValidation.Alert = .stop) -> XLSXValidation {
            XLSXValidation(kind, inputTitle: name, inputMessage: message, errorTitle: zh ? "\(name)不在列表中" : "\(name): not in the list",
                           errorMessage: zh ? "请从下拉列表中选择\(name)。" : "Pick a value from the drop-down list.", alert: alert)
        }
        func column(_ field: Field) -> String? { fields.firstIndex(of: field).map { "$" + Self.columnName($0) + "2" } }
        switch field {
        case .idType, .guardianIdType:
            return list("id_type", zh ? "中国国籍请选择「居民身份证(户口簿)」" : "Chinese nationals: 居民身份证(户口簿)")
        case .nationality: return list("nationality", zh ? "从列表选择国家或地区" : "Pick the country or region")
        case .ethnicity: return list("ethnicity", zh ? "从列表选择民族" : "Pick the ethnic group")
        case .occupation: return list("occupation", zh ? "从列表选择职业" : "Pick the occupation")
        case .education: return list("education", zh ? "从列表选择学历" : "Pick the education level")
        case .bank: return list("bank", zh ? "六家发卡银行之一" : "One of the six card banks")
        case .gender: return pick(.list(["男", "女"]), zh ? "男 或 女，须与身份证号码一致" : "男 or 女; must agree with the ID number")
        case .photoOnFile: return pick(.list(["是", "否"]), zh ? "平台已有本人照片填「是」" : "是 if the platform holds the photo, else 否")
        case .unit:
            return list("unit", zh ? "必填：决定开户银行" : "Required: it decides the bank")
        case .unit2, .unit3:
            guard let edges = lists.unitEdges, let parent = column(field == .unit2 ? .unit : .unit2) else { return nil }
            let parents = "'\(Self.codeSheet)'!$\(edges.parent)$\(edges.firstRow + 1):$\(edges.parent)$\(edges.lastRow + 1)"
            let formula = "=OFFSET('\(Self.codeSheet)'!$\(edges.parent)$1,MATCH(\(parent),\(parents),0),1,COUNTIF(\(parents),\(parent)),1)"
            return pick(.listFormula(formula), zh ? "上一级单位的下级单位" : "A unit inside the one to the left", alert: .warning)
        case .birthDate:
            return XLSXValidation(.dateBetween(from: (profile.minimumBirthYear, 1, 1), to: (2100, 12, 31)), inputTitle: name,
                                  inputMessage: zh ? "日期，如 1988-04-12" : "A date, e.g. 1988-04-12",
                                  errorTitle: zh ? "\(name)不是日期" : "\(name): not a date",
                                  errorMessage: zh ? "请输入日期，如 1988-04-12 或 1988/4/12。" : "Enter a date such as 1988-04-12 or 1988/4/12.")
        case .idValidFrom:
            return XLSXValidation(.dateBetween(from: (1984, 1, 1), to: (2100, 12, 31)), inputTitle: name,
                                  inputMessage: zh ? "证件背面有效期限的起始日期，如 2015-07-17" : "Start of the validity on the card, e.g. 2015-07-17",
                                  errorTitle: zh ? "\(name)不是日期" : "\(name): not a date",
                                  errorMessage: zh ? "请输入日期，如 2015-07-17 或 2015/7/17。" : "Enter a date such as 2015-07-17 or 2015/7/17.")
        case .idValidTo:
            guard let cell = column(.idValidTo) else { return nil }
            return XLSXValidation(.custom("=OR(ISNUMBER(\(cell)),\(cell)=\"长期\")"), inputTitle: name,
                                  inputMessage: zh ? "截止日期如 2035-07-17；长期证件写「长期」。须在 \(profile.expiryWindowMonths) 个月后仍有效"
                                      : "End date such as 2035-07-17, or 长期; must be valid \(profile.expiryWindowMonths) months from now",
                                  errorTitle: zh ? "\(name)不是日期" : "\(name): not a date",
                                  errorMessage: zh ? "请输入日期（如 2035-07-17）或「长期」。" : "Enter a date (such as 2035-07-17) or 长期.")
        default:
            return nil
        }
    }
}
