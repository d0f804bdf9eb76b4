internal import CVips
internal import CVipsShim

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// How the pixels of an image encode colour.
public enum ColourSpace: Equatable, Sendable {
    /// 8-bit RGB (sRGB or untagged RGB).
    case srgb
    /// 16-bit RGB.
    case rgb16
    /// 8-bit greyscale.
    case grey
    /// 16-bit greyscale.
    case grey16
    /// CMYK (print-oriented JPEGs and TIFFs).
    case cmyk
    /// Anything else, by libvips' interpretation name and band format ("lab", "scrgb/float", ...).
    case other(String)
}

/// One libvips image (a lazy pipeline until something reads its pixels).
///
/// Not `Sendable`: create and use each image inside one task. Operations return new images and
/// never change the receiver; each image keeps whatever it was made from alive.
///
/// An image from `load` has read only its header. The first operation that needs pixels decodes
/// it into memory once (the same as calling `decoded()`), so a damaged file makes that operation
/// throw `.unreadable`.
public final class VipsImage {
    typealias Handle = UnsafeMutablePointer<_VipsImage>

    let handle: Handle
    /// Straight from a loader: the pixels can be read only once, top to bottom.
    private let isLazyLoad: Bool
    /// The decoded copy of a lazy load, or why decoding failed.
    private var decodeResult: Result<VipsImage, VipsError>?
    /// What a lazy load read, to open it afresh when its decode fails: libvips' loader remembers
    /// a failure and fails again without a message (see ErrorBuffer).
    private let origin: Origin?

    enum Origin {
        case file(String)
        case bytes([UInt8], options: String?)

        /// A new lazy load of the same source; nil when it fails.
        func open() -> Handle? {
            var out: Handle?
            let status: Int32
            switch self {
            case .file(let path):
                status = shim_load_file(path, &out)
            case .bytes(let data, let options):
                status = data.withUnsafeBytes { bytes in
                    if let options { return shim_load_buffer_options(bytes.baseAddress, bytes.count, options, &out) }
                    return shim_load_buffer(bytes.baseAddress, bytes.count, &out)
                }
            }
            guard status == 0, let out else {
                if let out { shim_unref(out) }
                return nil
            }
            return out
        }
    }

    private init(owning handle: Handle, origin: Origin? = nil) {
        self.handle = handle
        self.isLazyLoad = origin != nil
        self.origin = origin
    }

    deinit {
        shim_unref(handle)
    }

    // MARK: - Loading

    /// Opens an image file, reading only its header.
    ///
    /// Pixels decode later, on first use; call `decoded()` to decode now and to find truncation
    /// or corruption.
    /// - Parameters:
    ///   - path: file to open (no libvips "[options]" parsing of the name).
    ///   - maxPixels: largest width × height accepted; checked from the header, before decoding.
    /// - Throws: `.unreadable` (missing, not an image), `.tooManyPixels`, `.unsupported` (a HEIF
    ///   file when this libvips has no heif loader).
    public static func load(path: String, maxPixels: Int) throws(VipsError) -> VipsImage {
        try Vips.ensureStarted()
        let image: VipsImage
        do {
            image = try produce(VipsError.unreadable, origin: .file(path)) { shim_load_file(path, &$0) }
        } catch {
            throw refine(error, head: readHead(path: path))
        }
        try image.check(maxPixels: maxPixels)
        return image
    }

    /// Opens an image held in memory, reading only its header (see `load(path:maxPixels:)`).
    ///
    /// The bytes are copied into a buffer libvips owns, which lives as long as any image that
    /// still reads from it.
    /// - Parameters:
    ///   - data: the encoded image (JPEG, PNG, HEIC, WebP, TIFF, GIF).
    ///   - maxPixels: largest width × height accepted; checked from the header, before decoding.
    /// - Throws: `.unreadable`, `.tooManyPixels`, `.unsupported`.
    public static func load(data: [UInt8], maxPixels: Int) throws(VipsError) -> VipsImage {
        try Vips.ensureStarted()
        let image: VipsImage
        do {
            image = try data.withUnsafeBytes { bytes in
                Result { () throws(VipsError) -> VipsImage in
                    try produce(VipsError.unreadable, origin: .bytes(data, options: nil)) {
                        shim_load_buffer(bytes.baseAddress, bytes.count, &$0)
                    }
                }
            }.get()
        } catch {
            throw refine(error, head: Array(data.prefix(16)))
        }
        try image.check(maxPixels: maxPixels)
        return image
    }

    /// Opens a JPEG decoded at 1/2, 1/4 or 1/8 of its size in the DCT (shrink-on-load): several
    /// times faster when a small result is wanted. Other formats load at full size. The pixel
    /// limit applies to the full-size header, checked first.
    /// - Parameters:
    ///   - data: the encoded image.
    ///   - maxPixels: largest full-size width × height accepted.
    ///   - minWidth: the shrunk image stays at least this wide…
    ///   - minHeight: …and this tall.
    public static func load(data: [UInt8], maxPixels: Int, minWidth: Int, minHeight: Int) throws(VipsError) -> VipsImage {
        let header = try load(data: data, maxPixels: maxPixels)
        guard header.loader == "jpegload" else { return header }
        // After an EXIF rotation width and height swap: keep both sides large enough either way.
        let shortSide = min(header.width, header.height), longSide = max(header.width, header.height)
        let needShort = min(minWidth, minHeight), needLong = max(minWidth, minHeight)
        var shrink = 1
        while shrink < 8, shortSide / (shrink * 2) >= needShort, longSide / (shrink * 2) >= needLong { shrink *= 2 }
        guard shrink > 1 else { return header }
        return try data.withUnsafeBytes { bytes in
            Result { () throws(VipsError) -> VipsImage in
                try produce(VipsError.unreadable, origin: .bytes(data, options: "shrink=\(shrink)")) {
                    shim_load_buffer_options(bytes.baseAddress, bytes.count, "shrink=\(shrink)", &$0)
                }
            }
        }.get()
    }

    /// Makes an 8-bit image from interleaved pixels (row-major; 1 band grey, 3 RGB, 4 RGBA...).
    /// - Parameters:
    ///   - pixels: exactly `width * height * bands` bytes.
    ///   - width: columns.
    ///   - height: rows.
    ///   - bands: samples per pixel; 1–2 are tagged greyscale, 3 or more sRGB.
    /// - Throws: `.operationFailed` when the sizes do not match.
    public static func fromPixels(_ pixels: [UInt8], width: Int, height: Int, bands: Int) throws(VipsError)
        -> VipsImage
    {
        try fromSamples(pixels, width: width, height: height, bands: bands, sixteenBit: false)
    }

    /// `fromPixels` for 8-bit (`UInt8` samples) or 16-bit (native-endian `UInt16` samples as
    /// bytes) data, with an explicit interpretation; used by the tests.
    static func fromSamples(
        _ bytes: [UInt8], width: Int, height: Int, bands: Int, sixteenBit: Bool,
        interpretation: Int32? = nil
    ) throws(VipsError) -> VipsImage {
        try Vips.ensureStarted()
        let sampleSize = sixteenBit ? 2 : 1
        let expected = width * height * bands * sampleSize
        guard width > 0, height > 0, bands > 0, bytes.count == expected else {
            throw .operationFailed(
                "expected \(width)×\(height)×\(bands) samples of \(sampleSize) byte(s), got \(bytes.count) bytes")
        }
        let tag: Int32 =
            interpretation
            ?? Int32(
                (bands >= 3
                    ? (sixteenBit ? VIPS_INTERPRETATION_RGB16 : VIPS_INTERPRETATION_sRGB)
                    : (sixteenBit ? VIPS_INTERPRETATION_GREY16 : VIPS_INTERPRETATION_B_W)).rawValue)
        return try bytes.withUnsafeBytes { raw in
            Result { () throws(VipsError) -> VipsImage in
                try produce(VipsError.operationFailed) {
                    shim_from_memory(
                        raw.baseAddress, raw.count, Int32(width), Int32(height), Int32(bands), sixteenBit ? 1 : 0,
                        tag, &$0)
                }
            }
        }.get()
    }

    /// The LabQ interpretation code, so tests can make an image that is none of the named spaces.
    static let labqInterpretationForTests = Int32(VIPS_INTERPRETATION_LABQ.rawValue)

    /// A white 8-bit sRGB image (3 bands), for composing sheets with `inserting(_:x:y:)`.
    /// - Throws: `.operationFailed` for sizes libvips refuses (≤ 0 or beyond 10 000 000).
    public static func whiteCanvas(width: Int, height: Int) throws(VipsError) -> VipsImage {
        try Vips.ensureStarted()
        guard width > 0, height > 0 else { throw .operationFailed("bad canvas size \(width)×\(height)") }
        return try produce(VipsError.operationFailed) {
            shim_canvas(&$0, Int32(clamping: width), Int32(clamping: height), 3, 255)
        }
    }

    // MARK: - Header

    /// Columns.
    public var width: Int { Int(shim_width(handle)) }
    /// Rows.
    public var height: Int { Int(shim_height(handle)) }
    /// Samples per pixel, alpha included.
    public var bands: Int { Int(shim_bands(handle)) }
    /// Whether the last band is alpha (`vips_image_hasalpha`).
    public var hasAlpha: Bool { shim_has_alpha(handle) != 0 }

    /// Colour encoding, from the libvips interpretation and the band format.
    public var colourSpace: ColourSpace {
        let interpretation = shim_interpretation(handle)
        let format = shim_format(handle)
        let uchar = Int32(VIPS_FORMAT_UCHAR.rawValue)
        let ushort = Int32(VIPS_FORMAT_USHORT.rawValue)
        func tagged(_ value: VipsInterpretation) -> Bool { interpretation == Int32(value.rawValue) }
        if tagged(VIPS_INTERPRETATION_sRGB) || tagged(VIPS_INTERPRETATION_RGB) || tagged(VIPS_INTERPRETATION_RGB16) {
            if format == uchar { return .srgb }
            if format == ushort { return .rgb16 }
        } else if tagged(VIPS_INTERPRETATION_B_W) || tagged(VIPS_INTERPRETATION_GREY16) {
            if format == uchar { return .grey }
            if format == ushort { return .grey16 }
        } else if tagged(VIPS_INTERPRETATION_CMYK) {
            return .cmyk
        }
        let name = String(cString: shim_interpretation_nick(interpretation))
        let formatName = String(cString: shim_format_nick(format))
        return .other("\(name)/\(formatName)")
    }

    /// The loader that read the file, without the `_buffer`/`_source` suffix: "jpegload",
    /// "pngload", "heifload", "webpload", ...; "" for images made in memory.
    public var loader: String {
        guard let raw = ErrorBuffer.quiet({ shim_get_string(handle, "vips-loader") }) else { return "" }
        defer { shim_free(raw) }
        var name = String(cString: raw)
        for suffix in ["_source", "_buffer"] where name.hasSuffix(suffix) {
            name.removeLast(suffix.count)
        }
        return name
    }

    /// Horizontal resolution in dots per inch (libvips keeps pixels per millimetre).
    public var horizontalDPI: Double { shim_xres(handle) * 25.4 }
    /// Vertical resolution in dots per inch.
    public var verticalDPI: Double { shim_yres(handle) * 25.4 }
    /// EXIF orientation 1...8; 1 when absent.
    public var orientation: Int { Int(shim_orientation(handle)) }

    /// Whether EXIF, XMP, IPTC or an ICC profile is attached.
    public var hasMetadata: Bool {
        let fields: [String] = ["exif-data", "xmp-data", "iptc-data", "icc-profile-data"]
        return fields.contains { shim_has_field(handle, $0) != 0 }
    }

    /// The embedded ICC profile's bytes, if any.
    var iccProfile: [UInt8]? {
        var length = 0
        guard let data = ErrorBuffer.quiet({ shim_get_blob(handle, "icc-profile-data", &length) }), length > 0 else { return nil }
        return Array(UnsafeRawBufferPointer(start: data, count: length))
    }
    var isUChar: Bool { shim_format(handle) == Int32(VIPS_FORMAT_UCHAR.rawValue) }
    var isUShort: Bool { shim_format(handle) == Int32(VIPS_FORMAT_USHORT.rawValue) }

    // MARK: - Operations

    /// Decodes (or computes) every pixel into memory now (`vips_image_copy_memory`).
    ///
    /// Loads are lazy and fail on truncation only when decoded, so checks should call this.
    /// For a loaded image the decode happens once; later calls return the same image.
    /// - Throws: `.unreadable` for a truncated or corrupt image; `.unsupported` for a HEIF
    ///   image whose codec this libheif lacks.
    public func decoded() throws(VipsError) -> VipsImage {
        if isLazyLoad { return try pixelSource() }
        return try copyToMemory()
    }

    /// The image to read pixels from: a lazy load's decoded copy (made on first use), else self.
    private func pixelSource() throws(VipsError) -> VipsImage {
        guard isLazyLoad else { return self }
        if decodeResult == nil {
            do {
                decodeResult = .success(try copyToMemory())
            } catch {
                decodeResult = .failure(error)
            }
        }
        guard let decodeResult else { throw .operationFailed("decode did not run") }
        return try decodeResult.get()
    }

    private func copyToMemory() throws(VipsError) -> VipsImage {
        do {
            // Alone after a failure, the decode starts from a fresh load: this one's loader would
            // fail again without saying why.
            let origin = self.origin
            return try Self.produce(VipsError.unreadable, again: origin.map { origin in
                { (out: inout Handle?) -> Int32 in
                    guard let fresh = origin.open() else { return -1 }
                    defer { shim_unref(fresh) }
                    return shim_copy_memory(fresh, &out)
                }
            }) { shim_copy_memory(handle, &$0) }
        } catch {
            if case .unreadable(let message) = error, loader == "heifload",
                message.containsIgnoringCase("plugin") || message.containsIgnoringCase("unsupported")
            {
                throw .unsupported("HEIF decoder missing in libheif: \(message)")
            }
            throw error
        }
    }

    /// Turns the pixels upright according to the EXIF orientation and resets it to 1.
    public func autorotated() throws(VipsError) -> VipsImage {
        try operation { shim_autorot($0, &$1) }
    }

    /// A copy (sharing pixels) with the EXIF orientation tag set; saved when not stripping.
    func settingOrientation(_ value: Int) throws(VipsError) -> VipsImage {
        try operation { shim_copy_set_int($0, &$1, "orientation", Int32(value)) }
    }

    /// 8-bit sRGB with exactly 3 bands.
    ///
    /// Uses the embedded ICC profile when there is one (falling back to libvips' own conversion
    /// when the profile is unusable; skipped for 8-bit RGB whose profile says sRGB), otherwise
    /// converts CMYK with libvips' built-in CMYK profile, greyscale by copying the channel,
    /// 16-bit by scaling down. Alpha is flattened onto white.
    ///
    /// Colour transforms run per pixel: on a camera photo, crop and resize first and convert the
    /// small result (an ICC transform costs ~150 ms on 12 MP, ~2 ms on 358×441).
    public func srgb8() throws(VipsError) -> VipsImage {
        var image = try pixelSource()
        let space = image.colourSpace
        // Flatten before converting so "white" is simply the maximum sample value.
        if image.hasAlpha, [.srgb, .rgb16, .grey, .grey16].contains(space) {
            image = try image.operation { shim_flatten_white($0, &$1) }
        }
        let profile = image.iccProfile
        // An 8-bit RGB image tagged sRGB is already what we want; transforming it through lcms
        // would cost ~150 ms per 12 MP for nothing.
        let alreadySRGB = space == .srgb && profile.map(ICCProfile.isSRGB) == true
        if let profile, !alreadySRGB, !profile.isEmpty,
            let managed = try? image.operation({ shim_icc_to_srgb($0, &$1) })
        {
            image = managed
        } else if space != .srgb {
            image = try image.operation { shim_colourspace($0, &$1, Int32(VIPS_INTERPRETATION_sRGB.rawValue)) }
        }
        if !image.isUChar {
            let shift: Int32 = image.isUShort ? 1 : 0
            image = try image.operation { shim_cast_uchar($0, &$1, shift) }
        }
        if image.hasAlpha {
            image = try image.operation { shim_flatten_white($0, &$1) }
        }
        if image.bands < 3 {
            image = try image.operation { shim_colourspace($0, &$1, Int32(VIPS_INTERPRETATION_sRGB.rawValue)) }
        }
        if image.bands > 3 {
            image = try image.operation { shim_extract_bands($0, &$1, 0, 3) }
        }
        if image.colourSpace != .srgb || image.bands != 3 {
            throw .operationFailed(
                "could not convert \(space) to 8-bit sRGB (got \(image.colourSpace), \(image.bands) bands)")
        }
        return image
    }

    /// A rectangle of this image.
    /// - Throws: `.operationFailed` when the rectangle is empty or leaves the image.
    public func cropped(x: Int, y: Int, width: Int, height: Int) throws(VipsError) -> VipsImage {
        guard x >= 0, y >= 0, width > 0, height > 0, x + width <= self.width, y + height <= self.height else {
            throw .operationFailed(
                "crop \(width)×\(height) at (\(x), \(y)) does not fit in a \(self.width)×\(self.height) image")
        }
        return try operation { shim_crop($0, &$1, Int32(x), Int32(y), Int32(width), Int32(height)) }
    }

    /// Resizes to exactly `width` × `height` with lanczos3 (aspect ratio not kept: crop first).
    ///
    /// The result is computed now and held in memory (so saving it and reading its pixels do not
    /// each redo the resize). Works on any format; for alpha images flatten first (`srgb8()`),
    /// since the kernel does not premultiply.
    public func resized(width: Int, height: Int) throws(VipsError) -> VipsImage {
        guard width > 0, height > 0 else { throw .operationFailed("bad resize target \(width)×\(height)") }
        return try operation { shim_resize_exact($0, &$1, Int32(clamping: width), Int32(clamping: height)) }
    }

    /// The mean of each `factor` × `factor` block (a box filter, far cheaper than `resized` for a
    /// coarse look): `width / factor` × `height / factor` pixels, computed now and held in memory.
    ///
    /// Rounded as libvips' shrink rounds (a rounded mean down each column of a block, then a
    /// rounded mean of those across it). 8-bit images are summed on the calling thread, straight
    /// from the rows the image holds; other formats go through `vips_shrink`.
    public func blockMeans(factor: Int) throws(VipsError) -> VipsImage {
        guard factor >= 1, width / factor >= 1, height / factor >= 1 else {
            throw .operationFailed("bad block size \(factor) for a \(width)×\(height) image")
        }
        if factor == 1 { return try decoded() }
        return try operation { shim_block_mean($0, &$1, Int32(clamping: factor)) }
    }

    /// This image with `other` pasted at (`x`, `y`), clipped to this image's size.
    /// Band counts and formats are matched the libvips way (grey becomes RGB on an RGB canvas).
    public func inserting(_ other: VipsImage, x: Int, y: Int) throws(VipsError) -> VipsImage {
        let sub = try other.pixelSource()
        return try operation { shim_insert($0, sub.handle, &$1, Int32(clamping: x), Int32(clamping: y)) }
    }

    /// Interleaved 8-bit samples, row-major, `width * height * bands` of them.
    ///
    /// 16-bit images are scaled down (x >> 8); float images are refused.
    /// - Throws: `.operationFailed` (also when a lazily loaded image turns out to be damaged;
    ///   call `decoded()` first to classify that as `.unreadable`).
    public func pixels() throws(VipsError) -> [UInt8] {
        var image = try pixelSource()
        if !image.isUChar {
            guard image.isUShort else {
                throw .operationFailed("pixels() needs an 8- or 16-bit image, this one is \(colourSpace)")
            }
            image = try image.operation { shim_cast_uchar($0, &$1, 1) }
        }
        return try image.rawSamples()
    }

    /// All samples in the image's own format (native endian), for tests.
    func rawSamples() throws(VipsError) -> [UInt8] {
        let handle = try pixelSource().handle
        let count = Int(shim_sizeof_image(handle))
        var failure: VipsError?
        let result = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = 0
            do throws(VipsError) {
                try ErrorBuffer.call(VipsError.operationFailed, fallback: "could not read pixels") {
                    shim_write_pixels(handle, buffer.baseAddress, count) == 0 ? () : nil
                }
                initialized = count
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        guard result.count == count else { throw .operationFailed("could not read pixels") }
        return result
    }

    // MARK: - Saving

    /// Baseline JPEG with every metadata block stripped, optimized Huffman tables and 4:2:0
    /// chroma, then a JFIF APP0 stating `dpi` (libvips 8.14 writes none).
    ///
    /// Give it an 8-bit sRGB or grey image (`srgb8()`); libvips would otherwise convert on its own.
    /// - Parameters:
    ///   - quality: 1...100 (clamped).
    ///   - dpi: density written to the APP0 for both axes (clamped to 1...65535).
    public func jpegData(quality: Int, dpi: Int) throws(VipsError) -> [UInt8] {
        let bytes = try encodeJPEG(quality: quality, strip: true)
        return JFIF.settingDensity(bytes, dpi: dpi)
    }

    /// Like `jpegData`, with libjpeg's standard Huffman tables (one pass, about 2.5× faster to
    /// encode, files about 15% larger): for large derived sheets.
    public func jpegDataFast(quality: Int, dpi: Int) throws(VipsError) -> [UInt8] {
        let q = Int32(min(100, max(1, quality)))
        return JFIF.settingDensity(try save { shim_jpegsave_buffer_fast($0, &$1, &$2, q) }, dpi: dpi)
    }

    /// Two images (8-bit sRGB, 3 bands), each scaled to `cardWidth` × `cardHeight`, one above the
    /// other on a white sheet with `margin` pixels around and between them. Larger sides are
    /// reduced with lanczos3; smaller ones enlarged bilinearly straight into the sheet.
    public static func cardSheet(top: VipsImage, bottom: VipsImage, cardWidth: Int, cardHeight: Int, margin: Int) throws(VipsError) -> VipsImage {
        let first = try top.pixelSource(), second = try bottom.pixelSource()
        guard cardWidth > 0, cardHeight > 0, margin >= 0 else { throw .operationFailed("bad card sheet \(cardWidth)×\(cardHeight)") }
        return try produce(VipsError.operationFailed) {
            shim_card_sheet(first.handle, second.handle, Int32(clamping: cardWidth), Int32(clamping: cardHeight), Int32(clamping: margin), &$0)
        }
    }

    /// JPEG bytes straight from libvips (no APP0 splice); `strip: false` keeps metadata.
    func encodeJPEG(quality: Int, strip: Bool) throws(VipsError) -> [UInt8] {
        let q = Int32(min(100, max(1, quality)))
        return try save { shim_jpegsave_buffer($0, &$1, &$2, q, strip ? 1 : 0) }
    }

    /// PNG bytes (8 or 16 bits per sample), metadata kept; for tests.
    func pngData(bitDepth: Int = 8) throws(VipsError) -> [UInt8] {
        try save { shim_pngsave_buffer($0, &$1, &$2, Int32(bitDepth)) }
    }

    /// HEIC bytes; for tests (needs an HEVC encoder in libheif).
    func heicData() throws(VipsError) -> [UInt8] {
        try save { shim_heifsave_buffer($0, &$1, &$2) }
    }

    /// This image converted to CMYK with libvips' built-in profile (which is attached); for tests.
    func cmykForTesting() throws(VipsError) -> VipsImage {
        try operation { shim_icc_to_cmyk($0, &$1) }
    }

    // MARK: - Plumbing

    private func save(
        _ body: (Handle, inout UnsafeMutableRawPointer?, inout Int) -> Int32
    ) throws(VipsError) -> [UInt8] {
        let source = try pixelSource()
        let (buffer, length) = try ErrorBuffer.call(VipsError.operationFailed, fallback: "save failed") {
            () -> (UnsafeMutableRawPointer, Int)? in
            var buffer: UnsafeMutableRawPointer?
            var length = 0
            let status = body(source.handle, &buffer, &length)
            guard status == 0, let buffer else {
                shim_free(buffer)
                return nil
            }
            return (buffer, length)
        }
        defer { shim_free(buffer) }
        return Array(UnsafeRawBufferPointer(start: buffer, count: length))
    }

    /// Runs a shim that makes one new image from this one; failures are `.operationFailed`.
    private func operation(_ body: (Handle, inout Handle?) -> Int32) throws(VipsError) -> VipsImage {
        let source = try pixelSource()
        return try Self.produce(VipsError.operationFailed) { body(source.handle, &$0) }
    }

    /// Runs a shim that makes one new image. `origin`: the image is a lazy load of it.
    /// `again`: the call to repeat alone after a failure, when not `body` itself.
    private static func produce(
        _ failure: (String) -> VipsError, origin: Origin? = nil, again: ((inout Handle?) -> Int32)? = nil,
        _ body: (inout Handle?) -> Int32
    ) throws(VipsError) -> VipsImage {
        func attempt(_ call: (inout Handle?) -> Int32) -> Handle? {
            var out: Handle?
            let status = call(&out)
            guard status == 0, let out else {
                if let out { shim_unref(out) }
                return nil
            }
            return out
        }
        let out = try ErrorBuffer.call(failure, fallback: "libvips failed without a message", { attempt(body) },
                                       again: again.map { again in { attempt(again) } })
        return VipsImage(owning: out, origin: origin)
    }

    private func check(maxPixels: Int) throws(VipsError) {
        let (w, h) = (width, height)
        if w * h > maxPixels {
            throw .tooManyPixels(width: w, height: h, limit: maxPixels)
        }
    }

    /// Turns "not a known file format" for HEIF bytes into `.unsupported` when no loader exists.
    private static func refine(_ error: VipsError, head: [UInt8]) -> VipsError {
        guard case .unreadable(let message) = error, let brand = heifBrand(head) else { return error }
        if !Vips.canLoad(suffix: ".heic") {
            return .unsupported(
                "HEIF/HEIC image (brand '\(brand)') but this libvips has no heif loader; "
                    + "install libvips' heif module or convert the photo to JPEG (\(message))")
        }
        return error
    }

    /// The ISO-BMFF major brand when the bytes start like a HEIF/AVIF file.
    static func heifBrand(_ head: [UInt8]) -> String? {
        guard head.count >= 12, head[4...7].elementsEqual("ftyp".utf8) else { return nil }
        let brand = String(decoding: head[8..<12], as: UTF8.self)
        let heif: Set = ["heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "msf1", "avif", "avis"]
        return heif.contains(brand) ? brand : nil
    }

    private static func readHead(path: String) -> [UInt8] {
        guard let file = fopen(path, "rb") else { return [] }
        defer { fclose(file) }
        var head = [UInt8](repeating: 0, count: 16)
        let n = fread(&head, 1, head.count, file)
        return Array(head.prefix(n))
    }
}

extension String {
    fileprivate func containsIgnoringCase(_ needle: String) -> Bool {
        lowercased().contains(needle)
    }
}
