import Foundation
import XCTest
import VipsKit
@testable import SSCardKit

/// Byte-level builders for the imaging tests: stored zips with raw entry names, PNGs (8/16-bit, alpha, pHYs),
/// an EXIF orientation splice, rotated pixel buffers and the `vips` command line.
enum ImagingFixtures {
    // MARK: CRC-32 and Adler-32

    private static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        var index = 0
        while index < bytes.count {
            // 5552 bytes keep the sums below 2^32 before the modulo (zlib's NMAX).
            let end = min(bytes.count, index + 5552)
            for i in index..<end { a &+= UInt32(bytes[i]); b &+= a }
            a %= 65521; b %= 65521
            index = end
        }
        return b << 16 | a
    }

    static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
    static func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }

    // MARK: Zip (stored entries, raw names)

    struct ZipEntry {
        var name: [UInt8]
        var data: [UInt8]
        /// General-purpose flag bit 11: the name is UTF-8.
        var utf8Flag: Bool

        init(_ name: String, _ data: [UInt8] = []) { self.name = Array(name.utf8); self.data = data; utf8Flag = !name.allSatisfy(\.isASCII) }
        init(rawName: [UInt8], _ data: [UInt8], utf8Flag: Bool = false) { name = rawName; self.data = data; self.utf8Flag = utf8Flag }
    }

    /// A zip archive with every entry stored (no compression), as a byte array.
    static func storedZip(_ entries: [ZipEntry]) -> [UInt8] {
        var out: [UInt8] = [], central: [UInt8] = []
        for entry in entries {
            let offset = UInt32(out.count)
            let crc = crc32(entry.data), size = UInt32(entry.data.count)
            let flags = entry.utf8Flag ? 0x800 : 0
            let common = le16(20) + le16(flags) + le16(0) + le16(0) + le16(0x21) + le32(crc) + le32(size) + le32(size)
                + le16(entry.name.count) + le16(0)
            out += le32(0x0403_4B50) + common + entry.name + entry.data
            central += le32(0x0201_4B50) + le16(20) + common + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + entry.name
        }
        let centralOffset = UInt32(out.count)
        out += central
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
            + le32(UInt32(central.count)) + le32(centralOffset) + le16(0)
        return out
    }

    // MARK: PNG

    /// A PNG of `samples` (rows top to bottom, 16-bit samples big-endian), deflate "stored" blocks, optional pHYs.
    /// colourType: 0 grey, 2 RGB, 4 grey+alpha, 6 RGBA.
    static func png(_ samples: [UInt8], width: Int, height: Int, colourType: UInt8, bitDepth: UInt8, dpi: Int? = nil) -> [UInt8] {
        let channels = [0: 1, 2: 3, 4: 2, 6: 4][Int(colourType)]!
        let rowBytes = width * channels * Int(bitDepth) / 8
        precondition(samples.count == rowBytes * height)
        var raw: [UInt8] = []
        raw.reserveCapacity((rowBytes + 1) * height)
        for y in 0..<height {
            raw.append(0)
            raw += samples[(y * rowBytes)..<((y + 1) * rowBytes)]
        }
        var zlib: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let n = min(65535, raw.count - offset)
            zlib.append(offset + n == raw.count ? 1 : 0)
            zlib += le16(n) + le16(Int(UInt16(n) ^ 0xFFFF))
            zlib += raw[offset..<(offset + n)]
            offset += n
        } while offset < raw.count
        zlib += be32(adler32(raw))

        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            return be32(UInt32(data.count)) + body + be32(crc32(body))
        }
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        out += chunk("IHDR", be32(UInt32(width)) + be32(UInt32(height)) + [bitDepth, colourType, 0, 0, 0])
        if let dpi {
            let ppm = UInt32((Double(dpi) / 0.0254).rounded())
            out += chunk("pHYs", be32(ppm) + be32(ppm) + [1])
        }
        out += chunk("IDAT", zlib)
        out += chunk("IEND", [])
        return out
    }

    /// A PNG whose header claims `width` × `height` RGB pixels but whose data is a few bytes: a decompression bomb's header.
    static func pngHeaderOnly(width: Int, height: Int) -> [UInt8] {
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            return be32(UInt32(data.count)) + body + be32(crc32(body))
        }
        let idat: [UInt8] = [0x78, 0x01, 0x01, 0x01, 0x00, 0xFE, 0xFF, 0x00, 0x00, 0x01, 0x00, 0x01]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", be32(UInt32(width)) + be32(UInt32(height)) + [8, 2, 0, 0, 0]) + chunk("IDAT", idat) + chunk("IEND", [])
    }

    // MARK: JPEG helpers

    /// Inserts an EXIF APP1 (big-endian TIFF, IFD0 with only Orientation) after the JFIF APP0, or after SOI.
    static func withEXIFOrientation(_ jpeg: [UInt8], _ orientation: UInt8) -> [UInt8] {
        let tiff: [UInt8] = [0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8,  // "MM", 42, IFD0 at 8
                             0, 1,  // one entry
                             0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0,  // Orientation, SHORT, 1, value
                             0, 0, 0, 0]  // no next IFD
        let payload = Array("Exif".utf8) + [0, 0] + tiff
        let app1: [UInt8] = [0xFF, 0xE1] + [UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload
        var at = 2
        if jpeg[2] == 0xFF, jpeg[3] == 0xE0 { at = 4 + (Int(jpeg[4]) << 8 | Int(jpeg[5])) }
        return Array(jpeg[..<at]) + app1 + Array(jpeg[at...])
    }

    /// Interleaved RGB turned 90° counter-clockwise: what a camera stores for a picture it tags with orientation 6.
    static func rotatedCounterClockwise(_ rgb: [UInt8], width: Int, height: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: rgb.count)
        rgb.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<height {
                    for x in 0..<width {
                        let s = 3 * (y * width + x), d = 3 * ((width - 1 - x) * height + y)
                        dst[d] = src[s]; dst[d + 1] = src[s + 1]; dst[d + 2] = src[s + 2]
                    }
                }
            }
        }
        return out
    }

    /// Solid-colour RGB with a faint ±3 texture (so it is not perfectly flat), split into a left and a right colour.
    static func twoColourRGB(width: Int, height: Int, left: (UInt8, UInt8, UInt8), right: (UInt8, UInt8, UInt8)) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: width * height * 3)
        out.withUnsafeMutableBufferPointer { dst in
            for y in 0..<height {
                for x in 0..<width {
                    let c = x < width / 2 ? left : right
                    let t = (x &* 7 &+ y &* 13) % 7 - 3
                    let i = 3 * (y * width + x)
                    dst[i] = UInt8(clamping: Int(c.0) + t)
                    dst[i + 1] = UInt8(clamping: Int(c.1) + t)
                    dst[i + 2] = UInt8(clamping: Int(c.2) + t)
                }
            }
        }
        return out
    }

    static func jpeg(_ image: TestImage, quality: Int = 85, dpi: Int = 350) throws -> [UInt8] {
        try VipsImage.fromPixels(image.rgb, width: image.width, height: image.height, bands: 3).jpegData(quality: quality, dpi: dpi)
    }

    static func cardJPEG(width: Int, height: Int, left: (UInt8, UInt8, UInt8) = (232, 238, 244),
                         right: (UInt8, UInt8, UInt8) = (232, 238, 244)) throws -> [UInt8] {
        try VipsImage.fromPixels(twoColourRGB(width: width, height: height, left: left, right: right), width: width, height: height, bands: 3)
            .jpegData(quality: 85, dpi: 300)
    }

    // MARK: Command-line tools

    struct ToolFailed: Error, CustomStringConvertible {
        let description: String
    }

    static func toolPath(_ name: String) -> String? {
        ["/usr/bin", "/usr/local/bin", "/bin"].map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a tool; XCTSkip when it is not installed, ToolFailed when it exits non-zero.
    static func run(_ name: String, _ arguments: [String], in directory: URL? = nil) throws {
        guard let path = toolPath(name) else { throw XCTSkip("\(name) is not installed") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolFailed(description: "\(name) \(arguments): \(String(decoding: message, as: UTF8.self))")
        }
    }

    static func write(_ bytes: [UInt8], to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    static func read(_ url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }
}

/// Pixel statistics of a decoded photo, to see where the person ended up.
struct PixelCensus {
    var skin: (x: Double, y: Double, count: Int) = (0, 0, 0)
    var hair: (x: Double, y: Double, count: Int) = (0, 0, 0)
    var suit: (x: Double, y: Double, count: Int) = (0, 0, 0)

    /// Skin: warm and light; hair: dark and not blue; suit: dark and blue (SyntheticPortrait's colours).
    init(rgb: [UInt8], width: Int, height: Int) {
        var sums = [(0.0, 0.0, 0), (0.0, 0.0, 0), (0.0, 0.0, 0)]
        for y in 0..<height {
            for x in 0..<width {
                let i = 3 * (y * width + x)
                let r = Int(rgb[i]), g = Int(rgb[i + 1]), b = Int(rgb[i + 2])
                let kind: Int
                if r > 150, r - b > 40, r > g { kind = 0 }
                else if max(r, g, b) < 70, b - r < 8 { kind = 1 }
                else if max(r, g, b) < 90, b - r > 20 { kind = 2 }
                else { continue }
                sums[kind].0 += Double(x); sums[kind].1 += Double(y); sums[kind].2 += 1
            }
        }
        func mean(_ s: (Double, Double, Int)) -> (x: Double, y: Double, count: Int) {
            s.2 == 0 ? (-1, -1, 0) : (s.0 / Double(s.2), s.1 / Double(s.2), s.2)
        }
        skin = mean(sums[0]); hair = mean(sums[1]); suit = mean(sums[2])
    }
}
