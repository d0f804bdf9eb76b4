import Foundation
import PDFCanvas

/// The two Noto CJK faces of the form (Debian's fonts-noto-cjk): Noto Serif CJK SC (宋体 style)
/// for labels and titles, Noto Sans CJK SC (黑体 style) for filled values. `SSCARD_FONTS` names
/// another folder holding the same two files.
public enum FormFonts {
    public static let defaultDirectory = "/usr/share/fonts/opentype/noto"
    public static let serifFile = "NotoSerifCJK-Regular.ttc", sansFile = "NotoSansCJK-Regular.ttc"
    /// Face 2 of each collection is the Simplified Chinese one.
    public static let faceIndex = 2

    private static let cache = Mutexed<FontLibrary?>(nil)

    /// Opened once per process and shared by every thread.
    public static func shared(environment: [String: String] = ProcessInfo.processInfo.environment) throws(SSCardError) -> FontLibrary {
        try cache.withLock { (cached: inout FontLibrary?) throws(SSCardError) -> FontLibrary in
            if let cached { return cached }
            let directory = environment["SSCARD_FONTS"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultDirectory
            do throws(CanvasError) {
                let library = try FontLibrary(
                    serif: FontSource(path: (directory as NSString).appendingPathComponent(serifFile), index: faceIndex, family: "Noto Serif CJK SC"),
                    sans: FontSource(path: (directory as NSString).appendingPathComponent(sansFile), index: faceIndex, family: "Noto Sans CJK SC"))
                cached = library
                return library
            } catch {
                if case .font(let path, _) = error { throw SSCardError.fontMissing(path: path) }
                throw .internal("fonts: \(error)")
            }
        }
    }
}

/// A value behind a lock.
final class Mutexed<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<T, E: Error>(_ body: (inout Value) throws(E) -> T) throws(E) -> T {
        lock.lock(); defer { lock.unlock() }
        return try body(&value)
    }
}
