/// The clean-up every value gets before any rule looks at it (DESIGN.md "Normalisation").
public enum Normalizer {
    /// Trims, removes invisible characters and folds full-width ASCII to half-width.
    /// Identifier fields also lose inner spaces and hyphens and get upper-case letters
    /// (so a lower-case `x` check digit becomes `X`).
    public static func normalize(_ text: String, identifier: Bool) -> String {
        if isAlreadyNormal(text, identifier: identifier) { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isInvisible(scalar) { continue }
            var value = scalar.value
            if value >= 0xFF01 && value <= 0xFF5E && (identifier || isFullWidthAlphanumeric(value)) { value -= 0xFEE0 }
            else if value == 0x3000 || value == 0x00A0 { value = 0x20 }  // ideographic / no-break space
            else if value == 0x2169 { value = 0x58 }  // Roman numeral Ⅹ, seen as a check digit
            if identifier {
                if value == 0x20 || value == 0x2D || value == 0x2010 || value == 0x2011 || value == 0x2012
                    || value == 0x2013 || value == 0x2014 || value == 0x2212 { continue }
                if value >= 0x61 && value <= 0x7A { value -= 0x20 }
            }
            scalars.append(Unicode.Scalar(value)!)
        }
        return trim(String(scalars))
    }

    /// Folds full-width forms and case for header and code lookups; removes all spaces.
    public static func key(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isInvisible(scalar) { continue }
            var value = scalar.value
            if value >= 0xFF01 && value <= 0xFF5E { value -= 0xFEE0 }
            if value == 0x20 || value == 0x3000 || value == 0x00A0 || value == 0x09 || value == 0x0A || value == 0x0D { continue }
            if value >= 0x41 && value <= 0x5A { value += 0x20 }
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }

    /// A byte scan that proves most values need no change (CJK text, plain ASCII) without
    /// building a new string.
    static func isAlreadyNormal(_ text: String, identifier: Bool) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let first = bytes.first, let last = bytes.last else { return true }
            if first <= 0x20 || last <= 0x20 { return false }
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    if byte < 0x20 || byte == 0x7F { return false }
                    if identifier && (byte == 0x20 || byte == 0x2D || (byte >= 0x61 && byte <= 0x7A)) { return false }
                    index += 1
                } else if byte >= 0xE4 && byte <= 0xE9 {
                    index += 3  // CJK Unified Ideographs: never changed
                } else if byte == 0xEF && !identifier && index + 2 < bytes.count {
                    // Full-width punctuation such as （ stays in text; digits and letters are folded.
                    let value = (UInt32(byte & 0x0F) << 12) | (UInt32(bytes[index + 1] & 0x3F) << 6) | UInt32(bytes[index + 2] & 0x3F)
                    if isFullWidthAlphanumeric(value) || value == 0xFEFF { return false }
                    index += 3
                } else if byte == 0xC2 || byte == 0xE1 || byte == 0xE2 || byte == 0xE3 || byte == 0xEF {
                    return false  // may be a no-break or ideographic space, an invisible, a full-width form or Ⅹ
                } else {
                    index += 1
                }
            }
            return true
        }
    }

    /// Ｆ, ５, ａ: full-width digits and Latin letters.
    static func isFullWidthAlphanumeric(_ value: UInt32) -> Bool {
        (0xFF10...0xFF19).contains(value) || (0xFF21...0xFF3A).contains(value) || (0xFF41...0xFF5A).contains(value)
    }

    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x08, 0x0B, 0x0C, 0x0E...0x1F, 0x7F: true  // control characters (tab/newline handled by trim)
        case 0x00AD, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0xFEFF: true
        default: false
        }
    }

    static func trim(_ text: String) -> String {
        if let first = text.utf8.first, let last = text.utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return text }
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let first = text.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = text.lastIndex(where: { !isSpace($0) })!
        return String(text[first...last])
    }
}
