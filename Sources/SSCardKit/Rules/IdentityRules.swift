/// What the identity checks learned about the person, for the expiry and guardian rules.
public struct Identity: Sendable {
    public var type: DocumentType?
    public var birthDate: CivilDate?
    public var gender: Gender?
}

extension RosterValidator {
    func checkIdentity() -> Identity {
        var identity = Identity()
        if let typeText = record.text(.idType) {
            identity.type = DocumentType(text: typeText)
            if identity.type == nil {
                report(.idType, .idType, Message(
                    zh: "证件类型「{value}」无法识别；请填写 居民身份证(户口簿)、护照、外国人永久居留身份证 或 港澳台居民居住证",
                    en: "document type '{value}' is not recognised; use 居民身份证(户口簿), 护照, 外国人永久居留身份证 or 港澳台居民居住证"))
            }
        } else {
            identity.type = .resident
        }
        let country = checkNationalityValue()

        if let number = record[.idNumber] {
            if isExcelNumber(number) {
                reportExcelNumber(.idNumber, number)
            } else if let type = identity.type {
                switch type {
                case .resident: checkResident(number.text, field: .idNumber, identity: &identity)
                case .residencePermit: checkResidencePermit(number.text, identity: &identity, country: country)
                case .foreignPermanentResident: checkPermanentResident(number.text, identity: &identity, country: country)
                case .passport: checkPassport(number.text, country: country)
                }
                checkDuplicate(number.text, type: type)
            }
        } else {
            reportMissing(.idNumber, .idFormat, what: "证件号码", "the ID number")
        }
        if identity.type == .resident, let country, country.alpha3 != "CHN" {
            report(.nationality, .idNationality, Message(
                zh: "居民身份证持有人的国籍应为中国，而不是「{value}」；请改为 中国 或更正证件类型",
                en: "a resident ID card holder's nationality is 中国 (CHN), not '{value}'; change it or correct the document type"))
        }
        if let type = identity.type, type == .passport || type == .foreignPermanentResident, country?.alpha3 == "CHN" {
            // Seed: 中国国籍请选择"居民身份证(户口簿)". Only the permit for Hong Kong, Macao and Taiwan
            // residents (a Chinese document) goes with 中国 besides the resident ID.
            report(.idType, .idType, Message(
                zh: "国籍为中国时，证件类型请选择「居民身份证(户口簿)」，不能用「{value}」；请改为 居民身份证(户口簿) 并填写身份证号码（港澳台居民请用 港澳台居民居住证）",
                en: "a Chinese national is registered with the resident ID (居民身份证(户口簿)), not '{value}'; change the document type and enter the resident ID number (Hong Kong, Macao and Taiwan residents use 港澳台居民居住证)"))
        }
        if identity.type != .resident, identity.type != nil, record[.siNumber] == nil {
            reportMissing(.siNumber, .siMissing, what: "社保号码", "the social security number (required for this document type)")
        }
        checkGivenGenderAndBirth(&identity)
        return identity
    }

    /// An ID-number column (the applicant's, a guardian's or an agent's) that Excel stored as a number.
    func reportExcelNumber(_ field: Field, _ number: FieldValue) {
        report(field, .idExcelNumber, Message(
            zh: "'{value}' 被 Excel 存成了数字，末几位已丢失；请把该列设为文本后重新录入",
            en: "'{value}' was stored by Excel as a number and lost its last digits; format the column as text and enter it again"),
            value: number.original)
    }

    /// Excel stored the number as a float: E-notation, more than 15 significant digits, or a fraction.
    func isExcelNumber(_ value: FieldValue) -> Bool {
        if case .number(let literal, let number) = value.cell {
            return number >= 1e15 || literal.contains("E") || literal.contains("e") || number.rounded() != number
        }
        // CSV text such as 5.10107E+17: digits, one dot, E, +, digits.
        var sawDot = false, sawE = false, sawPlus = false
        for byte in value.text.utf8 {
            switch byte {
            case 48...57: continue
            case 0x2E where !sawDot && !sawE: sawDot = true
            case 0x45, 0x65: guard !sawE else { return false }; sawE = true
            case 0x2B where sawE && !sawPlus: sawPlus = true
            default: return false
            }
        }
        return sawDot && sawE && sawPlus
    }

    /// A resident ID number (also used for a guardian's).
    func checkResident(_ text: String, field: Field, identity: inout Identity) {
        if text.count == 15, text.allSatisfy(\.isASCIIDigit) {
            if let upgraded = IdentityNumber.upgrade(legacy: text) {
                report(field, .idLegacy15, Message(
                    zh: "'{value}' 是 15 位一代身份证号码（2013 年起已停用）；请改为 18 位号码 {suggestion}，并以二代身份证为准",
                    en: "'{value}' is a 15-digit first-generation number (void since 2013); use the 18-digit number {suggestion} from the current card"),
                    suggestion: upgraded)
            } else {
                report(field, .idLegacy15, Message(
                    zh: "'{value}' 是 15 位一代身份证号码，且其中的出生日期无效；请按二代身份证填写 18 位号码",
                    en: "'{value}' is a 15-digit first-generation number with an impossible birth date; enter the 18-digit number from the current card"))
            }
            return
        }
        guard IdentityNumber.hasEighteenCharacterShape(text) else {
            report(field, .idFormat, Message(
                zh: "'{value}' 不是 18 位身份证号码（现为 \(text.count) 位）；应为 17 位数字加 1 位数字或 X",
                en: "'{value}' is not an 18-character ID number (it has \(text.count)); it must be 17 digits and a digit or X"))
            return
        }
        let prefix = Int(IdentityNumber.asciiPrefix(text, 2))!
        // The finding sits on the document type that is wrong (the guardian's for a guardian's
        // number) but shows a document number: it is masked as one.
        let typeField: Field = field == .guardianIdNumber ? .guardianIdType : .idType
        if text.hasPrefix("9") {
            report(typeField, .idType, Message(
                zh: "'{value}' 是外国人永久居留身份证号码；请把证件类型改为 外国人永久居留身份证",
                en: "'{value}' is a foreign permanent resident card number; set the document type to 外国人永久居留身份证"), value: text,
                mask: .document)
            return
        }
        if ["810000", "820000", "830000"].contains(String(IdentityNumber.asciiPrefix(text, 6))) {
            report(typeField, .idType, Message(
                zh: "'{value}' 是港澳台居民居住证号码；请把证件类型改为 港澳台居民居住证",
                en: "'{value}' is a Hong Kong/Macao/Taiwan residence permit number; set the document type to 港澳台居民居住证"), value: text,
                mask: .document)
            return
        }
        guard IdentityNumber.provinces.contains(prefix) else {
            report(field, .idProvince, Message(
                zh: "'{value}' 的前两位 \(prefix) 不是任何省级行政区代码；请对照身份证核对号码",
                en: "'{value}' starts with \(prefix), which is no province code; check the number against the card"))
            return
        }
        guard checkEmbeddedBirth(text, field: field, identity: &identity) else { return }
        guard checkCheckDigit(text, field: field) else {
            identity.birthDate = nil  // a mistyped number says nothing reliable about the person
            return
        }
        if let region = Int(IdentityNumber.asciiPrefix(text, 6)), reference.regions.name(of: region) == nil {
            report(field, .idRegion, Message(
                zh: "'{value}' 的地区码 \(text.prefix(6)) 不在行政区划代码表中（已撤销的代码仍可能有效）；请核对号码",
                en: "'{value}': region code \(text.prefix(6)) is not in the GB/T 2260 table (abolished codes stay valid on old cards); check the number"))
        }
        identity.gender = IdentityNumber.gender(text)
    }

    /// The birth date inside an 18-character number: real, not before the profile's minimum year, not in the future.
    func checkEmbeddedBirth(_ text: String, field: Field, identity: inout Identity) -> Bool {
        guard let birth = IdentityNumber.birthDate(text), birth.year >= profile.minimumBirthYear else {
            let digits = String(text.dropFirst(6).prefix(8))
            report(field, .idBirthdate, Message(
                zh: "'{value}' 中的出生日期 \(digits) 不是有效日期；请对照身份证核对号码",
                en: "'{value}': the birth date \(digits) inside the number is not a real date; check the number against the card"))
            return false
        }
        guard birth <= asOf else {
            report(field, .idBirthdate, Message(
                zh: "'{value}' 中的出生日期 \(birth) 晚于今天（\(asOf)）；请核对号码",
                en: "'{value}': the birth date \(birth) inside the number is after today (\(asOf)); check the number"))
            return false
        }
        identity.birthDate = birth
        return true
    }

    /// Reports a wrong check digit; returns whether the number is intact.
    @discardableResult
    func checkCheckDigit(_ text: String, field: Field) -> Bool {
        // Every caller has checked the 18-character shape: the text is ASCII.
        guard let expected = IdentityNumber.checkCharacter(IdentityNumber.asciiPrefix(text, 17)),
            let last = text.utf8.last, expected != Character(Unicode.Scalar(last)) else { return true }
        if text.hasSuffix("000"), record[field].map({ if case .number = $0.cell { true } else { false } }) ?? false {
            return false  // already reported as an Excel number
        }
        if text.hasSuffix("000") {
            report(field, .idExcelNumber, Message(
                zh: "'{value}' 末三位是 000 且校验位不符，像是被 Excel 存成数字后丢失了末几位；请把该列设为文本后重新录入",
                en: "'{value}' ends in 000 and fails its check digit, as when Excel stores it as a number; format the column as text and enter it again"))
            return false
        }
        report(field, .idChecksum, Message(
            zh: "'{value}' 的校验位不正确（按 GB 11643 应为 \(expected)）；号码中可能有录错的数字，请对照身份证核对",
            en: "'{value}' fails its check digit (GB 11643 gives \(expected)); a digit was probably mistyped, check it against the card"))
        return false
    }

    func checkResidencePermit(_ text: String, identity: inout Identity, country: CountryTable.Country?) {
        guard IdentityNumber.hasEighteenCharacterShape(text), ["810000", "820000", "830000"].contains(String(IdentityNumber.asciiPrefix(text, 6))) else {
            report(.idNumber, .idFormat, Message(
                zh: "'{value}' 不是港澳台居民居住证号码；应为 18 位，以 810000（香港）、820000（澳门）或 830000（台湾）开头",
                en: "'{value}' is not a residence permit number; it has 18 characters starting 810000 (HK), 820000 (Macao) or 830000 (Taiwan)"))
            return
        }
        guard checkEmbeddedBirth(text, field: .idNumber, identity: &identity) else { return }
        guard checkCheckDigit(text, field: .idNumber) else { identity.birthDate = nil; return }
        identity.gender = IdentityNumber.gender(text)
        let region = ["810000": "HKG", "820000": "MAC", "830000": "TWN"][String(text.prefix(6))]!
        if let country, country.alpha3 != "CHN", country.alpha3 != region {
            report(.nationality, .idNationality, Message(
                zh: "居住证号码属于 \(region)，与国籍「{value}」不符；请核对国籍或证件类型",
                en: "the permit number belongs to \(region), which disagrees with nationality '{value}'; check the nationality or the document type"))
        }
    }

    func checkPermanentResident(_ text: String, identity: inout Identity, country: CountryTable.Country?) {
        if text.count == 18, text.hasPrefix("9"), IdentityNumber.hasEighteenCharacterShape(text) {
            let province = Int(text.dropFirst().prefix(2))!
            guard IdentityNumber.provinces.contains(province) else {
                report(.idNumber, .idProvince, Message(
                    zh: "'{value}' 的第 2–3 位 \(province) 不是受理地省级代码；请核对号码",
                    en: "'{value}': characters 2–3 (\(province)) are no province code; check the number"))
                return
            }
            let numeric = String(text.dropFirst(3).prefix(3))
            guard checkEmbeddedBirth(text, field: .idNumber, identity: &identity) else { return }
            guard checkCheckDigit(text, field: .idNumber) else { identity.birthDate = nil; return }
            identity.gender = IdentityNumber.gender(text)
            guard let embedded = reference.countries.lookup(numeric: numeric) else {
                report(.idNumber, .idFormat, Message(
                    zh: "'{value}' 中的国籍代码 \(numeric) 不是 GB/T 2659 数字代码；请核对号码",
                    en: "'{value}': nationality code \(numeric) inside the number is no GB/T 2659 numeric code; check the number"))
                return
            }
            if let country, country.alpha3 != "CHN", country.alpha3 != embedded.alpha3 {
                report(.nationality, .idNationality, Message(
                    zh: "永久居留证号码中的国籍是 \(embedded.nameZh)（\(embedded.alpha3)），与「{value}」不符；请核对",
                    en: "the card number encodes \(embedded.nameEn) (\(embedded.alpha3)), not '{value}'; check the nationality"))
            }
        } else if text.count == 15, text.prefix(3).allSatisfy({ $0.isASCII && $0.isLetter }), text.dropFirst(3).allSatisfy(\.isASCIIDigit) {
            let alpha3 = String(text.prefix(3))
            guard let embedded = reference.countries.lookup(alpha3) else {
                report(.idNumber, .idFormat, Message(
                    zh: "'{value}' 开头的 \(alpha3) 不是国家代码；请核对号码",
                    en: "'{value}' starts with \(alpha3), which is no country code; check the number"))
                return
            }
            let digits = Array(text.dropFirst(7).prefix(6))
            if let yy = Int(String(digits[0..<2])), let mm = Int(String(digits[2..<4])), let dd = Int(String(digits[4..<6])) {
                let century = 2000 + yy <= asOf.year ? 2000 : 1900
                identity.birthDate = CivilDate(year: century + yy, month: mm, day: dd)
            }
            if let country, country.alpha3 != "CHN", country.alpha3 != embedded.alpha3 {
                report(.nationality, .idNationality, Message(
                    zh: "永久居留证号码中的国籍是 \(embedded.nameZh)（\(alpha3)），与「{value}」不符；请核对",
                    en: "the card number encodes \(embedded.nameEn) (\(alpha3)), not '{value}'; check the nationality"))
            }
        } else {
            report(.idNumber, .idFormat, Message(
                zh: "'{value}' 不是外国人永久居留身份证号码；应为 18 位（以 9 开头）或旧版 15 位（3 个字母加 12 位数字）",
                en: "'{value}' is not a permanent resident card number; it has 18 characters starting with 9, or (old cards) 3 letters and 12 digits"))
        }
    }

    func checkPassport(_ text: String, country: CountryTable.Country?) {
        let valid = (5...17).contains(text.count) && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) }
        if !valid {
            report(.idNumber, .idFormat, Message(
                zh: "'{value}' 不是有效的护照号码；应为 5–17 位字母或数字",
                en: "'{value}' is not a passport number; it must be 5–17 letters or digits"))
        }
        if record[.nationality] == nil {
            reportMissing(.nationality, .idNationality, what: "国籍", "the nationality (required with a passport)")
        }
    }

    /// Reads the nationality column; an unknown country is a finding.
    func checkNationalityValue() -> CountryTable.Country? {
        guard let text = record.text(.nationality) else { return nil }
        guard let country = reference.countries.lookup(text) else {
            report(.nationality, .idNationality, Message(
                zh: "国籍「{value}」不在 GB/T 2659 国家代码表中；请填写中文国名（如 德国）或三字母代码（如 DEU）",
                en: "nationality '{value}' is not in GB/T 2659; use the Chinese name (德国) or the three-letter code (DEU)"))
            return nil
        }
        return country
    }

    func checkDuplicate(_ text: String, type: DocumentType) {
        let first: Int?
        if type != .passport, let packed = IdentityNumber.packed(text) {
            first = seenDocuments.firstRow(for: packed, inserting: record.row)
        } else {
            let key = type.rawValue + "\u{1F}" + text
            first = seenOtherDocuments[key]
            if first == nil { seenOtherDocuments[key] = record.row }
        }
        if let first {
            report(.idNumber, .idDuplicate, Message(
                zh: "证件号码 '{value}' 与第 \(first) 行重复；同一人只能登记一次，请删除重复的行",
                en: "ID number '{value}' already appears on row \(first); a person is registered once, remove the duplicate row"))
        }
    }

    /// 性别 and 出生日期 columns, checked against what the number says.
    func checkGivenGenderAndBirth(_ identity: inout Identity) {
        if let text = record.text(.gender) {
            if let given = Gender(text: text) {
                if let derived = identity.gender, derived != given {
                    report(.gender, .idGenderMismatch, Message(
                        zh: "性别「{value}」与证件号码不符（号码显示为\(derived.rawValue)）；请核对性别或证件号码",
                        en: "gender '{value}' disagrees with the ID number, which says \(derived == .male ? "male" : "female"); check one or the other"))
                }
                if identity.gender == nil { identity.gender = given }
            } else {
                report(.gender, .genderFormat, Message(zh: "性别「{value}」无法识别；请填写 男 或 女",
                                                       en: "gender '{value}' is not recognised; use 男 or 女"))
            }
        }
        if let value = record[.birthDate] {
            let given = civilDate(of: value, field: .birthDate, what: ("出生日期", "birth date"))
            if let given {
                if let derived = identity.birthDate, derived != given {
                    report(.birthDate, .idBirthMismatch, Message(
                        zh: "出生日期 \(given) 与证件号码中的 \(derived) 不符；请核对出生日期或证件号码",
                        en: "birth date \(given) disagrees with \(derived) in the ID number; check one or the other"))
                }
                if identity.birthDate == nil { identity.birthDate = given }
            } else {
                report(.birthDate, .birthFormat, Message(zh: "出生日期「{value}」不是有效日期；请写成 1990-03-07",
                                                         en: "birth date '{value}' is not a date; write it as 1990-03-07"))
            }
        }
    }
}
