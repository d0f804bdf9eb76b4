internal import CLibZip
#if canImport(Glibc)
internal import Glibc
#endif

/// What went wrong inside libzip, in our own terms (callers word the message; no library text).
public enum ZipFailure: Error, Equatable, Sendable {
    /// The file is not a zip archive at all.
    case notAZip
    /// The directory contradicts itself (entries overlap, sizes or offsets impossible).
    case inconsistent
    /// The file ends before the archive does.
    case truncated
    /// An entry's data does not match its stored CRC-32.
    case crcMismatch
    /// The compressed data of an entry cannot be inflated.
    case damagedData
    /// An entry uses a compression method other than stored or deflate (or one not built in).
    case unsupportedCompression
    /// An entry is encrypted (zip encryption, not an Office password).
    case encrypted
    /// The operating system refused a read (errno).
    case system(errno: Int32)
    /// Any other libzip error code.
    case other(code: Int32)

    init(libzip code: Int32, system: Int32) {
        switch code {
        case ZIP_ER_NOZIP: self = .notAZip
        case ZIP_ER_INCONS, ZIP_ER_MULTIDISK: self = .inconsistent
        case ZIP_ER_EOF: self = .truncated
        case ZIP_ER_CRC: self = .crcMismatch
        case ZIP_ER_ZLIB, ZIP_ER_COMPRESSED_DATA: self = .damagedData
        case ZIP_ER_COMPNOTSUPP: self = .unsupportedCompression
        case ZIP_ER_ENCRNOTSUPP, ZIP_ER_NOPASSWD, ZIP_ER_WRONGPASSWD: self = .encrypted
        case ZIP_ER_READ, ZIP_ER_OPEN, ZIP_ER_SEEK, ZIP_ER_TELL: self = .system(errno: system)
        default: self = .other(code: code)
        }
    }
}

/// Why a zip archive or one of its entries could not be read.
public enum ZipError: Error, Equatable, Sendable {
    /// The file is not a zip archive, or its directory is damaged.
    case cannotOpen(path: String, failure: ZipFailure)
    /// The archive holds more entries than the caller allows.
    case tooManyEntries(count: Int, limit: Int)
    /// No entry of that name.
    case noSuchEntry(String)
    /// An entry inflated past the byte budget the caller set.
    case entryTooLarge(entry: String, limit: Int)
    /// An entry inflates far beyond its compressed size: the shape of a zip bomb.
    case compressionRatio(entry: String, ratio: Int, limit: Int)
    /// The data of an entry is damaged (bad CRC, bad deflate stream, read error).
    case readFailed(entry: String, failure: ZipFailure)
    /// An entry inflates past the size the zip directory declares for it: a lie only a crafted archive tells.
    case declaredSizeExceeded(entry: String, declared: Int)
    /// Writing a new archive failed (full disk, unwritable folder, …).
    case writeFailed(path: String, reason: String)
}

/// Budgets that keep a hostile archive from exhausting memory or disk.
public struct ZipLimits: Sendable {
    /// Most bytes one entry may inflate to.
    public var maxEntryBytes: Int
    /// Highest uncompressed/compressed ratio tolerated once `ratioGraceBytes` have been read.
    public var maxRatio: Int
    /// Bytes read before the ratio is enforced (small parts compress very well).
    public var ratioGraceBytes: Int
    /// Most entries the archive may list.
    public var maxEntries: Int

    public init(maxEntryBytes: Int = 2 << 30, maxRatio: Int = 100, ratioGraceBytes: Int = 100_000, maxEntries: Int = 10_000) {
        self.maxEntryBytes = maxEntryBytes
        self.maxRatio = maxRatio
        self.ratioGraceBytes = ratioGraceBytes
        self.maxEntries = maxEntries
    }
}

/// A read-only zip archive (libzip). Confine one instance to one task.
///
/// Entry names are found as OPC reads them: exactly, or else ignoring ASCII case, a leading `/`
/// and backslashes written for slashes (`xl\workbook.xml`). The archive is opened without
/// libzip's whole-file consistency check (which refuses valid archives whose local headers say
/// CRC 0 and put the real values in a data descriptor); each entry's CRC-32 is checked instead
/// as the entry is read to its end.
public final class ZipArchive {
    private let handle: OpaquePointer
    public let path: String
    public let limits: ZipLimits
    /// Normalised name → index of the first entry with that name.
    private var folded: [String: Int] = [:]

    /// - Parameter password: for AES or PKWARE encrypted entries.
    public init(path: String, limits: ZipLimits = ZipLimits(), password: String? = nil) throws(ZipError) {
        var code: Int32 = 0
        guard let zip = zip_open(path, ZIP_RDONLY, &code) else {
            var error = zip_error_t()
            zip_error_init_with_code(&error, code)
            defer { zip_error_fini(&error) }
            throw .cannotOpen(path: path, failure: ZipFailure(libzip: code, system: zip_error_code_system(&error)))
        }
        handle = zip
        self.path = path
        self.limits = limits
        if let password { zip_set_default_password(zip, password) }
        let count = Int(clamping: zip_get_num_entries(zip, 0))
        if count > limits.maxEntries {
            zip_discard(zip)
            throw .tooManyEntries(count: count, limit: limits.maxEntries)
        }
        for index in 0..<max(count, 0) {
            guard let name = zip_get_name(zip, zip_uint64_t(index), ZIP_FL_ENC_GUESS) else { continue }
            let key = ZipArchive.fold(String(cString: name))
            if folded[key] == nil { folded[key] = index }
        }
    }

    deinit { zip_discard(handle) }

    /// A name as OPC compares part names: slashes for backslashes, no leading slash, ASCII lower case.
    public static func fold(_ name: String) -> String {
        var bytes = Array(name.utf8)
        for index in bytes.indices {
            if bytes[index] == 0x5C { bytes[index] = 0x2F }
            else if bytes[index] >= 0x41 && bytes[index] <= 0x5A { bytes[index] += 0x20 }
        }
        let start = bytes.firstIndex { $0 != 0x2F } ?? bytes.endIndex
        return String(decoding: bytes[start...], as: UTF8.self)
    }

    /// Entry names in archive order. Names that are not UTF-8 are returned as libzip guesses them (CP437 → UTF-8).
    public var entryNames: [String] {
        let count = zip_get_num_entries(handle, 0)
        guard count > 0 else { return [] }
        return (0..<count).map { index in
            zip_get_name(handle, zip_uint64_t(index), ZIP_FL_ENC_GUESS).map { String(cString: $0) } ?? ""
        }
    }

    /// The raw bytes of every entry name, for callers that decode legacy encodings themselves.
    public var rawEntryNames: [[UInt8]] {
        let count = zip_get_num_entries(handle, 0)
        guard count > 0 else { return [] }
        return (0..<count).map { index in
            guard let name = zip_get_name(handle, zip_uint64_t(index), ZIP_FL_ENC_RAW) else { return [] }
            return Array(UnsafeBufferPointer(start: name, count: strlen(name))).map { UInt8(bitPattern: $0) }
        }
    }

    /// Size, compressed size, CRC, method and encryption of every entry, in archive order.
    public var entries: [ZipEntryInfo] {
        let count = zip_get_num_entries(handle, 0)
        guard count > 0 else { return [] }
        return (0..<count).map { index in
            var stat = zip_stat_t()
            zip_stat_init(&stat)
            _ = zip_stat_index(handle, zip_uint64_t(index), 0, &stat)
            let name = stat.name.map { String(cString: $0) } ?? ""
            return ZipEntryInfo(name: name, size: Int(clamping: stat.size), compressedSize: Int(clamping: stat.comp_size),
                                crc: UInt32(stat.crc), stored: stat.comp_method == zip_uint16_t(ZIP_CM_STORE),
                                encrypted: stat.encryption_method != zip_uint16_t(ZIP_EM_NONE))
        }
    }

    /// The index of an entry: the exact name, or else the name compared as OPC compares part names.
    private func locate(_ name: String) -> Int? {
        let exact = zip_name_locate(handle, name, 0)
        if exact >= 0 { return Int(exact) }
        return folded[ZipArchive.fold(name)]
    }

    /// Whether an entry of that name exists (exactly, or compared as OPC compares part names).
    public func contains(_ name: String) -> Bool { locate(name) != nil }

    /// Opens an entry for streaming. Its bytes are inflated on demand, within the archive's limits.
    public func open(_ name: String) throws(ZipError) -> ZipEntryReader {
        guard let index = locate(name) else { throw .noSuchEntry(name) }
        var stat = zip_stat_t()
        zip_stat_init(&stat)
        guard zip_stat_index(handle, zip_uint64_t(index), 0, &stat) == 0 else {
            throw .readFailed(entry: name, failure: archiveFailure())
        }
        let compressed = (stat.valid & zip_uint64_t(ZIP_STAT_COMP_SIZE)) != 0 ? Int(clamping: stat.comp_size) : 0
        let declared = (stat.valid & zip_uint64_t(ZIP_STAT_SIZE)) != 0 ? Int(clamping: stat.size) : 0
        // The directory already says how far the entry inflates: refuse a bomb before inflating it.
        if declared > limits.maxEntryBytes { throw .entryTooLarge(entry: name, limit: limits.maxEntryBytes) }
        if declared > limits.ratioGraceBytes {
            let ratio = declared / max(compressed, 1)
            if ratio > limits.maxRatio { throw .compressionRatio(entry: name, ratio: ratio, limit: limits.maxRatio) }
        }
        guard let file = zip_fopen_index(handle, zip_uint64_t(index), 0) else {
            throw .readFailed(entry: name, failure: archiveFailure())
        }
        let known = (stat.valid & zip_uint64_t(ZIP_STAT_SIZE)) != 0
        return ZipEntryReader(owner: self, file: file, name: name, compressedSize: compressed, declaredSize: known ? declared : nil)
    }

    private func archiveFailure() -> ZipFailure {
        let error: UnsafeMutablePointer<zip_error_t>? = zip_get_error(handle)
        guard let error else { return .other(code: -1) }
        return ZipFailure(libzip: zip_error_code_zip(error), system: zip_error_code_system(error))
    }

    /// Reads a whole (small) entry into memory, within the limits.
    public func readAll(_ name: String, maxBytes: Int? = nil) throws(ZipError) -> [UInt8] {
        let reader = try open(name)
        let cap = min(maxBytes ?? limits.maxEntryBytes, limits.maxEntryBytes)
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count: Int
            do {
                count = try chunk.withUnsafeMutableBytes { buffer in try reader.read(into: buffer) }
            } catch let error as ZipError {
                throw error
            } catch {
                throw .readFailed(entry: name, failure: .other(code: -1))
            }
            if count == 0 { break }
            if result.count + count > cap { throw .entryTooLarge(entry: name, limit: cap) }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }
}

/// What the central directory says about one entry.
public struct ZipEntryInfo: Sendable, Equatable {
    public let name: String
    public let size: Int
    public let compressedSize: Int
    public let crc: UInt32
    public let stored: Bool
    public let encrypted: Bool
}

/// One entry being inflated. Keeps its archive alive. Reading to the end checks the entry's CRC-32.
public final class ZipEntryReader {
    private let owner: ZipArchive
    private let file: OpaquePointer
    public let name: String
    private let compressedSize: Int
    private let declaredSize: Int?
    public private(set) var bytesRead = 0

    init(owner: ZipArchive, file: OpaquePointer, name: String, compressedSize: Int, declaredSize: Int?) {
        self.owner = owner
        self.file = file
        self.name = name
        self.compressedSize = compressedSize
        self.declaredSize = declaredSize
    }

    deinit { zip_fclose(file) }

    /// Fills `buffer` with the next inflated bytes; returns 0 at the end of the entry.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ZipError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let count = zip_fread(file, base, zip_uint64_t(buffer.count))
        if count < 0 {
            let error: UnsafeMutablePointer<zip_error_t>? = zip_file_get_error(file)
            guard let error else { throw .readFailed(entry: name, failure: .other(code: -1)) }
            throw .readFailed(entry: name, failure: ZipFailure(libzip: zip_error_code_zip(error), system: zip_error_code_system(error)))
        }
        bytesRead += Int(count)
        if let declaredSize, bytesRead > declaredSize { throw .declaredSizeExceeded(entry: name, declared: declaredSize) }
        let limits = owner.limits
        if bytesRead > limits.maxEntryBytes {
            throw .entryTooLarge(entry: name, limit: limits.maxEntryBytes)
        }
        if bytesRead > limits.ratioGraceBytes {
            let ratio = bytesRead / max(compressedSize, 1)
            if ratio > limits.maxRatio { throw .compressionRatio(entry: name, ratio: ratio, limit: limits.maxRatio) }
        }
        return Int(count)
    }
}
