internal import CLibZip
#if canImport(Glibc)
internal import Glibc
#endif

/// Why a zip archive or one of its entries could not be read.
public enum ZipError: Error, Equatable, Sendable {
    /// The file is not a zip archive, or its directory is damaged.
    case cannotOpen(path: String, reason: String)
    /// The archive holds more entries than the caller allows.
    case tooManyEntries(count: Int, limit: Int)
    /// No entry of that name.
    case noSuchEntry(String)
    /// An entry inflated past the byte budget the caller set.
    case entryTooLarge(entry: String, limit: Int)
    /// An entry inflates far beyond its compressed size: the shape of a zip bomb.
    case compressionRatio(entry: String, ratio: Int, limit: Int)
    /// The compressed data of an entry is damaged.
    case readFailed(entry: String, reason: String)
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
public final class ZipArchive {
    private let handle: OpaquePointer
    public let path: String
    public let limits: ZipLimits

    /// - Parameter password: for AES or PKWARE encrypted entries.
    public init(path: String, limits: ZipLimits = ZipLimits(), password: String? = nil) throws(ZipError) {
        var code: Int32 = 0
        guard let zip = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &code) else {
            var error = zip_error_t()
            zip_error_init_with_code(&error, code)
            defer { zip_error_fini(&error) }
            throw .cannotOpen(path: path, reason: String(cString: zip_error_strerror(&error)))
        }
        handle = zip
        self.path = path
        self.limits = limits
        if let password { zip_set_default_password(zip, password) }
        let count = Int(zip_get_num_entries(zip, 0))
        if count > limits.maxEntries {
            zip_discard(zip)
            throw .tooManyEntries(count: count, limit: limits.maxEntries)
        }
    }

    deinit { zip_discard(handle) }

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
            return ZipEntryInfo(name: name, size: Int(stat.size), compressedSize: Int(stat.comp_size),
                                crc: UInt32(stat.crc), stored: stat.comp_method == zip_uint16_t(ZIP_CM_STORE),
                                encrypted: stat.encryption_method != zip_uint16_t(ZIP_EM_NONE))
        }
    }

    /// Whether an entry of that exact name exists.
    public func contains(_ name: String) -> Bool { zip_name_locate(handle, name, 0) >= 0 }

    /// Opens an entry for streaming. Its bytes are inflated on demand, within the archive's limits.
    public func open(_ name: String) throws(ZipError) -> ZipEntryReader {
        let index = zip_name_locate(handle, name, 0)
        guard index >= 0 else { throw .noSuchEntry(name) }
        var stat = zip_stat_t()
        zip_stat_init(&stat)
        guard zip_stat_index(handle, zip_uint64_t(index), 0, &stat) == 0 else {
            throw .readFailed(entry: name, reason: String(cString: zip_strerror(handle)))
        }
        guard let file = zip_fopen_index(handle, zip_uint64_t(index), 0) else {
            throw .readFailed(entry: name, reason: String(cString: zip_strerror(handle)))
        }
        let compressed = (stat.valid & zip_uint64_t(ZIP_STAT_COMP_SIZE)) != 0 ? Int(stat.comp_size) : 0
        return ZipEntryReader(owner: self, file: file, name: name, compressedSize: compressed)
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
                throw .readFailed(entry: name, reason: "\(error)")
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

/// One entry being inflated. Keeps its archive alive.
public final class ZipEntryReader {
    private let owner: ZipArchive
    private let file: OpaquePointer
    public let name: String
    private let compressedSize: Int
    public private(set) var bytesRead = 0

    init(owner: ZipArchive, file: OpaquePointer, name: String, compressedSize: Int) {
        self.owner = owner
        self.file = file
        self.name = name
        self.compressedSize = compressedSize
    }

    deinit { zip_fclose(file) }

    /// Fills `buffer` with the next inflated bytes; returns 0 at the end of the entry.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ZipError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let count = zip_fread(file, base, zip_uint64_t(buffer.count))
        if count < 0 {
            throw .readFailed(entry: name, reason: String(cString: zip_file_strerror(file)))
        }
        bytesRead += Int(count)
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
