import Foundation
/// The stored form of an accepted row: every field by key, with the defaults and derived values
/// filled in (gender and birth date from the number, bank from the units directory, codes
/// resolved), so the export and the form never re-derive anything.
enum PersonFields {
    static func make(_ row: Validation.RowResult, reference: ReferenceData) -> StoredFields {
        var fields = StoredFields()
        for field in Field.allCases {
            if let text = row.record.text(field) { fields[field] = text }
        }
        let type = row.identity.type ?? .resident
        fields[.idType] = type.rawValue
        if let gender = row.identity.gender { fields[.gender] = gender.rawValue }
        if let birth = row.identity.birthDate { fields[.birthDate] = birth.description }
        if type == .resident {
            fields[.siNumber] = fields[.siNumber] ?? fields[.idNumber]
            fields[.nationality] = "中国"
        } else if let nationality = fields[.nationality], let country = reference.countries.lookup(nationality) {
            fields[.nationality] = country.nameZh
            fields[slot: Codes.nationality] = country.alpha3
        }
        if type == .resident { fields[slot: Codes.nationality] = "CHN" }
        fields[.mailingAddress] = fields[.mailingAddress] ?? fields[.residenceAddress]
        if let unit = row.unit {
            // 现今工作单位 may name the unit by its code: store the directory's name, and the code. // h8-clerk
            fields[.unit] = unit.name
            if !unit.code.isEmpty { fields[slot: Codes.unit] = unit.code }
        }
        if let unit = row.unit, !unit.bank.isEmpty {
            fields[.bank] = unit.bank
            if !unit.branch.isEmpty { fields[.bankBranch] = unit.branch }
        }
        // One call per table: a literal array of (field, table, slot) copied four tables a row.
        func resolve(_ field: Field, in table: borrowing CodeTable, code: Int) {
            if let text = fields[field], let entry = table.lookup(text) {
                fields[field] = entry.name
                fields[slot: code] = entry.code
            }
        }
        resolve(.education, in: reference.education, code: Codes.education)
        resolve(.occupation, in: reference.occupations, code: Codes.occupation)
        resolve(.ethnicity, in: reference.ethnicities, code: Codes.ethnicity)
        resolve(.bank, in: reference.banks, code: Codes.bank)
        if let validity = fields[.idValidity].flatMap(Validity.parse) {
            fields[.idValidFrom] = validity.start.description
            fields[.idValidTo] = validity.end?.description ?? "长期"
        }
        return fields
    }

    /// The slots of the derived codes.
    private enum Codes {
        static let nationality = StoredFields.slot("nationality_code"), unit = StoredFields.slot("unit_code")
        static let education = StoredFields.slot("education_code"), occupation = StoredFields.slot("occupation_code")
        static let ethnicity = StoredFields.slot("ethnicity_code"), bank = StoredFields.slot("bank_code")
    }

    /// The field keys a clerk may change with `amend --set` (derived `*_code` keys are not among them).
    static var amendable: Set<String> { Set(Field.allCases.map(\.rawValue)) }
}

/// Small JSON helpers for the store's text columns (sorted keys: stable bytes).
enum StoreJSON {
    /// Fast paths for the shapes written per row (JSONEncoder costs more than the rules).
    /// Keys in a fixed order (sorted), so that equal maps give equal bytes.
    private static let knownKeys = StoredFields.knownKeys

    /// `"key":` of each known key, as bytes, in the order of `knownKeys`.
    private static let knownKeyBytes: [[UInt8]] = knownKeys.map { key in
        var literal: [UInt8] = []
        ReportRenderer.appendJSONString(key, to: &literal)
        return literal + [UInt8(ascii: ":")]
    }

    /// The known keys in their order, then any others sorted, written as bytes (appending to a
    /// String checks every join).
    static func encode(_ value: [String: String]) -> String { encode(StoredFields(value)) }

    /// The slots in their order, then any other keys sorted: no key is hashed.
    static func encode(_ fields: StoredFields) -> String { String(decoding: bytes(fields), as: UTF8.self) }

    /// The same JSON as UTF-8 bytes, which import stores as they are.
    static func bytes(_ fields: StoredFields) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(1024)
        let keys = knownKeyBytes
        for (slot, text) in fields.slots.enumerated() {
            guard let text else { continue }
            if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: keys[slot])
            ReportRenderer.appendJSONString(text, to: &bytes)
        }
        for pair in fields.sortedOthers {
            if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
            ReportRenderer.appendJSONString(pair.key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            ReportRenderer.appendJSONString(pair.value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// `[["a","b"],…]`, written as bytes.
    static func encode(_ value: [[String]]) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for (index, list) in value.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "["))
            for (position, text) in list.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                ReportRenderer.appendJSONString(text, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }

    static func encode(_ value: [StoredFinding]) -> String {
        if value.isEmpty { return "[]" }
        return "[" + value.map { f in
            "{\"column\":\(ReportRenderer.jsonString(f.column)),\"en\":\(ReportRenderer.jsonString(f.en)),\"field\":\(ReportRenderer.jsonString(f.field)),"
                + "\"mask\":\(ReportRenderer.jsonString(f.mask)),\"row\":\(f.row),\"rule\":\(ReportRenderer.jsonString(f.rule)),"
                + "\"original\":\(ReportRenderer.jsonString(f.original ?? "")),"
                + "\"severity\":\(ReportRenderer.jsonString(f.severity)),\"value\":\(ReportRenderer.jsonString(f.value)),\"zh\":\(ReportRenderer.jsonString(f.zh))}"
        }.joined(separator: ",") + "]"
    }

    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "null"
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        try? JSONDecoder().decode(type, from: Data(text.utf8))
    }
}

/// A finding as the store keeps it (the message in both languages).
struct StoredFinding: Codable, Equatable {
    var row: Int
    var column: String
    var field: String
    var rule: String
    var severity: String
    var zh: String
    var en: String
    var value: String
    var mask: String
    var original: String?  // h8-clerk

    init(_ finding: Finding) {
        original = finding.original
        row = finding.row
        column = finding.column
        field = finding.field
        rule = finding.rule.rawValue
        severity = finding.severity.rawValue
        zh = finding.message.zh
        en = finding.message.en
        value = finding.value
        mask = "\(finding.mask)"
    }

    var finding: Finding {
        let kind: MaskKind = switch mask {
        case "document": .document
        case "phone": .phone
        case "address": .address
        case "fileName": .fileName
        default: .none
        }
        return Finding(row: row, column: column, field: field, rule: RuleID(rawValue: rule) ?? .rosterUnknownColumn,
                       severity: Severity(rawValue: severity), message: Message(zh: zh, en: en), value: value, mask: kind,
                       original: original ?? "")
    }
}
