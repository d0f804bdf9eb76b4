/// Why a document could not be made.
public enum CanvasError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A font file is missing or is not a font.
    case font(path: String, reason: String)
    /// cairo, pango, fontconfig, HarfBuzz or libqrencode failed.
    case library(String)
    /// A PDF to join is not one this library wrote (see `PDFJoiner`).
    case cannotJoin(String)

    public var description: String {
        switch self {
        case .font(let path, let reason): "\(path): \(reason)"
        case .library(let text): text
        case .cannotJoin(let reason): "cannot join: \(reason)"
        }
    }
}
