import ArgumentParser
import Foundation
import SSCardKit

/// Flags of every command that uses the workspace.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The store (SQLite). Default: $SSCARD_STORE, else ./sscard.db.")
    var store: String?

    @Option(name: .long, help: "Seconds to wait for another process holding the store.")
    var wait: Double = 30

    @OptionGroup var clock: ClockOptions

    @Option(name: .long, help: "Output format.")
    var format: StoreFormat = .text

    @Flag(name: .customLong("show-pii"), help: "Show ID numbers, phones and addresses unmasked.")
    var showPII = false

    func validate() throws {
        guard wait >= 0, wait.isFinite else { throw ValidationError("--wait takes seconds, 0 or more, not \(wait)") }
    }

    /// The office's wall clock: `--as-of`, or now in the profile's time zone.
    func now(_ office: OfficeClock) -> CivilDateTime { clock.now(office) }
    var json: Bool { format == .json }

    func open(create: Bool) throws -> Store {
        try Store(path: Store.defaultPath(store), create: create, busyTimeout: wait)
    }

    func style(_ language: Language) -> ReportStyle { ReportStyle(language: language, showPII: showPII) }

    /// What the read-only commands need: the report style, the profile and the existing store.
    func openForReading(_ output: OutputOptions, _ profile: ProfileOption) throws -> (style: ReportStyle, profile: Profile, store: Store) {
        let profile = try profile.load()
        return (style(output.language()), profile, try open(create: false))
    }
}

/// `--profile` for the store commands that do not read a roster.
struct ProfileOption: ParsableArguments {
    @Option(name: .long, help: "Profile JSON overriding the built-in Chengdu parameters.")
    var profile: String?

    func load() throws -> Profile { try profile.map { try Profile.load(path: $0) } ?? .chengdu }
}

/// JSON stays UTF-8; text follows the locale's encoding.
func printOut(_ text: String) {
    if text.hasPrefix("{") || text.hasPrefix("[") { FileHandle.standardOutput.write(Data(text.utf8)); return }
    writeStandardOutput(bytes: LocaleOutput().bytes(text))
}

extension SSCard {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a roster and keep it in the store: accepted records and rejected rows both.",
            discussion: "Exit 0: every row accepted; 1: some rows rejected or refused; 2: unusable input. Re-importing the same file changes nothing."
        )

        @OptionGroup var input: RosterOptions
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let language = output.language()
            let profile = try input.loadProfile()
            let now = storeOptions.now(profile.officeClock)
            var request = input.request(asOf: now.date, profile: profile)
            guard FileManager.default.fileExists(atPath: input.roster) else { throw SSCardError.fileNotFound(path: input.roster) }
            let store = try storeOptions.open(create: true)
            let bar = output.progressBar(language, label: ("导入", "importing"), total: RosterSize.estimatedRows(path: input.roster))
            if bar.isEnabled { request.progress = { bar.update($0) } }
            let report = try ImportJob.run(request, store: store, at: now, schemas: SchemaDirectory.locate())
            bar.finish()
            printOut(StoreRenderer.importReport(report, style: storeOptions.style(language), json: storeOptions.json))
            if report.rejected > 0 || report.refused > 0 { throw ExitCode(1) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List stored records: accepted, rejected, due or exported.")
        @Option(name: .long, help: "Only this status.") var status: RecordStatus?
        @Option(name: .long, help: "Only this unit (现今工作单位).") var unit: String?
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var profile: ProfileOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            let (style, profile, store) = try storeOptions.openForReading(output, profile)
            let records = try store.list(status: status, unit: unit, at: storeOptions.now(profile.officeClock), windowHours: profile.amendmentHours,
                                         office: profile.officeClock)
            printOut(StoreRenderer.list(records, style: style, json: storeOptions.json))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one person: fields, findings, images and history.")
        @Argument(help: "The ID number.") var id: String
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var profile: ProfileOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            let (style, profile, store) = try storeOptions.openForReading(output, profile)
            let detail = try store.detail(idNumber: id, at: storeOptions.now(profile.officeClock), windowHours: profile.amendmentHours,
                                          office: profile.officeClock)
            printOut(StoreRenderer.detail(detail, style: style, json: storeOptions.json))
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Counts per status and per unit, and when the next records fall due.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var profile: ProfileOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            let (style, profile, store) = try storeOptions.openForReading(output, profile)
            let status = try store.status(at: storeOptions.now(profile.officeClock), windowHours: profile.amendmentHours,
                                          office: profile.officeClock)
            printOut(StoreRenderer.status(status, style: style, json: storeOptions.json))
        }
    }

    struct Amend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a record within 24 hours of its submission (or fix a rejected row); re-validates first.",
            discussion: "Exit 0: saved; 1: refused (window closed, exported, or the record still has errors)."
        )
        @Argument(help: "The ID number.") var id: String
        @Option(name: .customLong("set"), help: "FIELD=VALUE, FIELD a key (phone) or a header (手机号码); repeat as needed.")
        var sets: [String] = []
        @Option(name: .long, help: "A new photo.") var photo: String?
        @Option(name: .customLong("idcard-front"), help: "A new image of the portrait side (人像面).") var idCardFront: String?
        @Option(name: .customLong("idcard-back"), help: "A new image of the emblem side (国徽面).") var idCardBack: String?
        @Option(name: .long, help: "Why, for the audit log.") var reason: String?
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var profile: ProfileOption
        @OptionGroup var output: OutputOptions

        /// `--set` pairs split at the first '='.
        var pairs: [(String, String)] {
            sets.compactMap { pair in
                guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else { return nil }
                return (String(pair[..<equals]), String(pair[pair.index(after: equals)...]))
            }
        }

        func validate() throws {
            if let bad = sets.first(where: { !$0.contains("=") || $0.hasPrefix("=") }) {
                throw usageError(zh: "--set 的格式是 字段=值，不是「\(bad)」", en: "--set takes FIELD=VALUE, not '\(bad)'", output)
            }
            guard !sets.isEmpty || photo != nil || idCardFront != nil || idCardBack != nil else {
                throw usageError(zh: "没有要修改的内容：请给出 --set 字段=值、--photo、--idcard-front 或 --idcard-back",
                                 en: "nothing to change: give --set FIELD=VALUE, --photo, --idcard-front or --idcard-back", output)
            }
        }

        func run() throws {
            let language = output.language()
            var request = AmendJob.Request(idNumber: id)
            request.sets = pairs
            request.photo = photo
            request.idCardFront = idCardFront
            request.idCardBack = idCardBack
            request.reason = reason
            request.profile = try profile.load()
            let store = try storeOptions.open(create: false)
            let outcome = try AmendJob.run(request, store: store, at: storeOptions.now(request.profile.officeClock), schemas: SchemaDirectory.locate())
            printOut(StoreRenderer.amendment(outcome, style: storeOptions.style(language), json: storeOptions.json))
        }
    }

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The audit log: imports, amendments, refusals and exports.")
        @Argument(help: "Only this person's events.") var id: String?
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var profile: ProfileOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            let (style, profile, store) = try storeOptions.openForReading(output, profile)
            printOut(StoreRenderer.log(try store.log(idNumber: id, office: profile.officeClock), style: style, json: storeOptions.json))
        }
    }
}
