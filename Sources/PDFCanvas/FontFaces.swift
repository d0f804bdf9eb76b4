internal import CCairo
internal import CPangoCairo
import Glibc

/// The two font subsets for one character set, loaded once into one pango font map that any
/// number of documents draw with (one after the other, under `cairoLock`). Sharing it is what
/// makes a run of forms fast: fontconfig scans the subsets once, and FreeType loads each glyph's
/// outline and metrics once per size for the whole run instead of once per document. cairo still
/// embeds in each PDF only the glyphs that document prints.
///
/// The subsets live in anonymous memory files (memfd, read by path as /proc/self/fd/N): nothing is
/// written to disk and nothing is left behind if the process dies.
public final class FontFaces: @unchecked Sendable {
    let library: FontLibrary
    /// What the subsets hold, by face.
    public let characters: [FontRole: Set<UInt32>]
    let fontMap: UnsafeMutablePointer<PangoFontMap>
    private var descriptors: [Int32] = []
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
        guard let config = FcConfigCreate() else { throw .library("FcConfigCreate") }
        defer { FcConfigDestroy(config) }
        var descriptors: [Int32] = []
        do throws(CanvasError) {
            for role in FontRole.allCases {
                let bytes = try fonts.subset(role, held[role] ?? [])
                let descriptor = try FontFaces.memoryFile(bytes, name: "sscard-\(role)")
                descriptors.append(descriptor)
                guard FcConfigAppFontAddFile(config, "/proc/self/fd/\(descriptor)") != 0 else {
                    throw CanvasError.library("fontconfig cannot read the \(role) subset")
                }
            }
        } catch {
            for descriptor in descriptors { close(descriptor) }
            throw error
        }
        self.descriptors = descriptors
        cairoLock.lock()
        defer { cairoLock.unlock() }
        guard let map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT) else {
            for descriptor in descriptors { close(descriptor) }
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
        for descriptor in descriptors { close(descriptor) }
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

    private static func memoryFile(_ bytes: [UInt8], name: String) throws(CanvasError) -> Int32 {
        let descriptor = sscard_memfd(name)
        guard descriptor >= 0 else { throw .library("cannot make a memory file for the fonts: \(String(cString: strerror(errno)))") }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            guard count > 0 else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw .library("cannot write the font subset to memory: \(reason)")
            }
            written += count
        }
        return descriptor
    }
}
