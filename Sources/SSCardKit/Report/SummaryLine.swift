/// The one-line summary of a validation (the text report's last line), for stderr when the
/// report goes to a file (h8-clerk).
extension ReportRenderer {
    public static func summaryLine(_ report: ValidationReport, language: Language) -> String {
        language == .zh
            ? "\(report.input): 共 \(report.rows) 行，\(report.validRows) 行无错误；\(report.errorCount) 个错误，\(report.warningCount) 个警告（核对日期 \(report.asOf)）"
            : "\(report.input): \(report.rows) rows, \(report.validRows) without errors; \(report.errorCount) errors, \(report.warningCount) warnings (as of \(report.asOf))"
    }
}
