import Foundation
import SSCardKit

extension SSCard.Validate {
    /// `--format xlsx` writes a workbook, so it needs a file name.
    func checkXLSXOutput(_ language: Language) throws {
        guard let output, output.lowercased().hasSuffix(".xlsx") else {
            throw SSCardError.usage(language == .zh ? "--format xlsx 需要 -o 报告.xlsx（以 .xlsx 结尾的文件名）"
                                                   : "--format xlsx needs -o REPORT.xlsx (a file name ending in .xlsx)")
        }
    }

    /// Findings into 问题清单, a second pass over the roster into 花名册, then 汇总.
    func writeXLSXReport(_ report: ValidationReport, request: ValidationRequest, language: Language) throws {
        guard let output else { return }
        let style = ReportStyle(language: language, showPII: showPII)
        let writer = try XLSXReportWriter(path: output, inputPath: roster, asOf: report.asOf, style: style)
        do {
            for finding in report.findings { try writer.add(finding) }
            let reference = try ReferenceData(directory: SchemaDirectory.locate(), profile: request.profile)
            try writer.writeRoster(RosterFile.open(path: roster, options: request.open), headers: reference.headers)
            try writer.finish(rows: report.rows, validRows: report.validRows)
        } catch {
            writer.discard()
            throw error
        }
    }
}
