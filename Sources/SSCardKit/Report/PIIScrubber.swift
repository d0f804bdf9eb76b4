/// The last pass over every value and message a report, a store listing or an error prints:
/// whatever *looks like* an ID number or a mobile number is masked, whichever field or message
/// it sits in. The per-field masks (`MaskKind`) still apply first, and addresses are masked by
/// field only (no pattern tells an address).
///
/// A "word" is a run of ASCII letters and digits; anything else (Chinese text, spaces,
/// punctuation, `_`, `.`) separates words. Masked:
/// - any run of 15 or more digits, or 14–17 digits and a final X: resident IDs (18 and legacy
///   15), permits, `0086` mobiles, bank cards, numbers Excel padded: `510107********123X`;
/// - 11 digits `1[3-9]…` (a mainland mobile) and 13 digits `861[3-9]…` (with +86): `138****8000`;
/// - a whole word of 1–3 letters and 8–12 digits (passports `E12345678`, permits `H1234567890`,
///   old permanent-resident cards `USA123456789012`);
/// - spaced or hyphenated forms `138 0013 8000`, `138-0013-8000` and `510107 19900307 123X`.
/// Not masked: row numbers and counts (up to 10 digits), dates (`20261201`, `2026-12-01`),
/// cell references (at most 3 letters and 7 digits), rule ids, and hex digests (a word of 32
/// or more hex digits, such as a SHA-256).
public enum PIIScrubber {
    public static func scrub(_ text: String) -> String {
        var digits = 0
        for byte in text.utf8 where byte &- 48 < 10 {
            digits += 1
            if digits >= 8 { break }
        }
        guard digits >= 8 else { return text }
        let bytes = Array(text.utf8)
        var words: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
            guard isAlphanumeric(bytes[index]) else { index += 1; continue }
            let start = index
            while index < bytes.count, isAlphanumeric(bytes[index]) { index += 1 }
            words.append(start..<index)
        }
        var replacements: [(Range<Int>, String)] = []
        for word in words { replacements += scrubWord(bytes, word) }
        replacements += groupedNumbers(bytes, words)
        guard !replacements.isEmpty else { return text }
        replacements.sort { $0.0.lowerBound < $1.0.lowerBound }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var position = 0
        for (range, replacement) in replacements where range.lowerBound >= position {
            out += bytes[position..<range.lowerBound]
            out += Array(replacement.utf8)
            position = range.upperBound
        }
        out += bytes[position...]
        return String(decoding: out, as: UTF8.self)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool { byte &- 48 < 10 || (byte | 0x20) &- 97 < 26 }
    private static func isDigit(_ byte: UInt8) -> Bool { byte &- 48 < 10 }
    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 97 < 26 }
    private static func text(_ bytes: [UInt8], _ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    private static func scrubWord(_ bytes: [UInt8], _ word: Range<Int>) -> [(Range<Int>, String)] {
        if word.count >= 32, bytes[word].allSatisfy({ isDigit($0) || ($0 | 0x20) &- 97 < 6 }) { return [] }  // a digest
        // Letters then digits, the whole word: a passport or permit number.
        let letters = bytes[word].prefix(while: isLetter).count
        if (1...3).contains(letters), (8...12).contains(word.count - letters), bytes[(word.lowerBound + letters)..<word.upperBound].allSatisfy(isDigit) {
            return [(word, MaskKind.document.mask(text(bytes, word)))]
        }
        var found: [(Range<Int>, String)] = []
        var index = word.lowerBound
        while index < word.upperBound {
            guard isDigit(bytes[index]) else { index += 1; continue }
            let start = index
            while index < word.upperBound, isDigit(bytes[index]) { index += 1 }
            var run = start..<index
            if index < word.upperBound, bytes[index] | 0x20 == 0x78, (14...17).contains(run.count) {
                run = start..<(index + 1)
                index += 1
            }
            if run.count >= 15 {
                found.append((run, MaskKind.document.mask(text(bytes, run))))
            } else if isMobile(bytes, run) {
                found.append((run, MaskKind.phone.mask(text(bytes, run))))
            }
        }
        return found
    }

    /// `1[3-9]` and 9 more digits, or the same after 86.
    private static func isMobile(_ bytes: [UInt8], _ run: Range<Int>) -> Bool {
        guard bytes[run].allSatisfy(isDigit) else { return false }
        var start = run.lowerBound
        if run.count == 13, bytes[start] == 56, bytes[start + 1] == 54 { start += 2 }
        return run.upperBound - start == 11 && bytes[start] == 49 && bytes[start + 1] >= 51
    }

    /// Numbers written in groups: a mobile 3-4-4 or an ID 6-8-4, separated by one space or hyphen.
    private static func groupedNumbers(_ bytes: [UInt8], _ words: [Range<Int>]) -> [(Range<Int>, String)] {
        guard words.count >= 3 else { return [] }
        var found: [(Range<Int>, String)] = []
        for index in 0..<(words.count - 2) {
            let (a, b, c) = (words[index], words[index + 1], words[index + 2])
            guard b.lowerBound - a.upperBound == 1, c.lowerBound - b.upperBound == 1 else { continue }
            let separator = bytes[a.upperBound]
            guard separator == 0x20 || separator == 0x2D, bytes[b.upperBound] == separator else { continue }
            guard bytes[a].allSatisfy(isDigit), bytes[b].allSatisfy(isDigit) else { continue }
            let lastDigits = bytes[c].allSatisfy(isDigit)
            if a.count == 3, b.count == 4, c.count == 4, lastDigits, bytes[a.lowerBound] == 49, bytes[a.lowerBound + 1] >= 51 {
                found.append((b, "****"))
            } else if a.count == 6, b.count == 8, c.count == 4,
                      bytes[c.lowerBound..<(c.upperBound - 1)].allSatisfy(isDigit), isDigit(bytes[c.upperBound - 1]) || bytes[c.upperBound - 1] | 0x20 == 0x78 {
                found.append((b, "********"))
            }
        }
        return found
    }
}
