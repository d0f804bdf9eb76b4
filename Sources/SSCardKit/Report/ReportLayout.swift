/// How a text report format lays out its bytes: a head, one piece per finding, a tail. The
/// streaming writer and the in-memory renderer both go through it, so their bytes are the same.
public protocol ReportLayout {
    /// Whether `head` needs the final counts; the findings are then spooled until they are known.
    static var summaryFirst: Bool { get }
    /// What comes before the first finding. `summary` is nil unless `summaryFirst`.
    func head(_ summary: ValidationSummary?) -> String
    /// Appends one finding to `out`.
    mutating func append(_ finding: Finding, to out: inout String)
    /// What follows the last finding.
    func tail(_ summary: ValidationSummary) -> String
}

/// DESIGN.md's machine contract, keys in its order; byte-identical for the same input.
public struct JSONReportLayout: ReportLayout {
    public static let summaryFirst = true
    let style: ReportStyle
    private var count = 0

    public init(style: ReportStyle) { self.style = style }

    public func head(_ summary: ValidationSummary?) -> String {
        guard let summary else { return "" }
        return "{\"input\":\(ReportRenderer.jsonString(summary.input)),\"as_of\":\(ReportRenderer.jsonString(summary.asOf.description)),"
            + "\"summary\":{\"rows\":\(summary.rows),\"valid\":\(summary.validRows),\"errors\":\(summary.errors),\"warnings\":\(summary.warnings)},"
            + "\"findings\":["
    }

    public mutating func append(_ finding: Finding, to out: inout String) {
        if count > 0 { out += "," }
        count += 1
        out += "\n{\"row\":\(finding.row),\"column\":"
        ReportRenderer.appendJSONString(finding.column, to: &out)
        out += ",\"field\":"
        ReportRenderer.appendJSONString(finding.field, to: &out)
        out += ",\"rule\":"
        ReportRenderer.appendJSONString(finding.rule.rawValue, to: &out)
        out += ",\"severity\":"
        ReportRenderer.appendJSONString(finding.severity.rawValue, to: &out)
        out += ",\"message\":"
        ReportRenderer.appendJSONString(style.message(of: finding), to: &out)
        out += ",\"value\":"
        ReportRenderer.appendJSONString(style.value(of: finding), to: &out)
        out += "}"
    }

    public func tail(_ summary: ValidationSummary) -> String { count == 0 ? "]}\n" : "\n]}\n" }
}

/// One line per finding with the same columns as the JSON findings.
public struct CSVReportLayout: ReportLayout {
    public static let summaryFirst = false
    let style: ReportStyle

    public init(style: ReportStyle) { self.style = style }

    /// A UTF-8 byte-order mark first, so that Chinese Excel opens the file as UTF-8.
    public func head(_ summary: ValidationSummary?) -> String { "\u{FEFF}row,column,field,rule,severity,message,value\r\n" }

    public mutating func append(_ finding: Finding, to out: inout String) {
        out += String(finding.row)
        for cell in [finding.column, finding.field, finding.rule.rawValue, finding.severity.rawValue,
                     style.message(of: finding), style.value(of: finding)] {
            out += ","
            out += ReportRenderer.csvCell(cell)
        }
        out += "\r\n"
    }

    public func tail(_ summary: ValidationSummary) -> String { "" }
}

/// For people: grouped by row, a summary line last.
public struct TextReportLayout: ReportLayout {
    public static let summaryFirst = false
    let style: ReportStyle
    private var currentRow = -1
    private var count = 0

    public init(style: ReportStyle) { self.style = style }

    public func head(_ summary: ValidationSummary?) -> String { "" }

    public mutating func append(_ finding: Finding, to out: inout String) {
        let zh = style.language == .zh
        count += 1
        if finding.row != currentRow {
            currentRow = finding.row
            let person = finding.person.isEmpty ? "" : " " + PIIScrubber.scrub(finding.person)  // whose row it is
            out += finding.row == 0 ? (zh ? "文件\n" : "files\n") : zh ? "第 \(finding.row) 行\(person)\n" : "row \(finding.row)\(person)\n"
        }
        let label = switch (finding.severity, zh) {
        case (.error, true): "错误"
        case (.error, false): "error"
        case (.warning, true): "警告"
        case (.warning, false): "warning"
        }
        let colored = style.color ? (finding.severity == .error ? "\u{1B}[31m\(label)\u{1B}[0m" : "\u{1B}[33m\(label)\u{1B}[0m") : label
        let column = zh ? "「\(finding.column)」" : finding.column
        out += "  \(colored) \(column) [\(finding.rule.rawValue)]: \(style.message(of: finding))\n"
    }

    public func tail(_ summary: ValidationSummary) -> String {
        (count > 0 ? "\n" : "") + ReportRenderer.summaryLine(summary, language: style.language) + "\n"
    }
}
