/// A roster field, by its stable internal key (DESIGN.md "Fields").
public enum Field: String, CaseIterable, Sendable, Hashable, Codable {
    case name, idType = "id_type", idNumber = "id_number", nationality, siNumber = "si_number"
    case gender, birthDate = "birth_date", ethnicity, phone
    case employerCode = "employer_code", employerName = "employer_name"
    case unit, unit2, unit3
    case idIssuer = "id_issuer", idValidity = "id_validity", idValidFrom = "id_valid_from", idValidTo = "id_valid_to"
    case hukouAddress = "hukou_address", residenceAddress = "residence_address", postalCode = "postal_code"
    case mailingAddress = "mailing_address"
    case occupation, education, bank, bankBranch = "bank_branch", photoOnFile = "photo_on_file"
    case guardianName = "guardian_name", guardianIdType = "guardian_id_type", guardianIdNumber = "guardian_id_number"
    case guardianPhone = "guardian_phone", guardianRelation = "guardian_relation"
    case studentDepartment = "student_department", studentMajor = "student_major"
    case studentGrade = "student_grade", studentClass = "student_class"
    // h8-clerk: 序号 and 备注, read and kept (no rule checks them).
    case serial, remark

    /// Position in `allCases`, for array-backed records.
    @inline(__always)
    public var ordinal: Int { Int(withUnsafeBytes(of: self) { $0[0] }) }  // a payload-free enum is stored as its case index

    /// How a value of this field is masked in reports unless PII display is asked for.
    public var maskKind: MaskKind {
        switch self {
        case .idNumber, .siNumber, .guardianIdNumber: .document
        case .phone, .guardianPhone: .phone
        case .hukouAddress, .residenceAddress, .mailingAddress: .address
        default: .none
        }
    }

    /// Fields whose values are document numbers and get the identifier normalisation
    /// (no inner spaces or hyphens, upper-case letters).
    public var isIdentifier: Bool {
        switch self {
        case .idNumber, .siNumber, .guardianIdNumber, .phone, .guardianPhone, .postalCode, .employerCode: true
        default: false
        }
    }
}
