import Foundation

/// A file written by a library that takes a path (libxlsxwriter): it is written under a hidden
/// temporary name beside the target, then synced and renamed into place, so the target appears
/// complete or not at all. The name is unpredictable and created `O_CREAT|O_EXCL|O_NOFOLLOW`
/// with mode 0600 before the library opens it (as `PrivateFile` does), so nothing planted
/// beside the target is followed or reused.
public struct StagedFile {
    public let target: String
    /// Where the writer should write.
    public let path: String

    public init(target: String) throws(SSCardError) {
        self.target = target
        let url = URL(fileURLWithPath: target)
        let directory = url.deletingLastPathComponent()
        var isDirectory = false
        let exists = fileExists(directory.path, &isDirectory)
        guard exists, isDirectory else { throw .fileWriteFailed(path: target, step: .create, code: exists ? ENOTDIR : ENOENT) }
        let (descriptor, name) = try PrivateFile.createUnique(in: directory.path, prefix: "." + url.lastPathComponent + ".", reportingFor: target)
        close(descriptor)
        path = name
    }

    /// The folder of the target: scratch files of the writer go there rather than to a /tmp in memory.
    public var directory: String { URL(fileURLWithPath: target).deletingLastPathComponent().path }

    /// Syncs the finished file, renames it over the target and syncs the folder; a failing step
    /// names its own errno (and the temporary file is removed).
    public func commit() throws(SSCardError) {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            discard()
            throw .fileWriteFailed(path: target, step: .sync, code: code)
        }
        fchmod(descriptor, 0o600)
        guard fsync(descriptor) == 0 else {
            let code = errno
            close(descriptor)
            discard()
            throw .fileWriteFailed(path: target, step: .sync, code: code)
        }
        close(descriptor)
        guard rename(path, target) == 0 else {
            let code = errno
            discard()
            throw .fileWriteFailed(path: target, step: .rename, code: code)
        }
        let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)  // makes the rename durable; some file systems refuse, harmlessly
            close(folder)
        }
    }

    /// Removes the unfinished file.
    public func discard() { unlink(path) }
}
