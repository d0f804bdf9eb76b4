/// Report formats of `validate`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, csv
}

/// How a report is shown.
public struct ReportStyle: Sendable {
    public var language: Language
    public var showPII: Bool
    public var color: Bool

    public init(language: Language, showPII: Bool = false, color: Bool = false) {
        self.language = language
        self.showPII = showPII
        self.color = color
    }

    /// The finding's value: masked by its field's kind, then whatever still looks like an ID or mobile number.
    func value(of finding: Finding) -> String { showPII ? finding.value : PIIScrubber.scrub(finding.mask.mask(finding.value)) }
    /// The message with its placeholders filled, scrubbed as a whole: numbers baked into the text are masked too.
    func message(of finding: Finding) -> String {
        // The value before normalisation, in full with --show-pii.
        let original = showPII || finding.mask == .none ? finding.original : "…"
        if showPII { return finding.message.render(language, value: finding.value, suggestion: finding.suggestion, original: original) }
        let rendered = finding.message.render(language, value: finding.mask.mask(finding.value), suggestion: finding.mask.mask(finding.suggestion),
                                              original: original)
        return PIIScrubber.scrub(rendered)
    }
    /// Any other text that may hold personal numbers (a file name, a reason, a note).
    public func text(_ text: String) -> String { showPII ? text : PIIScrubber.scrub(text) }
}

public enum ReportRenderer {
    /// The whole report as one string (for a report already in memory; `validate` streams instead).
    public static func render(_ report: ValidationReport, format: ReportFormat, style: ReportStyle) -> String {
        switch format {
        case .json: render(report, JSONReportLayout(style: style))
        case .csv: render(report, CSVReportLayout(style: style))
        case .text: render(report, TextReportLayout(style: style))
        }
    }

    static func render<Layout: ReportLayout>(_ report: ValidationReport, _ layout: Layout) -> String {
        var layout = layout
        var out = layout.head(report.summary)
        for finding in report.findings { layout.append(finding, to: &out) }
        return out + layout.tail(report.summary)
    }

    /// Appends `text` as a JSON string literal (no intermediate string for plain text).
    static func appendJSONString(_ text: String, to out: inout String) {
        if needsEscaping(text) {
            out += jsonString(text)
        } else {
            out += "\""
            out += text
            out += "\""
        }
    }

    /// The same literal, appended as UTF-8 bytes.
    static func appendJSONString(_ text: String, to out: inout [UInt8]) {
        // One look at the bytes: copied as they are unless they need escapes.
        let copied = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard !needsEscaping(bytes) else { return false }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: bytes)
            out.append(UInt8(ascii: "\""))
            return true
        }
        if copied != true { out.append(contentsOf: jsonString(text).utf8) }
    }

    /// Whether a JSON literal of `text` needs escapes (controls, quotes, backslashes, U+2028/9).
    private static func needsEscaping(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { needsEscaping($0) }
    }

    private static func needsEscaping(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        var index = 0
        // Eight bytes at a time while none of them can start an escape: a control, a quote, a
        // backslash, or 0xE2 (the lead byte of U+2028/9). The words tell only that one of the
        // eight may; the byte loop then decides.
        if let base = bytes.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            @inline(__always) func hasZeroByte(_ word: UInt64) -> Bool { (word &- ones) & ~word & highs != 0 }
            while index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let control = (word &- ones &* 0x20) & ~word & highs != 0
                if control || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C)) || hasZeroByte(word ^ (ones &* 0xE2)) { break }
                index += 8
            }
        }
        while index < count {
            let byte = bytes[index]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C { return true }
            if byte == 0xE2, index + 2 < count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 { return true }
            index += 1
        }
        return false
    }


    static func jsonString(_ text: String) -> String {
        // Most values need no escaping: check the bytes, copy once.
        if !needsEscaping(text) { return "\"" + text + "\"" }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Quotes as RFC 4180 needs, and defuses cells a spreadsheet would run as formulas.
    static func csvCell(_ text: String) -> String {
        var text = text
        if let first = text.first, "=+-@".contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingAll(["\""], with: "\"\"") + "\""
    }
}
