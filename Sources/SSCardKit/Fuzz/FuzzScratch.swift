import Foundation

/// One private scratch folder per process for the fuzz entry points, whose readers take paths.
enum FuzzScratch {
    static let folder: String? = {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let path = (base as NSString).appendingPathComponent("sscard-fuzz-\(getpid())")
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else { return nil }
        return path
    }()

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
