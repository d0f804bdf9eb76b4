/// Reports of `photos check`, `photos fix` and `merge`: by file rather than by row.
public enum ImageReportRenderer {
    public static func render(_ report: ImageJobReport, format: ReportFormat, style: ReportStyle) -> String {
        func file(_ name: String) -> String { style.text(style.showPII ? name : MaskKind.fileName.mask(name)) }
        func message(_ finding: ImageFinding) -> String { style.text(finding.message.render(style.language, value: "")) }
        switch format {
        case .json:
            var out = "{\"inputs\":[" + report.inputs.map { ReportRenderer.jsonString(file($0)) }.joined(separator: ",") + "],"
            out += "\"summary\":{\"files\":\(report.files),\"valid\":\(report.cleanFiles),\"errors\":\(report.errorCount),\"warnings\":\(report.warningCount)},"
            out += "\"written\":[" + report.written.map {
                "{\"source\":\(ReportRenderer.jsonString(file($0.source))),\"output\":\(ReportRenderer.jsonString(file($0.output))),\"bytes\":\($0.bytes),\"quality\":\($0.quality)}"
            }.joined(separator: ",") + "],"
            out += "\"findings\":["
            for (index, item) in report.findings.enumerated() {
                if index > 0 { out += "," }
                out += "\n{\"file\":\(ReportRenderer.jsonString(file(item.file))),\"rule\":\(ReportRenderer.jsonString(item.finding.rule.rawValue)),"
                out += "\"severity\":\(ReportRenderer.jsonString(item.finding.severity.rawValue)),\"fixable\":\(item.finding.fixable),"
                out += "\"message\":\(ReportRenderer.jsonString(message(item.finding)))}"
            }
            return out + (report.findings.isEmpty ? "]}\n" : "\n]}\n")
        case .csv:
            var out = "file,rule,severity,fixable,message\r\n"
            for item in report.findings {
                out += [file(item.file), item.finding.rule.rawValue, item.finding.severity.rawValue, String(item.finding.fixable),
                        message(item.finding)].map(ReportRenderer.csvCell).joined(separator: ",") + "\r\n"
            }
            return out
        case .text:
            let zh = style.language == .zh
            var out = ""
            for item in report.written {
                out += zh ? "已写入 \(file(item.output))（\(item.bytes) 字节，质量 \(item.quality)）← \(file(item.source))\n"
                          : "wrote \(file(item.output)) (\(item.bytes) bytes, quality \(item.quality)) from \(file(item.source))\n"
            }
            var current = ""
            for item in report.findings {
                if item.file != current {
                    current = item.file
                    out += file(item.file) + "\n"
                }
                let label = item.finding.severity == .error ? (zh ? "错误" : "error") : (zh ? "警告" : "warning")
                let colored = style.color ? (item.finding.severity == .error ? "\u{1B}[31m\(label)\u{1B}[0m" : "\u{1B}[33m\(label)\u{1B}[0m") : label
                out += "  \(colored) [\(item.finding.rule.rawValue)]: \(message(item.finding))\n"
            }
            out += zh
                ? "共 \(report.files) 个，\(report.cleanFiles) 个无错误；\(report.errorCount) 个错误，\(report.warningCount) 个警告\n"
                : "\(report.files) files, \(report.cleanFiles) without errors; \(report.errorCount) errors, \(report.warningCount) warnings\n"
            return out
        }
    }
}
