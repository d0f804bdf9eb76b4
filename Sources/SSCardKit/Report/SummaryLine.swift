/// The one-line summary of a validation (the text report's last line), for stderr when the
/// report goes to a file.
extension ReportRenderer {
    public static func summaryLine(_ summary: ValidationSummary, language: Language) -> String {
        language == .zh
            ? "\(summary.input): 共 \(summary.rows) 行，\(summary.validRows) 行无错误；\(summary.errors) 个错误，\(summary.warnings) 个警告（核对日期 \(summary.asOf)）"
            : "\(summary.input): \(summary.rows) rows, \(summary.validRows) without errors; \(summary.errors) errors, \(summary.warnings) warnings (as of \(summary.asOf))"
    }
}
