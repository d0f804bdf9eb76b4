internal import CCairo
internal import CPangoCairo
import Glibc

/// Document-wide metadata. `date` is written as both CreationDate and ModDate, so the same
/// content gives the same bytes.
public struct DocumentInfo: Sendable {
    public var title: String
    /// ISO 8601 with offset, e.g. "2026-12-01T09:00:00+08:00".
    public var date: String
    public init(title: String, date: String) { self.title = title; self.date = date }
}

/// One PDF file being drawn, page by page, into memory. Confined to the task that made it.
///
/// Text goes through pango with a private fontconfig configuration holding only the two font
/// subsets of its `FontFaces`, so nothing a machine has installed can change the output.
public final class PDFDocument {
    public let width: Double
    public let height: Double
    private let faces: FontFaces
    private let sink = ByteSink()
    private let surface: OpaquePointer
    private let cr: OpaquePointer
    private let context: OpaquePointer
    private let layout: OpaquePointer
    private var finished = false

    /// A document with subsets of its own.
    /// - Parameter characters: every character each face will print (the subsets are made from them).
    public convenience init(fonts: FontLibrary, characters: [FontRole: Set<UInt32>], width: Double, height: Double,
                            info: DocumentInfo) throws(CanvasError) {
        try self.init(faces: try FontFaces(fonts: fonts, characters: characters), width: width, height: height, info: info)
    }

    /// A document drawing with subsets shared with other documents (they must cover what it prints).
    public init(faces: FontFaces, width: Double, height: Double, info: DocumentInfo) throws(CanvasError) {
        self.faces = faces
        self.width = width
        self.height = height
        // From here on every cairo and pango call holds the process-wide lock (see `cairoLock`).
        cairoLock.lock()
        defer { cairoLock.unlock() }
        surface = cairo_pdf_surface_create_for_stream({ closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(sink).toOpaque(), width, height)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, info.title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "sscard")
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, info.date)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, info.date)
        cr = cairo_create(surface)
        context = pango_font_map_create_context(faces.fontMap)
        pango_cairo_context_set_resolution(context, 72)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)
        pango_context_set_round_glyph_positions(context, 0)
        pango_cairo_update_context(cr, context)
        layout = pango_layout_new(context)
        let attributes = pango_attr_list_new()
        pango_attr_list_insert(attributes, pango_attr_insert_hyphens_new(0))
        pango_layout_set_attributes(layout, attributes)
        pango_attr_list_unref(attributes)
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { throw .library("cairo could not make a PDF surface") }
    }

    deinit {
        cairoLock.lock()
        defer { cairoLock.unlock() }
        sscard_g_object_unref(UnsafeMutableRawPointer(layout))
        sscard_g_object_unref(UnsafeMutableRawPointer(context))
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    /// Draws one page and ends it.
    public func draw(page ops: [DrawOp]) -> PageOutcome {
        cairoLock.lock()
        defer { cairoLock.unlock() }
        var outcome = PageOutcome()
        // Image surfaces stay alive until the page is shown: cairo records the page first, and a
        // source surface destroyed while recorded is copied pixel by pixel into a snapshot (several
        // MB of copying per page for the card images).
        var sources: [OpaquePointer] = []
        defer { sources.forEach { cairo_surface_destroy($0) } }
        for op in ops {
            switch op {
            case .text(let box):
                if !show(box), !box.tag.isEmpty { outcome.cut.append(box.tag) }
            case .line(let from, let to, let lineWidth):
                cairo_set_source_rgb(cr, 0, 0, 0)
                cairo_set_line_width(cr, lineWidth)
                cairo_move_to(cr, from.x, from.y)
                cairo_line_to(cr, to.x, to.y)
                cairo_stroke(cr)
            case .rect(let rect, let lineWidth, let dash):
                cairo_set_source_rgb(cr, 0, 0, 0)
                cairo_set_line_width(cr, lineWidth)
                if dash { var pattern: [Double] = [3, 2]; cairo_set_dash(cr, &pattern, 2, 0) }
                cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
                cairo_stroke(cr)
                if dash { cairo_set_dash(cr, nil, 0, 0) }
            case .fill(let rect, let gray):
                cairo_set_source_rgb(cr, gray, gray, gray)
                cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
                cairo_fill(cr)
            case .circle(let center, let radius, let filled, let lineWidth):
                cairo_set_source_rgb(cr, 0, 0, 0)
                cairo_new_sub_path(cr)
                cairo_arc(cr, center.x, center.y, radius, 0, 2 * Double.pi)
                if filled { cairo_fill(cr) } else { cairo_set_line_width(cr, lineWidth); cairo_stroke(cr) }
            case .jpeg(let image, let frame):
                if let source = place(image, in: frame) { sources.append(source) }
            case .qr(let code, let frame):
                if let source = place(code, in: frame) { sources.append(source) }
            }
        }
        cairo_show_page(cr)
        return outcome
    }

    /// Ends the document and returns the file's bytes.
    public func finish() throws(CanvasError) -> [UInt8] {
        guard !finished else { return sink.bytes }
        finished = true
        cairoLock.lock()
        defer { cairoLock.unlock() }
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else { throw .library("cairo: \(String(cString: cairo_status_to_string(status)))") }
        return sink.bytes
    }

    // MARK: text

    private func description(_ role: FontRole, _ size: Double) -> OpaquePointer { faces.description(role, size) }

    private func extents() -> (x: Double, y: Double, width: Double, height: Double) {
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        let scale = Double(PANGO_SCALE)
        return (Double(logical.x) / scale, Double(logical.y) / scale, Double(logical.width) / scale, Double(logical.height) / scale)
    }

    /// Draws a text box; false when the text had to be cut.
    private func show(_ box: TextBox) -> Bool {
        guard !box.text.isEmpty else { return true }
        let inner = Rect(x: box.frame.x + box.padding, y: box.frame.y + 0.5, width: max(1, box.frame.width - 2 * box.padding),
                         height: max(1, box.frame.height - 1))
        pango_layout_set_text(layout, box.text, -1)
        pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_NONE)
        pango_layout_set_height(layout, -1)
        pango_layout_set_alignment(layout, box.align == .center ? PANGO_ALIGN_CENTER : box.align == .right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT)
        let sizes = stride(from: box.size, through: box.minSize - 0.001, by: -0.5).map { $0 }
        // 1. one line, shrinking.
        pango_layout_set_width(layout, -1)
        for size in sizes where size >= box.singleLineMinSize - 0.001 {
            pango_layout_set_font_description(layout, description(box.role, size))
            let e = extents()
            if e.width <= inner.width + 0.01, e.height <= inner.height + 0.01 {
                let dx = box.align == .left ? 0 : box.align == .center ? (inner.width - e.width) / 2 : inner.width - e.width
                render(at: inner.x + dx - e.x, inner.y + (inner.height - e.height) / 2 - e.y)
                return true
            }
        }
        // 2. wrapped, at the largest size whose lines fit.
        pango_layout_set_width(layout, Int32(inner.width * Double(PANGO_SCALE)))
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        if box.wrap {
            for size in sizes {
                pango_layout_set_font_description(layout, description(box.role, size))
                let e = extents()
                if e.height <= inner.height + 0.01 {
                    render(at: inner.x, inner.y + (inner.height - e.height) / 2 - e.y)
                    return true
                }
            }
        }
        // 3. cut with … at the smallest size, on as many lines as the box holds.
        pango_layout_set_font_description(layout, description(box.role, box.minSize))
        pango_layout_set_text(layout, "字", -1)
        let lineHeight = max(0.1, extents().height)
        pango_layout_set_text(layout, box.text, -1)
        let lines = box.wrap ? max(1, Int((inner.height + 0.01) / lineHeight)) : 1
        pango_layout_set_height(layout, -Int32(lines))
        pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END)
        let e = extents()
        render(at: inner.x, inner.y + (inner.height - e.height) / 2 - e.y)
        return false
    }

    private func render(at x: Double, _ y: Double) {
        cairo_set_source_rgb(cr, 0, 0, 0)
        cairo_move_to(cr, x, y)
        pango_cairo_show_layout(cr, layout)
    }

    // MARK: images

    /// Returns the source surface, for the caller to destroy once the page is shown.
    private func place(_ image: JPEGImage, in frame: Rect) -> OpaquePointer? {
        let scale = min(frame.width / Double(image.width), frame.height / Double(image.height))
        let w = Double(image.width) * scale, h = Double(image.height) * scale
        // The pixels are only a fallback for raster back ends; the PDF carries the JPEG bytes. So the
        // surface reads from one shared, never-touched zero mapping instead of a fresh buffer per image.
        let stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, Int32(image.width))
        let source: OpaquePointer
        if let zeros = ZeroPixels.buffer, Int(stride) * image.height <= ZeroPixels.size {
            source = cairo_image_surface_create_for_data(zeros, CAIRO_FORMAT_RGB24, Int32(image.width), Int32(image.height), stride)
        } else {
            source = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(image.width), Int32(image.height))
        }
        let copy = malloc(image.bytes.count)!
        image.bytes.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress!, byteCount: image.bytes.count) }
        cairo_surface_set_mime_data(source, "image/jpeg", copy.assumingMemoryBound(to: UInt8.self), UInt(image.bytes.count),
                                    { free($0) }, copy)
        cairo_save(cr)
        cairo_translate(cr, frame.x + (frame.width - w) / 2, frame.y + (frame.height - h) / 2)
        cairo_scale(cr, scale, scale)
        cairo_set_source_surface(cr, source, 0, 0)
        cairo_paint(cr)
        cairo_restore(cr)
        return source
    }

    /// The QR code as a small one-bit image (8 × 8 pixels a module, so that viewers which smooth
    /// upscaled images still show sharp modules) scaled without smoothing: a few hundred bytes in
    /// the file, where a path of every dark run of modules took about 3 KB.
    private func place(_ code: QRCode, in frame: Rect) -> OpaquePointer? {
        let side = min(frame.width, frame.height)
        let module = side / Double(code.size + 8)  // four modules of quiet zone on each side
        let originX = frame.x + (frame.width - side) / 2 + 4 * module
        let originY = frame.y + (frame.height - side) / 2 + 4 * module
        let pixels = 8, width = code.size * pixels
        let image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(width))
        guard cairo_surface_status(image) == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(image) else {
            cairo_surface_destroy(image)
            return nil
        }
        cairo_surface_flush(image)
        let stride = Int(cairo_image_surface_get_stride(image)) / 4
        data.withMemoryRebound(to: UInt32.self, capacity: stride * width) { image in
            for y in 0..<code.size {
                let row = image + y * pixels * stride
                for x in 0..<width { row[x] = code.isDark(x: x / pixels, y: y) ? 0x000000 : 0xFFFFFF }
                for copy in 1..<pixels { (row + copy * stride).update(from: row, count: width) }
            }
        }
        cairo_surface_mark_dirty(image)
        cairo_save(cr)
        cairo_translate(cr, originX, originY)
        cairo_scale(cr, module / Double(pixels), module / Double(pixels))
        cairo_set_source_surface(cr, image, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
        cairo_paint(cr)
        cairo_restore(cr)
        return image
    }
}

/// cairo 1.16's FreeType back end shares one FT_Library between all documents and calls
/// FT_New_Face / FT_Done_Face on it outside its own lock, which FreeType does not allow from two
/// threads at once (it crashed here). So documents draw one at a time; font subsetting, page
/// building, image loading and file writing still run in parallel.
let cairoLock = NSLockLike()

/// 64 MB of address space that reads as zeros and costs no memory while untouched.
enum ZeroPixels {
    static let size = 64 << 20
    nonisolated(unsafe) static let buffer: UnsafeMutablePointer<UInt8>? = {
        let pointer = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let pointer, pointer != MAP_FAILED else { return nil }
        return pointer.assumingMemoryBound(to: UInt8.self)
    }()
}

/// Where cairo's write callback puts the file.
final class ByteSink {
    var bytes: [UInt8] = []
}
