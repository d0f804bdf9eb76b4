/// Report formats of `validate`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, csv
}

/// How a report is shown.
public struct ReportStyle: Sendable {
    public var language: Language
    public var showPII: Bool
    public var color: Bool

    public init(language: Language, showPII: Bool = false, color: Bool = false) {
        self.language = language
        self.showPII = showPII
        self.color = color
    }

    func value(of finding: Finding) -> String { showPII ? finding.value : finding.mask.mask(finding.value) }
    func message(of finding: Finding) -> String {
        let suggestion = showPII ? finding.suggestion : finding.mask.mask(finding.suggestion)
        // h8-clerk: the value before normalisation, in full with --show-pii.
        let original = showPII || finding.mask == .none ? finding.original : "…"
        return finding.message.render(language, value: value(of: finding), suggestion: suggestion, original: original)
    }
}

public enum ReportRenderer {
    public static func render(_ report: ValidationReport, format: ReportFormat, style: ReportStyle) -> String {
        switch format {
        case .json: json(report, style: style)
        case .csv: csv(report, style: style)
        case .text: text(report, style: style)
        }
    }

    /// DESIGN.md's machine contract, keys in its order; byte-identical for the same input.
    static func json(_ report: ValidationReport, style: ReportStyle) -> String {
        var out = "{\"input\":\(jsonString(report.input)),\"as_of\":\(jsonString(report.asOf.description)),"
        out += "\"summary\":{\"rows\":\(report.rows),\"valid\":\(report.validRows),\"errors\":\(report.errorCount),\"warnings\":\(report.warningCount)},"
        out += "\"findings\":["
        for (index, finding) in report.findings.enumerated() {
            if index > 0 { out += "," }
            out += "\n{\"row\":\(finding.row),\"column\":\(jsonString(finding.column)),\"field\":\(jsonString(finding.field)),"
            out += "\"rule\":\(jsonString(finding.rule.rawValue)),\"severity\":\(jsonString(finding.severity.rawValue)),"
            out += "\"message\":\(jsonString(style.message(of: finding))),\"value\":\(jsonString(style.value(of: finding)))}"
        }
        out += report.findings.isEmpty ? "]}\n" : "\n]}\n"
        return out
    }

    /// Appends `text` as a JSON string literal (no intermediate string for plain text).
    static func appendJSONString(_ text: String, to out: inout String) {
        if needsEscaping(text) {
            out += jsonString(text)
        } else {
            out += "\""
            out += text
            out += "\""
        }
    }

    /// Whether a JSON literal of `text` needs escapes (controls, quotes, backslashes, U+2028/9).
    private static func needsEscaping(_ text: String) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in text.utf8 {
            if byte < 0x20 || byte == 0x22 || byte == 0x5C || (previous == (0xE2, 0x80) && (byte == 0xA8 || byte == 0xA9)) {
                return true
            }
            previous = (previous.1, byte)
        }
        return false
    }

    static func jsonString(_ text: String) -> String {
        // Most values need no escaping: check the bytes, copy once.
        if !needsEscaping(text) { return "\"" + text + "\"" }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func csv(_ report: ValidationReport, style: ReportStyle) -> String {
        var out = "row,column,field,rule,severity,message,value\r\n"
        for finding in report.findings {
            let cells = [String(finding.row), finding.column, finding.field, finding.rule.rawValue, finding.severity.rawValue,
                         style.message(of: finding), style.value(of: finding)]
            out += cells.map(csvCell).joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// Quotes as RFC 4180 needs, and defuses cells a spreadsheet would run as formulas.
    static func csvCell(_ text: String) -> String {
        var text = text
        if let first = text.first, "=+-@".contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingAll(["\""], with: "\"\"") + "\""
    }

    /// For people: grouped by row, a summary line last.
    static func text(_ report: ValidationReport, style: ReportStyle) -> String {
        let zh = style.language == .zh
        var out = ""
        var currentRow = -1
        for finding in report.findings {
            if finding.row != currentRow {
                currentRow = finding.row
                let person = finding.person.isEmpty ? "" : " \(finding.person)"  // h8-clerk: whose row it is
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
        if !report.findings.isEmpty { out += "\n" }
        out += zh
            ? "\(report.input): 共 \(report.rows) 行，\(report.validRows) 行无错误；\(report.errorCount) 个错误，\(report.warningCount) 个警告（核对日期 \(report.asOf)）\n"
            : "\(report.input): \(report.rows) rows, \(report.validRows) without errors; \(report.errorCount) errors, \(report.warningCount) warnings (as of \(report.asOf))\n"
        return out
    }
}
