import Foundation

/// Reads a file in large chunks with plain `read(2)`, or the byte range `range` of it with `pread(2)`.
final class FileChunks {
    private let descriptor: Int32
    let path: String
    private var buffer: [UInt8]
    /// For a range: the next offset to read and the end.
    private var position: Int
    private let end: Int
    private let ranged: Bool

    init(path: String, chunkSize: Int = 1 << 20, range: Range<Int>? = nil) throws(SSCardError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { throw .fileNotFound(path: path) }
            throw .readFailed(path: path, reason: SystemReason.message(errno: errno))
        }
        self.descriptor = descriptor
        self.path = path
        position = range?.lowerBound ?? 0
        end = range?.upperBound ?? Int.max
        ranged = range != nil
        buffer = [UInt8](repeating: 0, count: chunkSize)
    }

    deinit { close(descriptor) }

    /// The next chunk (empty at the end of the file or of the range).
    func next() throws(SSCardError) -> ArraySlice<UInt8> {
        let wanted = min(buffer.count, end - position)
        guard wanted > 0 else { return buffer[0..<0] }
        let count = buffer.withUnsafeMutableBytes { bytes in
            ranged ? pread(descriptor, bytes.baseAddress, wanted, off_t(position)) : read(descriptor, bytes.baseAddress, wanted)
        }
        guard count >= 0 else { throw .readFailed(path: path, reason: SystemReason.message(errno: errno)) }
        position += count
        return buffer[0..<count]
    }

    /// The file's size in bytes.
    func size() throws(SSCardError) -> Int {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .readFailed(path: path, reason: SystemReason.message(errno: errno)) }
        return Int(info.st_size)
    }
}

/// Incremental UTF-8 validation across chunk boundaries. It only finds *where* the first bad
/// byte is (a byte offset): the line is counted afterwards (`FileChunks.line(of:path:)`), since
/// counting line ends on every chunk of a valid file would cost more than the check itself.
struct UTF8Validator {
    private var pending: [UInt8] = []
    /// Bytes of the file before the current chunk (not counting `pending`).
    private var consumed = 0
    private(set) var firstInvalidOffset: Int?

    /// Feeds a chunk; returns false once an invalid sequence has been seen.
    mutating func feed(_ chunk: ArraySlice<UInt8>) -> Bool {
        guard firstInvalidOffset == nil else { return false }
        var bytes = pending
        bytes.append(contentsOf: chunk)
        let base = consumed - pending.count
        pending.removeAll(keepingCapacity: true)
        let end = bytes.count
        var index = 0
        let ok: Bool = bytes.withUnsafeBufferPointer { b in
            let start = b.baseAddress!
            while index < end {
                // Sixteen ASCII bytes at a time (most of a roster).
                if index + 16 <= end {
                    let low = UnsafeRawPointer(start + index).loadUnaligned(as: UInt64.self)
                    let high = UnsafeRawPointer(start + index + 8).loadUnaligned(as: UInt64.self)
                    if (low | high) & 0x8080_8080_8080_8080 == 0 { index += 16; continue }
                }
                let lead = start[index]
                if lead < 0x80 { index += 1; continue }
                // A CJK character (and most of the BMP): a lead with no constraint on its second
                // byte and two continuation bytes; most of a Chinese roster's non-ASCII bytes.
                if index + 3 <= end, (lead >= 0xE1 && lead <= 0xEC) || lead >= 0xEE && lead <= 0xEF,
                    start[index + 1] & 0xC0 == 0x80, start[index + 2] & 0xC0 == 0x80
                {
                    index += 3
                    continue
                }
                let length: Int
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0...0xEF: length = 3
                case 0xF0...0xF4: length = 4
                default: return false
                }
                if index + length > end {
                    pending.append(contentsOf: b[index..<end])
                    index = end
                    return true
                }
                for offset in 1..<length where b[index + offset] & 0xC0 != 0x80 { return false }
                let second = b[index + 1]
                if lead == 0xE0 && second < 0xA0 { return false }
                if lead == 0xED && second > 0x9F { return false }
                if lead == 0xF0 && second < 0x90 { return false }
                if lead == 0xF4 && second > 0x8F { return false }
                index += length
            }
            return true
        }
        if !ok { firstInvalidOffset = base + index }
        consumed += chunk.count
        return ok
    }

    /// Call at the end of input: a truncated final sequence is invalid.
    mutating func finish() -> Bool {
        if firstInvalidOffset == nil && !pending.isEmpty { firstInvalidOffset = consumed - pending.count }
        return firstInvalidOffset == nil
    }
}

extension FileChunks {
    /// The line (from 1; CR, LF and CRLF each end one) that holds byte `offset` of the file.
    static func line(of offset: Int, path: String) -> Int {
        guard let file = try? FileChunks(path: path) else { return 1 }
        var line = 1, position = 0, previousCR = false
        while position < offset, let chunk = try? file.next(), !chunk.isEmpty {
            for byte in chunk.prefix(offset - position) {
                if byte == 0x0D || (byte == 0x0A && !previousCR) { line += 1 }
                previousCR = byte == 0x0D
            }
            position += chunk.count
        }
        return line
    }
}

/// GB18030 or UTF-16 → UTF-8 through glibc iconv (Foundation on Linux cannot decode GB18030,
/// and a chunked stream needs a converter that carries a split character to the next chunk).
final class IconvDecoder {
    private let converter: iconv_t
    private var carry: [UInt8] = []
    private var output: [UInt8]
    private(set) var line = 1
    private var previousCR = false
    let path: String
    /// The source encoding as messages name it (`GB18030`, `UTF-16`).
    let encodingName: String

    /// - Parameters:
    ///   - from: iconv's name of the source encoding (`GB18030`, `UTF-16LE`, `UTF-16BE`).
    ///   - outputCapacity: bytes converted per iconv call (longer input loops); small for short strings.
    init(path: String, from source: String = "GB18030", outputCapacity: Int = 4 << 20) throws(SSCardError) {
        guard let converter = iconv_open("UTF-8", source), converter != iconv_t(bitPattern: -1) else {
            throw .internal("iconv cannot convert \(source) on this system")
        }
        self.converter = converter
        self.path = path
        encodingName = source.hasPrefix("UTF-16") ? "UTF-16" : source
        output = [UInt8](repeating: 0, count: max(outputCapacity, 16))
    }

    deinit { iconv_close(converter) }

    /// Converts a chunk; an incomplete trailing character is kept for the next call.
    func convert(_ chunk: ArraySlice<UInt8>, isLast: Bool) throws(SSCardError) -> [UInt8] {
        var input = carry
        input.append(contentsOf: chunk)
        carry.removeAll(keepingCapacity: true)
        var result: [UInt8] = []
        result.reserveCapacity(input.count * 3 / 2)
        var failure: Int32 = 0
        var consumed = 0
        input.withUnsafeMutableBufferPointer { inBuffer in
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
            var inLeft = inBuffer.count
            while inLeft > 0 {
                output.withUnsafeMutableBufferPointer { outBuffer in
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuffer.count
                    let status = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                    result.append(contentsOf: outBuffer[0..<(outBuffer.count - outLeft)])
                    if status == -1 && errno != E2BIG { failure = errno }
                }
                if failure != 0 { break }
            }
            consumed = inBuffer.count - inLeft
        }
        for byte in result {
            if byte == 0x0D || (byte == 0x0A && !previousCR) { line += 1 }
            previousCR = byte == 0x0D
        }
        if failure == EINVAL && !isLast {
            carry.append(contentsOf: input[consumed...])
        } else if failure != 0 {
            throw .csvUndecodable(path: path, line: line, encoding: encodingName)
        }
        return result
    }
}
