extension RosterValidator {
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
