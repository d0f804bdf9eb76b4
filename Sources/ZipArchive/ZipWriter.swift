internal import CLibZip
#if canImport(Glibc)
internal import Glibc
#endif

/// A wall-clock instant as a zip entry stores it (MS-DOS date and time, two-second steps, no zone).
/// Given as fields, not as a `time_t`, so the bytes never depend on the machine's time zone.
public struct ZipTimestamp: Sendable, Equatable {
    public var year, month, day, hour, minute, second: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year; self.month = month; self.day = day
        self.hour = hour; self.minute = minute; self.second = second
    }

    var dosTime: UInt16 { UInt16(clamping: hour << 11 | minute << 5 | second / 2) }
    var dosDate: UInt16 { UInt16(clamping: max(0, min(127, year - 1980)) << 9 | month << 5 | day) }
}

/// How an entry is stored.
public enum ZipEntryMethod: Sendable {
    /// Bytes as they are (JPEGs: already compressed).
    case store
    /// Deflate at the given level (1...9).
    case deflate(level: Int)
}

/// Writes a new zip archive with libzip: entries in the order added, UTF-8 names flagged, a fixed
/// timestamp and Unix mode per entry, so the same entries give the same bytes. With a password,
/// every entry is AES-256 encrypted (WinZip AE-2); AES uses a random salt, so encrypted archives
/// differ from run to run. Nothing is written until `close()`; libzip writes a temporary file
/// beside `path` and renames it. Confine one instance to one task.
public final class ZipWriter {
    private var handle: OpaquePointer?
    public let path: String
    private let password: String?

    /// Whether this libzip can write AES-256 encrypted entries.
    public static var supportsAES256: Bool { zip_encryption_method_supported(zip_uint16_t(ZIP_EM_AES_256), 1) != 0 }

    /// Creates (or truncates) the archive at `path`.
    public init(path: String, password: String? = nil) throws(ZipError) {
        var code: Int32 = 0
        guard let zip = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code) else {
            var error = zip_error_t()
            zip_error_init_with_code(&error, code)
            defer { zip_error_fini(&error) }
            throw .writeFailed(path: path, reason: String(cString: zip_error_strerror(&error)))
        }
        if let password, !ZipWriter.supportsAES256 {
            _ = password
            zip_discard(zip)
            throw .writeFailed(path: path, reason: "this libzip cannot write AES-256 encrypted entries")
        }
        handle = zip
        self.path = path
        self.password = password
    }

    deinit { if let handle { zip_discard(handle) } }

    /// Adds an entry from memory (the bytes are copied).
    public func add(name: String, bytes: [UInt8], method: ZipEntryMethod, time: ZipTimestamp, mode: UInt32 = 0o600) throws(ZipError) {
        guard let handle else { throw .writeFailed(path: path, reason: "archive already closed") }
        let copy = malloc(max(1, bytes.count))
        guard let copy else { throw .writeFailed(path: path, reason: "out of memory") }
        bytes.withUnsafeBytes { buffer in
            if let base = buffer.baseAddress, buffer.count > 0 { memcpy(copy, base, buffer.count) }
        }
        // freep = 1: libzip frees the copy when the source is done with.
        guard let source = zip_source_buffer(handle, copy, zip_uint64_t(bytes.count), 1) else {
            free(copy)
            throw .writeFailed(path: path, reason: String(cString: zip_strerror(handle)))
        }
        try add(name: name, source: source, method: method, time: time, mode: mode)
    }

    /// Adds an entry whose bytes libzip reads from `file` when the archive is closed.
    public func add(name: String, file: String, method: ZipEntryMethod, time: ZipTimestamp, mode: UInt32 = 0o600) throws(ZipError) {
        guard let handle else { throw .writeFailed(path: path, reason: "archive already closed") }
        guard let source = zip_source_file(handle, file, 0, -1) else {
            throw .writeFailed(path: path, reason: "\(file): \(String(cString: zip_strerror(handle)))")
        }
        try add(name: name, source: source, method: method, time: time, mode: mode)
    }

    private func add(name: String, source: OpaquePointer, method: ZipEntryMethod, time: ZipTimestamp, mode: UInt32) throws(ZipError) {
        guard let handle else { return }
        let index = zip_file_add(handle, name, source, zip_flags_t(ZIP_FL_ENC_UTF_8))
        guard index >= 0 else {
            zip_source_free(source)
            throw .writeFailed(path: path, reason: "\(name): \(String(cString: zip_strerror(handle)))")
        }
        let entry = zip_uint64_t(index)
        var ok = true
        switch method {
        case .store: ok = zip_set_file_compression(handle, entry, ZIP_CM_STORE, 0) == 0
        case .deflate(let level): ok = zip_set_file_compression(handle, entry, ZIP_CM_DEFLATE, zip_uint32_t(max(1, min(9, level)))) == 0
        }
        ok = ok && zip_file_set_dostime(handle, entry, time.dosTime, time.dosDate, 0) == 0
        // Unix, regular file, the given permissions: the same bytes on every host.
        ok = ok && zip_file_set_external_attributes(handle, entry, 0, zip_uint8_t(ZIP_OPSYS_UNIX), (0o100000 | mode) << 16) == 0
        if let password {
            ok = ok && zip_file_set_encryption(handle, entry, zip_uint16_t(ZIP_EM_AES_256), password) == 0
        }
        guard ok else { throw .writeFailed(path: path, reason: "\(name): \(String(cString: zip_strerror(handle)))") }
    }

    /// Writes the archive. On failure nothing is left under `path` (libzip removes its temporary file).
    public func close() throws(ZipError) {
        guard let handle else { return }
        if zip_close(handle) != 0 {
            let reason = String(cString: zip_strerror(handle))
            zip_discard(handle)
            self.handle = nil
            throw .writeFailed(path: path, reason: reason)
        }
        self.handle = nil
    }

    /// Abandons the archive without writing anything.
    public func discard() {
        if let handle { zip_discard(handle) }
        handle = nil
    }
}
