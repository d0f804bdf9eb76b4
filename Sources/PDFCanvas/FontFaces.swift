internal import CCairo
internal import CPangoCairo
import Glibc

/// The two font subsets for one character set, loaded once into one pango font map that any
/// number of documents draw with (one after the other, under `cairoLock`). Sharing it is what
/// makes a run of forms fast: fontconfig scans the subsets once, and FreeType loads each glyph's
/// outline and metrics once per size for the whole run instead of once per document. cairo still
/// embeds in each PDF only the glyphs that document prints.
///
/// The subsets live in a private temporary folder for as long as the faces do (a run's worth of
/// documents). Its name is new every time: cairo keeps FreeType faces cached by file name after
/// the font map is gone, so a path must never name two different subsets in one process (memory
/// files named /proc/self/fd/N failed exactly so once their numbers were reused).
public final class FontFaces: @unchecked Sendable {
    let library: FontLibrary
    /// What the subsets hold, by face.
    public let characters: [FontRole: Set<UInt32>]
    let fontMap: UnsafeMutablePointer<PangoFontMap>
    private let directory: String
    private let files: [String]
    // Touched only under cairoLock.
    private var descriptions: [Int: OpaquePointer] = [:]

    /// Shaping may add these: pango's ellipsis for cut values (⋯ after CJK text, … otherwise,
    /// "..." as its last resort) and hyphens at line breaks.
    static let extra: Set<UInt32> = [0x22EF, 0x2026, 0x2E, 0x20, 0x2D, 0x2010]

    /// - Parameter characters: every character each face will print (the subsets are made from them).
    public init(fonts: FontLibrary, characters: [FontRole: Set<UInt32>]) throws(CanvasError) {
        library = fonts
        var held: [FontRole: Set<UInt32>] = [:]
        for role in FontRole.allCases { held[role] = (characters[role] ?? []).union(FontFaces.extra) }
        self.characters = held
        let base = temporaryDirectory()
        var template = Array((base + "/sscard-fonts-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw .library("cannot make a temporary folder in \(base): \(String(cString: strerror(errno)))") }
        let directory = String(cString: made)
        guard let config = FcConfigCreate() else { rmdir(directory); throw .library("FcConfigCreate") }
        defer { FcConfigDestroy(config) }
        var files: [String] = []
        do throws(CanvasError) {
            for role in FontRole.allCases {
                let bytes = try fonts.subset(role, held[role] ?? [])
                let path = directory + "/\(role).otf"
                try FontFaces.writeFile(bytes, to: path)
                files.append(path)
                guard FcConfigAppFontAddFile(config, path) != 0 else { throw CanvasError.library("fontconfig cannot read the \(role) subset") }
            }
        } catch {
            for file in files { unlink(file) }
            rmdir(directory)
            throw error
        }
        self.directory = directory
        self.files = files
        cairoLock.lock()
        defer { cairoLock.unlock() }
        guard let map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT) else {
            for file in files { unlink(file) }
            rmdir(directory)
            throw .library("pango_cairo_font_map_new_for_font_type")
        }
        sscard_pango_set_fc_config(map, config)
        fontMap = map
    }

    deinit {
        cairoLock.lock()
        for (_, description) in descriptions { pango_font_description_free(description) }
        sscard_g_object_unref(UnsafeMutableRawPointer(fontMap))
        cairoLock.unlock()
        for file in files { unlink(file) }
        rmdir(directory)
    }

    /// Whether every character of `wanted` is in these subsets.
    public func covers(_ wanted: [FontRole: Set<UInt32>]) -> Bool {
        wanted.allSatisfy { role, set in set.isSubset(of: characters[role] ?? []) }
    }

    /// A pango description of a face at a size (call under cairoLock).
    func description(_ role: FontRole, _ size: Double) -> OpaquePointer {
        let key = role.rawValue << 24 | Int((size * 100).rounded())
        if let known = descriptions[key] { return known }
        let description = pango_font_description_new()!
        pango_font_description_set_family(description, library.source(role).family)
        pango_font_description_set_absolute_size(description, size * Double(PANGO_SCALE))
        descriptions[key] = description
        return description
    }

    private static func writeFile(_ bytes: [UInt8], to path: String) throws(CanvasError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .library("cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            guard count > 0 else { throw .library("cannot write \(path): \(String(cString: strerror(errno)))") }
            written += count
        }
    }
}

/// $TMPDIR, else /tmp.
func temporaryDirectory() -> String {
    if let value = getenv("TMPDIR"), value.pointee != 0 {
        let text = String(cString: value)
        return text.hasSuffix("/") && text.count > 1 ? String(text.dropLast()) : text
    }
    return "/tmp"
}
