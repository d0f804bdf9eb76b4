import ArgumentParser
import Foundation
import SSCardKit

/// `validate --format`: the streamed report formats plus the clerk's annotated workbook.
enum ValidateFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json, csv, xlsx

    /// Case does not matter (`JSON`, `Xlsx`), as for every other enum flag.
    init?(argument: String) { self.init(rawValue: argument.lowercased()) }

    /// The streamed format (xlsx has its own writer).
    var reportFormat: ReportFormat { ReportFormat(rawValue: rawValue) ?? .text }
}

/// Findings go into the workbook's 问题清单 as they are made (row order), never into an array.
private final class XLSXFindingSink: FindingSink {
    let writer: XLSXReportWriter
    init(_ writer: XLSXReportWriter) { self.writer = writer }
    func accept(_ finding: Finding) throws(SSCardError) { try writer.add(finding) }
}

extension SSCard.Validate {
    /// Findings into 问题清单 while validating, a second pass over the roster into 花名册, then 汇总.
    func writeXLSXReport(request: ValidationRequest, language: Language, bar: ProgressBar) throws -> ValidationSummary {
        guard let output else { throw SSCardError.usage(Message(zh: "--format xlsx 需要 -o 报告.xlsx", en: "--format xlsx needs -o REPORT.xlsx")) }
        let style = ReportStyle(language: language, showPII: showPII)
        let writer = try XLSXReportWriter(path: output, inputPath: input.roster, asOf: request.asOf, style: style)
        do {
            let summary = try Validation.run(request, schemas: SchemaDirectory.locate(), sink: XLSXFindingSink(writer))
            bar.finish()
            var open = request.open
            open.sheet = summary.sheet
            // Only the header table for the second pass (not every code table again).
            try writer.writeRoster(RosterFile.open(path: input.roster, options: open), headers: SchemaDirectory.headers())
            try writer.finish(rows: summary.rows, validRows: summary.validRows)
            return summary
        } catch {
            writer.discard()
            throw error
        }
    }
}
