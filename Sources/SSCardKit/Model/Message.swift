/// The language of messages: Chinese for a `zh` locale, English otherwise.
public enum Language: String, Sendable, CaseIterable {
    case zh, en

    /// From `LC_ALL`, then `LC_MESSAGES`, then `LANG`.
    public static func fromEnvironment(_ environment: [String: String]) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[key], !value.isEmpty { return value.lowercased().hasPrefix("zh") ? .zh : .en }
        }
        return .en
    }
}

/// A message in both languages. `{value}` and `{suggestion}` are filled in by the report,
/// masked unless PII display was asked for, so no raw number is ever baked into a message.
public struct Message: Sendable, Equatable {
    public let zh: String
    public let en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    public func text(_ language: Language) -> String { language == .zh ? zh : en }

    /// The message with its placeholders filled.
    /// `original` fills `{original}`: the value before normalisation (masked by the caller when needed).
    public func render(_ language: Language, value: String, suggestion: String = "", original: String = "…") -> String {
        text(language).replacingPlaceholders(value: value, suggestion: suggestion, original: original)
    }
}

extension String {
    func replacingPlaceholders(value: String, suggestion: String, original: String = "…") -> String {
        guard contains("{") else { return self }
        var result = ""
        var rest = self[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let tail = rest[open...]
            if tail.hasPrefix("{value}") {
                result += value
                rest = tail.dropFirst(7)
            } else if tail.hasPrefix("{suggestion}") {
                result += suggestion
                rest = tail.dropFirst(12)
            } else if tail.hasPrefix("{original}") {
                result += original
                rest = tail.dropFirst(10)
            } else {
                result += "{"
                rest = tail.dropFirst()
            }
        }
        return result + rest
    }
}
