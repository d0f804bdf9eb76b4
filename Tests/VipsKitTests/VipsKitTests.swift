import Foundation
import XCTest

@testable import VipsKit

#if canImport(Glibc)
import Glibc
#endif

final class VipsKitTests: XCTestCase {
    override class func setUp() {
        super.setUp()
        try! Vips.initialize(concurrency: 1)
    }

    // MARK: - Process

    func testInitializeIsIdempotentAcrossThreads() throws {
        let failures = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            do { try Vips.initialize(concurrency: 1) } catch { failures.add(1) }
        }
        XCTAssertEqual(failures.value, 0)
        XCTAssertTrue(Vips.version.hasPrefix("8."), Vips.version)
    }

    func testBlockMeansAverageEachBlockAndDropTheRemainder() throws {
        // 5×2, one band: blocks of 2×2 give 2×1; the fifth column is no part of any block.
        let grey: [UInt8] = [0, 4, 10, 30, 255,
                             8, 12, 50, 70, 255]
        let image = try VipsImage.fromPixels(grey, width: 5, height: 2, bands: 1)
        let means = try image.blockMeans(factor: 2)
        XCTAssertEqual(means.width, 2)
        XCTAssertEqual(means.height, 1)
        XCTAssertEqual(try means.pixels(), [6, 40])
        XCTAssertEqual(try image.blockMeans(factor: 1).pixels(), grey)
        XCTAssertThrowsError(try image.blockMeans(factor: 3))
    }

    func testBlockMeansRoundAsLibvipsShrinkDoes() throws {
        // Three bands, a factor that leaves a remainder both ways, and a lazily cropped source
        // (the means are read through a region, not from memory the image holds).
        let width = 53, height = 38, bands = 3, factor = 5
        var state: UInt32 = 12345
        let samples = (0..<(width * height * bands)).map { _ -> UInt8 in
            state = state &* 1_103_515_245 &+ 12345
            return UInt8(truncatingIfNeeded: state >> 16)
        }
        let whole = try VipsImage.fromPixels(samples, width: width, height: height, bands: bands)
        let source = try whole.cropped(x: 2, y: 1, width: 49, height: 36)
        let means = try source.blockMeans(factor: factor)
        XCTAssertEqual(means.width, 9)
        XCTAssertEqual(means.height, 7)
        // libvips' shrink: a rounded mean down each column of a block, then across those.
        var expected: [UInt8] = []
        for blockY in 0..<7 {
            for blockX in 0..<9 {
                for band in 0..<bands {
                    var sum = 0
                    for dx in 0..<factor {
                        var column = 0
                        for dy in 0..<factor {
                            let x = 2 + blockX * factor + dx, y = 1 + blockY * factor + dy
                            column += Int(samples[(y * width + x) * bands + band])
                        }
                        sum += (column + factor / 2) / factor
                    }
                    expected.append(UInt8((sum + factor / 2) / factor))
                }
            }
        }
        XCTAssertEqual(try means.pixels(), expected)
        // 16-bit images take libvips' own shrink: the same means, scaled down to 8 bits by pixels().
        let wide = samples.flatMap { sample -> [UInt8] in
            let value = UInt16(sample) << 8
            return [UInt8(value & 0xFF), UInt8(value >> 8)]  // native endian: little on x86 and arm64
        }
        let sixteen = try VipsImage.fromSamples(wide, width: width, height: height, bands: bands, sixteenBit: true)
        let sixteenMeans = try sixteen.cropped(x: 2, y: 1, width: 49, height: 36).blockMeans(factor: factor)
        XCTAssertEqual(sixteenMeans.width, 9)
        XCTAssertEqual(sixteenMeans.height, 7)
        let difference = zip(try sixteenMeans.pixels(), expected).map { abs(Int($0) - Int($1)) }.max() ?? 99
        XCTAssertLessThanOrEqual(difference, 1)
    }

    func testCanLoadSuffixes() {
        XCTAssertTrue(Vips.canLoad(suffix: ".jpg"))
        XCTAssertTrue(Vips.canLoad(suffix: "jpeg"))
        XCTAssertTrue(Vips.canLoad(suffix: ".JPG"))
        XCTAssertTrue(Vips.canLoad(suffix: ".png"))
        XCTAssertFalse(Vips.canLoad(suffix: ".docx"))
        XCTAssertFalse(Vips.canLoad(suffix: ""))
        // Untrusted loaders are blocked at start-up.
        XCTAssertFalse(Vips.canLoad(suffix: ".pdf"))
        XCTAssertFalse(Vips.canLoad(suffix: ".svg"))
        print("VipsKit: libvips \(Vips.version); .heic loader present: \(Vips.canLoad(suffix: ".heic"))")
    }

    // MARK: - JPEG and JFIF

    func testJPEGRoundTripAt350DPI() throws {
        let image = try Self.photoLike(width: 358, height: 441)
        let jpeg = try image.jpegData(quality: 85, dpi: 350)
        XCTAssertEqual(Array(jpeg.prefix(4)), [0xFF, 0xD8, 0xFF, 0xE0])
        XCTAssertEqual(Array(jpeg[6..<11]), Array("JFIF\0".utf8))
        let density = try XCTUnwrap(JFIF.density(jpeg))
        XCTAssertEqual(density.units, 1)
        XCTAssertEqual(density.x, 350)
        XCTAssertEqual(density.y, 350)

        for loaded in [try VipsImage.load(data: jpeg, maxPixels: 1_000_000), try loadViaFile(jpeg)] {
            XCTAssertEqual(loaded.width, 358)
            XCTAssertEqual(loaded.height, 441)
            XCTAssertEqual(loaded.bands, 3)
            XCTAssertEqual(loaded.colourSpace, .srgb)
            XCTAssertEqual(loaded.loader, "jpegload")
            XCTAssertEqual(loaded.horizontalDPI, 350, accuracy: 0.01)
            XCTAssertEqual(loaded.verticalDPI, 350, accuracy: 0.01)
            XCTAssertEqual(loaded.orientation, 1)
            XCTAssertFalse(loaded.hasMetadata)
            XCTAssertFalse(loaded.hasAlpha)
            XCTAssertNoThrow(try loaded.decoded())
        }
    }

    func testLibvipsWritesNoAPP0SoOneIsInserted() throws {
        let raw = try Self.photoLike(width: 64, height: 48).encodeJPEG(quality: 80, strip: true)
        XCTAssertNil(JFIF.density(raw), "libvips 8.14 is expected to write no JFIF APP0")
        let fixed = JFIF.settingDensity(raw, dpi: 300)
        XCTAssertEqual(fixed.count, raw.count + 18)
        XCTAssertEqual(
            Array(fixed.prefix(20)),
            [
                0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46,
                0x00, 0x01, 0x01, 0x01, 0x01, 0x2C, 0x01, 0x2C, 0x00, 0x00,
            ])
        XCTAssertEqual(Array(fixed[20...]), Array(raw[2...]))
        XCTAssertEqual(try VipsImage.load(data: fixed, maxPixels: 10_000).horizontalDPI, 300, accuracy: 0.01)
    }

    func testSettingDensityRewritesAnExistingAPP0InPlace() throws {
        let raw = try Self.photoLike(width: 64, height: 48).encodeJPEG(quality: 80, strip: true)
        // A hand-made APP0 as other encoders write it: version 1.02, units 0 (aspect only), 1:1.
        let app0: [UInt8] = [0xFF, 0xE0, 0x00, 0x10] + Array("JFIF\0".utf8) + [1, 2, 0, 0, 1, 0, 1, 0, 0]
        let other = Array(raw[0..<2]) + app0 + Array(raw[2...])
        XCTAssertEqual(JFIF.density(other)?.units, 0)

        let fixed = JFIF.settingDensity(other, dpi: 350)
        XCTAssertEqual(fixed.count, other.count, "rewritten in place, not added")
        XCTAssertEqual(Array(fixed[11..<13]), [1, 2], "version kept")
        let density = try XCTUnwrap(JFIF.density(fixed))
        XCTAssertEqual([density.units, density.x, density.y], [1, 350, 350])
        XCTAssertEqual(try VipsImage.load(data: fixed, maxPixels: 10_000).verticalDPI, 350, accuracy: 0.01)

        // A fill byte before the marker is allowed and must not shift the fields.
        let filled = Array(raw[0..<2]) + [0xFF] + app0 + Array(raw[2...])
        XCTAssertEqual(JFIF.density(filled)?.units, 0)
        let filledFixed = JFIF.settingDensity(filled, dpi: 350)
        XCTAssertEqual(filledFixed.count, filled.count)
        XCTAssertEqual(JFIF.density(filledFixed)?.x, 350)
        XCTAssertEqual(Array(filledFixed[12..<14]), [1, 2], "version kept")

        // Our own output, re-stamped.
        let ours = try Self.photoLike(width: 64, height: 48).jpegData(quality: 80, dpi: 72)
        let restamped = JFIF.settingDensity(ours, dpi: 600)
        XCTAssertEqual(restamped.count, ours.count)
        XCTAssertEqual(JFIF.density(restamped)?.x, 600)
    }

    func testSettingDensityMovesALateAPP0ToTheFront() throws {
        let raw = try Self.photoLike(width: 32, height: 32).encodeJPEG(quality: 80, strip: true)
        let app1: [UInt8] = [0xFF, 0xE1, 0x00, 0x08] + Array("Exif\0\0".utf8)
        let app0: [UInt8] = [0xFF, 0xE0, 0x00, 0x10] + Array("JFIF\0".utf8) + [1, 1, 2, 0, 10, 0, 10, 0, 0]
        let late = Array(raw[0..<2]) + app1 + app0 + Array(raw[2...])
        XCTAssertEqual(JFIF.density(late)?.units, 2)

        let fixed = JFIF.settingDensity(late, dpi: 350)
        XCTAssertEqual(fixed.count, late.count)
        XCTAssertEqual(Array(fixed[2..<4]), [0xFF, 0xE0])
        XCTAssertEqual(Array(fixed[20..<22]), [0xFF, 0xE1], "APP1 follows the moved APP0")
        XCTAssertEqual(JFIF.density(fixed)?.x, 350)
        XCTAssertEqual(Self.count(of: Array("JFIF\0".utf8), in: fixed), 1)
    }

    func testSettingDensityLeavesOtherBytesAlone() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        XCTAssertEqual(JFIF.settingDensity(png, dpi: 350), png)
        XCTAssertEqual(JFIF.settingDensity([], dpi: 350), [])
        XCTAssertNil(JFIF.density(png))
        XCTAssertNil(JFIF.density([0xFF, 0xD8]))
        // Clamped, not wrapped.
        let soiOnly: [UInt8] = [0xFF, 0xD8, 0xFF, 0xD9]
        XCTAssertEqual(JFIF.density(JFIF.settingDensity(soiOnly, dpi: 70_000))?.x, 65535)
    }

    // MARK: - Guards

    func testHeaderClaimingTooManyPixelsIsRefusedBeforeDecoding() throws {
        // A real 16×16 JPEG whose SOF says 20000×20000: only a header read can see that size.
        var jpeg = try Self.photoLike(width: 16, height: 16).jpegData(quality: 80, dpi: 350)
        try Self.patchSOF(&jpeg, width: 20000, height: 20000)
        let limit = 40_000_000
        XCTAssertThrowsError(try VipsImage.load(data: jpeg, maxPixels: limit)) { error in
            XCTAssertEqual(error as? VipsError, .tooManyPixels(width: 20000, height: 20000, limit: limit))
        }
        XCTAssertThrowsError(try loadViaFile(jpeg, maxPixels: limit)) { error in
            XCTAssertEqual(error as? VipsError, .tooManyPixels(width: 20000, height: 20000, limit: limit))
        }

        // The same for a PNG whose IHDR (CRC fixed up) claims 20000×20000.
        var png = try Self.photoLike(width: 8, height: 8).pngData()
        Self.patchIHDR(&png, width: 20000, height: 20000)
        XCTAssertThrowsError(try VipsImage.load(data: png, maxPixels: limit)) { error in
            XCTAssertEqual(error as? VipsError, .tooManyPixels(width: 20000, height: 20000, limit: limit))
        }
    }

    func testGenuinelyLargeImageIsRefusedWithoutDecoding() throws {
        // 8000×8000 grey really encoded (flat, so it compresses to ~100 kB). Decoding it would
        // take 64 MB and far more time than reading its header.
        let zeros = [UInt8](repeating: 0, count: 8000 * 8000)
        let flat = try VipsImage.fromPixels(zeros, width: 8000, height: 8000, bands: 1)
        let png = try flat.pngData()
        XCTAssertLessThan(png.count, 1_000_000)
        let rssBefore = Self.maxRSSBytes()
        XCTAssertThrowsError(try VipsImage.load(data: png, maxPixels: 24_000_000)) { error in
            XCTAssertEqual(error as? VipsError, .tooManyPixels(width: 8000, height: 8000, limit: 24_000_000))
        }
        XCTAssertLessThan(Self.maxRSSBytes() - rssBefore, 100_000_000)
        // Within the limit it loads.
        XCTAssertEqual(try VipsImage.load(data: png, maxPixels: 64_000_000).width, 8000)
    }

    func testTruncatedJPEGFailsWhenDecoded() throws {
        let jpeg = try Self.photoLike(width: 400, height: 300).jpegData(quality: 90, dpi: 350)
        let half = Array(jpeg.prefix(jpeg.count / 2))
        let lazy = try VipsImage.load(data: half, maxPixels: 1_000_000)  // the header is intact
        XCTAssertEqual(lazy.width, 400)
        XCTAssertThrowsError(try lazy.decoded()) { error in
            guard case .unreadable(let message)? = error as? VipsError else {
                return XCTFail("expected .unreadable, got \(error)")
            }
            XCTAssertFalse(message.isEmpty)
        }
        XCTAssertThrowsError(try loadViaFile(half).decoded()) { error in
            guard case .unreadable? = error as? VipsError else { return XCTFail("got \(error)") }
        }
    }

    func testLazyLoadDecodesOnceForAnyPixelOperation() throws {
        let jpeg = try Self.photoLike(width: 300, height: 200).jpegData(quality: 90, dpi: 350)
        let image = try VipsImage.load(data: jpeg, maxPixels: 1_000_000)
        // Several independent reads of one loaded image (a sequential decoder could not do this).
        let a = try image.pixels()
        let b = try image.srgb8().pixels()
        let c = try image.autorotated().resized(width: 30, height: 20)
        XCTAssertEqual(a, b)
        XCTAssertEqual([c.width, c.height], [30, 20])
        XCTAssertTrue(try image.decoded() === image.decoded())
        XCTAssertEqual(try image.decoded().pixels(), a)

        // A damaged file: the first pixel operation, whichever it is, reports .unreadable, and so
        // does every later one.
        let half = try VipsImage.load(data: Array(jpeg.prefix(jpeg.count / 2)), maxPixels: 1_000_000)
        for attempt in 0..<2 {
            XCTAssertThrowsError(try half.srgb8()) { error in
                guard case .unreadable? = error as? VipsError else { return XCTFail("\(attempt): got \(error)") }
            }
        }
        XCTAssertThrowsError(try half.decoded()) { error in
            guard case .unreadable? = error as? VipsError else { return XCTFail("got \(error)") }
        }
    }

    func testResizedOutputCanBeReadInAnyOrder() throws {
        // The resize runs with libvips' sequential hint internally; its result must not keep it.
        let image = try Self.photoLike(width: 900, height: 700).resized(width: 358, height: 441)
        let rotated = try image.settingOrientation(6).autorotated()
        XCTAssertEqual([rotated.width, rotated.height], [441, 358])
        XCTAssertEqual(try rotated.pixels().count, 441 * 358 * 3)
        let sheet = try VipsImage.whiteCanvas(width: 1000, height: 1000)
            .inserting(rotated, x: 500, y: 600).inserting(image, x: 0, y: 0).inserting(rotated, x: 10, y: 10)
        XCTAssertEqual(try sheet.jpegData(quality: 80, dpi: 300).prefix(2), [0xFF, 0xD8])
    }

    func testGarbageIsUnreadable() throws {
        var generator = SplitMix(seed: 7)
        let noise = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for bytes in [noise, [], [0xFF, 0xD8, 0xFF]] {
            XCTAssertThrowsError(try VipsImage.load(data: bytes, maxPixels: 1_000_000)) { error in
                guard case .unreadable? = error as? VipsError else { return XCTFail("got \(error)") }
            }
        }
        for path in ["/nonexistent/photo.jpg", FileManager.default.temporaryDirectory.path, ""] {
            XCTAssertThrowsError(try VipsImage.load(path: path, maxPixels: 1_000_000)) { error in
                guard case .unreadable(let message)? = error as? VipsError else { return XCTFail("got \(error)") }
                XCTAssertFalse(message.isEmpty)
            }
        }
    }

    func testFakeHEIFIsUnreadableOrUnsupported() throws {
        let fake: [UInt8] = [0, 0, 0, 0x18] + Array("ftypheic".utf8) + [0, 0, 0, 0] + Array("mif1heic".utf8) + [1, 2, 3]
        XCTAssertEqual(VipsImage.heifBrand(fake), "heic")
        XCTAssertNil(VipsImage.heifBrand(Array("not an image at all".utf8)))
        XCTAssertThrowsError(try VipsImage.load(data: fake, maxPixels: 1_000_000)) { error in
            switch error as? VipsError {
            case .unreadable?: XCTAssertTrue(Vips.canLoad(suffix: ".heic"))
            case .unsupported?: XCTAssertFalse(Vips.canLoad(suffix: ".heic"))
            default: XCTFail("got \(error)")
            }
        }
    }

    func testHEICLoadsWhenSupported() throws {
        try XCTSkipUnless(Vips.canLoad(suffix: ".heic"), "no heif loader in this libvips")
        let source = try Self.photoLike(width: 120, height: 90)
        let heic: [UInt8]
        do {
            heic = try source.heicData()
        } catch {
            throw XCTSkip("cannot make a HEIC here to test with: \(error)")
        }
        let image = try VipsImage.load(data: heic, maxPixels: 1_000_000)
        XCTAssertEqual(image.loader, "heifload")
        XCTAssertEqual([image.width, image.height], [120, 90])
        let srgb = try image.decoded().srgb8()
        XCTAssertEqual(try srgb.pixels().count, 120 * 90 * 3)
    }

    // MARK: - Colour

    func testCMYKJPEGBecomesSRGB() throws {
        let source = try Self.photoLike(width: 80, height: 60)
        let cmyk = try source.cmykForTesting()
        XCTAssertEqual(cmyk.colourSpace, .cmyk)
        let reference = try source.pixels()

        for strip in [false, true] {  // with the embedded profile, and with vips' default CMYK
            let jpeg = try cmyk.encodeJPEG(quality: 95, strip: strip)
            let loaded = try VipsImage.load(data: jpeg, maxPixels: 1_000_000)
            XCTAssertEqual(loaded.colourSpace, .cmyk)
            XCTAssertEqual(loaded.bands, 4)
            XCTAssertEqual(loaded.hasMetadata, !strip)
            let srgb = try loaded.decoded().srgb8()
            XCTAssertEqual(srgb.colourSpace, .srgb)
            XCTAssertEqual(srgb.bands, 3)
            let pixels = try srgb.pixels()
            XCTAssertEqual(pixels.count, 80 * 60 * 3)
            XCTAssertLessThan(Self.meanAbsoluteDifference(pixels, reference), 12, "strip: \(strip)")
        }
    }

    func testSRGBProfileIsRecognisedAndNotReapplied() throws {
        let cmyk = try Self.photoLike(width: 40, height: 30).cmykForTesting()
        let cmykProfile = try XCTUnwrap(cmyk.iccProfile)
        XCTAssertFalse(ICCProfile.isSRGB(cmykProfile), ICCProfile.description(cmykProfile) ?? "no description")
        // The ICC transform to sRGB attaches libvips' sRGB profile.
        let srgb = try cmyk.srgb8()
        let srgbProfile = try XCTUnwrap(srgb.iccProfile)
        XCTAssertTrue(ICCProfile.isSRGB(srgbProfile), ICCProfile.description(srgbProfile) ?? "no description")
        let names = [cmykProfile, srgbProfile].map { ICCProfile.description($0) ?? "?" }
        print("VipsKit: built-in profiles: \(names)")

        // A JPEG tagged sRGB keeps its pixels through srgb8().
        let tagged = try VipsImage.load(data: try srgb.encodeJPEG(quality: 95, strip: false), maxPixels: 10_000)
        XCTAssertTrue(tagged.hasMetadata)
        XCTAssertEqual(try tagged.srgb8().pixels(), try tagged.pixels())
        XCTAssertNil(ICCProfile.description([UInt8](repeating: 0, count: 100)))
        XCTAssertNil(ICCProfile.description([UInt8](repeating: 0xFF, count: 400)))
    }

    func testICCDescriptionParsing() {
        func profile(tag: [UInt8]) -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: 128)
            bytes += [0, 0, 0, 1] + Array("desc".utf8) + [0, 0, 0, 144] + [0, 0, 0, UInt8(tag.count)]
            return bytes + tag
        }
        let v2 = profile(tag: Array("desc".utf8) + [0, 0, 0, 0] + [0, 0, 0, 11] + Array("sRGB v2 x\0\0".utf8))
        XCTAssertEqual(ICCProfile.description(v2), "sRGB v2 x")
        let text = Array("Display P3".utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let v4 = profile(
            tag: Array("mluc".utf8) + [0, 0, 0, 0] + [0, 0, 0, 1] + [0, 0, 0, 12] + Array("enUS".utf8)
                + [0, 0, 0, UInt8(text.count)] + [0, 0, 0, 28] + text)
        XCTAssertEqual(ICCProfile.description(v4), "Display P3")
        XCTAssertFalse(ICCProfile.isSRGB(v4))
        XCTAssertTrue(ICCProfile.isSRGB(v2))
    }

    func testAlphaIsFlattenedOntoWhite() throws {
        // Left half transparent red, right half opaque blue.
        let (w, h) = (20, 10)
        var rgba = [UInt8]()
        for _ in 0..<h {
            for x in 0..<w { rgba += x < w / 2 ? [255, 0, 0, 0] : [0, 0, 255, 255] }
        }
        let png = try VipsImage.fromPixels(rgba, width: w, height: h, bands: 4).pngData()
        let image = try VipsImage.load(data: png, maxPixels: 1_000)
        XCTAssertEqual(image.loader, "pngload")
        XCTAssertTrue(image.hasAlpha)
        XCTAssertEqual(image.colourSpace, .srgb)
        let flat = try image.decoded().srgb8()
        XCTAssertFalse(flat.hasAlpha)
        let pixels = try flat.pixels()
        XCTAssertEqual(pixels.count, w * h * 3)
        XCTAssertEqual(Self.pixel(pixels, width: w, bands: 3, x: 2, y: 5), [255, 255, 255])
        XCTAssertEqual(Self.pixel(pixels, width: w, bands: 3, x: 15, y: 5), [0, 0, 255])
    }

    func testSixteenBitPNG() throws {
        let (w, h) = (16, 8)
        // RGB 16-bit: sample = 257 * 8-bit value, so >> 8 gives the 8-bit value back.
        var samples = [UInt16]()
        for y in 0..<h {
            for x in 0..<w { samples += [UInt16(x * 16) * 257, UInt16(y * 32) * 257, 40 * 257] }
        }
        let bytes = samples.withUnsafeBytes { Array($0) }
        let png = try VipsImage.fromSamples(bytes, width: w, height: h, bands: 3, sixteenBit: true)
            .pngData(bitDepth: 16)
        let image = try VipsImage.load(data: png, maxPixels: 1_000)
        XCTAssertEqual(image.colourSpace, .rgb16)
        let srgb = try image.decoded().srgb8()
        XCTAssertEqual(srgb.colourSpace, .srgb)
        let pixels = try srgb.pixels()
        XCTAssertEqual(pixels.count, w * h * 3)
        XCTAssertEqual(Self.pixel(pixels, width: w, bands: 3, x: 3, y: 2), [48, 64, 40])
        // pixels() on the 16-bit image scales down too.
        XCTAssertEqual(Self.pixel(try image.pixels(), width: w, bands: 3, x: 3, y: 2), [48, 64, 40])

        // 16-bit with alpha: transparent becomes white, opaque keeps its colour.
        var rgba = [UInt16]()
        for _ in 0..<h {
            for x in 0..<w { rgba += x < 8 ? [0, 0, 0, 0] : [65535, 0, 0, 65535] }
        }
        let png16a = try VipsImage.fromSamples(
            rgba.withUnsafeBytes { Array($0) }, width: w, height: h, bands: 4, sixteenBit: true
        ).pngData(bitDepth: 16)
        let alpha = try VipsImage.load(data: png16a, maxPixels: 1_000)
        XCTAssertEqual(alpha.colourSpace, .rgb16)
        XCTAssertTrue(alpha.hasAlpha)
        let flat = try alpha.srgb8().pixels()
        XCTAssertEqual(Self.pixel(flat, width: w, bands: 3, x: 1, y: 1), [255, 255, 255])
        XCTAssertEqual(Self.pixel(flat, width: w, bands: 3, x: 12, y: 1), [255, 0, 0])
    }

    func testGreyImages() throws {
        let (w, h) = (10, 4)
        let grey = (0..<(w * h)).map { UInt8($0 * 6) }
        let png = try VipsImage.fromPixels(grey, width: w, height: h, bands: 1).pngData()
        let image = try VipsImage.load(data: png, maxPixels: 1_000)
        XCTAssertEqual(image.colourSpace, .grey)
        XCTAssertEqual(try image.pixels(), grey)
        let srgb = try image.srgb8()
        XCTAssertEqual(srgb.bands, 3)
        XCTAssertEqual(Self.pixel(try srgb.pixels(), width: w, bands: 3, x: 3, y: 1), [78, 78, 78])

        let grey16 = grey.flatMap { v -> [UInt8] in withUnsafeBytes(of: UInt16(v) * 257) { Array($0) } }
        let png16 = try VipsImage.fromSamples(grey16, width: w, height: h, bands: 1, sixteenBit: true)
            .pngData(bitDepth: 16)
        let image16 = try VipsImage.load(data: png16, maxPixels: 1_000)
        XCTAssertEqual(image16.colourSpace, .grey16)
        XCTAssertEqual(Self.pixel(try image16.srgb8().pixels(), width: w, bands: 3, x: 3, y: 1), [78, 78, 78])

        // Grey + alpha.
        var ga = [UInt8]()
        for i in 0..<(w * h) { ga += [0, i % 2 == 0 ? 0 : 255] }
        let gaImage = try VipsImage.load(
            data: try VipsImage.fromPixels(ga, width: w, height: h, bands: 2).pngData(), maxPixels: 1_000)
        XCTAssertTrue(gaImage.hasAlpha)
        let flat = try gaImage.srgb8().pixels()
        XCTAssertEqual(Self.pixel(flat, width: w, bands: 3, x: 0, y: 0), [255, 255, 255])
        XCTAssertEqual(Self.pixel(flat, width: w, bands: 3, x: 1, y: 0), [0, 0, 0])
    }

    func testOtherColourSpaceIsNamed() throws {
        let lab = try VipsImage.fromSamples(
            [UInt8](repeating: 10, count: 12), width: 2, height: 2, bands: 3, sixteenBit: false,
            interpretation: VipsImage.labqInterpretationForTests)
        guard case .other(let name) = lab.colourSpace else { return XCTFail("\(lab.colourSpace)") }
        XCTAssertTrue(name.hasPrefix("labq"), name)
    }

    // MARK: - Geometry

    func testEXIFOrientationAndAutorotate() throws {
        // 40×20: a red block in the stored top-left corner, the rest grey.
        let (w, h) = (40, 20)
        var rgb = [UInt8]()
        for y in 0..<h {
            for x in 0..<w { rgb += (x < 16 && y < 16) ? [255, 0, 0] : [128, 128, 128] }
        }
        let jpeg = try VipsImage.fromPixels(rgb, width: w, height: h, bands: 3)
            .settingOrientation(6)
            .encodeJPEG(quality: 95, strip: false)
        let image = try VipsImage.load(data: jpeg, maxPixels: 10_000)
        XCTAssertEqual(image.orientation, 6)
        XCTAssertTrue(image.hasMetadata)

        let upright = try image.autorotated()
        XCTAssertEqual([upright.width, upright.height], [20, 40])
        XCTAssertEqual(upright.orientation, 1)
        // Orientation 6 = rotate 90° clockwise to display: stored top-left goes to top-right.
        let pixels = try upright.pixels()
        let topRight = Self.pixel(pixels, width: 20, bands: 3, x: 12, y: 4)
        let topLeft = Self.pixel(pixels, width: 20, bands: 3, x: 2, y: 4)
        XCTAssertGreaterThan(Int(topRight[0]), 200)
        XCTAssertLessThan(Int(topRight[1]), 60)
        XCTAssertEqual(Int(topLeft[0]), 128, accuracy: 10)

        // Stripping drops the orientation along with the rest.
        let stripped = try VipsImage.load(data: try image.jpegData(quality: 90, dpi: 350), maxPixels: 10_000)
        XCTAssertEqual(stripped.orientation, 1)
        XCTAssertFalse(stripped.hasMetadata)
    }

    func testResizeGivesExactSizes() throws {
        let source = try Self.photoLike(width: 1000, height: 750)
        for (w, h) in [(358, 441), (357, 441), (1, 1), (999, 1), (2000, 1600), (413, 579)] {
            let resized = try source.resized(width: w, height: h)
            XCTAssertEqual([resized.width, resized.height], [w, h])
            XCTAssertEqual(try resized.pixels().count, w * h * 3)
        }
        // A flat colour stays that colour.
        let flat = try VipsImage.whiteCanvas(width: 300, height: 200).resized(width: 77, height: 99)
        XCTAssertTrue(try flat.pixels().allSatisfy { $0 >= 254 })
        XCTAssertThrowsError(try source.resized(width: 0, height: 10))
    }

    func testCrop() throws {
        let (w, h) = (30, 20)
        var rgb = [UInt8]()
        for y in 0..<h {
            for x in 0..<w { rgb += [UInt8(x), UInt8(y), 7] }
        }
        let image = try VipsImage.fromPixels(rgb, width: w, height: h, bands: 3)
        let crop = try image.cropped(x: 5, y: 3, width: 10, height: 4)
        XCTAssertEqual([crop.width, crop.height], [10, 4])
        let pixels = try crop.pixels()
        XCTAssertEqual(Self.pixel(pixels, width: 10, bands: 3, x: 0, y: 0), [5, 3, 7])
        XCTAssertEqual(Self.pixel(pixels, width: 10, bands: 3, x: 9, y: 3), [14, 6, 7])
        for (x, y, cw, ch) in [(25, 0, 10, 4), (-1, 0, 4, 4), (0, 0, 0, 4), (0, 17, 4, 4)] {
            XCTAssertThrowsError(try image.cropped(x: x, y: y, width: cw, height: ch)) { error in
                guard case .operationFailed? = error as? VipsError else { return XCTFail("got \(error)") }
            }
        }
    }

    func testWhiteCanvasAndInserting() throws {
        let canvas = try VipsImage.whiteCanvas(width: 100, height: 50)
        XCTAssertEqual([canvas.width, canvas.height, canvas.bands], [100, 50, 3])
        XCTAssertEqual(canvas.colourSpace, .srgb)
        XCTAssertEqual(canvas.loader, "")
        XCTAssertEqual(try canvas.pixels(), [UInt8](repeating: 255, count: 100 * 50 * 3))

        let red = try VipsImage.fromPixels(
            Array([[UInt8]](repeating: [200, 10, 20], count: 100).joined()), width: 10, height: 10, bands: 3)
        let grey = try VipsImage.fromPixels([UInt8](repeating: 60, count: 16), width: 4, height: 4, bands: 1)
        let sheet = try canvas.inserting(red, x: 5, y: 7).inserting(grey, x: 50, y: 20).inserting(red, x: 95, y: 45)
        XCTAssertEqual([sheet.width, sheet.height, sheet.bands], [100, 50, 3])
        let pixels = try sheet.pixels()
        XCTAssertEqual(Self.pixel(pixels, width: 100, bands: 3, x: 5, y: 7), [200, 10, 20])
        XCTAssertEqual(Self.pixel(pixels, width: 100, bands: 3, x: 14, y: 16), [200, 10, 20])
        XCTAssertEqual(Self.pixel(pixels, width: 100, bands: 3, x: 4, y: 7), [255, 255, 255])
        XCTAssertEqual(Self.pixel(pixels, width: 100, bands: 3, x: 15, y: 7), [255, 255, 255])
        XCTAssertEqual(Self.pixel(pixels, width: 100, bands: 3, x: 51, y: 21), [60, 60, 60])
        XCTAssertEqual(Self.pixel(pixels, width: 100, bands: 3, x: 99, y: 49), [200, 10, 20], "clipped at the edge")

        let jpeg = try sheet.jpegData(quality: 90, dpi: 350)
        XCTAssertEqual(JFIF.density(jpeg)?.x, 350)
    }

    func testPixelsCountMatchesBands() throws {
        for bands in [1, 3, 4] {
            let samples = [UInt8](repeating: 9, count: 7 * 5 * bands)
            let image = try VipsImage.fromPixels(samples, width: 7, height: 5, bands: bands)
            XCTAssertEqual(try image.pixels().count, 7 * 5 * bands)
        }
        XCTAssertThrowsError(try VipsImage.fromPixels([1, 2, 3], width: 2, height: 2, bands: 3))
    }

    func testConcurrentPipelines() throws {
        let jpeg = try Self.photoLike(width: 600, height: 800).jpegData(quality: 90, dpi: 72)
        let failures = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            do {
                let out = try VipsImage.load(data: jpeg, maxPixels: 1_000_000).decoded().srgb8()
                    .cropped(x: 0, y: 0, width: 600, height: 739).resized(width: 358, height: 441)
                    .jpegData(quality: 85, dpi: 350)
                if JFIF.density(out)?.x != 350 { failures.add(1) }
            } catch {
                failures.add(1)
            }
        }
        XCTAssertEqual(failures.value, 0)
    }

    /// libvips has one error buffer for the process: each failure must carry its own message,
    /// never another thread's, never an empty one, while other threads load and fail at once.
    func testConcurrentFailuresEachReportTheirOwnError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vipskit-errors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = SplitMix(seed: 11)
        let bad = (0..<16).map { folder.appendingPathComponent("not-an-image-\($0).jpg").path }
        for path in bad {
            try Data((0..<600).map { _ in UInt8(truncatingIfNeeded: generator.next()) }).write(to: URL(fileURLWithPath: path))
        }
        let jpeg = try Self.photoLike(width: 300, height: 400).jpegData(quality: 90, dpi: 72)
        let truncated = folder.appendingPathComponent("truncated.jpg").path
        try Data(jpeg.prefix(jpeg.count / 2)).write(to: URL(fileURLWithPath: truncated))
        let good = folder.appendingPathComponent("good.jpg").path
        try Data(jpeg).write(to: URL(fileURLWithPath: good))

        let problems = Notes()
        DispatchQueue.concurrentPerform(iterations: 600) { round in
            func note(_ text: String) { problems.append(text) }
            switch round % 3 {
            case 0:
                let path = bad[round / 3 % bad.count]
                do {
                    _ = try VipsImage.load(path: path, maxPixels: 1_000_000)
                    note("\(path) loaded")
                } catch {
                    let message = "\(error)"
                    if !message.contains(path) { note("\(path): message without its path: \(message)") }
                    for other in bad where other != path && message.contains(other + "\"") { note("\(path): message names \(other)") }
                }
            case 1:
                do {
                    _ = try VipsImage.load(path: truncated, maxPixels: 1_000_000).decoded()
                    note("the truncated JPEG decoded")
                } catch {
                    let message = "\(error)"
                    if message.contains("without a message") { note("truncated: no message") }
                    if bad.contains(where: { message.contains($0) }) { note("truncated: another file's message: \(message)") }
                }
            default:
                do {
                    let out = try VipsImage.load(path: good, maxPixels: 1_000_000).decoded().resized(width: 150, height: 200)
                        .jpegData(quality: 80, dpi: 350)
                    if out.isEmpty { note("empty JPEG") }
                } catch {
                    note("the good JPEG failed: \(error)")
                }
            }
        }
        XCTAssertEqual(problems.values.count, 0, problems.values.prefix(10).joined(separator: "\n"))
    }

    // MARK: - Helpers

    /// A smooth gradient with mild deterministic noise: compresses like a photo.
    static func photoLike(width: Int, height: Int) throws -> VipsImage {
        var generator = SplitMix(seed: UInt64(width * 31 + height))
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        var i = 0
        for y in 0..<height {
            for x in 0..<width {
                let n = Int(generator.next() & 15)
                rgb[i] = UInt8(clamping: x * 255 / max(1, width - 1) / 2 + 60 + n)
                rgb[i + 1] = UInt8(clamping: y * 255 / max(1, height - 1) / 2 + 40 + n)
                rgb[i + 2] = UInt8(clamping: 180 - (x + y) % 64 + n)
                i += 3
            }
        }
        return try VipsImage.fromPixels(rgb, width: width, height: height, bands: 3)
    }

    private func loadViaFile(_ bytes: [UInt8], maxPixels: Int = 1_000_000) throws -> VipsImage {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vipskit-\(UUID().uuidString).jpg")
        try Data(bytes).write(to: url)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return try VipsImage.load(path: url.path, maxPixels: maxPixels)
    }

    static func pixel(_ pixels: [UInt8], width: Int, bands: Int, x: Int, y: Int) -> [UInt8] {
        let start = (y * width + x) * bands
        return Array(pixels[start..<(start + bands)])
    }

    static func meanAbsoluteDifference(_ a: [UInt8], _ b: [UInt8]) -> Double {
        precondition(a.count == b.count)
        let total = zip(a, b).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
        return Double(total) / Double(a.count)
    }

    static func count(of needle: [UInt8], in haystack: [UInt8]) -> Int {
        guard haystack.count >= needle.count else { return 0 }
        return (0...(haystack.count - needle.count))
            .filter { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }.count
    }

    /// Rewrites the frame size in the first SOF0/SOF2 segment.
    static func patchSOF(_ jpeg: inout [UInt8], width: Int, height: Int) throws {
        var i = 2
        while i + 9 < jpeg.count {
            XCTAssertEqual(jpeg[i], 0xFF)
            let marker = jpeg[i + 1]
            let length = Int(jpeg[i + 2]) << 8 | Int(jpeg[i + 3])
            if marker == 0xC0 || marker == 0xC2 {
                jpeg[i + 5] = UInt8(height >> 8)
                jpeg[i + 6] = UInt8(height & 0xFF)
                jpeg[i + 7] = UInt8(width >> 8)
                jpeg[i + 8] = UInt8(width & 0xFF)
                return
            }
            i += 2 + length
        }
        throw XCTSkip("no SOF marker found")
    }

    /// Rewrites the IHDR size of a PNG and fixes its CRC.
    static func patchIHDR(_ png: inout [UInt8], width: Int, height: Int) {
        // 8-byte signature, then length(4) "IHDR"(4) width(4) height(4) ... CRC over type+data.
        XCTAssertEqual(Array(png[12..<16]), Array("IHDR".utf8))
        for (offset, value) in [(16, width), (20, height)] {
            for k in 0..<4 { png[offset + k] = UInt8((value >> (24 - 8 * k)) & 0xFF) }
        }
        let crc = crc32(png[12..<29])
        for k in 0..<4 { png[29 + k] = UInt8((crc >> (24 - 8 * UInt32(k))) & 0xFF) }
    }

    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func currentRSSBytes() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
            let pages = Int(statm.split(separator: " ")[1])
        else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    static func maxRSSBytes() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss * 1024
    }
}

/// Deterministic random numbers for test images.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A tiny lock-protected counter for the concurrency test.
final class Locked: @unchecked Sendable {
    private let lock = NSLock()
    private var count: Int
    init(_ value: Int) { count = value }
    func add(_ n: Int) { lock.withLock { count += n } }
    var value: Int { lock.withLock { count } }
}

/// Lines collected from several threads.
final class Notes: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var values: [String] { lock.withLock { lines } }
}
