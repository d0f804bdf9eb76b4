import XMLStream
import ZipArchive

/// Feeds libxml2 straight from the inflating zip entry: the sheet is never held whole.
final class ZipEntrySource: XMLByteSource {
    let entry: ZipEntryReader
    init(_ entry: ZipEntryReader) { self.entry = entry }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int { try entry.read(into: buffer) }
}

/// Bytes already in memory (small parts: workbook, relationships, styles).
final class MemorySource: XMLByteSource {
    private let bytes: [UInt8]
    private var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}
