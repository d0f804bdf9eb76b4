extension RosterValidator {
    func checkContact() {
        if let phone = record.text(.phone) {
            if let digits = mobileDigits(phone) {
                if let packed = UInt64(digits) {
                    if let first = seenPhones.firstRow(for: packed, inserting: record.row) {
                        report(.phone, .phoneDuplicate, Message(
                            zh: "手机号码 '{value}' 与第 \(first) 行相同；每人应填写本人手机号码",
                            en: "mobile '{value}' is also on row \(first); each person should give their own number"))
                    }
                }
            } else {
                reportPhone(.phone)
            }
        } else {
            reportMissing(.phone, .phoneFormat, what: "手机号码", "the mobile number")
        }
        if let postal = record.text(.postalCode) {
            if postal.count != 6 || !postal.allSatisfy(\.isASCIIDigit) {
                report(.postalCode, .postalFormat, Message(
                    zh: "邮政编码「{value}」应为 6 位数字（如 610041）；若开头的 0 被 Excel 去掉，请把该列设为文本",
                    en: "postal code '{value}' must be 6 digits (e.g. 610041); if Excel dropped a leading 0, format the column as text"))
            }
        } else {
            reportMissing(.postalCode, .postalFormat, what: "邮政编码", "the postal code")
        }
        if record[.hukouAddress] == nil { reportMissing(.hukouAddress, .addressMissing, what: "户口所在地址", "the hukou address") }
        if record[.residenceAddress] == nil { reportMissing(.residenceAddress, .addressMissing, what: "常住地址", "the residence address") }
        if record[.idIssuer] == nil {
            reportMissing(.idIssuer, .issuerMissing, what: "证件发证机关（身份证背面的签发机关）", "the issuing authority (签发机关 on the card)")
        }
    }

    /// The 11 mainland mobile digits (a +86/0086 prefix removed), or nil if it is not a mobile number.
    func mobileDigits(_ text: String) -> String? {
        if text.utf8.count == 11 {
            var index = 0
            let plain = text.utf8.allSatisfy { byte in
                defer { index += 1 }
                switch index {
                case 0: return byte == 49
                case 1: return byte >= 51 && byte <= 57
                default: return byte >= 48 && byte <= 57
                }
            }
            return plain ? text : nil
        }
        var digits = Substring(text.hasPrefix("+") ? String(text.dropFirst()) : text)
        if digits.count == 13, digits.hasPrefix("86") { digits = digits.dropFirst(2) }
        if digits.count == 15, digits.hasPrefix("0086") { digits = digits.dropFirst(4) }
        let bytes = Array(digits.utf8)
        guard bytes.count == 11, bytes[0] == 49, bytes[1] >= 51, bytes[1] <= 57, bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return String(digits)
    }

    func reportPhone(_ field: Field) {
        report(field, .phoneFormat, Message(
            zh: "手机号码 '{value}' 不是 11 位大陆手机号（应以 13–19 开头）；请填写本人手机号码",
            en: "'{value}' is not an 11-digit mainland mobile number (starting 13–19); enter the person's mobile"))
    }
}
