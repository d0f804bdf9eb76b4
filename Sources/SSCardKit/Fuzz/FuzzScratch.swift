import Foundation

/// One private scratch folder per process for the fuzz entry points, whose readers take paths.
enum FuzzScratch {
    static let folder: String? = {
        let path = location()
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else { return nil }
        atexit { FuzzScratch.remove() }
        return path
    }()

    private static func location() -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return (base as NSString).appendingPathComponent("sscard-fuzz-\(getpid())")
    }

    /// Removes the folder and what the entry points wrote into it (at exit).
    private static func remove() {
        let path = location()
        for name in ["input.csv", "input.xlsx"] { unlink((path as NSString).appendingPathComponent(name)) }
        rmdir(path)
    }

    /// Writes `bytes` over `folder/name` and returns the path (nil if it cannot be written).
    static func write(_ bytes: [UInt8], name: String) -> String? {
        guard let folder else { return nil }
        let path = (folder as NSString).appendingPathComponent(name)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return nil }
            written += count
        }
        return path
    }
}
