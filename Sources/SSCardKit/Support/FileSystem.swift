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
