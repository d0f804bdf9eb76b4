import ArgumentParser
import Foundation
import SSCardKit

// Every flag value is parsed here, once, by ArgumentParser: a bad value is a usage error (exit 2)
// found before any command runs, and `--help` lists the values.

extension ReportFormat: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

extension Language: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

extension TextEncoding: ExpressibleByArgument {
    /// Also `utf8`, `GBK`, `gb2312` (see `TextEncoding.init(name:)`).
    public init?(argument: String) { self.init(name: argument) }
}

extension RecordStatus: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

/// The store commands print text or JSON.
enum StoreFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json
    init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

/// `--as-of`: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]` or `YYYY-MM-DD HH:MM[:SS]`, local time.
struct AsOf: ExpressibleByArgument {
    let time: CivilDateTime

    init?(argument: String) {
        guard let time = CivilDateTime(parsing: argument) else { return nil }
        self.time = time
    }

    static var defaultValueDescription: String { "now" }
}

/// The clock every command that looks at dates or the amendment window uses.
struct ClockOptions: ParsableArguments {
    @Option(name: .customLong("as-of"),
            help: ArgumentHelp("The clock: YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] or 'YYYY-MM-DD HH:MM[:SS]', the office's wall clock (profile time_zone; default now).",
                               valueName: "YYYY-MM-DD[THH:MM[:SS]]"))
    var asOf: AsOf?

    /// `--as-of`, or now on the office's wall clock (the profile's time zone, whatever TZ says).
    func now(_ office: OfficeClock) -> CivilDateTime { asOf?.time ?? office.now() }
}

/// What `validate` and `import` read: the roster and what comes with it.
struct RosterOptions: ParsableArguments {
    @Argument(help: "The roster: .xlsx or .csv (UTF-8 or GB18030).")
    var roster: String

    @Option(name: .long, help: "Units directory (CSV or XLSX: 单位编号, 单位名称, 上级单位, 开户银行, 银行网点).")
    var units: String?

    @Option(name: .long, help: "Photos: a folder or zip of <ID number>.jpg files.")
    var photos: String?

    @Option(name: .customLong("idcards"), help: "ID-card images: a folder or zip of <ID number>_人像面.jpg and <ID number>_国徽面.jpg.")
    var idCards: String?

    @Option(name: .long, help: "CSV encoding (utf8, GBK, gb2312 and unicode are understood too; auto reads UTF-16 by its byte-order mark).")
    var encoding: TextEncoding = .auto

    @Option(name: .long, help: "XLSX sheet to read (default: the first sheet that has a header row).")
    var sheet: String?

    @Option(name: .long, help: "Profile JSON overriding the built-in Chengdu rule parameters.")
    var profile: String?

    /// `--profile`, or the built-in Chengdu profile.
    func loadProfile() throws -> Profile { try profile.map { try Profile.load(path: $0) } ?? .chengdu }

    /// The validation request for this roster, dated `asOf`.
    func request(asOf: CivilDate, profile: Profile) -> ValidationRequest {
        var request = ValidationRequest(rosterPath: roster, asOf: asOf)
        request.open = RosterOpenOptions(encoding: encoding, sheet: sheet)
        request.unitsPath = units
        request.photosPath = photos
        request.idCardsPath = idCards
        request.profile = profile
        return request
    }
}

/// A usage problem found in a command's `validate()`, in the language the run speaks.
func usageError(zh: String, en: String, _ output: OutputOptions) -> ValidationError {
    ValidationError(output.language() == .zh ? zh : en)
}
