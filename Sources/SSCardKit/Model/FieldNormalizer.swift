/// What each field gets on top of `Normalizer.normalize` (h8-clerk): line breaks inside a cell
/// become one space, mainland mobiles lose their +86 / 0086 / 86 prefix, and look-alikes of the
/// name separator become the middle dot `·` (U+00B7), so rules, store and reports see one form.
extension Normalizer {
    public static func normalize(_ text: String, field: Field) -> String {
        // Most cells need nothing; the byte scan that proves it also rules out every line break.
        let value = isAlreadyNormal(text, identifier: field.isIdentifier) ? text
            : normalize(foldLineBreaks(text), identifier: field.isIdentifier)
        switch field {
        case .phone, .guardianPhone: return mobileWithoutPrefix(value)
        case .name, .guardianName: return foldMiddleDots(value)
        default: return value
        }
    }

    /// A run of white space that holds a line break (CR, LF, CRLF, U+2028/2029, NEL) becomes one space.
    static func foldLineBreaks(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0xE2 || $0 == 0xC2 }) else { return text }
        func isBreak(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "\n" || scalar == "\r" || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0x85
        }
        guard text.unicodeScalars.contains(where: isBreak) else { return text }
        var out = String.UnicodeScalarView()
        var pendingSpace: [Unicode.Scalar] = []
        var sawBreak = false
        func flush() {
            if sawBreak { out.append(" ") } else { out.append(contentsOf: pendingSpace) }
            pendingSpace.removeAll()
            sawBreak = false
        }
        for scalar in text.unicodeScalars {
            if isBreak(scalar) { sawBreak = true; continue }
            if scalar == " " || scalar == "\t" || scalar.value == 0x3000 { pendingSpace.append(scalar); continue }
            flush()
            out.append(scalar)
        }
        flush()
        return String(out)
    }

    /// `+8613633440007`, `008613633440007`, `8613633440007` → `13633440007` when what follows the
    /// prefix is a mainland mobile number; anything else is left for the phone rule to report.
    static func mobileWithoutPrefix(_ text: String) -> String {
        let count = text.utf8.count
        guard count >= 13 else { return text }
        var rest = Substring(text)
        if rest.hasPrefix("+86") { rest = rest.dropFirst(3) }
        else if rest.hasPrefix("0086") { rest = rest.dropFirst(4) }
        else if rest.hasPrefix("86") { rest = rest.dropFirst(2) }
        else { return text }
        let bytes = Array(rest.utf8)
        guard bytes.count == 11, bytes[0] == 0x31, (0x33...0x39).contains(bytes[1]), bytes.allSatisfy({ (0x30...0x39).contains($0) })
        else { return text }
        return String(rest)
    }

    /// Characters typed for the name separator that are not U+00B7.
    public static func isMiddleDotLookalike(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        // • ・ ‧ ･ ∙ ⋅ · (Greek) ⸱ ⸳ ᛫ ⦁ ․ ꞏ ㆍ (Hangul araea, from Korean IMEs)
        case 0x2022, 0x30FB, 0x2027, 0xFF65, 0x2219, 0x22C5, 0x0387, 0x2E31, 0x2E33, 0x16EB, 0x2981, 0x2024, 0xA78F, 0x318D: true
        default: false
        }
    }

    /// Look-alike dots become `·`; spaces beside a dot go.
    static func foldMiddleDots(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isMiddleDotLookalike($0) || $0.value == 0xB7 }) else { return text }
        var out: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            let dot = isMiddleDotLookalike(scalar) || scalar.value == 0xB7
            if dot {
                while out.last == " " { out.removeLast() }
                out.append("\u{B7}")
            } else if scalar == " " && out.last == "\u{B7}" {
                continue
            } else {
                out.append(scalar)
            }
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: out)
        return String(view)
    }
}
