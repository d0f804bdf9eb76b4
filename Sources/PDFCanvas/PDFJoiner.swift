/// Joins PDF files that this library wrote into one file, page after page, holding one input at a
/// time, so a print file of thousands of forms costs no more memory than one form.
///
/// cairo 1.16 writes every object as text with one classic cross-reference table, so an input's
/// objects can be copied byte for byte, renumbered; its catalog, page tree and info are replaced
/// by the joined file's own. Anything else (object or cross-reference streams, an incremental
/// update, encryption, a nested page tree) is refused with `CanvasError.cannotJoin`, and the
/// caller draws the pages instead. Each input keeps its own font subsets, so the joined file is
/// about the sum of its inputs.
///
/// Use: `append` each file, `takeOutput()` after each to write the bytes so far, then `finish`.
public struct PDFJoiner {
    /// Output objects 1–3 are the catalog, the page tree and the info; inputs' objects follow.
    private static let catalog = 1, pageTree = 2, infoObject = 3
    private let info: DocumentInfo
    private var output: [UInt8] = []
    private var written = 0
    /// Offset of output object n at index n - 1 (0 until written).
    private var offsets: [Int] = [0, 0, 0]
    private var pages: [Int] = []
    private var started = false

    public init(info: DocumentInfo) { self.info = info }

    /// The bytes made since the last call (write them out in order).
    public mutating func takeOutput() -> [UInt8] {
        written += output.count
        defer { output.removeAll(keepingCapacity: true) }
        return output
    }

    /// Copies every page of `pdf` (a whole file) after the pages joined so far.
    public mutating func append(_ pdf: [UInt8]) throws(CanvasError) {
        let input = try PDFInput(pdf)
        if !started {
            emit(input.header)
            started = true
        }
        // The input's own catalog, page tree and info are dropped: its pages hang from ours.
        var renumbered: [Int: Int] = [input.pageTree: Self.pageTree]
        var next = offsets.count + 1
        for object in input.objects where object != input.root && object != input.pageTree && object != input.info {
            renumbered[object] = next
            next += 1
        }
        for object in input.objects {
            guard let number = renumbered[object], number != Self.pageTree else { continue }
            offsets.append(written + output.count)
            emit("\(number) 0 obj\n")
            try input.copyBody(of: object, renumbering: renumbered, into: &output)
            emit("endobj\n")
        }
        for kid in input.kids {
            guard let number = renumbered[kid] else { throw .cannotJoin("page object \(kid) is missing") }
            pages.append(number)
        }
    }

    /// Writes the page tree, the catalog, the info and the cross-reference table.
    public mutating func finish() throws(CanvasError) {
        guard started, !pages.isEmpty else { throw .cannotJoin("no pages") }
        offsets[Self.pageTree - 1] = written + output.count
        emit("\(Self.pageTree) 0 obj\n<< /Type /Pages\n   /Kids [")
        for page in pages { emit(" \(page) 0 R") }
        emit(" ]\n   /Count \(pages.count)\n>>\nendobj\n")
        offsets[Self.catalog - 1] = written + output.count
        emit("\(Self.catalog) 0 obj\n<< /Type /Catalog\n   /Pages \(Self.pageTree) 0 R\n>>\nendobj\n")
        offsets[Self.infoObject - 1] = written + output.count
        let date = Self.pdfDate(info.date)
        emit("\(Self.infoObject) 0 obj\n<< /Title <\(Self.utf16Hex(info.title))>\n   /Creator (sscard)\n")
        emit("   /CreationDate (\(date))\n   /ModDate (\(date))\n>>\nendobj\n")
        let table = written + output.count
        emit("xref\n0 \(offsets.count + 1)\n0000000000 65535 f \n")
        for offset in offsets { emit(Self.padded(offset) + " 00000 n \n") }
        emit("trailer\n<< /Size \(offsets.count + 1)\n   /Root \(Self.catalog) 0 R\n   /Info \(Self.infoObject) 0 R\n>>\n")
        emit("startxref\n\(table)\n%%EOF\n")
    }

    private mutating func emit(_ text: String) { output.append(contentsOf: text.utf8) }

    private mutating func emit(_ bytes: ArraySlice<UInt8>) { output.append(contentsOf: bytes) }

    static func padded(_ value: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }

    /// A text string as UTF-16BE with its byte-order mark, in hex (what cairo writes for titles).
    static func utf16Hex(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var result: [UInt8] = Array("FEFF".utf8)
        for unit in text.utf16 {
            for shift in [12, 8, 4, 0] { result.append(hex[Int(unit >> UInt16(shift)) & 0xF]) }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// "2026-12-01T09:00:00+08:00" as a PDF date, D:20261201090000+08'00.
    static func pdfDate(_ iso: String) -> String {
        let bytes = Array(iso.utf8)
        let digits = bytes.prefix(19).filter { $0 >= 0x30 && $0 <= 0x39 }
        var text = "D:" + String(decoding: digits, as: UTF8.self)
        let zone = bytes.dropFirst(19)
        if zone.count == 6, zone.first == UInt8(ascii: "+") || zone.first == UInt8(ascii: "-") {
            let sign = String(decoding: zone.prefix(1), as: UTF8.self)
            text += sign + String(decoding: zone.dropFirst(1).prefix(2), as: UTF8.self) + "'" + String(decoding: zone.suffix(2), as: UTF8.self) + "'"
        } else if zone.first == UInt8(ascii: "Z") {
            text += "Z"
        }
        return text
    }
}
