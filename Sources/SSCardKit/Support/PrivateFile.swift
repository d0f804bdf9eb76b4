import Foundation

/// A file being written that only its owner can read, which appears at its path complete or not
/// at all: the bytes go to a fresh, unpredictable name in the same folder (created with
/// `O_CREAT|O_EXCL|O_NOFOLLOW`, mode 0600, so nothing planted there is followed or reused),
/// then `commit` syncs it, renames it over the path and syncs the folder. A device or pipe
/// (/dev/null, /dev/stdout, a FIFO) is written in place instead. Dropped without `commit`
/// (an error, a thrown exit), the temporary file is removed.
public final class PrivateFile {
    public let path: String
    private var descriptor: Int32
    private let temporary: String?
    private let folder: String
    private var committed = false

    public init(replacing path: String) throws(SSCardError) {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        self.folder = folder.isEmpty ? "." : folder
        var status = stat()
        if stat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG, (status.st_mode & S_IFMT) != S_IFDIR {
            let descriptor = open(path, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw .fileWriteFailed(path: path, step: .create, code: errno) }
            self.descriptor = descriptor
            temporary = nil
            return
        }
        let (descriptor, name) = try Self.createUnique(in: self.folder, prefix: "." + (path as NSString).lastPathComponent + ".",
                                                       reportingFor: path)
        self.descriptor = descriptor
        temporary = name
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        if !committed, let temporary { unlink(temporary) }
    }

    /// Whether the path is a device or pipe being written in place.
    public var isInPlace: Bool { temporary == nil }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(SSCardError) {
        guard let base = bytes.baseAddress else { return }
        guard Self.writeAll(descriptor, base, bytes.count) else { throw .fileWriteFailed(path: path, step: .write, code: errno) }
    }

    public func write(_ bytes: [UInt8]) throws(SSCardError) {
        let code: Int32? = bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return nil }
            return Self.writeAll(descriptor, base, buffer.count) ? nil : errno
        }
        if let code { throw .fileWriteFailed(path: path, step: .write, code: code) }
    }

    public func write(_ text: String) throws(SSCardError) {
        var text = text
        let code: Int32? = text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return nil }
            return Self.writeAll(descriptor, UnsafeRawPointer(base), bytes.count) ? nil : errno
        }
        if let code { throw .fileWriteFailed(path: path, step: .write, code: code) }
    }

    /// Makes the file durable and puts it in place; reports the failing step's own errno.
    public func commit() throws(SSCardError) {
        guard !committed else { return }
        guard let temporary else {
            committed = true
            close(descriptor)
            descriptor = -1
            return
        }
        guard fsync(descriptor) == 0 else { throw .fileWriteFailed(path: path, step: .sync, code: errno) }
        guard close(descriptor) == 0 else { descriptor = -1; throw .fileWriteFailed(path: path, step: .write, code: errno) }
        descriptor = -1
        guard rename(temporary, path) == 0 else { throw .fileWriteFailed(path: path, step: .rename, code: errno) }
        committed = true
        let directory = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)  // the rename itself is durable once the folder is synced; some file systems refuse, harmlessly
            close(directory)
        }
    }

    /// Opens a new file `<prefix><random>` in `folder`, mode 0600, refusing any existing name or link.
    static func createUnique(in folder: String, prefix: String, reportingFor path: String,
                             readable: Bool = false) throws(SSCardError) -> (Int32, String) {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let suffix = String(decoding: (0..<12).map { _ in letters[Int(generator.next() % UInt64(letters.count))] }, as: UTF8.self)
            let name = (folder as NSString).appendingPathComponent(prefix + suffix + ".tmp")
            let descriptor = open(name, (readable ? O_RDWR : O_WRONLY) | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if descriptor >= 0 { return (descriptor, name) }
            if errno != EEXIST { throw .fileWriteFailed(path: path, step: .create, code: errno) }
        }
        throw .fileWriteFailed(path: path, step: .create, code: EEXIST)
    }

    static func writeAll(_ descriptor: Int32, _ base: UnsafeRawPointer, _ count: Int) -> Bool {
        var offset = 0
        while offset < count {
            let written = Glibc.write(descriptor, base + offset, count - offset)
            if written < 0, errno == EINTR { continue }
            if written <= 0 {
                if written == 0 { errno = EIO }
                return false
            }
            offset += written
        }
        return true
    }
}

/// Scratch space for a report whose format needs its summary before its findings: a 0600 file
/// in the output's folder (or `$TMPDIR`) that is unlinked the moment it is created, so it is
/// gone on every way the process can end, a crash or a kill included. Holds bytes, not findings.
public final class SpoolFile {
    private let descriptor: Int32
    private let label: String
    public private(set) var byteCount = 0

    /// `near`: the report file, whose folder is tried first; standard output spools to `$TMPDIR`.
    public init(near output: String?) throws(SSCardError) {
        var folders: [String] = []
        if let output {
            var status = stat()
            let isSpecial = stat(output, &status) == 0 && (status.st_mode & S_IFMT) != S_IFREG
            let folder = (output as NSString).deletingLastPathComponent
            if !isSpecial { folders.append(folder.isEmpty ? "." : folder) }
        }
        let tmp = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        folders.append(tmp)
        var lastError: SSCardError?
        for folder in folders {
            do throws(SSCardError) {
                let (descriptor, name) = try PrivateFile.createUnique(in: folder, prefix: ".sscard-spool.", reportingFor: folder,
                                                                         readable: true)
                unlink(name)
                self.descriptor = descriptor
                label = folder
                return
            } catch {
                lastError = error
            }
        }
        throw lastError ?? .fileWriteFailed(path: tmp, step: .create, code: ENOENT)
    }

    deinit { close(descriptor) }

    public func write(_ text: String) throws(SSCardError) {
        var text = text
        var failure: SSCardError?
        text.withUTF8 { bytes in
            do throws(SSCardError) { try write(UnsafeRawBufferPointer(bytes)) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(SSCardError) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        if !PrivateFile.writeAll(descriptor, base, bytes.count) { throw .fileWriteFailed(path: label, step: .write, code: errno) }
        byteCount += bytes.count
    }

    /// Copies everything spooled so far to `output`, in chunks.
    public func copy(to output: ReportOutput) throws(SSCardError) {
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw .fileWriteFailed(path: label, step: .read, code: errno) }
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { chunk.deallocate() }
        var remaining = byteCount
        while remaining > 0 {
            let count = read(descriptor, chunk.baseAddress, min(chunk.count, remaining))
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw .fileWriteFailed(path: label, step: .read, code: count == 0 ? EIO : errno) }
            try output.write(UnsafeRawBufferPointer(rebasing: chunk[0..<count]))
            remaining -= count
        }
    }
}

/// Where a report goes: standard output, or a private file that appears once complete.
public final class ReportOutput {
    private let file: PrivateFile?
    /// The report file, or nil for standard output.
    public var path: String? { file?.path }

    /// `path` nil: standard output.
    public init(path: String?) throws(SSCardError) {
        file = try path.map { path throws(SSCardError) in try PrivateFile(replacing: path) }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(SSCardError) {
        if let file { return try file.write(bytes) }
        guard let base = bytes.baseAddress else { return }
        _ = PrivateFile.writeAll(STDOUT_FILENO, base, bytes.count)  // a closed pipe is the reader's choice
    }

    public func write(_ text: String) throws(SSCardError) {
        if let file { return try file.write(text) }
        var text = text
        text.withUTF8 { bytes in
            if let base = bytes.baseAddress { _ = PrivateFile.writeAll(STDOUT_FILENO, UnsafeRawPointer(base), bytes.count) }
        }
    }

    public func commit() throws(SSCardError) { try file?.commit() }
}
