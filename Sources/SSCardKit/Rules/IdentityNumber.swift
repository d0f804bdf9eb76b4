/// GB 11643 identity numbers: resident ID cards, HK/Macao/Taiwan residence permits and the
/// 2023 foreign permanent resident card share the 18-character layout and its check digit.
public enum IdentityNumber {
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// Province-level prefixes (GB/T 2260) plus 71 Taiwan, 81/82 HK/Macao, 83 Taiwan residents.
    public static let provinces: Set<Int> = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37,
                                             41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83]

    /// ISO 7064 MOD 11-2 check character for the first 17 digits; nil if they are not digits.
    public static func checkCharacter(_ body: some StringProtocol) -> Character? {
        var sum = 0
        var count = 0
        for (index, byte) in body.utf8.enumerated() {
            guard index < 17, byte >= 48, byte <= 57 else { return nil }
            sum += Int(byte - 48) * weights[index]
            count += 1
        }
        return count == 17 ? checkCharacters[sum % 11] : nil
    }

    /// The first `count` characters of ASCII text (a number of the 18-character shape), found
    /// without walking grapheme clusters as `prefix(_:)` on a `String` does.
    static func asciiPrefix(_ text: String, _ count: Int) -> Substring {
        text[..<text.utf8.index(text.utf8.startIndex, offsetBy: min(count, text.utf8.count))]
    }

    /// Whether `text` is 17 digits followed by a digit or `X`.
    public static func hasEighteenCharacterShape(_ text: String) -> Bool {
        guard text.utf8.count == 18 else { return false }
        var text = text
        return text.withUTF8 { bytes in
            for index in 0..<17 where bytes[index] < 48 || bytes[index] > 57 { return false }
            return (bytes[17] >= 48 && bytes[17] <= 57) || bytes[17] == 88
        }
    }

    /// The birth date embedded at characters 7–14, if it is a real date.
    public static func birthDate(_ text: String) -> CivilDate? {
        guard text.utf8.count == 18 else { return nil }
        var text = text
        return text.withUTF8 { CivilDate.parse(bytes: UnsafeBufferPointer(rebasing: $0[6..<14])) }
    }

    /// 男 for an odd order code (character 17), 女 for even.
    public static func gender(_ text: String) -> Gender? {
        guard text.utf8.count == 18 else { return nil }
        let digit = text.utf8[text.utf8.index(text.utf8.startIndex, offsetBy: 16)]
        guard digit >= 48, digit <= 57 else { return nil }
        return (digit - 48) % 2 == 1 ? .male : .female
    }

    /// The 18-digit form of a 15-digit first-generation number (insert 19, append the check), if its date is real.
    public static func upgrade(legacy text: String) -> String? {
        guard text.count == 15, text.allSatisfy(\.isASCIIDigit) else { return nil }
        let body = String(text.prefix(6)) + "19" + String(text.dropFirst(6))
        guard CivilDate(parsing: String(body.dropFirst(6).prefix(8))) != nil, let check = checkCharacter(body) else { return nil }
        return body + String(check)
    }

    /// A compact key for the duplicate index: 18-character numbers pack into 64 bits.
    static func packed(_ text: String) -> UInt64? {
        guard hasEighteenCharacterShape(text) else { return nil }
        var value: UInt64 = 0
        for byte in text.utf8 { value = value * 11 + (byte == 88 ? 10 : UInt64(byte - 48)) }
        return value
    }
}

/// Gender as GB/T 2261.1 codes it.
public enum Gender: String, Sendable {
    case male = "男", female = "女"

    /// Reads 男/女, 男性/女性, M/F, male/female, 1/2.
    public init?(text: String) {
        if text == "男" { self = .male; return }
        if text == "女" { self = .female; return }
        switch Normalizer.key(text) {
        case "男", "男性", "m", "male", "1": self = .male
        case "女", "女性", "f", "female", "2": self = .female
        default: return nil
        }
    }
}

/// The kinds of identity document the platform accepts (证件类型).
public enum DocumentType: String, Sendable {
    case resident = "居民身份证(户口簿)"
    case passport = "护照"
    case foreignPermanentResident = "外国人永久居留身份证"
    case residencePermit = "港澳台居民居住证"

    /// Reads the clerk's spelling; nil if it names no accepted document.
    public init?(text: String) {
        switch text {
        case "居民身份证", "居民身份证(户口簿)", "身份证": self = .resident; return
        case "护照": self = .passport; return
        default: break
        }
        let key = Normalizer.key(text)
        if key.contains("永久居留") || key.contains("永居") || key.contains("permanentresident") {
            self = .foreignPermanentResident
        } else if key.contains("居住证") || key.contains("residencepermit") {
            self = .residencePermit
        } else if key.contains("护照") || key.contains("passport") {
            self = .passport
        } else if key.contains("身份证") || key.contains("户口") || key == "residentid" || key == "idcard" {
            self = .resident
        } else {
            return nil
        }
    }
}
