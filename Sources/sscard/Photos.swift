import ArgumentParser
import Foundation
import SSCardKit

extension SSCard {
    struct Photos: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check or fix card photos (358×441 px, 350 DPI, JPEG, white background).",
            subcommands: [Check.self, Fix.self]
        )
    }
}

/// Flags shared by the image commands.
struct ImageOptions: ParsableArguments {
    @Option(name: .long, help: "Report format.")
    var format: ReportFormat = .text

    @Flag(name: .customLong("show-pii"), help: "Show ID numbers in file names unmasked.")
    var showPII = false

    @Option(name: .long, help: "Profile JSON overriding the built-in Chengdu parameters.")
    var profile: String?

    func loadProfile() throws -> Profile { try profile.map { try Profile.load(path: $0) } ?? .chengdu }

    /// Prints the report; exit 1 when it holds errors.
    func finish(_ report: ImageJobReport, language: Language, strict: Bool = false) throws {
        let style = ReportStyle(language: language, showPII: showPII, color: Terminal.colorAllowed(isTerminal: isatty(STDOUT_FILENO) == 1) && format == .text)
        FileHandle.standardOutput.write(Data(ImageReportRenderer.render(report, format: format, style: style).utf8))
        if report.errorCount > 0 || (strict && report.warningCount > 0) { throw ExitCode(1) }
    }
}

extension SSCard.Photos {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check photos (files, folders or zips) against the standard.")

        @Argument(help: "Photo files, folders or zip archives.")
        var paths: [String]

        @Flag(name: .long, help: "Exit 1 on warnings too.")
        var strict = false

        @OptionGroup var image: ImageOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let language = output.language()
            let report = try ImageJobs.checkPhotos(paths: paths, profile: image.loadProfile())
            try image.finish(report, language: language, strict: strict)
        }
    }

    struct Fix: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make photos compliant: orientation, crop around the subject, resize, sRGB, no metadata, 350 DPI, size cap.",
            discussion: "Never overwrites an input. Refuses, with the reason, what resampling cannot fix (grey background, black and white, blur)."
        )

        @Argument(help: "A photo, a folder or a zip of photos.")
        var input: String

        @Argument(help: "The output folder (or a .jpg path for a single photo).")
        var output: String

        @Option(name: .customLong("max-bytes"), help: "File size cap in bytes (default from the profile: 1 MB).")
        var maxBytes: Int?

        @OptionGroup var image: ImageOptions
        @OptionGroup var outputOptions: OutputOptions

        func validate() throws {
            if let maxBytes, maxBytes < 2_000 {
                throw usageError(zh: "--max-bytes 至少为 2000（字节）", en: "--max-bytes must be at least 2000", outputOptions)
            }
        }

        func run() throws {
            let language = outputOptions.language()
            let bar = ProgressBar(label: language == .zh ? "修正照片" : "fixing photos", unit: language == .zh ? "张" : "photos",
                                  language: language, options: ProgressBar.Options(quiet: outputOptions.quiet))
            var progress: (@Sendable (Int, Int) -> Void)?
            if bar.isEnabled { progress = { done, total in bar.update(done, of: total) } }
            let report = try ImageJobs.fixPhotos(input: input, output: output, profile: image.loadProfile(), maxBytes: maxBytes,
                                                 progress: progress)
            bar.finish()
            try image.finish(report, language: language)
        }
    }
}

extension SSCard {
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compose each person's ID-card sides (portrait side above emblem side, 85.6×54 mm at 300 DPI) into <id>.jpg."
        )

        @Option(name: .customLong("idcards"), help: "Folder or zip of ID-card images named <id>_人像面 / <id>_国徽面 (or 正面/反面, front/back, _1/_2).")
        var idCards: String

        @Option(name: .shortAndLong, help: "Output folder.")
        var output: String

        @OptionGroup var image: ImageOptions
        @OptionGroup var outputOptions: OutputOptions

        func run() throws {
            let language = outputOptions.language()
            let bar = ProgressBar(label: language == .zh ? "合成身份证" : "merging ID cards", unit: language == .zh ? "人" : "people",
                                  language: language, options: ProgressBar.Options(quiet: outputOptions.quiet))
            var progress: (@Sendable (Int, Int) -> Void)?
            if bar.isEnabled { progress = { done, total in bar.update(done, of: total) } }
            let report = try ImageJobs.mergeIDCards(input: idCards, output: output, profile: image.loadProfile(), progress: progress)
            bar.finish()
            try image.finish(report, language: language)
        }
    }
}
