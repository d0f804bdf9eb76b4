/// A document's validity period as printed on the card.
struct Validity: Equatable {
    var start: CivilDate
    /// nil for 长期 (no end).
    var end: CivilDate?

    static let longTermWords: Set<String> = ["长期", "长期有效", "永久", "永久有效", "longterm", "long-term", "permanent"]

    /// Parses `2015.07.17-2035.07.17`, `2015.07.17-长期`, `20150717-20350717`, `2015-07-17至2035-07-17`,
    /// with any dash between the dates (`－` full-width, `—`, `–`, `−`).
    static func parse(_ text: String) -> Validity? {
        var text = text
        return text.withUTF8 { bytes in
            // Try each dash (or 至/到/~) as the split point: dates may contain dashes themselves.
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                var width = 0
                if byte == 0x2D || byte == 0x7E { width = 1 }
                else if index + 2 < bytes.count {
                    let b1 = bytes[index + 1], b2 = bytes[index + 2]
                    if (byte == 0xE8 && b1 == 0x87 && b2 == 0xB3)        // 至
                        || (byte == 0xE5 && b1 == 0x88 && b2 == 0xB0)     // 到
                        || (byte == 0xE2 && b1 == 0x80 && (b2 >= 0x90 && b2 <= 0x95))  // ‐ ‑ ‒ – — ―
                        || (byte == 0xE2 && b1 == 0x88 && b2 == 0x92)     // − (minus)
                        || (byte == 0xEF && b1 == 0xBC && b2 == 0x8D)     // － (full-width hyphen-minus)
                        || (byte == 0xEF && b1 == 0xB9 && b2 == 0xA3)     // ﹣ (small hyphen-minus)
                        || (byte == 0xEF && b1 == 0xBD && b2 == 0x9E) {   // ～
                        width = 3
                    }
                }
                if width > 0 {
                    let left = trimmed(UnsafeBufferPointer(rebasing: bytes[..<index]))
                    let right = trimmed(UnsafeBufferPointer(rebasing: bytes[(index + width)...]))
                    if let start = CivilDate.parse(bytes: left) {
                        if let end = CivilDate.parse(bytes: right) { return Validity(start: start, end: end) }
                        if let first = right.first, first >= 0x41, isLongTerm(right) {  // a word, not a date
                            return Validity(start: start, end: nil)
                        }
                    }
                }
                index += max(width, 1)
            }
            return nil
        }
    }

    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0, end = bytes.count
        while start < end && bytes[start] == 0x20 { start += 1 }
        while end > start && bytes[end - 1] == 0x20 { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    static func isLongTerm(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        longTermWords.contains(Normalizer.key(String(decoding: bytes, as: UTF8.self)))
    }
}

extension RosterValidator {
    func checkExpiry(identity: Identity) {
        guard let (validity, field) = readValidity() else { return }
        if validity.start > asOf {
            report(field, .expiryStartFuture, Message(
                zh: "证件有效期起始日 \(validity.start) 晚于今天（\(asOf)）；请按证件背面的有效期限填写",
                en: "the validity starts on \(validity.start), after today (\(asOf)); copy the period from the card"))
        }
        if let end = validity.end {
            guard end > validity.start else {
                report(field, .expiryFormat, Message(
                    zh: "证件有效期的截止日 \(end) 不晚于起始日 \(validity.start)；请按证件背面的有效期限填写",
                    en: "the validity ends (\(end)) no later than it starts (\(validity.start)); copy the period from the card"))
                return
            }
            let limit = asOf.adding(months: profile.expiryWindowMonths)
            if end < asOf {
                report(field, .expiryExpired, Message(
                    zh: "证件已于 \(end) 过期；请先换领新证件，再按新证件填写",
                    en: "the document expired on \(end); renew it first and enter the new card's details"))
            } else if end <= limit {
                report(field, .expiryWindow, Message(
                    zh: "证件将于 \(end) 到期，距今（\(asOf)）不足 \(profile.expiryWindowMonths) 个月（须晚于 \(limit)）；请换领新证件后再提交",
                    en: "the document expires on \(end), within \(profile.expiryWindowMonths) months of \(asOf) (it must end after \(limit)); renew it before applying"))
            }
        }
        // The span only means something for a card already issued.
        if identity.type == .resident, let birth = identity.birthDate, validity.start <= asOf {
            checkSpan(validity, birth: birth, field: field)
        }
    }

    /// The single 证件有效期 column, or the two from/to columns.
    func readValidity() -> (Validity, Field)? {
        if let combined = record[.idValidity] {
            guard let validity = Validity.parse(combined.text) else {
                report(.idValidity, .expiryFormat, Message(
                    zh: "证件有效期「{value}」格式不对；请按证件背面写成 2015.07.17-2035.07.17 或 2015.07.17-长期",
                    en: "validity '{value}' is not in the card's form; write it as 2015.07.17-2035.07.17 or 2015.07.17-长期"))
                return nil
            }
            return (validity, .idValidity)
        }
        guard record[.idValidFrom] != nil || record[.idValidTo] != nil else {
            let field: Field = columns.has(.idValidity) || !columns.has(.idValidTo) ? .idValidity : .idValidTo
            report(field, .expiryMissing, Message(zh: "证件有效期为空；请按证件背面的有效期限填写",
                                                  en: "the validity period is empty; copy it from the card"), value: "")
            return nil
        }
        guard let fromValue = record[.idValidFrom],
              let start = civilDate(of: fromValue, field: .idValidFrom, what: ("证件有效期起始日期", "the validity start")) else {
            report(.idValidFrom, record[.idValidFrom] == nil ? .expiryMissing : .expiryFormat, Message(
                zh: "证件有效期起始日期「{value}」缺失或无效；请写成 2015-07-17",
                en: "the validity start '{value}' is missing or not a date; write it as 2015-07-17"))
            return nil
        }
        guard let toValue = record[.idValidTo] else {
            report(.idValidTo, .expiryMissing, Message(zh: "证件有效期截止日期为空；请填写日期或 长期",
                                                       en: "the validity end is empty; enter a date or 长期"), value: "")
            return nil
        }
        if Validity.longTermWords.contains(Normalizer.key(toValue.text)) { return (Validity(start: start, end: nil), .idValidTo) }
        guard let end = civilDate(of: toValue, field: .idValidTo, what: ("证件有效期截止日期", "the validity end")) else {
            report(.idValidTo, .expiryFormat, Message(zh: "证件有效期截止日期「{value}」无效；请写成 2035-07-17 或 长期",
                                                      en: "the validity end '{value}' is not a date; write it as 2035-07-17 or 长期"))
            return nil
        }
        return (Validity(start: start, end: end), .idValidTo)
    }

    /// 居民身份证法 art. 5: under 16 → 5 years, 16–25 → 10, 26–45 → 20, 46+ → 长期, from the issue date.
    func checkSpan(_ validity: Validity, birth: CivilDate, field: Field) {
        let age = birth.years(until: validity.start)
        let expected: Int? = switch age {
        case ..<16: 5
        case 16...25: 10
        case 26...45: 20
        default: nil
        }
        let expectedText = expected.map { "\($0) 年" } ?? "长期"
        let expectedEnglish = expected.map { "\($0) years" } ?? "long-term (长期)"
        let matches: Bool
        if let expected, let end = validity.end {
            let exact = validity.start.adding(years: expected)
            // A 02-29 start has no anniversary in common years: accept 02-28 or 03-01.
            matches = end == exact || (validity.start.month == 2 && validity.start.day == 29 && abs(end.daysSinceEpoch - exact.daysSinceEpoch) <= 1)
        } else {
            matches = expected == nil && validity.end == nil
        }
        if !matches {
            report(field, .expirySpan, Message(
                zh: "签发时持证人 \(age) 岁，有效期应为 \(expectedText)，与「{value}」不符；请对照证件背面核对有效期限",
                en: "the holder was \(age) at issue, so the card should be valid \(expectedEnglish), which '{value}' is not; check the period on the card"),
                value: validity.end.map { "\(validity.start.dotted)-\($0.dotted)" } ?? "\(validity.start.dotted)-长期")
        }
    }
}

extension String {
    /// Replaces every occurrence of each target.
    func replacingAll(_ targets: [String], with replacement: String) -> String {
        var result = self
        for target in targets where result.contains(target) {
            result = result.split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
        }
        return result
    }
}
