/// The JFIF APP0 segment of a JPEG: where a JPEG states its pixel density (DPI).
public enum JFIF {
    /// Inserts or rewrites the JFIF APP0 so it states `dpi` dots per inch on both axes
    /// (units = 1).
    ///
    /// An APP0 right after SOI is rewritten in place (its version and thumbnail kept). One found
    /// later, before the image data, is moved to the front as the standard requires. Otherwise an
    /// 18-byte APP0 (version 1.01, no thumbnail) is inserted after SOI.
    /// - Parameters:
    ///   - jpeg: JPEG bytes; anything not starting with FF D8 is returned unchanged.
    ///   - dpi: density, clamped to 1...65535.
    public static func settingDensity(_ jpeg: [UInt8], dpi: Int) -> [UInt8] {
        guard jpeg.count >= 4, jpeg[0] == 0xFF, jpeg[1] == 0xD8 else { return jpeg }
        let d = UInt16(clamping: min(65535, max(1, dpi)))
        let hi = UInt8(d >> 8)
        let lo = UInt8(d & 0xFF)
        if let segment = findAPP0(jpeg) {
            if segment.start == 2 {
                var out = jpeg
                let p = segment.units
                out[p] = 1
                out[p + 1] = hi
                out[p + 2] = lo
                out[p + 3] = hi
                out[p + 4] = lo
                return out
            }
            var out = jpeg
            out.removeSubrange(segment.start..<segment.end)
            return settingDensity(out, dpi: dpi)
        }
        let app0: [UInt8] = [
            0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00,  // APP0, length 16, "JFIF\0"
            0x01, 0x01,  // version 1.01
            0x01,  // units: dots per inch
            hi, lo, hi, lo,  // X and Y density
            0x00, 0x00,  // no thumbnail
        ]
        var out = [UInt8]()
        out.reserveCapacity(jpeg.count + app0.count)
        out.append(contentsOf: jpeg[0..<2])
        out.append(contentsOf: app0)
        out.append(contentsOf: jpeg[2...])
        return out
    }

    /// The density in the JFIF APP0, if there is one: units (0 = aspect ratio only, 1 = dots per
    /// inch, 2 = dots per cm) and the X and Y density.
    public static func density(_ jpeg: [UInt8]) -> (units: Int, x: Int, y: Int)? {
        guard jpeg.count >= 4, jpeg[0] == 0xFF, jpeg[1] == 0xD8, let segment = findAPP0(jpeg) else { return nil }
        let p = segment.units
        return (Int(jpeg[p]), Int(jpeg[p + 1]) << 8 | Int(jpeg[p + 2]), Int(jpeg[p + 3]) << 8 | Int(jpeg[p + 4]))
    }

    /// Byte range of the first JFIF APP0 segment (marker and any fill bytes included) before the
    /// scan data, and the index of its units byte.
    private static func findAPP0(_ jpeg: [UInt8]) -> (start: Int, end: Int, units: Int)? {
        var i = 2
        while i + 4 <= jpeg.count {
            guard jpeg[i] == 0xFF else { return nil }  // not at a marker: malformed, stop
            var m = i + 1
            while m < jpeg.count, jpeg[m] == 0xFF { m += 1 }  // fill bytes
            guard m + 2 < jpeg.count else { return nil }
            let marker = jpeg[m]
            // SOS starts entropy-coded data, EOI ends the image: no APP0 after that counts.
            if marker == 0xDA || marker == 0xD9 { return nil }
            // Markers without a length field.
            if marker == 0x01 || (0xD0...0xD7).contains(marker) {
                i = m + 1
                continue
            }
            let length = Int(jpeg[m + 1]) << 8 | Int(jpeg[m + 2])
            let end = m + 1 + length
            guard length >= 2, end <= jpeg.count else { return nil }
            if marker == 0xE0, length >= 16, jpeg[(m + 3)..<(m + 8)].elementsEqual([0x4A, 0x46, 0x49, 0x46, 0x00]) {
                return (i, end, m + 10)  // E0, length(2), "JFIF\0"(5), version(2), then units
            }
            i = end
        }
        return nil
    }
}
