import Foundation

/// A file written by a library that takes a path (libxlsxwriter): it is written inside a private
/// folder beside the target, then synced and renamed into place, so the target appears complete
/// or not at all.
///
/// The folder (`.<name>.sscard-<pid>-<random>`, mode 0700, made with `mkdir`, which never
/// follows or reuses anything planted there) also takes the writer's scratch files: libxlsxwriter
/// names each of its temporary files for an instant before removing it, and those hold persons'
/// data. A process killed at that instant, or while the workbook is half-written, leaves only
/// that one hidden folder, never loose files beside the clerk's own; the next write of the same
/// target removes the folders of processes that are gone.
public struct StagedFile {
    public let target: String
    /// Where the writer should write.
    public let path: String
    /// The private folder: give it to the writer for its scratch files.
    public let scratchFolder: String

    public init(target: String) throws(SSCardError) {
        self.target = target
        let url = URL(fileURLWithPath: target)
        let directory = url.deletingLastPathComponent().path
        var isDirectory = false
        let exists = fileExists(directory, &isDirectory)
        guard exists, isDirectory else { throw .fileWriteFailed(path: target, step: .create, code: exists ? ENOTDIR : ENOENT) }
        let prefix = Self.folderPrefix(url.lastPathComponent)
        Self.removeAbandonedFolders(in: directory, prefix: prefix)
        scratchFolder = try Self.makePrivateFolder(in: directory, prefix: prefix + "\(getpid())-", reportingFor: target)
        do {
            let (descriptor, name) = try PrivateFile.createUnique(in: scratchFolder, prefix: "." + url.lastPathComponent + ".",
                                                                  reportingFor: target)
            close(descriptor)
            path = name
        } catch {
            Self.removeFolder(scratchFolder)
            throw error
        }
    }

    /// The folder of the target.
    public var directory: String { URL(fileURLWithPath: target).deletingLastPathComponent().path }

    /// Syncs the finished file, renames it over the target and syncs the folder; a failing step
    /// names its own errno (and the private folder is removed).
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
        Self.removeFolder(scratchFolder)
    }

    /// Removes the unfinished file and the private folder.
    public func discard() { Self.removeFolder(scratchFolder) }

    // MARK: the private folder

    static func folderPrefix(_ targetName: String) -> String { "." + targetName + ".sscard-" }

    private static func makePrivateFolder(in directory: String, prefix: String, reportingFor target: String) throws(SSCardError) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz".utf8)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let suffix = String(decoding: (0..<10).map { _ in letters[Int(generator.next() % UInt64(letters.count))] }, as: UTF8.self)
            let folder = (directory as NSString).appendingPathComponent(prefix + suffix)
            if mkdir(folder, 0o700) == 0 { return folder }
            if errno != EEXIST { throw .fileWriteFailed(path: target, step: .create, code: errno) }
        }
        throw .fileWriteFailed(path: target, step: .create, code: EEXIST)
    }

    /// Removes the files of a private folder (the writers make no subfolders) and the folder.
    static func removeFolder(_ folder: String) {
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) {
            for entry in entries { unlink((folder as NSString).appendingPathComponent(entry)) }
        }
        rmdir(folder)
    }

    /// The private folders of earlier writes of this target whose process is gone (killed, or
    /// the machine stopped): ours by name, owner and kind, never a link.
    static func removeAbandonedFolders(in directory: String, prefix: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            let rest = entry.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0 else { continue }
            guard kill(pid, 0) != 0, errno == ESRCH else { continue }  // still running, or not ours to ask
            let folder = (directory as NSString).appendingPathComponent(entry)
            var status = stat()
            guard lstat(folder, &status) == 0, status.st_mode & S_IFMT == S_IFDIR, status.st_uid == geteuid() else { continue }
            removeFolder(folder)
        }
    }
}
