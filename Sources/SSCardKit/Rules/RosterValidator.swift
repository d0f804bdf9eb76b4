/// Checks roster records against every person-data rule. Rows go through one at a time; only
/// the duplicate indexes (packed ID numbers and phones) grow with the roster.
public final class RosterValidator {
    public let reference: ReferenceData
    public let profile: Profile
    public let asOf: CivilDate
    public let units: UnitDirectory?
    public let columns: ColumnMap
    /// Photos and ID-card images to match to rows, when given.
    public let images: ImageCatalog?

    var seenDocuments = PackedIndex()
    var seenOtherDocuments: [String: Int] = [:]
    var seenPhones = PackedIndex()
    var findings: [Finding] = []
    var record: RosterRecord!
    /// What the last `validate` learned, for callers that store the record.
    public internal(set) var lastIdentity = Identity()
    public internal(set) var lastUnit: UnitDirectory.Unit?
    public internal(set) var lastImages: [ImageCatalog.Slot: ImageFile] = [:]

    public init(reference: ReferenceData, profile: Profile, asOf: CivilDate, units: UnitDirectory?, columns: ColumnMap,
                images: ImageCatalog? = nil) {
        self.images = images
        self.reference = reference
        self.profile = profile
        self.asOf = asOf
        self.units = units
        self.columns = columns
    }

    /// Every finding for one record, in a stable order.
    public func validate(_ record: RosterRecord) -> [Finding] {
        self.record = record
        findings = []
        lastUnit = nil
        lastImages = [:]
        checkName()
        let identity = checkIdentity()
        checkExpiry(identity: identity)
        checkContact()
        checkUnitAndCodes()
        checkGuardian(identity: identity)
        checkImages(identity: identity)
        lastIdentity = identity
        return findings
    }

    /// The column header a field is shown under (the roster's own, or the standard one).
    func header(_ field: Field) -> String { columns.header(of: field) ?? reference.headers.header(for: field) }

    /// Records a finding on a field; the value defaults to the field's normalised text.
    /// `mask` overrides the field's own when the value is of another kind (an ID number on 证件类型).
    func report(_ field: Field, _ rule: RuleID, _ message: Message, value: String? = nil,
                suggestion: String = "", severity: Severity? = nil, mask: MaskKind? = nil) {
        let fieldValue = record[field]
        var message = message
        if let fieldValue, fieldValue.wasNormalized, value == nil {
            message = Message(zh: message.zh + "（已规范化，原值「\(field.maskKind == .none ? fieldValue.original : "…")」）",
                              en: message.en + " (normalised from '\(field.maskKind == .none ? fieldValue.original : "…")')")
        }
        findings.append(Finding(row: record.row, column: header(field), field: field.rawValue, rule: rule, severity: severity,
                                message: message, value: value ?? fieldValue?.text ?? "", suggestion: suggestion,
                                mask: mask ?? field.maskKind))
    }

    /// A required field is empty: one finding naming the column.
    func reportMissing(_ field: Field, _ rule: RuleID, what zh: String, _ en: String) {
        report(field, rule, Message(zh: "\(zh)为空；请填写\(zh)", en: "\(en) is empty; fill it in"), value: "")
    }
}
