/// Whether a file is UTF-8 throughout, found before a CSV is parsed (`auto` falls back to
/// GB18030 for the whole file). Nothing else runs while it reads the file, so a large file is
/// checked as two halves on two threads: the halves meet at the start of a character, where a
/// fresh check begins in the same state as one that read the first half, and the first bad byte
/// is the same as one pass finds.
enum UTF8Probe {
    /// Files smaller than this are checked in one pass (a thread costs more than it saves).
    static let splitThreshold = 8 << 20

    /// The offset of the first byte that is not valid UTF-8, or nil when the whole file is.
    static func firstInvalidOffset(path: String, splitAt threshold: Int = splitThreshold) throws(SSCardError) -> Int? {
        let probe = try FileChunks(path: path)
        let size = try probe.size()
        guard size >= threshold, let middle = try characterStart(near: size / 2, in: path, size: size) else {
            return try check(probe, base: 0)
        }
        let halves = parallelMap([0..<middle, middle..<size]) { range -> Result<Int?, SSCardError> in
            do throws(SSCardError) {
                return .success(try check(FileChunks(path: path, range: range), base: range.lowerBound))
            } catch {
                return .failure(error)
            }
        }
        for half in halves {
            switch half {
            case .failure(let error): throw error
            case .success(let offset?): return offset
            case .success(nil): continue
            }
        }
        return nil
    }

    /// The first offset at or after `offset` whose byte is not a continuation byte (at most three
    /// on), or nil when there is none there (a bad sequence: one pass decides).
    static func characterStart(near offset: Int, in path: String, size: Int) throws(SSCardError) -> Int? {
        let window = try FileChunks(path: path, chunkSize: 4, range: offset..<min(size, offset + 4)).next()
        for (step, byte) in window.enumerated() where byte & 0xC0 != 0x80 { return offset + step }
        return nil
    }

    private static func check(_ chunks: FileChunks, base: Int) throws(SSCardError) -> Int? {
        var validator = UTF8Validator()
        while true {
            let piece = try chunks.next()
            if piece.isEmpty { return validator.finish() ? nil : base + (validator.firstInvalidOffset ?? 0) }
            if !validator.feed(piece) { return base + (validator.firstInvalidOffset ?? 0) }
        }
    }
}
