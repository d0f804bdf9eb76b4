extension RosterValidator {
    func checkName() {
        guard let name = record[.name] else {
            reportMissing(.name, .nameMissing, what: "姓名", "the name")
            return
        }
        if let bad = NameCharset.firstInvalid(in: name.text) {
            report(.name, .nameCharset, Message(
                zh: "姓名「{value}」含有不能制卡的字符「\(bad)」；只能使用汉字、间隔号「·」（少数民族及外国人姓名）或英文字母",
                en: "name '{value}' contains '\(bad)', which cannot be printed on the card; use Chinese characters, the middle dot '·' or Latin letters"))
        }
    }

    /// Under the profile's age (16), a guardian or agent must be named with a number and a phone.
    func checkGuardian(identity: Identity) {
        if let phone = record.text(.guardianPhone), mobileDigits(phone) == nil { reportPhone(.guardianPhone) }
        if let value = record[.guardianIdNumber], isExcelNumber(value) {
            reportExcelNumber(.guardianIdNumber, value)
        } else if let number = record.text(.guardianIdNumber) {
            let type = record.text(.guardianIdType).flatMap(DocumentType.init(text:)) ?? .resident
            if type == .resident {
                var ignored = Identity()
                checkResident(number, field: .guardianIdNumber, identity: &ignored)
            }
        }
        guard let birth = identity.birthDate, birth.years(until: asOf) < profile.guardianAge else { return }
        let missing: [Field] = [.guardianName, .guardianIdNumber, .guardianPhone].filter { record[$0] == nil }
        guard !missing.isEmpty else { return }
        let age = birth.years(until: asOf)
        let zhNames = missing.map { reference.headers.header(for: $0) }.joined(separator: "、")
        report(missing[0], .guardianRequired, Message(
            zh: "申请人未满 \(profile.guardianAge) 周岁（\(age) 岁），须填写监护人或代办人信息: \(zhNames)",
            en: "the applicant is under \(profile.guardianAge) (\(age)); the guardian or agent must be given: \(zhNames)"), value: "")
    }
}

/// Characters a card can carry in a name: Chinese characters, the middle dot, Latin letters.
enum NameCharset {
    static func firstInvalid(in name: String) -> String? {
        // Common case: Chinese characters only (3-byte sequences E4–E9).
        // U+4E00–U+9FFF encode as E4 B8 80 … E9 BF BF.
        let bytes = Array(name.utf8)
        if bytes.count % 3 == 0, stride(from: 0, to: bytes.count, by: 3).allSatisfy({
            (bytes[$0] >= 0xE5 && bytes[$0] <= 0xE9) || (bytes[$0] == 0xE4 && bytes[$0 + 1] >= 0xB8)
        }) {
            return nil
        }
        let scalars = Array(name.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar.value {
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F, 0x3007: continue
            case 0x41...0x5A, 0x61...0x7A: continue
            case 0x00B7, 0x30FB, 0x2022, 0x2027, 0xFF65, 0x2E31:
                // A middle dot joins name parts: never first or last.
                if index == 0 || index == scalars.count - 1 { return String(scalar) }
            case 0x20, 0x2D, 0x27, 0x2E:
                // Space, hyphen, apostrophe, full stop: only inside Latin names.
                if !scalars.contains(where: { ($0.value | 0x20) >= 0x61 && ($0.value | 0x20) <= 0x7A }) { return String(scalar) }
            default:
                return String(scalar)
            }
        }
        return nil
    }
}
