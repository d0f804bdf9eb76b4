import ArgumentParser
import Foundation
import SSCardKit

extension SSCard {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a roster against every rule; write nothing but the report.",
            discussion: "Exit 0: no errors; 1: errors found (or warnings with --strict); 2: unusable input or usage."
        )

        @Argument(help: "The roster: .xlsx or .csv (UTF-8 or GB18030).")
        var roster: String

        @Option(name: .long, help: "Units directory (CSV or XLSX: 单位编号, 单位名称, 上级单位, 开户银行, 银行网点).")
        var units: String?

        @Option(name: .long, help: "Photos: a folder or zip of <ID number>.jpg files.")
        var photos: String?

        @Option(name: .customLong("idcards"), help: "ID-card images: a folder or zip of <ID number>_人像面.jpg and <ID number>_国徽面.jpg.")
        var idCards: String?

        @Option(name: .customLong("as-of"), help: "Check dates as of this day: YYYY-MM-DD or YYYY-MM-DDTHH:MM (default today).")
        var asOf: String?

        @Option(name: .long, help: "Report format: text, json, csv or xlsx (xlsx needs -o).")
        var format: String = "text"

        @Option(name: .shortAndLong, help: "Write the report to this file (mode 0600) instead of standard output.")
        var output: String?

        @Flag(name: .long, help: "Exit 1 on warnings too.")
        var strict = false

        @Flag(name: .customLong("show-pii"), help: "Show ID numbers, phones and addresses unmasked.")
        var showPII = false

        @Option(name: .long, help: "CSV encoding: auto, utf-8 or gb18030.")
        var encoding: String = "auto"

        @Option(name: .long, help: "XLSX sheet to read (default the first).")
        var sheet: String?

        @Option(name: .long, help: "Profile JSON overriding the built-in Chengdu rule parameters.")
        var profile: String?

        @OptionGroup var outputOptions: OutputOptions

        func run() throws {
            let language = try outputOptions.language()
            let xlsx = format.lowercased() == "xlsx"
            guard let reportFormat = xlsx ? .text : ReportFormat(rawValue: format.lowercased()) else {
                throw SSCardError.usage("--format must be text, json, csv or xlsx, not '\(format)'")
            }
            if xlsx { try checkXLSXOutput(language) }
            guard let textEncoding = TextEncoding(name: encoding) else {
                throw SSCardError.usage("--encoding must be auto, utf-8 or gb18030, not '\(encoding)'")
            }
            if let output, URL(fileURLWithPath: output).standardizedFileURL == URL(fileURLWithPath: roster).standardizedFileURL {
                throw SSCardError.usage("-o would overwrite the roster itself; name another report file")
            }
            var request = ValidationRequest(rosterPath: roster, asOf: try AsOf.parse(asOf))
            request.open = RosterOpenOptions(encoding: textEncoding, sheet: sheet)
            request.unitsPath = units
            request.photosPath = photos
            request.idCardsPath = idCards
            if let profile { request.profile = try Profile.load(path: profile) }

            let bar = outputOptions.progressBar(language, label: ("校验", "validating"), total: RosterSize.estimatedRows(path: roster))
            if bar.isEnabled { request.progress = { bar.update($0) } }
            let report = try Validation.run(request, schemas: SchemaDirectory.locate())
            bar.finish()
            if xlsx {
                try writeXLSXReport(report, request: request, language: language)
                if report.errorCount > 0 || (strict && report.warningCount > 0) { throw ExitCode(1) }
                return
            }
            let toTerminal = output == nil && isatty(STDOUT_FILENO) == 1
            let style = ReportStyle(language: language, showPII: showPII, color: Terminal.colorAllowed(isTerminal: toTerminal) && reportFormat == .text)
            let rendered = ReportRenderer.render(report, format: reportFormat, style: style)
            if let output {
                try writePrivateFile(rendered, to: output)
            } else {
                writeStandardOutput(rendered)
            }
            if report.errorCount > 0 || (strict && report.warningCount > 0) { throw ExitCode(1) }
        }
    }
}

/// The injectable clock: `--as-of` or today.
enum AsOf {
    static func parse(_ text: String?) throws -> CivilDate {
        guard let text else {
            let parts = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: Date())
            return CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)!
        }
        let datePart = text.split(separator: "T", maxSplits: 1).first.map(String.init) ?? text
        let bytes = Array(datePart.utf8)
        guard bytes.count == 10, bytes[4] == 45, bytes[7] == 45, let date = CivilDate(parsing: datePart) else {
            throw SSCardError.usage("--as-of must be a real date YYYY-MM-DD or date-time YYYY-MM-DDTHH:MM, not '\(text)'")
        }
        if text.contains("T") {
            let time = text.split(separator: "T", maxSplits: 1)[1]
            let pieces = time.split(separator: ":")
            guard (2...3).contains(pieces.count), let hour = Int(pieces[0]), let minute = Int(pieces[1]),
                  (0..<24).contains(hour), (0..<60).contains(minute) else {
                throw SSCardError.usage("--as-of must be a real date YYYY-MM-DD or date-time YYYY-MM-DDTHH:MM, not '\(text)'")
            }
        }
        return date
    }
}
