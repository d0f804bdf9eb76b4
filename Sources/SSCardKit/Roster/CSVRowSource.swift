import Foundation

/// A CSV roster: RFC 4180 quoting, CRLF or LF, UTF-8 (with or without BOM), GB18030 or UTF-16,
/// comma, semicolon or tab detected from the header line. Every cell arrives as text.
public final class CSVRowSource: RowSource {
    public let path: String
    /// The encoding actually used.
    public let encoding: TextEncoding
    /// The separator detected from the first line.
    public private(set) var delimiter: UInt8 = 0x2C

    private let file: FileChunks
    private let decoder: IconvDecoder?
    private let limits: ReaderLimits
    /// Where the bytes stopped being UTF-8, when auto-detection fell back to GB18030.
    private var utf8FailureLine: Int?
    private var chunk: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var started = false

    private var line = 1
    private var previousCR = false
    private var record = 0
    private var field: [UInt8] = []
    private var cells: [CellValue] = []

    public init(path: String, encoding requested: TextEncoding, limits: ReaderLimits = ReaderLimits()) throws(SSCardError) {
        self.path = path
        self.limits = limits
        var resolved = requested
        let utf16 = CSVRowSource.utf16ByteOrder(path: path, requested: requested)
        if let utf16 {
            encoding = .utf16
            file = try FileChunks(path: path)
            decoder = try IconvDecoder(path: path, from: utf16)
            return
        }
        if requested != .gb18030 {
            let probe = try FileChunks(path: path)
            var validator = UTF8Validator()
            var valid = true
            while true {
                let piece = try probe.next()
                if piece.isEmpty { valid = validator.finish(); break }
                if !validator.feed(piece) { valid = false; break }
            }
            if !valid {
                let line = FileChunks.line(of: validator.firstInvalidOffset ?? 0, path: path)
                if requested == .utf8 { throw .csvUndecodable(path: path, line: line, encoding: "UTF-8") }
                resolved = .gb18030
                utf8FailureLine = line
            } else {
                resolved = .utf8
            }
        }
        encoding = resolved
        file = try FileChunks(path: path)
        decoder = resolved == .gb18030 ? try IconvDecoder(path: path) : nil
    }

    /// iconv's name for the file's UTF-16 form, or nil when it is not read as UTF-16: with `auto`
    /// only a byte-order mark says so; `utf-16` without a mark is little-endian (Windows) unless
    /// the first character is plainly big-endian ASCII.
    static func utf16ByteOrder(path: String, requested: TextEncoding) -> String? {
        guard requested == .auto || requested == .utf16 else { return nil }
        guard let head = try? FileChunks(path: path, chunkSize: 2).next(), head.count == 2 else {
            return requested == .utf16 ? "UTF-16LE" : nil
        }
        let first = head[head.startIndex], second = head[head.startIndex + 1]
        if first == 0xFF && second == 0xFE { return "UTF-16LE" }
        if first == 0xFE && second == 0xFF { return "UTF-16BE" }
        guard requested == .utf16 else { return nil }
        return first == 0 && second != 0 ? "UTF-16BE" : "UTF-16LE"
    }

    private func refill() throws(SSCardError) -> Bool {
        guard !atEnd else { return false }
        let raw = try file.next()
        if let decoder {
            do {
                chunk = try decoder.convert(raw, isLast: raw.isEmpty)
            } catch {
                // Neither UTF-8 nor GB18030. The file read as one of them up to the later of the two
                // failures: a UTF-8 roster with one damaged line fails GB18030 near the top, so name
                // the line where it stopped being UTF-8 (and the reverse for a GB18030 roster).
                if let utf8FailureLine, case .csvUndecodable(_, let line, _) = error, utf8FailureLine > line {
                    throw .csvUndecodable(path: path, line: utf8FailureLine, encoding: "UTF-8")
                }
                throw error
            }
        } else {
            chunk = Array(raw)
        }
        position = 0
        if raw.isEmpty { atEnd = true }
        if !started {
            started = true
            if chunk.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
            delimiter = CSVRowSource.detectDelimiter(chunk[position...])
        }
        return !chunk.isEmpty || !atEnd
    }

    /// The most frequent of `,` `;` and tab outside quotes on the first line; comma on a tie.
    static func detectDelimiter(_ bytes: ArraySlice<UInt8>) -> UInt8 {
        var counts: [UInt8: Int] = [0x2C: 0, 0x3B: 0, 0x09: 0]
        var quoted = false
        var seenContent = false
        for byte in bytes {
            if byte == 0x22 { quoted.toggle(); seenContent = true; continue }
            if quoted { continue }
            // Blank lines before the header do not decide the delimiter.
            if byte == 0x0A || byte == 0x0D { if seenContent { break } else { continue } }
            seenContent = true
            if counts[byte] != nil { counts[byte]! += 1 }
        }
        let best = counts.max { ($0.value, $0.key == 0x2C ? 1 : 0) < ($1.value, $1.key == 0x2C ? 1 : 0) }!
        return best.value == 0 ? 0x2C : best.key
    }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    public func nextRow() throws(SSCardError) -> RawRow? {
        while true {
            guard let row = try parseRecord() else { return nil }
            if !row.isBlank { return row }
        }
    }

    private func endField(line recordLine: Int) throws(SSCardError) {
        if cells.count >= limits.maxColumnsPerRow {
            throw .csvTooManyColumns(path: path, line: recordLine, limit: limits.maxColumnsPerRow)
        }
        // `'510107…`: the apostrophe Excel users type to keep a number as text is no part of the value.
        let text = field.count > 1 && field[0] == 0x27 ? String(decoding: field[1...], as: UTF8.self) : String(decoding: field, as: UTF8.self)
        cells.append(text.isEmpty ? .empty : .text(text))
        field.removeAll(keepingCapacity: true)
    }

    private func parseRecord() throws(SSCardError) -> RawRow? {
        var state = State.fieldStart
        var sawAnything = false
        let recordLine = line
        cells.removeAll(keepingCapacity: true)
        field.removeAll(keepingCapacity: true)
        while true {
            if position >= chunk.count {
                if try !refill() || (chunk.isEmpty && atEnd) {
                    if state == .quoted { throw .csvUnterminatedQuote(path: path, line: recordLine) }
                    if !sawAnything { return nil }
                    try endField(line: recordLine)
                    return try finishRecord()
                }
                continue
            }
            if state != .quoted && state != .quoteInQuoted {
                // Fast path: copy a run of ordinary bytes in one go.
                let delimiter = self.delimiter
                let start = position
                let end = chunk.withUnsafeBufferPointer { bytes -> Int in
                    var index = start
                    let count = bytes.count
                    while index < count {
                        let byte = bytes[index]
                        if byte == delimiter || byte == 0x0A || byte == 0x0D || (byte == 0x22 && index == start && state == .fieldStart) { break }
                        index += 1
                    }
                    return index
                }
                if end > start {
                    field.append(contentsOf: chunk[start..<end])
                    position = end
                    state = .unquoted
                    sawAnything = true
                    previousCR = false
                    if field.count > limits.maxFieldBytes {
                        throw .csvFieldTooLarge(path: path, line: recordLine, column: cells.count + 1, limit: limits.maxFieldBytes)
                    }
                    continue
                }
            }
            let byte = chunk[position]
            position += 1
            // A line ends at CR, LF or CRLF (counted once).
            if byte == 0x0D || (byte == 0x0A && !previousCR) { line += 1 }
            previousCR = byte == 0x0D
            sawAnything = true
            switch state {
            case .fieldStart, .unquoted:
                if byte == delimiter {
                    try endField(line: recordLine)
                    state = .fieldStart
                } else if byte == 0x0A || byte == 0x0D {
                    if byte == 0x0D { try skipLineFeed() }
                    try endField(line: recordLine)
                    return try finishRecord()
                } else if byte == 0x22 && state == .fieldStart {
                    state = .quoted
                } else {
                    field.append(byte)
                    state = .unquoted
                    if field.count > limits.maxFieldBytes {
                        throw .csvFieldTooLarge(path: path, line: recordLine, column: cells.count + 1, limit: limits.maxFieldBytes)
                    }
                }
            case .quoted:
                if byte == 0x22 { state = .quoteInQuoted } else { field.append(byte) }
                if field.count > limits.maxFieldBytes {
                    throw .csvUnterminatedQuote(path: path, line: recordLine)
                }
            case .quoteInQuoted:
                if byte == 0x22 {
                    field.append(0x22)
                    state = .quoted
                } else if byte == delimiter {
                    try endField(line: recordLine)
                    state = .fieldStart
                } else if byte == 0x0A || byte == 0x0D {
                    if byte == 0x0D { try skipLineFeed() }
                    try endField(line: recordLine)
                    return try finishRecord()
                } else {
                    // Text after a closing quote ("a"b): keep it rather than lose it.
                    field.append(byte)
                    state = .unquoted
                }
            }
        }
    }

    private func skipLineFeed() throws(SSCardError) {
        if position >= chunk.count { guard try refill() else { return } }
        if position < chunk.count && chunk[position] == 0x0A {
            position += 1
            previousCR = false
        }
    }

    private func finishRecord() throws(SSCardError) -> RawRow {
        record += 1
        if record > limits.maxRows + 1 { throw .tooLarge(path: path, what: Message(zh: "行数", en: "the number of rows"), limit: limits.maxRows) }
        return RawRow(number: record, cells: cells)
    }
}
