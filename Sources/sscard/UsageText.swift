import Foundation

/// swift-argument-parser words its usage errors in English only. Under `--lang zh` the ones a
/// clerk meets (a missing or unknown argument, a bad value) are said in Chinese; a message that
/// matches none of them is left as it is.
enum UsageText {
    static func chinese(_ english: String) -> String? {
        if let parts = match(english, #"^The value '(.*)' is invalid for '(.*?)'(?:\. Please provide one of (.*)\.)?$"#) {
            let choices = parts[2].isEmpty ? "" : "；可选的值: " + list(parts[2])
            return "\(parts[1]) 的值「\(parts[0])」无效\(choices)"
        }
        if let parts = match(english, #"^Missing expected argument '(.*)'$"#) { return "缺少参数 \(parts[0])" }
        if let parts = match(english, #"^Missing value for '(.*)'$"#) { return "\(parts[0]) 缺少值" }
        if let parts = match(english, #"^Unknown option '(.*)'$"#) { return "没有选项 \(parts[0])" }
        if let parts = match(english, #"^Unexpected arguments? (.*)$"#) { return "多余的参数 \(parts[0])" }
        if let parts = match(english, #"^The option '(.*)' does not take any value, but '(.*)' was specified\.$"#) {
            return "\(parts[0]) 不带值，但给了「\(parts[1])」"
        }
        return nil
    }

    /// `'text', 'json' or 'csv'` (also `'zh' and 'en'`) → `text、json、csv`.
    static func list(_ english: String) -> String {
        var text = english
        for separator in ["', '", "' or '", "' and '"] { text = text.replacingOccurrences(of: separator, with: "、") }
        return text.trimmingCharacters(in: CharacterSet(charactersIn: "'"))
    }

    /// The capture groups of `pattern` in the whole of `text` (empty for a group that did not take part).
    static func match(_ text: String, _ pattern: String) -> [String]? {
        guard let expression = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]),
              let found = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return (1..<found.numberOfRanges).map { index in
            Range(found.range(at: index), in: text).map { String(text[$0]) } ?? ""
        }
    }
}
