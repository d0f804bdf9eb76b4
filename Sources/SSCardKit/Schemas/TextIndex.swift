import Foundation

/// A table's spellings, found the way `[String: Value]` finds them, but plain text (ASCII and
/// CJK ideographs, which no Unicode normalisation changes) is found by its UTF-8 bytes. Swift
/// hashes and compares any other `String` through NFC normalisation, and a Chinese code value is
/// such a string: the lookups of a roster's codes cost a tenth of a validate that way.
struct TextIndex<Value: Sendable>: Sendable {
    /// Every key whose NFC form is plain, under the bytes of that form: a plain query is
    /// canonically equal to a key exactly when it equals them.
    private var plain: [UTF8Key: Value] = [:]
    private var strings: [String: Value] = [:]

    init() {}

    /// Adds `key` unless a canonically equal key is already there (the first one wins, as in the tables).
    mutating func insertIfAbsent(_ key: String, _ value: Value) {
        guard strings[key] == nil else { return }
        strings[key] = value
        var composed = UTF8Key(key)
        if !composed.isPlain {
            // A key that is not plain has a plain NFC form only through a character whose
            // canonical decomposition is plain; only then is the (ICU-backed) NFC needed.
            guard key.unicodeScalars.contains(where: UTF8Key.decomposesToPlain) else { return }
            composed = UTF8Key(key.precomposedStringWithCanonicalMapping)
            guard composed.isPlain else { return }
        }
        if plain[composed] == nil { plain[composed] = value }
    }

    subscript(text: String) -> Value? {
        let key = UTF8Key(text)
        return key.isPlain ? plain[key] : strings[text]
    }

}

/// A string hashed and compared by its UTF-8 bytes.
struct UTF8Key: Hashable, Sendable {
    private var text: String

    init(_ text: String) { self.text = text }

    func hash(into hasher: inout Hasher) {
        var copy = text
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    static func == (lhs: UTF8Key, rhs: UTF8Key) -> Bool {
        var left = lhs.text, right = rhs.text
        return left.withUTF8 { a in
            right.withUTF8 { b in a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0) }
        }
    }

    /// The characters that are not plain but whose NFC form is (Unicode 14): the Greek question
    /// mark, varia, the Kelvin sign and the CJK compatibility ideographs.
    static func decomposesToPlain(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x037E, 0x1FEF, 0x212A, 0xF900...0xFAFF, 0x2F800...0x2FA1F: true
        default: false
        }
    }

    /// Only ASCII and three-byte characters U+4000–U+9FFF (CJK ideographs, extension A and the
    /// Yijing hexagrams), none of which has a decomposition or composes with what follows.
    var isPlain: Bool {
        var copy = text
        return copy.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 { index += 1; continue }
                guard byte >= 0xE4 && byte <= 0xE9 else { return false }
                index += 3
            }
            return true
        }
    }
}
