internal import CVipsShim

/// Process-wide libvips set-up and capabilities.
public enum Vips {
    /// Runs once per process: `vips_init`, operation cache off (`vips_cache_set_max(0)`, so memory
    /// stays flat across a batch), loaders libvips marks untrusted blocked (magick, pdf, svg, jxl,
    /// jp2k, ...), libvips warnings kept off stderr, one worker thread.
    private static let startup: Result<Void, VipsError> = {
        if shim_init("sscard") != 0 {
            return .failure(.initFailed(takeError(or: "vips_init failed")))
        }
        shim_set_concurrency(1)
        return .success(())
    }()

    /// Starts libvips and sets the number of worker threads it uses per pipeline.
    ///
    /// Idempotent and thread-safe: the start-up runs once; each call sets the thread count.
    /// Loading an image without calling this first starts libvips with one thread.
    /// - Parameter concurrency: libvips worker threads (at least 1).
    /// - Throws: `VipsError.initFailed` when libvips cannot start.
    public static func initialize(concurrency: Int = 1) throws(VipsError) {
        try startup.get()
        shim_set_concurrency(Int32(clamping: max(1, concurrency)))
    }

    /// Starts libvips if nobody has yet (one thread).
    static func ensureStarted() throws(VipsError) {
        try startup.get()
    }

    /// The libvips version, e.g. "8.14.1".
    public static var version: String {
        String(cString: shim_version())
    }

    /// Whether a loader that is not blocked claims files with this suffix.
    /// - Parameter suffix: with or without the dot, any case: ".heic", "jpg", ".PNG".
    public static func canLoad(suffix: String) -> Bool {
        guard (try? ensureStarted()) != nil else { return false }
        return shim_can_load_suffix(suffix) != 0
    }
}

/// Takes (and clears) the libvips error buffer as one trimmed line.
func takeError(or fallback: String) -> String {
    guard let raw = shim_error_take() else { return fallback }
    defer { shim_free(raw) }
    let lines = String(cString: raw)
        .split(whereSeparator: \.isNewline)
        .map { $0.trimmingWhitespace() }
        .filter { !$0.isEmpty }
    var unique: [Substring] = []
    for line in lines where !unique.contains(line) { unique.append(line) }
    return unique.isEmpty ? fallback : unique.joined(separator: "; ")
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        var s = self
        while let first = s.first, first.isWhitespace { s.removeFirst() }
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return s
    }
}
