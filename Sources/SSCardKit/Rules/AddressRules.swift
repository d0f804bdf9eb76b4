/// Addresses longer than the bureau's field width (profile `address_max_length`) are cut off in
/// the export: a warning naming the length (h8-clerk).
extension RosterValidator {
    func checkAddressLength() {
        let limit = profile.addressMaxLength
        for field in [Field.hukouAddress, .residenceAddress, .mailingAddress] {
            // Characters never outnumber bytes or scalars: count graphemes only for long values.
            guard let text = record.text(field), text.utf8.count > limit, text.unicodeScalars.count > limit else { continue }
            let length = text.count
            guard length > limit else { continue }
            report(field, .addressTooLong, Message(
                zh: "\(header(field))有 \(length) 个字，超过报送字段宽度 \(limit) 个字；请精简到 \(limit) 个字以内",
                en: "\(header(field)) is \(length) characters long, more than the bureau's field width of \(limit); shorten it to \(limit) or fewer"))
        }
    }
}
