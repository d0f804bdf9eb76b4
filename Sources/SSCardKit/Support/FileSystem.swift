import Foundation


func fileExists(_ path: String, _ isDirectory: inout Bool) -> Bool {
    var flag: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: path, isDirectory: &flag)
    isDirectory = flag.boolValue
    return exists
}

/// Writes a file that only its owner can read (reports carry personal data), replacing it atomically.
public func writePrivateFile(_ data: Data, to path: String) throws(SSCardError) {
    // A device or a pipe (/dev/null, /dev/stdout, a FIFO) is written in place, not replaced.
    var status = stat()
    if stat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG, (status.st_mode & S_IFMT) != S_IFDIR {
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        handle.write(data)
        try? handle.close()
        return
    }
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent()
    let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
    let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
    var written = 0
    let ok = data.withUnsafeBytes { buffer -> Bool in
        while written < buffer.count {
            let count = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            if count <= 0 { return false }
            written += count
        }
        return true
    }
    let reason = String(cString: strerror(errno))
    fsync(descriptor)
    close(descriptor)
    guard ok, rename(temporary.path, path) == 0 else {
        unlink(temporary.path)
        throw .cannotWrite(path: path, reason: reason)
    }
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
