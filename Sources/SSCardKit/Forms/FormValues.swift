/// The values a form prints, derived from the stored fields in one place, and the check code
/// computed from exactly those values.
///
/// Check code (printed in the QR code and by `sscard show`): the first 10 hex digits (lower
/// case) of the SHA-256 of the UTF-8 text made of one line `key=value\n` per entry of
/// `FormValues.keys`, in that order, each value exactly as the form prints it (empty when the
/// form leaves the box blank). So a reviewer can tell whether a paper form still matches the
/// store: any amended printed value changes the code.
public struct FormValues: Sendable {
    /// The printed keys, in check-code order.
    public static let keys = [
        "name", "gender", "ethnicity", "nationality", "birth_date", "id_type", "id_number", "si_number", "phone",
        "unit", "unit2", "unit3", "employer_code", "employer_name", "occupation_code", "occupation", "education_code", "education",
        "mailing_address", "bank", "bank_branch",
        "student_department", "student_major", "student_grade", "student_class",
        "guardian_id_type", "guardian_name", "guardian_phone", "guardian_id_number", "guardian_relation",
        "hukou_address", "id_issuer", "id_validity",
    ]

    public let values: [String: String]

    public init(fields: [String: String]) {
        var values: [String: String] = [:]
        for key in FormValues.keys { values[key] = fields[key] ?? "" }
        if values["mailing_address", default: ""].isEmpty { values["mailing_address"] = fields[Field.residenceAddress.rawValue] ?? "" }
        if values["si_number", default: ""].isEmpty { values["si_number"] = fields[Field.idNumber.rawValue] ?? "" }
        values["id_validity"] = FormValues.validity(fields)
        self.values = values
    }

    public subscript(_ key: String) -> String { values[key] ?? "" }

    /// 2015.07.17-2035.07.17 or 2015.07.17-长期, as the card prints it.
    static func validity(_ fields: [String: String]) -> String {
        func dotted(_ text: String) -> String { text.replacingOccurrences(of: "-", with: ".") }
        if let from = fields[Field.idValidFrom.rawValue], let to = fields[Field.idValidTo.rawValue] {
            return dotted(from) + "-" + (to == "长期" ? to : dotted(to))
        }
        return fields[Field.idValidity.rawValue] ?? ""
    }

    /// The canonical text the check code hashes.
    public var canonicalText: String {
        FormValues.keys.map { key in
            // A newline inside a value would make two readings of the text possible.
            "\(key)=\(self[key].replacingOccurrences(of: "\n", with: " "))\n"
        }.joined()
    }

    /// First 10 hex digits of SHA-256(canonicalText).
    public var checkCode: String { String(SHA256.hex(Array(canonicalText.utf8)).prefix(10)) }

    /// The check code of stored fields (what `sscard show` prints).
    public static func checkCode(fields: [String: String]) -> String { FormValues(fields: fields).checkCode }

    /// `SSCARD1|<batch id or submission id>|<ID number>|<check code>`.
    public static func qrPayload(reference: String, idNumber: String, checkCode: String) -> String {
        "SSCARD1|\(reference)|\(idNumber)|\(checkCode)"
    }
}
