import ArgumentParser
import Foundation
import SSCardKit

/// Flags of every command that uses the workspace.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The store (SQLite). Default: $SSCARD_STORE, else ./sscard.db.")
    var store: String?

    @Option(name: .long, help: "Seconds to wait for another process holding the store.")
    var wait: Double = 30

    @Option(name: .customLong("as-of"), help: "The clock: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] local time (default now).")
    var asOf: String?

    @Option(name: .long, help: "Profile JSON overriding the built-in Chengdu parameters.")
    var profile: String?

    @Option(name: .long, help: "Output format: text or json.")
    var format: String = "text"

    @Flag(name: .customLong("show-pii"), help: "Show ID numbers, phones and addresses unmasked.")
    var showPII = false

    func now() throws -> CivilDateTime {
        guard let asOf else { return CivilDateTime.now() }
        guard let time = CivilDateTime(parsing: asOf) else {
            throw SSCardError.usage("--as-of must be YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS], not '\(asOf)'")
        }
        return time
    }

    func json() throws -> Bool {
        switch format.lowercased() {
        case "text": return false
        case "json": return true
        default: throw SSCardError.usage("--format must be text or json, not '\(format)'")
        }
    }

    func loadProfile() throws -> Profile { try profile.map { try Profile.load(path: $0) } ?? .chengdu }

    func open(create: Bool) throws -> Store {
        try Store(path: Store.defaultPath(store), create: create, busyTimeout: wait)
    }

    func style(_ language: Language) -> ReportStyle { ReportStyle(language: language, showPII: showPII) }

    /// What the read-only commands need: the report style, JSON or not, the profile and the existing store.
    func openForReading(_ output: OutputOptions) throws -> (style: ReportStyle, json: Bool, profile: Profile, store: Store) {
        let language = try output.language()
        let json = try json()
        let profile = try loadProfile()
        return (style(language), json, profile, try open(create: false))
    }
}

func printOut(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }

extension SSCard {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a roster and keep it in the store: accepted records and rejected rows both.",
            discussion: "Exit 0: every row accepted; 1: some rows rejected or refused; 2: unusable input. Re-importing the same file changes nothing."
        )

        @Argument(help: "The roster: .xlsx or .csv.")
        var roster: String
        @Option(name: .long, help: "Photos folder or zip.") var photos: String?
        @Option(name: .customLong("idcards"), help: "ID-card images folder or zip.") var idCards: String?
        @Option(name: .long, help: "Units directory (CSV or XLSX).") var units: String?
        @Option(name: .long, help: "CSV encoding: auto, utf-8 or gb18030.") var encoding: String = "auto"
        @Option(name: .long, help: "XLSX sheet (default the first).") var sheet: String?
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let language = try output.language()
            let json = try storeOptions.json()
            guard let textEncoding = TextEncoding(name: encoding) else {
                throw SSCardError.usage("--encoding must be auto, utf-8 or gb18030, not '\(encoding)'")
            }
            let now = try storeOptions.now()
            var request = ValidationRequest(rosterPath: roster, asOf: now.date)
            request.open = RosterOpenOptions(encoding: textEncoding, sheet: sheet)
            request.unitsPath = units
            request.photosPath = photos
            request.idCardsPath = idCards
            request.profile = try storeOptions.loadProfile()
            guard FileManager.default.fileExists(atPath: roster) else { throw SSCardError.fileNotFound(path: roster) }
            let store = try storeOptions.open(create: true)
            let bar = output.progressBar(language, label: ("导入", "importing"), total: RosterSize.estimatedRows(path: roster))
            if bar.isEnabled { request.progress = { bar.update($0) } }
            let report = try ImportJob.run(request, store: store, at: now, schemas: SchemaDirectory.locate())
            bar.finish()
            printOut(StoreRenderer.importReport(report, style: storeOptions.style(language), json: json))
            if report.rejected > 0 || report.refused > 0 { throw ExitCode(1) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List stored records: accepted, rejected, due or exported.")
        @Option(name: .long, help: "Only this status: accepted, rejected, due or exported.") var status: String?
        @Option(name: .long, help: "Only this unit (现今工作单位).") var unit: String?
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let wanted = try status.map { text -> RecordStatus in
                guard let value = RecordStatus(rawValue: text.lowercased()) else {
                    throw SSCardError.usage("--status must be accepted, rejected, due or exported, not '\(text)'")
                }
                return value
            }
            let (style, json, profile, store) = try storeOptions.openForReading(output)
            let records = try store.list(status: wanted, unit: unit, at: storeOptions.now(), windowHours: profile.amendmentHours)
            printOut(StoreRenderer.list(records, style: style, json: json))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one person: fields, findings, images and history.")
        @Argument(help: "The ID number.") var id: String
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let (style, json, profile, store) = try storeOptions.openForReading(output)
            let detail = try store.detail(idNumber: id, at: storeOptions.now(), windowHours: profile.amendmentHours)
            printOut(StoreRenderer.detail(detail, style: style, json: json))
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Counts per status and per unit, and when the next records fall due.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let (style, json, profile, store) = try storeOptions.openForReading(output)
            let status = try store.status(at: storeOptions.now(), windowHours: profile.amendmentHours)
            printOut(StoreRenderer.status(status, style: style, json: json))
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
        @OptionGroup var output: OutputOptions

        func run() throws {
            let language = try output.language()
            let json = try storeOptions.json()
            var request = AmendJob.Request(idNumber: id)
            for pair in sets {
                guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                    throw SSCardError.usage("--set takes FIELD=VALUE, not '\(pair)'")
                }
                request.sets.append((String(pair[..<equals]), String(pair[pair.index(after: equals)...])))
            }
            guard !request.sets.isEmpty || photo != nil || idCardFront != nil || idCardBack != nil else {
                throw SSCardError.usage("nothing to change: give --set FIELD=VALUE, --photo, --idcard-front or --idcard-back")
            }
            request.photo = photo
            request.idCardFront = idCardFront
            request.idCardBack = idCardBack
            request.reason = reason
            request.profile = try storeOptions.loadProfile()
            let store = try storeOptions.open(create: false)
            let outcome = try AmendJob.run(request, store: store, at: storeOptions.now(), schemas: SchemaDirectory.locate())
            printOut(StoreRenderer.amendment(outcome, style: storeOptions.style(language), json: json))
        }
    }

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The audit log: imports, amendments, refusals and exports.")
        @Argument(help: "Only this person's events.") var id: String?
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let (style, json, _, store) = try storeOptions.openForReading(output)
            printOut(StoreRenderer.log(try store.log(idNumber: id), style: style, json: json))
        }
    }
}
