/// How a value is shown in reports when PII display is off.
public enum MaskKind: Sendable {
    case none
    /// ID and social-security numbers: the region code and the last four stay (`510107********123X`).
    case document
    /// Mobile numbers: `138****5678`.
    case phone
    /// Addresses: the first six characters (province and city) stay.
    case address
    /// File names and paths: any document number inside (10 or more digits, maybe ending in X) is
    /// masked, and so is a file name that starts with a passport-like number (`C01X00T47.jpg`: the
    /// leading letters-and-digits token before `_`, `.`, `-` or a space, 6 or more characters with
    /// at least 2 digits).
    case fileName

    public func mask(_ value: String) -> String {
        switch self {
        case .none:
            return value
        case .document:
            // A number Excel already rounded (5.10107E+17) carries no more than its shown digits.
            if value.contains("E+") || value.contains("e+") { return value }
            return Self.keep(value, head: value.count >= 10 ? 6 : 2, tail: value.count >= 10 ? 4 : 2)
        case .phone:
            return Self.keep(value, head: 3, tail: value.count >= 7 ? 4 : 0)
        case .address:
            return Self.keep(value, head: 6, tail: 0)
        case .fileName:
            return Self.maskNameToken(Self.maskNumbers(in: value))
        }
    }

    private static func maskNumbers(in text: String) -> String {
        var result = ""
        var run = ""
        func flush() {
            result += run.count >= 10 ? MaskKind.document.mask(run) : run
            run = ""
        }
        for character in text {
            if character.isASCIIDigit || ((character == "X" || character == "x") && !run.isEmpty) {
                run.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }

    /// The file's own name starting with a document number other than a resident ID (passports).
    private static func maskNameToken(_ path: String) -> String {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        let name = path[slash...]
        let token = name.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
        guard token.count >= 6, token.count(where: \.isASCIIDigit) >= 2,
              token.endIndex == name.endIndex || "_.- ".contains(name[token.endIndex]) else { return path }
        return String(path[..<slash]) + MaskKind.document.mask(String(token)) + name[token.endIndex...]
    }

    private static func keep(_ value: String, head: Int, tail: Int) -> String {
        let characters = Array(value)
        guard characters.count > head + tail else {
            return characters.count <= 2 ? String(repeating: "*", count: characters.count) : String(characters[0]) + String(repeating: "*", count: characters.count - 1)
        }
        let hidden = characters.count - head - tail
        return String(characters[..<head]) + String(repeating: "*", count: hidden) + String(characters[(characters.count - tail)...])
    }
}
