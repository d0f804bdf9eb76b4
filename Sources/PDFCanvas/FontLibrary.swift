internal import CPangoCairo
import Glibc

/// A face in a font file (a `.ttc` holds several; Noto CJK SC is face 2).
public struct FontSource: Sendable, Equatable {
    public var path: String
    public var index: Int
    /// The family name pango is asked for (e.g. "Noto Serif CJK SC").
    public var family: String
    public init(path: String, index: Int, family: String) { self.path = path; self.index = index; self.family = family }
}

/// The full fonts, opened once per process and shared by every document and thread. Each
/// document embeds only a HarfBuzz subset of the characters it prints: cairo 1.16's own CFF
/// subsetter copies most of a CJK font's subroutines into every file (50 KB for one glyph)
/// and re-reads the whole face per document, so we hand it a font that is already small.
public final class FontLibrary: @unchecked Sendable {
    public let sources: [FontSource]
    // hb_face_t is immutable once made and safe to share between threads.
    private let faces: [OpaquePointer]
    /// Recent subsets by face and character set: the labels of a form are the same on every page,
    /// so their face is subset once per run. (The bytes depend only on the set: caching changes nothing.)
    private var cache: [Int: [[UInt32]: [UInt8]]] = [:]
    private let cacheLock = NSLockLike()

    public init(serif: FontSource, sans: FontSource) throws(CanvasError) {
        sources = [serif, sans]
        var faces: [OpaquePointer] = []
        for source in [serif, sans] {
            guard access(source.path, R_OK) == 0 else {
                faces.forEach { hb_face_destroy($0) }
                throw .font(path: source.path, reason: "missing or unreadable")
            }
            let blob = hb_blob_create_from_file_or_fail(source.path)
            guard let blob else {
                faces.forEach { hb_face_destroy($0) }
                throw .font(path: source.path, reason: "cannot be read")
            }
            let face = hb_face_create(blob, UInt32(source.index))
            hb_blob_destroy(blob)
            guard let face, hb_face_get_glyph_count(face) > 0 else {
                faces.forEach { hb_face_destroy($0) }
                throw .font(path: source.path, reason: "face \(source.index) is not a font")
            }
            hb_face_make_immutable(face)
            faces.append(face)
        }
        self.faces = faces
    }

    deinit { faces.forEach { hb_face_destroy($0) } }

    public func source(_ role: FontRole) -> FontSource { sources[role.rawValue] }

    /// Code points the face has no glyph for (they would print as empty boxes).
    public func missing(_ role: FontRole, in scalars: Set<UInt32>) -> [UInt32] {
        let font = hb_font_create(faces[role.rawValue])
        defer { hb_font_destroy(font) }
        return scalars.sorted().filter { scalar in
            var glyph: hb_codepoint_t = 0
            return hb_font_get_nominal_glyph(font, scalar, &glyph) == 0
        }
    }

    /// An OpenType font holding just these characters (plus what shaping them needs).
    func subset(_ role: FontRole, _ scalars: Set<UInt32>) throws(CanvasError) -> [UInt8] {
        let key = scalars.sorted()
        if let known = cacheLock.locked({ cache[role.rawValue]?[key] }) { return known }
        let bytes = try makeSubset(role, scalars)
        cacheLock.locked {
            if cache[role.rawValue, default: [:]].count >= 4 { cache[role.rawValue] = [:] }
            cache[role.rawValue, default: [:]][key] = bytes
        }
        return bytes
    }

    private func makeSubset(_ role: FontRole, _ scalars: Set<UInt32>) throws(CanvasError) -> [UInt8] {
        guard let input = hb_subset_input_create_or_fail() else { throw .library("hb_subset_input_create_or_fail") }
        defer { hb_subset_input_destroy(input) }
        let unicodes = hb_subset_input_unicode_set(input)
        for scalar in scalars { hb_set_add(unicodes, scalar) }
        // Hints do nothing on paper; the name table keeps the family name pango looks for. Without
        // subroutines the few hundred glyphs of a form compress a fifth smaller than with them.
        hb_subset_input_set_flags(input, UInt32(HB_SUBSET_FLAGS_NO_HINTING.rawValue | HB_SUBSET_FLAGS_DESUBROUTINIZE.rawValue))
        // Horizontal Chinese text needs no layout or vertical tables (cmap and hmtx shape it), and
        // the closure over a CJK font's GSUB is most of the subsetting time.
        let dropped = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG)
        for tag in ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "VORG", "vhea", "vmtx", "DSIG"] {
            let bytes = Array(tag.utf8)
            hb_set_add(dropped, UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3]))
        }
        guard let subset = hb_subset_or_fail(faces[role.rawValue], input) else {
            throw .library("HarfBuzz could not subset \(sources[role.rawValue].family)")
        }
        defer { hb_face_destroy(subset) }
        let blob = hb_face_reference_blob(subset)
        defer { hb_blob_destroy(blob) }
        var length: UInt32 = 0
        guard let data = hb_blob_get_data(blob, &length), length > 0 else { throw .library("empty font subset") }
        return data.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { Array(UnsafeBufferPointer(start: $0, count: Int(length))) }
    }
}

/// A pthread mutex (PDFCanvas does without Foundation).
final class NSLockLike: @unchecked Sendable {
    // Heap-allocated: a mutex must not move.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    init() { mutex.initialize(to: pthread_mutex_t()); pthread_mutex_init(mutex, nil) }
    deinit { pthread_mutex_destroy(mutex); mutex.deallocate() }
    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
    func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
