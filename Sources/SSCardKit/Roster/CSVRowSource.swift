import Foundation

/// A CSV roster: RFC 4180 quoting, CRLF or LF, UTF-8 (with or without BOM), GB18030 or UTF-16,
/// comma, semicolon or tab detected from the header line. Every cell arrives as text.
public final class CSVRowSource: RowSource {
    public let path: String
    /// The encoding actually used.
    public let encoding: TextEncoding
    /// The separator detected from the first line.
    public var delimiter: UInt8 { scan.delimiter }

    private let file: FileChunks
    private let decoder: IconvDecoder?
    private let limits: ReaderLimits
    /// Where the bytes stopped being UTF-8, when auto-detection fell back to GB18030.
    private let utf8FailureLine: Int?

    /// Where the reading stands. A row is parsed in a local copy of it (moved out and back), so
    /// the byte loop mutates a local struct, not class properties (which would cost a dynamic
    /// exclusivity check on every access).
    private struct Scan {
        var chunk: [UInt8] = []
        var position = 0
        var atEnd = false
        var started = false
        var delimiter: UInt8 = 0x2C
        var line = 1
        var previousCR = false
        var record = 0
        var field: [UInt8] = []
        var cells: [CellValue] = []
    }
    private var scan = Scan()

    public init(path: String, encoding requested: TextEncoding, limits: ReaderLimits = ReaderLimits()) throws(SSCardError) {
        self.path = path
        self.limits = limits
        var resolved = requested
        var failureLine: Int?
        let utf16 = CSVRowSource.utf16ByteOrder(path: path, requested: requested)
        if let utf16 {
            utf8FailureLine = nil
            encoding = .utf16
            file = try FileChunks(path: path)
            decoder = try IconvDecoder(path: path, from: utf16)
            return
        }
        if requested != .gb18030 {
            if let invalid = try UTF8Probe.firstInvalidOffset(path: path) {
                let line = FileChunks.line(of: invalid, path: path)
                if requested == .utf8 { throw .csvUndecodable(path: path, line: line, encoding: "UTF-8") }
                resolved = .gb18030
                failureLine = line
            } else {
                resolved = .utf8
            }
        }
        encoding = resolved
        utf8FailureLine = failureLine
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

    private func refill(_ scan: inout Scan) throws(SSCardError) -> Bool {
        guard !scan.atEnd else { return false }
        let raw = try file.next()
        if let decoder {
            do {
                scan.chunk = try decoder.convert(raw, isLast: raw.isEmpty)
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
            scan.chunk = Array(raw)
        }
        scan.position = 0
        if raw.isEmpty { scan.atEnd = true }
        if !scan.started {
            scan.started = true
            if scan.chunk.starts(with: [0xEF, 0xBB, 0xBF]) { scan.position = 3 }
            scan.delimiter = CSVRowSource.detectDelimiter(scan.chunk[scan.position...])
        }
        return !scan.chunk.isEmpty || !scan.atEnd
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
            // Moved out (not copied), so that its arrays stay uniquely referenced while they grow.
            var scan = Scan()
            swap(&scan, &self.scan)
            let parsed = Result { () throws(SSCardError) in try parseRecord(&scan) }
            swap(&scan, &self.scan)
            guard let row = try parsed.get() else { return nil }
            if !row.isBlank { return row }
        }
    }

    private func endField(_ scan: inout Scan, line recordLine: Int) throws(SSCardError) {
        if scan.cells.count >= limits.maxColumnsPerRow {
            throw .csvTooManyColumns(path: path, line: recordLine, limit: limits.maxColumnsPerRow)
        }
        // `'510107…`: the apostrophe Excel users type to keep a number as text is no part of the value.
        if scan.field.isEmpty {
            scan.cells.append(.empty)
            return
        }
        let text = scan.field.count > 1 && scan.field[0] == 0x27 ? String(decoding: scan.field[1...], as: UTF8.self) : String(decoding: scan.field, as: UTF8.self)
        scan.cells.append(.text(text))
        scan.field.removeAll(keepingCapacity: true)
    }

    private func parseRecord(_ scan: inout Scan) throws(SSCardError) -> RawRow? {
        var state = State.fieldStart
        var sawAnything = false
        let recordLine = scan.line
        scan.cells.removeAll(keepingCapacity: true)
        scan.field.removeAll(keepingCapacity: true)
        while true {
            if scan.position >= scan.chunk.count {
                if try !refill(&scan) || (scan.chunk.isEmpty && scan.atEnd) {
                    if state == .quoted { throw .csvUnterminatedQuote(path: path, line: recordLine) }
                    if !sawAnything { return nil }
                    try endField(&scan, line: recordLine)
                    return try finishRecord(&scan)
                }
                continue
            }
            if state != .quoted && state != .quoteInQuoted {
                // Fast path: copy a run of ordinary bytes in one go.
                let delimiter = scan.delimiter
                let start = scan.position
                let end = scan.chunk.withUnsafeBufferPointer { bytes -> Int in
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
                    scan.field.append(contentsOf: scan.chunk[start..<end])
                    scan.position = end
                    state = .unquoted
                    sawAnything = true
                    scan.previousCR = false
                    if scan.field.count > limits.maxFieldBytes {
                        throw .csvFieldTooLarge(path: path, line: recordLine, column: scan.cells.count + 1, limit: limits.maxFieldBytes)
                    }
                    continue
                }
            }
            let byte = scan.chunk[scan.position]
            scan.position += 1
            // A line ends at CR, LF or CRLF (counted once).
            if byte == 0x0D || (byte == 0x0A && !scan.previousCR) { scan.line += 1 }
            scan.previousCR = byte == 0x0D
            sawAnything = true
            switch state {
            case .fieldStart, .unquoted:
                if byte == scan.delimiter {
                    try endField(&scan, line: recordLine)
                    state = .fieldStart
                } else if byte == 0x0A || byte == 0x0D {
                    if byte == 0x0D { try skipLineFeed(&scan) }
                    try endField(&scan, line: recordLine)
                    return try finishRecord(&scan)
                } else if byte == 0x22 && state == .fieldStart {
                    state = .quoted
                } else {
                    scan.field.append(byte)
                    state = .unquoted
                    if scan.field.count > limits.maxFieldBytes {
                        throw .csvFieldTooLarge(path: path, line: recordLine, column: scan.cells.count + 1, limit: limits.maxFieldBytes)
                    }
                }
            case .quoted:
                if byte == 0x22 { state = .quoteInQuoted } else { scan.field.append(byte) }
                if scan.field.count > limits.maxFieldBytes {
                    throw .csvUnterminatedQuote(path: path, line: recordLine)
                }
            case .quoteInQuoted:
                if byte == 0x22 {
                    scan.field.append(0x22)
                    state = .quoted
                } else if byte == scan.delimiter {
                    try endField(&scan, line: recordLine)
                    state = .fieldStart
                } else if byte == 0x0A || byte == 0x0D {
                    if byte == 0x0D { try skipLineFeed(&scan) }
                    try endField(&scan, line: recordLine)
                    return try finishRecord(&scan)
                } else {
                    // Text after a closing quote ("a"b): keep it rather than lose it.
                    scan.field.append(byte)
                    state = .unquoted
                }
            }
        }
    }

    private func skipLineFeed(_ scan: inout Scan) throws(SSCardError) {
        if scan.position >= scan.chunk.count { guard try refill(&scan) else { return } }
        if scan.position < scan.chunk.count && scan.chunk[scan.position] == 0x0A {
            scan.position += 1
            scan.previousCR = false
        }
    }

    private func finishRecord(_ scan: inout Scan) throws(SSCardError) -> RawRow {
        scan.record += 1
        if scan.record > limits.maxRows + 1 { throw .tooLarge(path: path, what: Message(zh: "行数", en: "the number of rows"), limit: limits.maxRows) }
        return RawRow(number: scan.record, cells: scan.cells)
    }
}
