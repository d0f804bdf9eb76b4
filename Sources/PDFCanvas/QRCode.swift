internal import CQREncode

/// A QR code's modules (libqrencode, error correction level M, byte mode).
public struct QRCode: Sendable {
    /// Modules per side.
    public let size: Int
    /// Row-major, true = dark.
    public let modules: [Bool]

    public init(_ payload: String) throws(CanvasError) {
        guard let code = QRcode_encodeString8bit(payload, 0, QR_ECLEVEL_M) else {
            throw .library("libqrencode could not encode \(payload.utf8.count) bytes")
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        size = width
        modules = (0..<(width * width)).map { code.pointee.data[$0] & 1 == 1 }
    }

    public func isDark(x: Int, y: Int) -> Bool { modules[y * size + x] }
}
