import Foundation

/// A progress bar on standard error for long jobs: count, rate and time left (when the total is
/// known). It draws only on a terminal: never under `--quiet`, in cron, into a pipe or a file.
/// Safe to call from any thread; redraws at most ten times a second.
public final class ProgressBar: @unchecked Sendable {
    public struct Options: Sendable {
        public var quiet = false
        /// Whether standard error is a terminal (ask `isatty(2)`).
        public var isTerminal: Bool
        public var width = 24
        public init(quiet: Bool = false, isTerminal: Bool = isatty(STDERR_FILENO) == 1) {
            self.quiet = quiet
            self.isTerminal = isTerminal
        }
    }

    public let label: String
    public let unit: String
    public private(set) var total: Int?
    public let isEnabled: Bool
    private let language: Language
    private let width: Int
    private let started: Date
    private var lastDraw = Date.distantPast
    private var count = 0
    private let lock = NSLock()
    private let write: @Sendable (String) -> Void

    /// A bar for `total` items (nil when unknown): `label` names the job, `unit` the items ("行", "rows").
    /// `total` is asked for only when the bar draws (counting a roster's lines costs a read of it).
    public init(label: String, unit: String, total: @autoclosure () -> Int? = nil, language: Language, options: Options = Options(),
                write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.label = label
        self.unit = unit
        self.isEnabled = !options.quiet && options.isTerminal
        self.total = isEnabled ? total().flatMap { $0 > 0 ? $0 : nil } : nil
        self.language = language
        self.width = options.width
        self.started = Date()
        self.write = write
    }

    /// Sets the number of items done (items may be counted in any steps).
    public func update(_ done: Int, now: Date = Date()) {
        guard isEnabled else { return }
        lock.lock()
        defer { lock.unlock() }
        count = done
        if let total, done > total { self.total = done }
        guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        write("\r" + line(done: done, elapsed: now.timeIntervalSince(started)) + "\u{1B}[K")
    }

    /// Sets the items done and the total (for jobs that learn their total as they start).
    public func update(_ done: Int, of total: Int) {
        guard isEnabled else { return }
        lock.lock()
        if total > 0 { self.total = total }
        lock.unlock()
        update(done)
    }

    /// Clears the bar (the report or summary follows on a clean line).
    public func finish() {
        guard isEnabled else { return }
        lock.lock()
        defer { lock.unlock() }
        write("\r\u{1B}[K")
    }

    /// `校验 [██████░░░░]  60% 60,000/100,000 行  12,000 行/秒  剩余 0:03`.
    public func line(done: Int, elapsed: TimeInterval) -> String {
        let zh = language == .zh
        let rate = elapsed > 0.05 ? Double(done) / elapsed : 0
        var parts = [label]
        if let total {
            let fraction = min(1, Double(done) / Double(total))
            let filled = Int((fraction * Double(width)).rounded(.down))
            parts.append("[" + String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled) + "]")
            parts.append(String(format: "%3d%%", Int(fraction * 100)))
            parts.append("\(Self.grouped(done))/\(Self.grouped(total)) \(unit)")
        } else {
            parts.append("\(Self.grouped(done)) \(unit)")
        }
        if rate > 0 {
            parts.append(zh ? "\(Self.grouped(Int(rate))) \(unit)/秒" : "\(Self.grouped(Int(rate))) \(unit)/s")
            if let total, done < total {
                let left = Self.clock(Double(total - done) / rate)
                parts.append(zh ? "剩余 \(left)" : "\(left) left")
            }
        }
        return parts.joined(separator: "  ")
    }

    /// 1234567 → `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0, index % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return String(out.reversed())
    }

    /// Seconds as `m:ss`, or `h:mm:ss` past an hour.
    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        let hours = total / 3600, minutes = total % 3600 / 60, rest = total % 60
        let twoDigits = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(twoDigits(minutes)):\(twoDigits(rest))" : "\(minutes):\(twoDigits(rest))"
    }
}

/// Terminal conventions: colour only on a terminal and never when `NO_COLOR` is set (no-color.org).
public enum Terminal {
    public static func colorAllowed(isTerminal: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard isTerminal else { return false }
        if let value = environment["NO_COLOR"], !value.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return true
    }
}

/// A quick estimate of a roster's data rows before reading it, for the progress bar's total:
/// a CSV's line count (newlines inside quotes make it a little high), nil for a workbook.
public enum RosterSize {
    public static func estimatedRows(path: String) -> Int? {
        let lower = path.lowercased()
        guard lower.hasSuffix(".csv") || lower.hasSuffix(".txt") || lower.hasSuffix(".tsv") else { return nil }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var lines = 0
        var last: UInt8 = 0x0A
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            for index in 0..<count where buffer[index] == 0x0A { lines += 1 }
            last = buffer[count - 1]
        }
        if last != 0x0A { lines += 1 }
        return max(0, lines - 1)
    }
}
