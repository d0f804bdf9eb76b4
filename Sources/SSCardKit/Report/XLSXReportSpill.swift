import Foundation

/// The findings of the first pass, kept on disk until the second pass annotates the roster with
/// them: memory stays flat however many findings there are. The file is unlinked as soon as it is
/// created (it holds the same personal data as the report), so nothing is left behind.
final class XLSXReportSpill {
    struct Note {
        var row: Int
        var field: String
        var severity: Severity
        var text: String
    }

    private let descriptor: Int32
    /// The folder a failure names (the clerk's, not the private one the scratch file is in).
    private let directory: String
    private var buffer: [UInt8] = []
    private var readBuffer: [UInt8] = []
    private var readOffset = 0
    private var atEnd = false
    private var peeked: Note?

    /// An unlinked scratch file in `folder`; failures name `directory`.
    init(folder: String, naming directory: String) throws(SSCardError) {
        var template = Array((folder as NSString).appendingPathComponent(".sscard-report-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw .cannotWrite(path: directory, reason: SystemReason.writing(errno: errno)) }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.descriptor = descriptor
        self.directory = directory
        buffer.reserveCapacity(1 << 16)
    }

    deinit { close(descriptor) }

    private static func scratch(_ reason: Message) -> Message {
        Message(zh: "报告的临时文件: \(reason.zh)", en: "report scratch file: \(reason.en)")
    }

    func append(_ note: Note) throws(SSCardError) {
        appendNumber(note.row)
        appendText(note.field)
        buffer.append(note.severity == .error ? 1 : 0)
        appendText(note.text)
        if buffer.count >= 1 << 16 { try flush() }
    }

    private func appendNumber(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { buffer.append(contentsOf: $0) }
    }

    private func appendText(_ text: String) {
        let bytes = Array(text.utf8)
        appendNumber(bytes.count)
        buffer.append(contentsOf: bytes)
    }

    private func flush() throws(SSCardError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw .cannotWrite(path: directory, reason: Self.scratch(SystemReason.writing(errno: errno))) }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Ends writing; reading starts from the first note.
    func rewind() throws(SSCardError) {
        try flush()
        lseek(descriptor, 0, SEEK_SET)
        buffer = []
    }

    /// The notes of `row`, skipping any of earlier rows that were not asked for (file-level ones).
    func notes(for row: Int) throws(SSCardError) -> [Note] {
        var notes: [Note] = []
        while let next = try peek() {
            if next.row > row { break }
            peeked = nil
            if next.row == row { notes.append(next) }
        }
        return notes
    }

    private func peek() throws(SSCardError) -> Note? {
        if peeked == nil { peeked = try readNote() }
        return peeked
    }

    private func readNote() throws(SSCardError) -> Note? {
        guard let row = try readNumber() else { return nil }
        let field = try readText()
        guard let severity = try readBytes(1) else { throw .internal("report scratch file is truncated") }
        let text = try readText()
        return Note(row: row, field: field, severity: severity[0] == 1 ? .error : .warning, text: text)
    }

    private func readNumber() throws(SSCardError) -> Int? {
        guard let bytes = try readBytes(8) else { return nil }
        var value: Int64 = 0
        for (index, byte) in bytes.enumerated() { value |= Int64(byte) << (8 * Int64(index)) }
        return Int(value)
    }

    private func readText() throws(SSCardError) -> String {
        guard let count = try readNumber(), count >= 0, let bytes = try readBytes(count) else {
            throw .internal("report scratch file is truncated")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func readBytes(_ count: Int) throws(SSCardError) -> [UInt8]? {
        while readBuffer.count - readOffset < count {
            if atEnd { return nil }
            readBuffer.removeFirst(readOffset)
            readOffset = 0
            var chunk = [UInt8](repeating: 0, count: max(1 << 16, count))
            let read = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress!, $0.count) }
            if read < 0 && errno == EINTR { continue }
            guard read >= 0 else { throw .unreadable(path: directory, reason: Self.scratch(SystemReason.reading(errno: errno))) }
            if read == 0 { atEnd = true } else { readBuffer.append(contentsOf: chunk[..<read]) }
        }
        defer { readOffset += count }
        return Array(readBuffer[readOffset..<(readOffset + count)])
    }
}
