/// A JPEG that a PDF can carry as it is (DCTDecode): its size and colour components read from
/// the frame header. Files cairo cannot pass through (CMYK, 12-bit, arithmetic coding, EXIF
/// rotation) are refused, so that the caller converts them first instead of getting a blank box.
public struct JPEGImage: Sendable {
    public let bytes: [UInt8]
    public let width: Int
    public let height: Int
    public let components: Int

    /// Nil when the bytes are not a JPEG that can be embedded unchanged.
    public init?(_ bytes: [UInt8]) {
        guard bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var index = 2
        var found: (Int, Int, Int)?
        while index + 4 <= bytes.count {
            guard bytes[index] == 0xFF else { return nil }
            let marker = bytes[index + 1]
            if marker == 0xFF { index += 1; continue }
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { index += 2; continue }
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            guard length >= 2, index + 2 + length <= bytes.count else { return nil }
            let body = index + 4
            switch marker {
            case 0xC0, 0xC1, 0xC2:  // baseline, extended sequential, progressive (Huffman)
                guard length >= 8, bytes[body] == 8 else { return nil }
                let height = Int(bytes[body + 1]) << 8 | Int(bytes[body + 2])
                let width = Int(bytes[body + 3]) << 8 | Int(bytes[body + 4])
                found = (width, height, Int(bytes[body + 5]))
            case 0xC3, 0xC5...0xC7, 0xC9...0xCB, 0xCD...0xCF:
                return nil  // lossless, hierarchical or arithmetic: not for PDF readers
            case 0xE1:
                if JPEGImage.exifOrientation(bytes[body..<(index + 2 + length)]) ?? 1 != 1 { return nil }
            case 0xDA:
                index = bytes.count  // the scan: the header is over
                continue
            default: break
            }
            index += 2 + length
        }
        guard let (width, height, components) = found, width > 0, height > 0, components == 1 || components == 3 else { return nil }
        self.bytes = bytes
        self.width = width
        self.height = height
        self.components = components
    }

    /// The EXIF orientation tag (0x0112) of an APP1 body, if any.
    static func exifOrientation(_ body: ArraySlice<UInt8>) -> Int? {
        let b = Array(body)
        guard b.count > 14, b[0] == 0x45, b[1] == 0x78, b[2] == 0x69, b[3] == 0x66 else { return nil }  // "Exif"
        let tiff = 6
        let little = b[tiff] == 0x49
        func u16(_ at: Int) -> Int? {
            guard at + 2 <= b.count else { return nil }
            return little ? Int(b[at]) | Int(b[at + 1]) << 8 : Int(b[at]) << 8 | Int(b[at + 1])
        }
        func u32(_ at: Int) -> Int? {
            guard let high = u16(little ? at + 2 : at), let low = u16(little ? at : at + 2) else { return nil }
            return high << 16 | low
        }
        guard let ifd = u32(tiff + 4), let count = u16(tiff + ifd) else { return nil }
        for entry in 0..<min(count, 512) {
            let at = tiff + ifd + 2 + entry * 12
            guard let tag = u16(at) else { return nil }
            if tag == 0x0112 { return u16(at + 8) }
        }
        return nil
    }
}
