import Foundation

/// What a workbook file is, from its bytes rather than its name.
enum FileSniffer {
    enum Kind: Equatable { case zip, encryptedWorkbook, compoundFile, other }

    /// OLE2 / Compound File Binary signature (MS-CFB 2.2).
    static let compoundFileMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    /// "EncryptedPackage" in UTF-16LE, as a CFB directory entry names the stream Office puts an
    /// encrypted OOXML package in (MS-OFFCRYPTO 2.3.4.4).
    static let encryptedPackageName: [UInt8] = Array("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })

    static func kind(path: String) throws(SSCardError) -> Kind {
        let file = try FileChunks(path: path, chunkSize: 1 << 16)
        let first = try file.next()
        if first.starts(with: [0x50, 0x4B]) { return .zip }
        guard first.starts(with: compoundFileMagic) else { return .other }
        // Directory entries may sit anywhere in the file: scan it in chunks (bounded memory),
        // keeping a tail so a name split across chunks is still found.
        var window = Array(first)
        while true {
            if contains(window, encryptedPackageName) { return .encryptedWorkbook }
            let next = try file.next()
            if next.isEmpty { return .compoundFile }
            window = Array(window.suffix(encryptedPackageName.count - 1)) + next
        }
    }

    private static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard bytes.count >= needle.count else { return false }
        let first = needle[0]
        var index = 0
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == first && bytes[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
