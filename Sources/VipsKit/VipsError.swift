/// Why a libvips call failed. Messages come from libvips' error buffer, trimmed.
public enum VipsError: Error, Equatable, Sendable {
    /// `vips_init` failed (libvips missing modules, broken install).
    case initFailed(String)
    /// Not an image, or a truncated or corrupt one.
    case unreadable(String)
    /// The header claims more pixels than the caller allows (a decompression bomb guard,
    /// checked before any pixel is decoded).
    case tooManyPixels(width: Int, height: Int, limit: Int)
    /// A format this libvips cannot decode here, e.g. HEIC without the heif loader.
    case unsupported(String)
    /// Any other libvips failure (bad crop rectangle, save error, ...).
    case operationFailed(String)
}

extension VipsError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .initFailed(let message): "libvips could not start: \(message)"
        case .unreadable(let message): "not a readable image: \(message)"
        case .tooManyPixels(let width, let height, let limit):
            "image is \(width)×\(height) = \(width * height) pixels, more than the limit of \(limit)"
        case .unsupported(let message): "unsupported image: \(message)"
        case .operationFailed(let message): "image operation failed: \(message)"
        }
    }
}
