import Foundation

/// The export lock: `flock` on `<store>.export.lock`, beside the store. The holder writes its pid
/// and start time into the file, so a second export that gives up can name it. The kernel drops
/// the lock when the holder exits, however it exits (kill -9 included).
public final class ExportLock {
    public let path: String
    private let descriptor: Int32

    public static func path(forStore store: String) -> String { store + ".export.lock" }

    /// Waits up to `wait` seconds for the lock.
    /// - Throws: `.exportLocked` naming the holder when the time runs out.
    public init(store: String, wait: Double) throws(SSCardError) {
        path = ExportLock.path(forStore: store)
        // Never through a link planted at the lock's name: the lock file is truncated and written.
        descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .fileWriteFailed(path: path, step: .open, code: errno) }
        let deadline = Date().addingTimeInterval(max(0, wait))
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                let holder = ExportLock.holder(descriptor)
                close(descriptor)
                throw .exportLocked(lock: path, pid: holder.pid, since: holder.since)
            }
            usleep(100_000)
        }
        let stamp = ISO8601DateFormatter.string(from: Date(), timeZone: .current, formatOptions: [.withInternetDateTime])
        let text = "pid=\(getpid()) started=\(stamp)\n"
        _ = ftruncate(descriptor, 0)
        _ = text.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    /// Tries once, without waiting; nil when another process holds it.
    public static func attempt(store: String) -> ExportLock? { try? ExportLock(store: store, wait: 0) }

    deinit {
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    private static func holder(_ descriptor: Int32) -> (pid: String, since: String) {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        let text = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : ""
        var pid = "?", since = "?"
        for part in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            if part.hasPrefix("pid=") { pid = String(part.dropFirst(4)) }
            if part.hasPrefix("started=") { since = String(part.dropFirst(8)) }
        }
        return (pid, since)
    }
}
