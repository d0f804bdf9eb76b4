import Foundation


/// Makes `path` and any missing parents (new ones mode 0700); a failure names the folder's own
/// errno in both languages (`ENOTDIR` when a file stands where a folder should be).
func makeFolders(_ path: String) throws(SSCardError) {
    var isDirectory = false
    if fileExists(path, &isDirectory) {
        guard isDirectory else { throw .fileWriteFailed(path: path, step: .folder, code: ENOTDIR) }
        return
    }
    let parent = (path as NSString).deletingLastPathComponent
    if !parent.isEmpty, parent != path { try makeFolders(parent) }
    if mkdir(path, 0o700) != 0 && errno != EEXIST { throw .fileWriteFailed(path: path, step: .folder, code: errno) }
}

func fileExists(_ path: String, _ isDirectory: inout Bool) -> Bool {
    var flag: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: path, isDirectory: &flag)
    isDirectory = flag.boolValue
    return exists
}

/// A whole file's bytes, refused past `maxBytes` (`what` names the limit in the message).
/// Plain read(2) into an array of the file's size: FileHandle.read(upToCount:) kept buffers of
/// its own that added up to several times an image folder over a run.
func readWholeFile(_ path: String, maxBytes: Int, what: Message) throws(SSCardError) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw .readFailed(path: path, reason: SystemReason.message(errno: errno)) }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { throw .readFailed(path: path, reason: SystemReason.message(errno: errno)) }
    let size = Int(status.st_size)
    if size > maxBytes { throw .tooLarge(path: path, what: what, limit: maxBytes) }
    var bytes = [UInt8](repeating: 0, count: size)
    var filled = 0
    while filled < size {
        let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, size - filled) }
        if count < 0 && errno == EINTR { continue }
        guard count >= 0 else { throw .readFailed(path: path, reason: SystemReason.message(errno: errno)) }
        if count == 0 { break }  // the file shrank while being read
        filled += count
    }
    if filled < size { bytes.removeSubrange(filled...) }
    return bytes
}

/// The hex SHA-256 of a file, streamed in chunks.
func fileSHA256(_ path: String) throws(SSCardError) -> String {
    let chunks = try FileChunks(path: path)
    var hasher = SHA256()
    while true {
        let chunk = try chunks.next()
        if chunk.isEmpty { break }
        hasher.update(chunk)
    }
    return SHA256.hex(digest: hasher.finalize())
}

/// Writes a file that only its owner can read (reports carry personal data), replacing it atomically
/// (a unique 0600 temporary name, fsync, rename, fsync of the folder: see `PrivateFile`).
public func writePrivateFile(_ data: Data, to path: String) throws(SSCardError) {
    let file = try PrivateFile(replacing: path)
    let result: Result<Void, SSCardError> = data.withUnsafeBytes { buffer in
        do throws(SSCardError) {
            try file.write(buffer)
            return .success(())
        } catch {
            return .failure(error)
        }
    }
    try result.get()
    try file.commit()
}

/// Writes text without an intermediate copy (reports of a million rows are large).
public func writePrivateFile(_ text: String, to path: String) throws(SSCardError) {
    var text = text
    let result: Result<Void, SSCardError> = text.withUTF8 { bytes in
        do throws(SSCardError) {
            try writePrivateFile(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!),
                                      count: bytes.count, deallocator: .none), to: path)
            return .success(())
        } catch {
            return .failure(error)
        }
    }
    try result.get()
}

/// Writes text to standard output without an intermediate copy.
public func writeStandardOutput(_ text: String) {
    writeStandardOutput(bytes: Array(text.utf8))
}

/// Writes bytes to standard output, all of them (h8-clerk: text in the locale's encoding).
public func writeStandardOutput(bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
            if written <= 0 { if errno == EINTR { continue }; return }
            offset += written
        }
    }
}
