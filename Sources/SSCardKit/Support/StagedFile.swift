import Foundation

/// A file written by a library that takes a path (libxlsxwriter): it is written under a hidden
/// temporary name beside the target, created mode 0600 before the library opens it, then synced
/// and renamed into place, so the target appears complete or not at all.
public struct StagedFile {
    public let target: String
    /// Where the writer should write.
    public let path: String

    public init(target: String) throws(SSCardError) {
        self.target = target
        let url = URL(fileURLWithPath: target)
        let directory = url.deletingLastPathComponent()
        var isDirectory = false
        guard fileExists(directory.path, &isDirectory), isDirectory else {
            throw .cannotWrite(path: target, reason: "no such folder \(directory.path)")
        }
        path = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .cannotWrite(path: target, reason: String(cString: strerror(errno))) }
        fchmod(descriptor, 0o600)
        close(descriptor)
    }

    /// The folder of the target: scratch files of the writer go there rather than to a /tmp in memory.
    public var directory: String { URL(fileURLWithPath: target).deletingLastPathComponent().path }

    /// Syncs the finished file and renames it over the target.
    public func commit() throws(SSCardError) {
        chmod(path, 0o600)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
        guard rename(path, target) == 0 else {
            let reason = String(cString: strerror(errno))
            discard()
            throw .cannotWrite(path: target, reason: reason)
        }
    }

    /// Removes the unfinished file.
    public func discard() { unlink(path) }
}
