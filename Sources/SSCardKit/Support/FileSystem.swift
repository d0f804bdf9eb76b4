import Foundation


func fileExists(_ path: String, _ isDirectory: inout Bool) -> Bool {
    var flag: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: path, isDirectory: &flag)
    isDirectory = flag.boolValue
    return exists
}

/// Writes a file that only its owner can read (reports carry personal data), replacing it atomically.
public func writePrivateFile(_ data: Data, to path: String) throws(SSCardError) {
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
