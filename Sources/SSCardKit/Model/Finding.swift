/// How serious a finding is: errors block a row, warnings do not (unless `--strict`).
public enum Severity: String, Sendable, Comparable {
    case warning, error
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .warning && rhs == .error }
}

/// One problem in one cell (or row) of a roster.
public struct Finding: Sendable, Equatable {
    /// Row as the clerk sees it (header = row 1 in a spreadsheet).
    public var row: Int
    /// The column header as written in the roster (or the standard header when the column is absent).
    public var column: String
    /// The field key, or "" for row- and file-level findings.
    public var field: String
    public var rule: RuleID
    public var severity: Severity
    public var message: Message
    /// The offending value, unmasked; reports mask it.
    public var value: String
    /// A corrected value to propose (an upgraded ID, say), masked like `value`.
    public var suggestion: String
    public var mask: MaskKind
    /// The cell as written, when normalisation changed it (`{original}` in the message). // h8-clerk
    public var original: String = ""
    /// The name on the row, shown beside the row number in text reports. // h8-clerk
    public var person: String = ""

    public init(row: Int, column: String, field: String, rule: RuleID, severity: Severity? = nil,
                message: Message, value: String, suggestion: String = "", mask: MaskKind = .none, original: String = "") {
        self.original = original
        self.row = row
        self.column = column
        self.field = field
        self.rule = rule
        self.severity = severity ?? rule.severity
        self.message = message
        self.value = value
        self.suggestion = suggestion
        self.mask = mask
    }
}

/// Stable rule identifiers (DESIGN.md "Rules"): they never change with the language.
public enum RuleID: String, Sendable, CaseIterable {
    case rosterUnknownColumn = "roster.unknown-column"
    case idFormat = "id.format", idExcelNumber = "id.excel-number", idChecksum = "id.checksum"
    case idBirthdate = "id.birthdate", idProvince = "id.province", idRegion = "id.region"
    case idLegacy15 = "id.legacy15", idDuplicate = "id.duplicate", idGenderMismatch = "id.gender-mismatch"
    case idBirthMismatch = "id.birth-mismatch", idNationality = "id.nationality", idType = "id.type"
    case siMissing = "si.missing"
    case expiryMissing = "expiry.missing", expiryFormat = "expiry.format", expiryExpired = "expiry.expired"
    case expiryWindow = "expiry.window", expiryStartFuture = "expiry.start-future", expirySpan = "expiry.span"
    case phoneFormat = "phone.format", phoneDuplicate = "phone.duplicate", postalFormat = "postal.format"
    case addressMissing = "address.missing", issuerMissing = "issuer.missing"
    case unitMissing = "unit.missing", unitUnknown = "unit.unknown", employerMissing = "employer.missing"
    case codeOccupation = "code.occupation", codeEducation = "code.education", codeBank = "code.bank"
    case codeEthnicity = "code.ethnicity"
    case nameMissing = "name.missing", nameCharset = "name.charset", guardianRequired = "guardian.required"
    case genderFormat = "gender.format", birthFormat = "birth.format", photoOnFileFormat = "photo-on-file.format"
    case photoMissing = "photo.missing", photoUnreadable = "photo.unreadable", photoFormat = "photo.format"
    case photoDimensions = "photo.dimensions", photoFilesize = "photo.filesize", photoDPI = "photo.dpi"
    case photoBackground = "photo.background", photoGrayscale = "photo.grayscale", photoExposure = "photo.exposure"
    case photoBlur = "photo.blur", photoColorCast = "photo.color-cast"
    case idcardMissingFront = "idcard.missing-front", idcardMissingBack = "idcard.missing-back"
    case idcardUnreadable = "idcard.unreadable", idcardResolution = "idcard.resolution", idcardAspect = "idcard.aspect"
    case fileOrphan = "file.orphan", fileConflict = "file.conflict"
    // h7-readers
    case rosterExtraCells = "roster.extra-cells"
    // h8-clerk
    case nameMiddleDot = "name.middle-dot", addressTooLong = "address.too-long", rosterNotAPerson = "roster.not-a-person"
    case rosterDuplicateColumn = "roster.duplicate-column", rosterSheet = "roster.sheet", dateExcelSerial = "date.excel-serial"

    /// The default severity of the rule.
    public var severity: Severity {
        switch self {
        case .rosterUnknownColumn, .idRegion, .expirySpan, .phoneDuplicate, .photoDPI, .photoExposure, .photoBlur,
             .photoColorCast, .idcardResolution, .idcardAspect, .fileOrphan: .warning
        case .nameMiddleDot, .addressTooLong, .rosterNotAPerson, .rosterDuplicateColumn, .rosterSheet, .dateExcelSerial: .warning
        default: .error
        }
    }
}
