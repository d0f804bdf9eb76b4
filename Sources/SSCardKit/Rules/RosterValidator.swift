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
    /// The row on which each code table was quoted: a report quotes a table once. // h8-clerk
    var quotedTables: [String: Int] = [:]
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
        // Cells beyond the header shift every field after them: one finding, no knock-on errors.
        if checkExtraCells(), columns.extraCellsShiftFields {
            lastIdentity = Identity()
            return findings
        }
        checkName()
        let identity = checkIdentity()
        checkExpiry(identity: identity)
        checkContact()
        checkAddressLength()  // h8-clerk
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
        var original = ""
        if let fieldValue, fieldValue.wasNormalized, value == nil {
            // The report fills {original}: masked fields show it only with --show-pii. // h8-clerk
            original = fieldValue.original
            message = Message(zh: message.zh + "（已规范化，原值「{original}」）", en: message.en + " (normalised from '{original}')")
        }
        var finding = Finding(row: record.row, column: header(field), field: field.rawValue, rule: rule, severity: severity,
                              message: message, value: value ?? fieldValue?.text ?? "", suggestion: suggestion,
                              mask: mask ?? field.maskKind, original: original)
        finding.person = record.text(.name) ?? ""
        findings.append(finding)
    }

    /// A required field is empty: one finding naming the column.
    func reportMissing(_ field: Field, _ rule: RuleID, what zh: String, _ en: String) {
        report(field, rule, Message(zh: "\(zh)为空；请填写\(zh)", en: "\(en) is empty; fill it in"), value: "")
    }
}
