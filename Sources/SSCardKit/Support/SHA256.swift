import Digest

/// SHA-256 (FIPS 180-4), for content-addressed images and the batch manifest. Backed by OpenSSL
/// (the Digest target): a batch of gigabytes is hashed at disk speed.
public struct SHA256 {
    private let context = SHA256Context()

    public init() {}

    /// The hex digest of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        return hex(digest: hasher.finalize())
    }

    public static func hex(digest: [UInt8]) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(digest.count * 2)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public mutating func update(_ bytes: [UInt8]) { context.update(bytes) }

    public mutating func update(_ buffer: UnsafeRawBufferPointer) { context.update(buffer) }

    public mutating func finalize() -> [UInt8] { context.finalize() }
}
