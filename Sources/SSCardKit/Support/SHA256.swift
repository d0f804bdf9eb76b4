import Digest

/// SHA-256 (FIPS 180-4), for content-addressed images, import identity and the batch manifest.
/// The work is libcrypto's (the `Digest` target); copies of one value share one running hash.
public struct SHA256 {
    private let hasher = SHA256Hasher()

    public init() {}

    /// The hex digest of `bytes`.
    public static func hex<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hex(digest: hasher.finalize())
    }

    /// Lower-case hex of a digest.
    public static func hex(digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(digest.count * 2)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public mutating func update<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        hasher.update(bytes)
    }

    public mutating func finalize() -> [UInt8] { hasher.finalize() }
}
