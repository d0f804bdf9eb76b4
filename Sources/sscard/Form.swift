import ArgumentParser
import Foundation
import SSCardKit

extension SSCard {
    struct Form: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print registration forms (成都市社会保障卡申办登记表): one A4 PDF page per person.",
            discussion: """
            sscard form ID... -o FILE.pdf            the named people, one page each, in one file
            sscard form --status due --out DIR       DIR/<id>.pdf for each person plus DIR/forms-all.pdf (every page, to print in one go)
            The form is the person's own document, printed for signature: it carries the full, unmasked values. Files are mode 0600.
            Exit 0: written; 1: written, but some value had to be cut to fit its box (each is named on stderr).
            """
        )
        @Argument(help: "ID numbers of the people to print.") var ids: [String] = []
        @Option(name: .short, help: "The PDF to write (with ID numbers).") var output: String?
        @Option(name: .long, help: "Everyone with this status: accepted, due or exported (with --out).") var status: RecordStatus?
        @Option(name: .long, help: "Only this unit (现今工作单位).") var unit: String?
        @Option(name: .long, help: "Only this batch (and its id in the QR codes).") var batch: String?
        @Option(name: .long, help: "The folder for <id>.pdf and forms-all.pdf.") var out: String?
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var profileOption: ProfileOption
        @OptionGroup var outputOptions: OutputOptions

        func validate() throws {
            func usage(_ zh: String, _ en: String) -> ValidationError { usageError(zh: zh, en: en, outputOptions) }
            if status == .rejected { throw usage("--status 只能是 accepted、due 或 exported（拒收行没有登记表）", "--status must be accepted, due or exported (a rejected row has no form)") }
            if ids.isEmpty {
                guard status != nil || batch != nil else {
                    throw usage("请给出人员（sscard form 证件号码... -o 文件.pdf）或按状态选择（sscard form --status due --out 文件夹）",
                                "name the people (sscard form ID... -o FILE.pdf) or choose them (sscard form --status due --out DIR)")
                }
                guard output == nil, out != nil else { throw usage("--status 和 --batch 写出一个文件夹：请给出 --out 文件夹", "--status and --batch write a folder: give --out DIR") }
            } else {
                guard status == nil, unit == nil, batch == nil else {
                    throw usage("证件号码与 --status/--unit/--batch 只能二选一", "give either ID numbers or --status/--unit/--batch, not both")
                }
                guard output != nil || out != nil else { throw usage("请给出 -o 文件.pdf（或 --out 文件夹）", "give -o FILE.pdf (or --out DIR)") }
            }
        }

        func run() throws {
            let language = outputOptions.language()
            let wanted = status
            let profile = try profileOption.load()
            let store = try storeOptions.open(create: false)
            let records = ids.isEmpty
                ? try store.formRecords(status: wanted, unit: unit, batch: batch, at: storeOptions.now(profile.officeClock),
                                        windowHours: profile.amendmentHours, office: profile.officeClock)
                : try store.formRecords(ids: ids)
            var context = try FormContext.load(profile: profile, schemas: SchemaDirectory.locate())
            context.workerCommand = SSCard.FormWorkerCommand.command(profile: profileOption.profile)
            let zh = language == .zh
            let outcome: FormOutcome
            if let out {
                let bar = ProgressBar(label: zh ? "生成登记表" : "writing forms", unit: zh ? "个文件" : "files",
                                      language: language, options: ProgressBar.Options(quiet: outputOptions.quiet))
                var progress: (@Sendable (Int, Int) -> Void)?
                if bar.isEnabled { progress = { done, total in bar.update(done, of: total) } }
                outcome = try FormRenderer.writeFolder(records: records, batchID: batch, directory: out, context: context, progress: progress)
                bar.finish()
            } else {
                guard !records.isEmpty else { throw SSCardError.usage(Message(zh: "没有要打印的人员", en: "no one to print")) }
                outcome = try FormRenderer.render(records: records, to: output!, context: context)
            }
            for warning in outcome.warnings { printError(warning.message.text(language)) }
            let where_ = out ?? output!
            printOut(zh ? "已写出 \(outcome.pages) 份登记表（\(outcome.files.count) 个 PDF 文件，\(outcome.bytes) 字节）到 \(where_)\n"
                        : "wrote \(outcome.pages) forms (\(outcome.files.count) PDF files, \(outcome.bytes) bytes) to \(where_)\n")
            if outcome.anyCut { throw ExitCode(1) }
        }
    }
}

/// `sscard form-worker`: draws forms for a `form --out` run on another core (see FormWorker);
/// started by sscard itself, never by hand.
extension SSCard {
    struct FormWorkerCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "form-worker", abstract: "Internal: draws forms for sscard form --out.",
                                                        shouldDisplay: false)
        @OptionGroup var profileOption: ProfileOption

        /// This executable as a worker, with the same profile.
        static func command(profile: String?) -> [String] {
            ["/proc/self/exe", "form-worker"] + (profile.map { ["--profile", $0] } ?? [])
        }

        func run() throws {
            let context = try FormContext.load(profile: try profileOption.load(), schemas: SchemaDirectory.locate())
            try FormWorker.serve(context: context)
        }
    }
}
