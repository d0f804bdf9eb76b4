/// One PDF file as cairo writes it, read far enough to copy its objects into a joined file: the
/// cross-reference table, the trailer's catalog and info, and the page tree's kids.
struct PDFInput {
    let bytes: [UInt8]
    /// The first two lines (%PDF-1.x and the binary marker).
    let header: ArraySlice<UInt8>
    /// In-use object numbers, ascending.
    let objects: [Int]
    let root: Int
    let info: Int
    let pageTree: Int
    let kids: [Int]
    private let offsets: [Int: Int]

    init(_ bytes: [UInt8]) throws(CanvasError) {
        self.bytes = bytes
        guard bytes.starts(with: Array("%PDF-".utf8)) else { throw .cannotJoin("not a PDF") }
        var lineEnds = 0, cut = 0
        while cut < bytes.count, lineEnds < 2 {
            if bytes[cut] == 0x0A { lineEnds += 1 }
            cut += 1
        }
        header = bytes[0..<cut]
        var lexer = PDFLexer(bytes)
        // startxref is in the last bytes; one table only (an incremental update would add a /Prev).
        guard let marker = Self.lastIndex(of: Array("startxref".utf8), in: bytes, from: max(0, bytes.count - 1024)) else {
            throw .cannotJoin("no startxref")
        }
        lexer.position = marker + 9
        guard case .integer(let table)? = lexer.next(), table >= 0, table < bytes.count else { throw .cannotJoin("bad startxref") }
        lexer.position = table
        guard case .keyword(let word)? = lexer.next(), word == "xref" else { throw .cannotJoin("a cross-reference stream") }
        var offsets: [Int: Int] = [:]
        while true {
            let save = lexer.position
            guard let token = lexer.next() else { throw .cannotJoin("cross-reference table cut short") }
            if case .keyword("trailer") = token { break }
            guard case .integer(let first) = token, case .integer(let count)? = lexer.next(), first >= 0, count >= 0, count < 10_000_000 else {
                throw .cannotJoin("bad cross-reference section at \(save)")
            }
            lexer.skipWhitespace()
            for index in 0..<count {
                let start = lexer.position
                guard start + 20 <= bytes.count else { throw .cannotJoin("cross-reference table cut short") }
                guard let offset = Self.decimal(bytes[start..<start + 10]), let generation = Self.decimal(bytes[start + 11..<start + 16]) else {
                    throw .cannotJoin("bad cross-reference entry at \(start)")
                }
                switch bytes[start + 17] {
                case UInt8(ascii: "n"):
                    guard generation == 0, offset < bytes.count else { throw .cannotJoin("object \(first + index) has generation \(generation)") }
                    offsets[first + index] = offset
                case UInt8(ascii: "f"): break
                default: throw .cannotJoin("bad cross-reference entry at \(start)")
                }
                lexer.position = start + 20
            }
        }
        self.offsets = offsets
        objects = offsets.keys.sorted()
        let trailer = try lexer.dictionary()
        guard trailer["Prev"] == nil, trailer["Encrypt"] == nil, trailer["XRefStm"] == nil else {
            throw .cannotJoin("an updated or encrypted file")
        }
        guard case .reference(let root)? = trailer["Root"], case .reference(let info)? = trailer["Info"] else {
            throw .cannotJoin("the trailer names no catalog or info")
        }
        self.root = root
        self.info = info
        lexer.position = try Self.bodyStart(of: root, offsets: offsets, lexer: &lexer)
        guard case .reference(let pageTree)? = try lexer.dictionary()["Pages"] else { throw .cannotJoin("the catalog names no pages") }
        self.pageTree = pageTree
        lexer.position = try Self.bodyStart(of: pageTree, offsets: offsets, lexer: &lexer)
        let tree = try lexer.dictionary()
        guard case .references(let kids)? = tree["Kids"], case .integer(let count)? = tree["Count"], count == kids.count else {
            throw .cannotJoin("a nested page tree")
        }
        self.kids = kids
    }

    /// Writes object `number`'s body (what lies between `obj` and `endobj`) with every reference
    /// renumbered; a stream's bytes are copied as they are.
    func copyBody(of number: Int, renumbering map: [Int: Int], into output: inout [UInt8]) throws(CanvasError) {
        var lexer = PDFLexer(bytes)
        lexer.position = try Self.bodyStart(of: number, offsets: offsets, lexer: &lexer)
        var depth = 0
        var lastName: String?
        var length: PDFValue?
        var copied = lexer.position
        func flush(to end: Int) {
            output.append(contentsOf: bytes[copied..<end])
            copied = end
        }
        while true {
            lexer.skipWhitespace()
            let start = lexer.position
            guard let token = lexer.next() else { throw .cannotJoin("object \(number) has no endobj") }
            switch token {
            case .dictionaryStart: depth += 1
            case .dictionaryEnd: depth -= 1
            case .name(let name): lastName = depth == 1 ? name : nil; continue
            case .integer(let value):
                // `n g R` is a reference: it gets the object's new number.
                let save = lexer.position
                if case .integer(0)? = lexer.next(), case .keyword("R")? = lexer.next() {
                    guard let renumbered = map[value] else { throw .cannotJoin("object \(number) refers to \(value), which is not copied") }
                    flush(to: start)
                    output.append(contentsOf: "\(renumbered) 0 R".utf8)
                    copied = lexer.position
                    if lastName == "Length" { length = .reference(value) }
                } else {
                    lexer.position = save
                    if lastName == "Length" { length = .integer(value) }
                }
            case .keyword("stream"):
                guard let length, let count = try resolve(length) else { throw .cannotJoin("object \(number) is a stream without a length") }
                // The keyword ends with CRLF or LF; the data follows.
                var data = lexer.position
                if data < bytes.count, bytes[data] == 0x0D { data += 1 }
                guard data < bytes.count, bytes[data] == 0x0A, data + 1 + count <= bytes.count else {
                    throw .cannotJoin("object \(number) has a stream cut short")
                }
                data += 1
                flush(to: data + count)
                lexer.position = data + count
                lexer.skipWhitespace()
                guard case .keyword("endstream")? = lexer.next() else { throw .cannotJoin("object \(number) has a stream of the wrong length") }
                output.append(0x0A)
                copied = lexer.position - "endstream".utf8.count
            case .keyword("endobj"):
                flush(to: start)
                return
            default: break
            }
            lastName = nil
        }
    }

    private func resolve(_ value: PDFValue) throws(CanvasError) -> Int? {
        switch value {
        case .integer(let count): return count >= 0 ? count : nil
        case .reference(let object):
            var lexer = PDFLexer(bytes)
            lexer.position = try Self.bodyStart(of: object, offsets: offsets, lexer: &lexer)
            guard case .integer(let count)? = lexer.next(), count >= 0 else { return nil }
            return count
        default: return nil
        }
    }

    /// Where object `number`'s body starts, after its `n 0 obj`.
    private static func bodyStart(of number: Int, offsets: [Int: Int], lexer: inout PDFLexer) throws(CanvasError) -> Int {
        guard let offset = offsets[number] else { throw .cannotJoin("object \(number) is not in the table") }
        lexer.position = offset
        guard case .integer(number)? = lexer.next(), case .integer(0)? = lexer.next(), case .keyword("obj")? = lexer.next() else {
            throw .cannotJoin("object \(number) is not where the table says")
        }
        return lexer.position
    }

    static func decimal(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for digit in digits {
            guard digit >= 0x30, digit <= 0x39 else { return nil }
            value = value * 10 + Int(digit - 0x30)  // at most 10 digits: no overflow
        }
        return value
    }

    static func lastIndex(of needle: [UInt8], in bytes: [UInt8], from lower: Int) -> Int? {
        var index = bytes.count - needle.count
        while index >= lower {
            if bytes[index..<index + needle.count].elementsEqual(needle) { return index }
            index -= 1
        }
        return nil
    }
}

/// What the joiner needs to know of a value.
enum PDFValue: Equatable {
    case integer(Int)
    case reference(Int)
    case references([Int])
    case other
}

/// A PDF token.
enum PDFToken: Equatable {
    case integer(Int)
    case real
    case name(String)
    case string
    case dictionaryStart, dictionaryEnd, arrayStart, arrayEnd
    case keyword(String)
}

/// Tokens of PDF syntax (ISO 32000-1 §7.2), enough to find references, lengths and keywords.
struct PDFLexer {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C || byte == 0 }

    static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x28, 0x29, 0x3C, 0x3E, 0x5B, 0x5D, 0x7B, 0x7D, 0x2F, 0x25: true  // ( ) < > [ ] { } / %
        default: false
        }
    }

    /// Skips white space and comments.
    mutating func skipWhitespace() {
        while position < bytes.count {
            if Self.isWhitespace(bytes[position]) {
                position += 1
            } else if bytes[position] == UInt8(ascii: "%") {
                while position < bytes.count, bytes[position] != 0x0A, bytes[position] != 0x0D { position += 1 }
            } else {
                return
            }
        }
    }

    mutating func next() -> PDFToken? {
        skipWhitespace()
        guard position < bytes.count else { return nil }
        let byte = bytes[position]
        switch byte {
        case UInt8(ascii: "<"):
            if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "<") { position += 2; return .dictionaryStart }
            while position < bytes.count, bytes[position] != UInt8(ascii: ">") { position += 1 }
            position += 1
            return .string
        case UInt8(ascii: ">"):
            guard position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: ">") else { return nil }
            position += 2
            return .dictionaryEnd
        case UInt8(ascii: "["): position += 1; return .arrayStart
        case UInt8(ascii: "]"): position += 1; return .arrayEnd
        case UInt8(ascii: "("):
            var depth = 0
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: "\\"): position += 1
                case UInt8(ascii: "("): depth += 1
                case UInt8(ascii: ")"): depth -= 1
                default: break
                }
                position += 1
                if depth == 0 { break }
            }
            return .string
        case UInt8(ascii: "/"):
            position += 1
            let start = position
            while position < bytes.count, !Self.isWhitespace(bytes[position]), !Self.isDelimiter(bytes[position]) { position += 1 }
            return .name(String(decoding: bytes[start..<position], as: UTF8.self))
        case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ")"):
            position += 1
            return .keyword(String(UnicodeScalar(byte)))
        default:
            let start = position
            while position < bytes.count, !Self.isWhitespace(bytes[position]), !Self.isDelimiter(bytes[position]) { position += 1 }
            let word = bytes[start..<position]
            if let first = word.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".") || (first >= 0x30 && first <= 0x39) {
                let digits = word.drop { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }
                if word.count <= 15, !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = PDFInput.decimal(digits) {
                    return .integer(first == UInt8(ascii: "-") ? -value : value)
                }
                return .real
            }
            return .keyword(String(decoding: word, as: UTF8.self))
        }
    }

    /// A dictionary's top-level entries that the joiner reads (integers, references, arrays of references).
    mutating func dictionary() throws(CanvasError) -> [String: PDFValue] {
        guard next() == .dictionaryStart else { throw .cannotJoin("a dictionary was expected at \(position)") }
        var entries: [String: PDFValue] = [:]
        while true {
            guard let token = next() else { throw .cannotJoin("a dictionary is cut short") }
            if token == .dictionaryEnd { return entries }
            guard case .name(let key) = token else { throw .cannotJoin("a dictionary key was expected at \(position)") }
            entries[key] = try value()
        }
    }

    private mutating func value() throws(CanvasError) -> PDFValue {
        let save = position
        guard let token = next() else { throw .cannotJoin("a value is missing") }
        switch token {
        case .integer(let number):
            let after = position
            if case .integer(0)? = next(), case .keyword("R")? = next() { return .reference(number) }
            position = after
            return .integer(number)
        case .arrayStart:
            var references: [Int] = []
            var onlyReferences = true
            while true {
                let before = position
                guard let inner = next() else { throw .cannotJoin("an array is cut short") }
                if inner == .arrayEnd { break }
                position = before
                if case .reference(let number) = try value() { references.append(number) } else { onlyReferences = false }
            }
            return onlyReferences ? .references(references) : .other
        case .dictionaryStart:
            position = save
            _ = try dictionary()
            return .other
        default:
            return .other
        }
    }
}
