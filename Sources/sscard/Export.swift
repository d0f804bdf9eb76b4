import ArgumentParser
import Foundation
import SSCardKit

/// The batch password: from `--encrypt-password-file FILE` (its first line), else
/// `SSCARD_BATCH_PASSWORD`; never from the command line itself.
func batchPassword(_ file: String?) throws -> String? {
    if let file {
        guard let data = FileManager.default.contents(atPath: file) else { throw SSCardError.fileNotFound(path: file) }
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let password = line.hasSuffix("\r") ? String(line.dropLast()) : line
        guard !password.isEmpty else { throw SSCardError.usage(Message(zh: "\(file): 密码文件是空的；请在第一行写入批次密码", en: "\(file): the password file is empty")) }
        return password
    }
    if let password = ProcessInfo.processInfo.environment["SSCARD_BATCH_PASSWORD"], !password.isEmpty { return password }
    return nil
}

extension SSCard {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the bureau batches: every due record not yet exported, one zip per employer, exactly once.",
            discussion: """
            Exit 0: done (or nothing due); 1: some persons blocked (listed, still due) or a rebuilt batch differs; \
            2: unusable input, an unwritable folder, a full disk or another export holding the lock; 3: internal.
            """
        )
        @Option(name: .long, help: "The folder for the batches (created 0700 if missing).") var out: String
        @Flag(name: .customLong("dry-run"), help: "Say what would be written; write nothing.") var dryRun = false
        @Flag(name: .customLong("no-forms"), help: "Do not write the batches' registration forms (DIR/forms/<batch id>/).") var noForms = false
        @Option(name: .long, help: "Regenerate this batch from the store into --out and compare its SHA-256.") var rebuild: String?
        @Option(name: .customLong("encrypt-password-file"), help: "AES-256 encrypt every entry with the password in FILE (or set SSCARD_BATCH_PASSWORD).")
        var passwordFile: String?
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var profile: ProfileOption
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if dryRun && rebuild != nil {
                throw usageError(zh: "--dry-run 与 --rebuild 不能同时使用", en: "--dry-run and --rebuild cannot be combined", output)
            }
        }

        func run() throws {
            // A file-size limit (ulimit -f) must fail the write, not kill the process.
            signal(SIGXFSZ, SIG_IGN)
            let language = output.language()
            let json = storeOptions.json
            let loaded = try profile.load()
            var request = ExportRequest(directory: out, now: storeOptions.now(loaded.officeClock))
            request.profile = loaded
            request.dryRun = dryRun
            request.writeForms = !noForms
            request.wait = storeOptions.wait
            request.rebuild = rebuild
            request.password = try batchPassword(passwordFile)
            let store = try storeOptions.open(create: false)
            let zh = language == .zh
            let bar = ProgressBar(label: zh ? "报送批次" : "exporting", unit: zh ? "人" : "persons",
                                  language: language, options: ProgressBar.Options(quiet: output.quiet))
            if bar.isEnabled { request.progress = { done, total in bar.update(done, of: total) } }
            let report: ExportReport
            do {
                defer { bar.finish() }
                report = try ExportJob.run(request, store: store, schemas: SchemaDirectory.locate())
            }
            printOut(BatchRenderer.export(report, style: storeOptions.style(language), json: json))
            if !report.blocked.isEmpty || !report.stageErrors.isEmpty { throw ExitCode(1) }
            if let rebuilt = report.rebuilt, !rebuilt.matches, !rebuilt.batch.encrypted { throw ExitCode(1) }
        }
    }

    struct Batches: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The batches written: id, employer, persons, created at, file, SHA-256, state.")
        @Option(name: .customLong("encrypt-password-file"), help: "The batch password, to finish an interrupted encrypted batch.")
        var passwordFile: String?
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var profile: ProfileOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            let (style, loaded, store) = try storeOptions.openForReading(output, profile)
            let json = storeOptions.json
            let result = try ExportJob.listBatches(store: store, schemas: SchemaDirectory.locate(), password: try batchPassword(passwordFile),
                                                   now: EventClock(office: loaded.officeClock, wall: storeOptions.now(loaded.officeClock)))
            if !json, !result.recovery.discarded.isEmpty || !result.recovery.finished.isEmpty {
                printOut(BatchRenderer.export(result.recovery, style: style, json: false))
            }
            printOut(BatchRenderer.batches(result.batches, style: style, json: json))
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a batch zip on its own: manifest against the XSD, every digest, persons.xlsx, IDs and photos.",
            discussion: "Exit 0: all holds; 1: problems (listed); 2: the file cannot be read."
        )
        @Argument(help: "The batch zip.") var batch: String
        @Option(name: .customLong("encrypt-password-file"), help: "The batch password (or set SSCARD_BATCH_PASSWORD).") var passwordFile: String?
        @Option(name: .long, help: "Output format.") var format: StoreFormat = .text
        @Option(name: .long, help: "Profile JSON overriding the built-in Chengdu parameters.") var profile: String?
        @OptionGroup var output: OutputOptions

        func run() throws {
            let language = output.language()
            let json = format == .json
            let loaded = try profile.map { try Profile.load(path: $0) } ?? .chengdu
            let report = try BatchVerifier.verify(path: batch, password: try batchPassword(passwordFile), schemas: SchemaDirectory.locate(),
                                                  profile: loaded)
            printOut(BatchRenderer.verify(report, style: ReportStyle(language: language), json: json))
            if !report.ok { throw ExitCode(1) }
        }
    }
}
