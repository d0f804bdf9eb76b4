import ArgumentParser
import Foundation
import SSCardKit

extension SSCard {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a roster against every rule; write nothing but the report.",
            discussion: "Exit 0: no errors; 1: errors found (or warnings with --strict); 2: unusable input or usage; 3: internal failure."
        )

        @OptionGroup var input: RosterOptions
        @OptionGroup var clock: ClockOptions

        @Option(name: .long, help: "Report format (xlsx needs -o REPORT.xlsx).")
        var format: ValidateFormat = .text

        @Option(name: .shortAndLong, help: "Write the report to this file (mode 0600) instead of standard output.")
        var output: String?

        @Flag(name: .long, help: "Exit 1 on warnings too.")
        var strict = false

        @Flag(name: .customLong("show-pii"), help: "Show ID numbers, phones and addresses unmasked.")
        var showPII = false

        @OptionGroup var outputOptions: OutputOptions

        func validate() throws {
            if let output, URL(fileURLWithPath: output).standardizedFileURL == URL(fileURLWithPath: input.roster).standardizedFileURL {
                throw usageError(zh: "-o 会覆盖花名册本身；请另取报告文件名", en: "-o would overwrite the roster itself; name another report file",
                                 outputOptions)
            }
            if format == .xlsx, !(output?.lowercased().hasSuffix(".xlsx") ?? false) {
                throw usageError(zh: "--format xlsx 需要 -o 报告.xlsx（以 .xlsx 结尾的文件名）",
                                 en: "--format xlsx needs -o REPORT.xlsx (a file name ending in .xlsx)", outputOptions)
            }
        }

        func run() throws {
            let language = outputOptions.language()
            let profile = try input.loadProfile()
            var request = input.request(asOf: clock.now(profile.officeClock).date, profile: profile)
            let bar = outputOptions.progressBar(language, label: ("校验", "validating"), total: RosterSize.estimatedRows(path: input.roster))
            if bar.isEnabled { request.progress = { bar.update($0) } }
            if format == .xlsx {
                let summary = try writeXLSXReport(request: request, language: language, bar: bar)
                if summary.errors > 0 || (strict && summary.warnings > 0) { throw ExitCode(1) }
                return
            }
            let reportFormat = format.reportFormat
            let toTerminal = output == nil && isatty(STDOUT_FILENO) == 1
            let style = ReportStyle(language: language, showPII: showPII, color: Terminal.colorAllowed(isTerminal: toTerminal) && reportFormat == .text)
            // Findings stream into the report as they are made; only counts stay in memory. Text
            // for people follows the locale's encoding (zh_CN.GBK); JSON and CSV stay UTF-8.
            let locale = LocaleOutput()
            if reportFormat == .text, output == nil, let notice = locale.notice(language) { printError(notice) }
            let writer = try reportFormat.writer(style: style, path: output, encoding: reportFormat == .text && output == nil ? locale : nil)
            let summary = try Validation.run(request, schemas: SchemaDirectory.locate(), sink: writer)
            bar.finish()
            try writer.finish(summary)
            // A person at a terminal still sees the one-line summary when the report goes to a file.
            if let output, isatty(STDERR_FILENO) == 1, !outputOptions.quiet {
                printError(ReportRenderer.summaryLine(summary, language: language) + (language == .zh ? "（报告已写入 \(output)）" : " (report written to \(output))"))
            }
            if summary.errors > 0 || (strict && summary.warnings > 0) { throw ExitCode(1) }
        }
    }
}

