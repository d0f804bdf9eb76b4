/// The name as the card prints it (h8-clerk): Chinese characters, the middle dot `·` between
/// parts, and Latin letters with single spaces. Look-alike dots were already folded to `·`
/// (FieldNormalizer); the finding says so.
extension RosterValidator {
    func checkName() {
        guard let name = record[.name] else {
            reportMissing(.name, .nameMissing, what: "姓名", "the name")
            return
        }
        if let dot = name.original.unicodeScalars.first(where: Normalizer.isMiddleDotLookalike) {
            let shown = "\(String(dot)) U+\(String(dot.value, radix: 16, uppercase: true))"
            report(.name, .nameMiddleDot, Message(
                zh: "姓名中的「\(shown)」已改为间隔号「·」（U+00B7），卡面按「{value}」打印",
                en: "'\(shown)' in the name was changed to the middle dot '·' (U+00B7); the card prints '{value}'"))
        }
        guard let problem = NameCharset.problem(in: name.text) else { return }
        switch problem {
        case .character(let bad):
            report(.name, .nameCharset, Message(
                zh: "姓名「{value}」含有不能制卡的字符「\(bad)」；只能使用汉字、间隔号「·」（少数民族及外国人姓名）或英文字母",
                en: "name '{value}' contains '\(bad)', which cannot be printed on the card; use Chinese characters, the middle dot '·' or Latin letters"))
        case .spaceInChineseName:
            report(.name, .nameCharset, Message(
                zh: "姓名「{value}」的汉字之间有空格；请删除空格（两部分姓名之间用间隔号「·」）",
                en: "name '{value}' has a space between Chinese characters; remove it (parts of a name are joined with the middle dot '·')"),
                suggestion: name.text.replacingOccurrences(of: " ", with: ""))
        case .dotAtEdge:
            report(.name, .nameCharset, Message(
                zh: "姓名「{value}」以间隔号开头或结尾；间隔号只能在两部分姓名之间（如 阿依古丽·买买提），请补全姓名或删去它",
                en: "name '{value}' begins or ends with the middle dot; the dot only joins two parts of a name (阿依古丽·买买提): complete the name or remove the dot"))
        case .repeatedDot:
            report(.name, .nameCharset, Message(
                zh: "姓名「{value}」中有连续的间隔号；两部分姓名之间只用一个「·」",
                en: "name '{value}' has two middle dots in a row; parts of a name are joined by one '·'"))
        case .latinPunctuation(let bad, let suggestion):
            report(.name, .nameCharset, Message(
                zh: "姓名「{value}」含有「\(bad)」，卡面不能一致地打印；外文姓名只用字母和空格，按护照机读行书写（如「\(suggestion)」）",
                en: "name '{value}' contains '\(bad)', which the card cannot print consistently; write Latin names with letters and spaces only, as in the passport's machine-readable line ('\(suggestion)')"),
                suggestion: suggestion)
        }
    }
}

/// Characters a card can carry in a name: Chinese characters, the middle dot, Latin letters.
enum NameCharset {
    enum Problem: Equatable {
        case character(String)
        case spaceInChineseName
        case dotAtEdge
        case repeatedDot
        /// An apostrophe, hyphen or full stop in a Latin name, and the name without it.
        case latinPunctuation(String, suggestion: String)
    }

    static func isLatin(_ scalar: Unicode.Scalar) -> Bool { (0x41...0x5A).contains(scalar.value) || (0x61...0x7A).contains(scalar.value) }

    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F, 0x3007: true
        default: false
        }
    }

    /// The first character (as text) no card can print, nil when the name is printable.
    static func firstInvalid(in name: String) -> String? {
        guard let problem = problem(in: name) else { return nil }
        switch problem {
        case .character(let bad), .latinPunctuation(let bad, _): return bad
        case .spaceInChineseName: return " "
        case .dotAtEdge, .repeatedDot: return "·"
        }
    }

    static func problem(in name: String) -> Problem? {
        // Common case: Chinese characters only (3-byte sequences E4–E9).
        // U+4E00–U+9FFF encode as E4 B8 80 … E9 BF BF.
        let bytes = Array(name.utf8)
        if bytes.count % 3 == 0, stride(from: 0, to: bytes.count, by: 3).allSatisfy({
            (bytes[$0] >= 0xE5 && bytes[$0] <= 0xE9) || (bytes[$0] == 0xE4 && bytes[$0 + 1] >= 0xB8)
        }) {
            return nil
        }
        let scalars = Array(name.unicodeScalars)
        let latin = scalars.contains(where: isLatin)
        var punctuation: Unicode.Scalar?
        for (index, scalar) in scalars.enumerated() {
            if isHan(scalar) || isLatin(scalar) { continue }
            switch scalar.value {
            case 0x00B7:
                if index == 0 || index == scalars.count - 1 { return .dotAtEdge }
                if scalars[index - 1].value == 0xB7 { return .repeatedDot }
            case 0x20:
                guard latin else { return .spaceInChineseName }
                if scalars[index - 1] == " " { return .character("  ") }
            case 0x27, 0x2D, 0x2E, 0x2019:
                guard latin else { return .character(String(scalar)) }
                if punctuation == nil { punctuation = scalar }
            default:
                return .character(String(scalar))
            }
        }
        if let punctuation {
            var suggestion = String.UnicodeScalarView()
            for scalar in scalars {
                switch scalar.value {
                case 0x27, 0x2E, 0x2019: continue
                case 0x2D: if suggestion.last != " " { suggestion.append(" ") }
                default: suggestion.append(scalar)
                }
            }
            return .latinPunctuation(String(punctuation), suggestion: String(suggestion))
        }
        return nil
    }
}
