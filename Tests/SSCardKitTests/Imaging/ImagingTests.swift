import Foundation
import XCTest
import VipsKit
@testable import SSCardKit

/// Image names, sources, the catalog, the photo and ID-card inspectors, the fixer, the merger and `validate --photos --idcards`.
final class ImagingTests: XCTestCase {
    typealias F = ImagingFixtures
    let profile = Profile.chengdu
    var folder: URL!

    override func setUpWithError() throws {
        folder = RosterHarness.temporaryDirectory()
    }

    override func tearDownWithError() throws {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    private func rules(_ findings: [ImageFinding]) -> [RuleID] { findings.map(\.rule) }
    private var compliantJPEG: [UInt8] { get throws { try F.jpeg(SyntheticPortrait.compliant) } }

    // MARK: - ImageNaming

    private func side(_ name: String, frontIsPortrait: Bool = true) -> CardSide? {
        ImageNaming.parse(fileName: name, idCard: true, frontIsPortrait: frontIsPortrait)?.side
    }

    func testEverySuffixSpellingNamesItsSide() {
        let number = "510107199003071234"
        let portraitWhenFrontIsPortrait = ["人像面", "正面", "front", "FRONT", "Front"]
        let emblemWhenFrontIsPortrait = ["国徽面", "反面", "背面", "back", "BACK"]
        for separator in ["_", "-", " ", ""] {
            for suffix in portraitWhenFrontIsPortrait {
                let name = "\(number)\(separator)\(suffix).jpg"
                XCTAssertEqual(ImageNaming.parse(fileName: name, idCard: true), ImageName(documentNumber: number, side: .portrait), name)
            }
            for suffix in emblemWhenFrontIsPortrait {
                let name = "\(number)\(separator)\(suffix).JPG"
                XCTAssertEqual(ImageNaming.parse(fileName: name, idCard: true), ImageName(documentNumber: number, side: .emblem), name)
            }
        }
        for separator in ["_", "-", " "] {
            XCTAssertEqual(side("\(number)\(separator)1.jpeg"), .portrait, separator)
            XCTAssertEqual(side("\(number)\(separator)2.png"), .emblem, separator)
            XCTAssertEqual(ImageNaming.parse(fileName: "\(number)\(separator)2.png", idCard: true)?.documentNumber, number)
        }
    }

    func testFrontMeansTheEmblemSideWhenTheProfileSaysSo() {
        let number = "510107199003071234"
        // 人像面 and 国徽面 name the content: the profile does not change them.
        XCTAssertEqual(side("\(number)_人像面.jpg", frontIsPortrait: false), .portrait)
        XCTAssertEqual(side("\(number)_国徽面.jpg", frontIsPortrait: false), .emblem)
        for front in ["正面", "front", "1"] {
            XCTAssertEqual(side("\(number)_\(front).jpg", frontIsPortrait: false), .emblem, front)
            XCTAssertEqual(side("\(number)_\(front).jpg", frontIsPortrait: true), .portrait, front)
        }
        for back in ["反面", "背面", "back", "2"] {
            XCTAssertEqual(side("\(number)-\(back).jpg", frontIsPortrait: false), .portrait, back)
            XCTAssertEqual(side("\(number)-\(back).jpg", frontIsPortrait: true), .emblem, back)
        }
    }

    func testDigitSuffixesNeedASeparator() {
        // Without a separator the last digit belongs to the number: no side, so not an ID-card name.
        XCTAssertNil(ImageNaming.parse(fileName: "5101071990030712341.jpg", idCard: true))
        XCTAssertNil(ImageNaming.parse(fileName: "5101071990030712342.jpg", idCard: true))
        XCTAssertNil(ImageNaming.parse(fileName: "510107199003071231.jpg", idCard: true))
    }

    func testFullWidthDigitsAndLowerCaseXAreNormalised() {
        XCTAssertEqual(ImageNaming.parse(fileName: "５１０１０７１９９００３０７１２３４_人像面.jpg", idCard: true),
                       ImageName(documentNumber: "510107199003071234", side: .portrait))
        XCTAssertEqual(ImageNaming.parse(fileName: "51010719831201349x_国徽面.jpg", idCard: true),
                       ImageName(documentNumber: "51010719831201349X", side: .emblem))
        XCTAssertEqual(ImageNaming.parse(fileName: "51010719831201349x.jpg", idCard: false),
                       ImageName(documentNumber: "51010719831201349X", side: nil))
        XCTAssertEqual(ImageNaming.parse(fileName: "５１０１０７１９９００３０７１２３４.JPG", idCard: false),
                       ImageName(documentNumber: "510107199003071234", side: nil))
    }

    func testPhotoNamesAreTheDocumentNumber() {
        XCTAssertEqual(ImageNaming.parse(fileName: "510107199003071234.jpg", idCard: false),
                       ImageName(documentNumber: "510107199003071234", side: nil))
        XCTAssertEqual(ImageNaming.parse(fileName: "c01x00t47.jpeg", idCard: false), ImageName(documentNumber: "C01X00T47", side: nil))
        // A photo's name is not searched for a side.
        XCTAssertEqual(ImageNaming.parse(fileName: "510107199003071234_1.jpg", idCard: false)?.documentNumber, "510107199003071234_1")
    }

    func testNamesWithoutNumberOrSideAreNil() {
        for name in ["_人像面.jpg", "人像面.jpg", "-front.png", "front.jpg", "_1.jpg"] {
            XCTAssertNil(ImageNaming.parse(fileName: name, idCard: true), name)
        }
        for name in ["510107199003071234.jpg", "510107199003071234_侧面.jpg", "scan.jpg", "510107199003071234_3.jpg"] {
            XCTAssertNil(ImageNaming.parse(fileName: name, idCard: true), name)
        }
        for name in [".jpg", "  .jpg"] {
            XCTAssertNil(ImageNaming.parse(fileName: name, idCard: false), name)
        }
    }

    // MARK: - ImageSource

    func testFolderListingIsRecursiveAndSkipsNonImagesAndDotfiles() throws {
        let root = folder.appendingPathComponent("photos")
        try F.write([1], to: root.appendingPathComponent("510107199003071234.jpg"))
        try F.write([2], to: root.appendingPathComponent("sub/C01X00T47.JPEG"))
        try F.write([3], to: root.appendingPathComponent("sub/deeper/51010719831201349X_人像面.png"))
        try F.write([4], to: root.appendingPathComponent("notes.txt"))
        try F.write([5], to: root.appendingPathComponent("sub/README"))
        try F.write([6], to: root.appendingPathComponent(".hidden.jpg"))
        try F.write([7], to: root.appendingPathComponent("sub/._510107199003071234.jpg"))
        try F.write([8], to: root.appendingPathComponent("album.jpg/inside.txt"))  // a folder with an image-like name

        let files = try ImageSource.list(root.path)
        XCTAssertEqual(files.map(\.displayName), [
            root.path + "/510107199003071234.jpg",
            root.path + "/sub/C01X00T47.JPEG",
            root.path + "/sub/deeper/51010719831201349X_人像面.png",
        ])
        XCTAssertEqual(files.map(\.fileName), ["510107199003071234.jpg", "C01X00T47.JPEG", "51010719831201349X_人像面.png"])
        XCTAssertEqual(try files.map { try $0.read() }, [[1], [2], [3]])

        // A single file is listed as itself, whatever its name.
        let single = try ImageSource.list(root.appendingPathComponent("notes.txt").path)
        XCTAssertEqual(single.map(\.fileName), ["notes.txt"])
        XCTAssertEqual(try single[0].read(), [4])
    }

    func testMissingPathAndOversizedFile() throws {
        let missing = folder.appendingPathComponent("nope").path
        XCTAssertThrowsError(try ImageSource.list(missing)) { XCTAssertEqual($0 as? SSCardError, .fileNotFound(path: missing)) }
        let path = folder.appendingPathComponent("big.jpg")
        try F.write([UInt8](repeating: 0xAB, count: 2000), to: path)
        let file = try ImageSource.list(path.path)[0]
        XCTAssertEqual(try file.read(maxBytes: 2000).count, 2000)
        XCTAssertThrowsError(try file.read(maxBytes: 1999)) {
            XCTAssertEqual($0 as? SSCardError, .tooLarge(path: path.path, what: Message(zh: "图片文件的大小", en: "the image file"), limit: 1999))
        }
    }

    func testZipListingDecodesGB18030NamesAndReadsEntriesInPlace() throws {
        // 张三/510107199003071234_人像面.jpg in GB18030, without the UTF-8 flag, as Chinese Windows writes it.
        let gbName: [UInt8] = [0xD5, 0xC5, 0xC8, 0xFD, 0x2F] + Array("510107199003071234_".utf8) + [0xC8, 0xCB, 0xCF, 0xF1, 0xC3, 0xE6]
            + Array(".jpg".utf8)
        XCTAssertNil(String(validating: gbName, as: UTF8.self), "the raw name must not be valid UTF-8")
        let portrait: [UInt8] = Array("portrait side".utf8), emblem: [UInt8] = Array("emblem side".utf8)
        let zip = F.storedZip([
            F.ZipEntry("cards/"),
            F.ZipEntry(rawName: gbName, portrait),
            F.ZipEntry("cards/510107199003071234_国徽面.jpg", emblem),  // UTF-8 flagged
            F.ZipEntry("cards/readme.txt", [1, 2, 3]),
            F.ZipEntry("__MACOSX/cards/._510107199003071234_国徽面.jpg", [0]),
            F.ZipEntry(".DS_Store", [0]),
        ])
        let path = folder.appendingPathComponent("cards.zip").path
        try F.write(zip, to: URL(fileURLWithPath: path))

        let files = try ImageSource.list(path)
        XCTAssertEqual(files.map(\.displayName), [
            "\(path):cards/510107199003071234_国徽面.jpg",
            "\(path):张三/510107199003071234_人像面.jpg",
        ])
        XCTAssertEqual(files.map(\.fileName), ["510107199003071234_国徽面.jpg", "510107199003071234_人像面.jpg"])
        XCTAssertEqual(try files[0].read(), emblem)
        XCTAssertEqual(try files[1].read(), portrait)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["cards.zip"], "nothing is extracted")

        // The catalog sees both sides of one person.
        let catalog = try ImageCatalog(photosPath: nil, idCardsPath: path, profile: profile)
        XCTAssertEqual(catalog.claim("510107199003071234", .idCard(.portrait)).map(\.fileName), ["510107199003071234_人像面.jpg"])
        XCTAssertEqual(catalog.claim("510107199003071234", .idCard(.emblem)).map(\.fileName), ["510107199003071234_国徽面.jpg"])
        XCTAssertEqual(catalog.orphans, [])
    }

    func testDeflatedZipFromTheZipTool() throws {
        let source = folder.appendingPathComponent("src")
        let jpeg = try compliantJPEG
        try F.write(jpeg, to: source.appendingPathComponent("photos/510107199003071234.jpg"))
        try F.write(Array(repeating: 0x41, count: 10_000), to: source.appendingPathComponent("photos/notes.txt"))
        let zip = folder.appendingPathComponent("photos.zip")
        try F.run("zip", ["-q", "-r", "-9", zip.path, "photos"], in: source)
        let files = try ImageSource.list(zip.path)
        XCTAssertEqual(files.map(\.displayName), ["\(zip.path):photos/510107199003071234.jpg"])
        XCTAssertEqual(try files[0].read(), jpeg)
        XCTAssertEqual(PhotoInspector.inspect(try files[0].read(), profile: profile), [])
    }

    func testUnsafeZipEntriesAreRefused() throws {
        let unsafe = ["../x.jpg", "photos/../../x.jpg", "/etc/x.jpg", "\\x.jpg", "C:\\x.jpg", "c:/x.jpg", "photos\\..\\..\\x.jpg",
                      "../notes.txt"]
        for (index, name) in unsafe.enumerated() {
            let path = folder.appendingPathComponent("evil\(index).zip").path
            try F.write(F.storedZip([F.ZipEntry("photos/510107199003071234.jpg", [1]), F.ZipEntry(name, [2])]),
                        to: URL(fileURLWithPath: path))
            XCTAssertThrowsError(try ImageSource.list(path), name) {
                XCTAssertEqual($0 as? SSCardError, .unsafeArchiveEntry(path: path, entry: name), name)
            }
        }
        // Dots inside a name are fine.
        let path = folder.appendingPathComponent("fine.zip").path
        try F.write(F.storedZip([F.ZipEntry("a..b/510107199003071234..jpg", [1]), F.ZipEntry("./C01X00T47.jpg", [2])]),
                    to: URL(fileURLWithPath: path))
        XCTAssertEqual(try ImageSource.list(path).map(\.fileName), ["C01X00T47.jpg", "510107199003071234..jpg"])
    }

    func testAFileNamedZipThatIsNotAZipIsUnreadable() throws {
        let path = folder.appendingPathComponent("photos.zip").path
        try F.write(Array("not a zip at all".utf8), to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ImageSource.list(path)) { error in
            guard case .unreadable(let reported, _)? = error as? SSCardError else { return XCTFail("\(error)") }
            XCTAssertEqual(reported, path)
        }
    }

    // MARK: - ImageCatalog

    private func files(_ names: [String], under sub: String) throws -> [ImageFile] {
        let root = folder.appendingPathComponent(sub)
        for name in names { try F.write([0], to: root.appendingPathComponent(name)) }
        return try ImageSource.list(root.path)
    }

    func testCatalogClaimMarksFilesAndTheRestAreOrphans() throws {
        let photos = try files(["510107199003071234.jpg", "51010719831201349x.jpg", "110105199001011232.jpg"], under: "p")
        let cards = try files(["510107199003071234_人像面.jpg", "510107199003071234-back.png", "scan.jpg", "110105199001011232.jpg"],
                              under: "c")
        let catalog = ImageCatalog(photos: photos, idCards: cards, frontIsPortrait: true)
        XCTAssertTrue(catalog.hasPhotos)
        XCTAssertTrue(catalog.hasIDCards)
        XCTAssertEqual(catalog.unnamed.map(\.fileName), ["110105199001011232.jpg", "scan.jpg"])

        XCTAssertEqual(catalog.claim("510107199003071234", .photo).map(\.fileName), ["510107199003071234.jpg"])
        XCTAssertEqual(catalog.claim("51010719831201349X", .photo).map(\.fileName), ["51010719831201349x.jpg"])
        XCTAssertEqual(catalog.claim("510107199003071234", .idCard(.portrait)).map(\.fileName), ["510107199003071234_人像面.jpg"])
        XCTAssertEqual(catalog.claim("999999999999999999", .photo), [])
        // Claiming again returns the same files (a duplicate row sees them too).
        XCTAssertEqual(catalog.claim("510107199003071234", .photo).count, 1)

        let c = folder.appendingPathComponent("c").path, p = folder.appendingPathComponent("p").path
        XCTAssertEqual(catalog.orphans.map(\.displayName), [
            "\(c)/110105199001011232.jpg",  // an ID-card image without a side
            "\(c)/510107199003071234-back.png",  // the emblem side nobody claimed
            "\(c)/scan.jpg",
            "\(p)/110105199001011232.jpg",  // a photo nobody claimed
        ])
        _ = catalog.claim("510107199003071234", .idCard(.emblem))
        _ = catalog.claim("110105199001011232", .photo)
        XCTAssertEqual(catalog.orphans.map(\.fileName), ["110105199001011232.jpg", "scan.jpg"])

        let empty = ImageCatalog(photos: [], idCards: cards, frontIsPortrait: true)
        XCTAssertFalse(empty.hasPhotos)
        XCTAssertTrue(empty.hasIDCards)
    }

    func testTwoFilesForOneSlotAreBothReturned() throws {
        let cards = try files(["510107199003071234_人像面.jpg", "510107199003071234_正面.png", "510107199003071234_1.jpg",
                               "510107199003071234_反面.jpg"], under: "c")
        let catalog = ImageCatalog(photos: [], idCards: cards, frontIsPortrait: true)
        XCTAssertEqual(catalog.claim("510107199003071234", .idCard(.portrait)).map(\.fileName).sorted(),
                       ["510107199003071234_1.jpg", "510107199003071234_人像面.jpg", "510107199003071234_正面.png"])
        XCTAssertEqual(catalog.claim("510107199003071234", .idCard(.emblem)).map(\.fileName), ["510107199003071234_反面.jpg"])
        XCTAssertEqual(catalog.orphans, [])
        // With 正面 meaning the emblem side the same files split differently.
        let other = ImageCatalog(photos: [], idCards: cards, frontIsPortrait: false)
        XCTAssertEqual(other.claim("510107199003071234", .idCard(.portrait)).map(\.fileName).sorted(),
                       ["510107199003071234_人像面.jpg", "510107199003071234_反面.jpg"])
    }

    // MARK: - PhotoInspector

    func testCompliantJPEGHasNoFindings() throws {
        let jpeg = try compliantJPEG
        XCTAssertEqual(JFIF.density(jpeg)?.x, 350)
        XCTAssertEqual(PhotoInspector.inspect(jpeg, profile: profile), [])
        // Other compliant people too.
        for image in [SyntheticPortrait.drawn { $0.skin = (160, 110, 80); $0.glasses = true },
                      SyntheticPortrait.drawn { $0.faceWidth = 240; $0.clothes = (14, 14, 16) }] {
            XCTAssertEqual(rules(PhotoInspector.inspect(try F.jpeg(image), profile: profile)), [])
        }
    }

    func testWrongSizeIsDimensions() throws {
        let big = try VipsImage.fromPixels(SyntheticPortrait.compliant.rgb, width: 358, height: 441, bands: 3)
            .resized(width: 716, height: 882).jpegData(quality: 85, dpi: 350)
        let findings = PhotoInspector.inspect(big, profile: profile)
        XCTAssertEqual(rules(findings), [.photoDimensions])
        XCTAssertEqual(findings.first?.severity, .error)
        XCTAssertEqual(findings.first?.fixable, true)
        XCTAssertTrue(findings.first?.message.en.contains("716×882") == true, "\(findings)")
        // One pixel off counts.
        let narrow = try VipsImage.fromPixels(SyntheticPortrait.compliant.rgb, width: 358, height: 441, bands: 3)
            .resized(width: 357, height: 441).jpegData(quality: 85, dpi: 350)
        XCTAssertEqual(rules(PhotoInspector.inspect(narrow, profile: profile)), [.photoDimensions])
    }

    func testDensityOtherThan350IsADPIWarning() throws {
        let findings = PhotoInspector.inspect(try F.jpeg(SyntheticPortrait.compliant, dpi: 72), profile: profile)
        XCTAssertEqual(rules(findings), [.photoDPI])
        XCTAssertEqual(findings.first?.severity, .warning)
        XCTAssertEqual(findings.first?.fixable, true)
        XCTAssertTrue(findings.first?.message.en.contains("72 DPI") == true, "\(findings)")
        XCTAssertEqual(rules(PhotoInspector.inspect(try F.jpeg(SyntheticPortrait.compliant, dpi: 352), profile: profile)), [.photoDPI])
        XCTAssertEqual(rules(PhotoInspector.inspect(try F.jpeg(SyntheticPortrait.compliant, dpi: 351), profile: profile)), [])
        // 138 dots per centimetre is 350.5 DPI.
        var perCentimetre = try compliantJPEG
        XCTAssertEqual(Array(perCentimetre[6..<11]), Array("JFIF\0".utf8))
        perCentimetre[13] = 2; perCentimetre[14] = 0; perCentimetre[15] = 138; perCentimetre[16] = 0; perCentimetre[17] = 138
        XCTAssertEqual(JFIF.density(perCentimetre)?.units, 2)
        XCTAssertEqual(rules(PhotoInspector.inspect(perCentimetre, profile: profile)), [])
    }

    func testOverTheSizeCapIsFilesize() throws {
        let jpeg = try compliantJPEG
        var small = profile
        small.photoMaxBytes = jpeg.count - 1
        let findings = PhotoInspector.inspect(jpeg, profile: small)
        XCTAssertEqual(rules(findings), [.photoFilesize])
        XCTAssertEqual(findings.first?.severity, .error)
        small.photoMaxBytes = jpeg.count
        XCTAssertEqual(PhotoInspector.inspect(jpeg, profile: small), [])
    }

    func testPNGIsFormat() throws {
        let png = F.png(SyntheticPortrait.compliant.rgb, width: 358, height: 441, colourType: 2, bitDepth: 8, dpi: 350)
        let findings = PhotoInspector.inspect(png, profile: profile)
        XCTAssertEqual(rules(findings), [.photoFormat])
        XCTAssertEqual(findings.first?.fixable, true)
        XCTAssertTrue(findings.first?.message.en.contains("PNG") == true, "\(findings)")
    }

    func testPNGWithAlphaIsFormatTwice() throws {
        let rgb = SyntheticPortrait.compliant.rgb
        var rgba = [UInt8](repeating: 255, count: 358 * 441 * 4)
        for i in 0..<(358 * 441) { rgba[4 * i] = rgb[3 * i]; rgba[4 * i + 1] = rgb[3 * i + 1]; rgba[4 * i + 2] = rgb[3 * i + 2] }
        let findings = PhotoInspector.inspect(F.png(rgba, width: 358, height: 441, colourType: 6, bitDepth: 8, dpi: 350), profile: profile)
        XCTAssertEqual(rules(findings), [.photoFormat, .photoFormat])
        XCTAssertTrue(findings.last?.message.en.contains("transparency") == true, "\(findings)")
    }

    func test16BitPNGIsFormatTwice() throws {
        let rgb = SyntheticPortrait.compliant.rgb
        var samples = [UInt8](repeating: 0, count: rgb.count * 2)
        for i in 0..<rgb.count { samples[2 * i] = rgb[i]; samples[2 * i + 1] = rgb[i] }  // v * 257, big-endian
        let findings = PhotoInspector.inspect(F.png(samples, width: 358, height: 441, colourType: 2, bitDepth: 16, dpi: 350), profile: profile)
        XCTAssertEqual(rules(findings), [.photoFormat, .photoFormat])
        XCTAssertTrue(findings.last?.message.en.contains("16-bit") == true, "\(findings)")
    }

    func testCMYKJPEGIsFormat() throws {
        let rgb = folder.appendingPathComponent("rgb.jpg"), cmyk = folder.appendingPathComponent("cmyk.jpg")
        try F.write(try compliantJPEG, to: rgb)
        try F.run("vips", ["colourspace", rgb.path, cmyk.path, "cmyk"])
        let bytes = try F.read(cmyk)
        XCTAssertEqual(try VipsImage.load(data: bytes, maxPixels: 1 << 20).colourSpace, .cmyk)
        let findings = PhotoInspector.inspect(bytes, profile: profile)
        // libvips keeps the 350 DPI (in EXIF: libjpeg writes no JFIF APP0 for CMYK) and the pixels convert back fine.
        XCTAssertEqual(rules(findings), [.photoFormat])
        XCTAssertEqual(findings.first?.fixable, true)
        XCTAssertTrue(findings.first?.message.en.contains("CMYK") == true, "\(findings)")
        // The fixer turns it into an sRGB JPEG without the (large) CMYK profile.
        guard case .fixed(let jpeg, _) = PhotoFixer.fix(bytes, profile: profile) else { return XCTFail("CMYK refused") }
        XCTAssertEqual(try VipsImage.load(data: jpeg, maxPixels: 1 << 20).colourSpace, .srgb)
        XCTAssertEqual(PhotoInspector.inspect(jpeg, profile: profile), [])
    }

    func testTruncatedAndRandomBytesAreUnreadable() throws {
        let jpeg = try compliantJPEG
        var random = SplitMix64(seed: 3)
        let noise = (0..<5000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        for (name, bytes) in [("truncated", Array(jpeg.prefix(jpeg.count / 3))), ("random", noise), ("empty", []),
                              ("JPEG header only", Array(jpeg.prefix(200)))] {
            let findings = PhotoInspector.inspect(bytes, profile: profile)
            XCTAssertEqual(rules(findings), [.photoUnreadable], name)
            XCTAssertEqual(findings.first?.severity, .error, name)
        }
    }

    func testPixelBombIsRefusedFromItsHeaderQuickly() throws {
        let bomb = F.pngHeaderOnly(width: 20000, height: 20000)
        XCTAssertLessThan(bomb.count, 100)
        let findings = PhotoInspector.inspect(bomb, profile: profile)
        XCTAssertEqual(rules(findings), [.photoUnreadable])
        XCTAssertTrue(findings.first?.message.en.contains("20000×20000") == true, "\(findings)")
        XCTAssertTrue(findings.first?.message.en.contains("limit of 60000000") == true, "\(findings)")
        // The ID-card inspector and the fixer refuse it the same way.
        XCTAssertEqual(rules(IDCardInspector.inspect(bomb, profile: profile)), [.idcardUnreadable])
        guard case .refused(let reasons) = PhotoFixer.fix(bomb, profile: profile) else { return XCTFail("fixed a bomb") }
        XCTAssertEqual(rules(reasons), [.photoUnreadable])
        // Under a lower limit an ordinary photo is refused too.
        var strict = profile
        strict.maxImagePixels = 358 * 441 - 1
        XCTAssertEqual(rules(PhotoInspector.inspect(try compliantJPEG, profile: strict)), [.photoUnreadable])
    }

    func testQualityDefectsMapToTheirRules() throws {
        let cases: [(String, TestImage, RuleID, Severity)] = [
            ("grey background", SyntheticPortrait.greyBackground, .photoBackground, .error),
            ("light blue background", SyntheticPortrait.lightBlueBackground, .photoBackground, .error),
            ("grayscale as RGB", SyntheticPortrait.grayscale, .photoGrayscale, .error),
            ("blurred", SyntheticPortrait.blurred, .photoBlur, .warning),
            ("overexposed", SyntheticPortrait.overexposed, .photoExposure, .warning),
            ("underexposed", SyntheticPortrait.underexposed, .photoExposure, .warning),
            ("blue cast", SyntheticPortrait.blueCast, .photoColorCast, .warning),
            ("cyan cast", SyntheticPortrait.cyanCast, .photoColorCast, .warning),
        ]
        for (name, image, rule, severity) in cases {
            let findings = PhotoInspector.inspect(try F.jpeg(image), profile: profile)
            XCTAssertEqual(rules(findings), [rule], name)
            XCTAssertEqual(findings.first?.severity, severity, name)
            XCTAssertEqual(findings.first?.fixable, false, name)
        }
        // A one-band (true greyscale) JPEG.
        let grey = SyntheticPortrait.grayscale.rgb.enumerated().compactMap { $0.offset % 3 == 0 ? $0.element : nil }
        let greyJPEG = try VipsImage.fromPixels(grey, width: 358, height: 441, bands: 1).jpegData(quality: 85, dpi: 350)
        XCTAssertEqual(try VipsImage.load(data: greyJPEG, maxPixels: 1 << 20).colourSpace, .grey)
        XCTAssertEqual(rules(PhotoInspector.inspect(greyJPEG, profile: profile)), [.photoGrayscale])
        // Thresholds come from the profile.
        var lenient = profile
        lenient.photoThresholds.minBackgroundLightness = 150
        XCTAssertEqual(PhotoInspector.inspect(try F.jpeg(SyntheticPortrait.greyBackground), profile: lenient), [])
    }

    // MARK: - PhotoFixer

    /// A 4000×3000 camera JPEG tagged with EXIF orientation 6 and 72 DPI; upright it is 3000×4000 with the portrait
    /// (scaled ×7.5) standing on the bottom edge, centred.
    private func cameraJPEG() throws -> [UInt8] {
        let portrait = SyntheticPortrait.compliant
        let stored = F.rotatedCounterClockwise(portrait.rgb, width: 358, height: 441)
        // Upright the portrait covers x 150..<2850, y 674..<4000 of 3000×4000; turned counter-clockwise
        // that is x 674..<4000, y 150..<2850 of 4000×3000.
        let person = try VipsImage.fromPixels(stored, width: 441, height: 358, bands: 3).resized(width: 3326, height: 2700)
        let canvas = try VipsImage.whiteCanvas(width: 4000, height: 3000).inserting(person, x: 674, y: 150)
        return F.withEXIFOrientation(try canvas.jpegData(quality: 90, dpi: 72), 6)
    }

    private func decode(_ jpeg: [UInt8]) throws -> (rgb: [UInt8], width: Int, height: Int) {
        let image = try VipsImage.load(data: jpeg, maxPixels: 1 << 24).srgb8()
        return (try image.pixels(), image.width, image.height)
    }

    func testFixTurnsACameraPhotoIntoACompliantOne() throws {
        let camera = try cameraJPEG()
        let header = try VipsImage.load(data: camera, maxPixels: 1 << 24)
        XCTAssertEqual([header.width, header.height, header.orientation], [4000, 3000, 6])
        XCTAssertTrue(header.hasMetadata)
        XCTAssertEqual(JFIF.density(camera)?.x, 72)
        // Checked as stored (sideways, 4000×3000) it is the wrong size at the wrong density.
        XCTAssertEqual(Array(rules(PhotoInspector.inspect(camera, profile: profile)).prefix(2)), [.photoDimensions, .photoDPI])

        guard case .fixed(let jpeg, let quality) = PhotoFixer.fix(camera, profile: profile) else {
            return XCTFail("\(PhotoFixer.fix(camera, profile: profile))")
        }
        XCTAssertEqual(quality, 92, "the first quality tried fits 1 MB")
        let fixed = try VipsImage.load(data: jpeg, maxPixels: 1 << 24)
        XCTAssertEqual([fixed.width, fixed.height], [358, 441])
        XCTAssertEqual(fixed.loader, "jpegload")
        XCTAssertEqual(fixed.colourSpace, .srgb)
        XCTAssertEqual(fixed.orientation, 1)
        XCTAssertFalse(fixed.hasMetadata)
        XCTAssertNil(jpeg.firstRange(of: Array("Exif".utf8)), "no EXIF left")
        XCTAssertNil(jpeg.firstRange(of: Array("http://ns.adobe.com".utf8)), "no XMP")
        let density = JFIF.density(jpeg)
        XCTAssertEqual([density?.units, density?.x, density?.y], [1, 350, 350])
        XCTAssertLessThanOrEqual(jpeg.count, profile.photoMaxBytes)
        XCTAssertEqual(PhotoInspector.inspect(jpeg, profile: profile), [])

        // Upright: hair above the face above the suit, the face in the middle.
        let (rgb, width, height) = try decode(jpeg)
        let census = PixelCensus(rgb: rgb, width: width, height: height)
        XCTAssertGreaterThan(census.skin.count, 10_000)
        XCTAssertEqual(census.skin.x, 179, accuracy: 12, "\(census)")
        XCTAssertLessThan(census.hair.y, census.skin.y, "\(census)")
        XCTAssertLessThan(census.skin.y, census.suit.y, "\(census)")
        XCTAssertGreaterThan(census.suit.y, 330, "\(census)")
        XCTAssertEqual(census.suit.x, 179, accuracy: 12, "\(census)")
    }

    func testFixMeetsASmallSizeCap() throws {
        let camera = try cameraJPEG()
        guard case .fixed(let best, 92) = PhotoFixer.fix(camera, profile: profile) else { return XCTFail("not fixed at quality 92") }
        guard case .fixed(let jpeg, let quality) = PhotoFixer.fix(camera, profile: profile, maxBytes: 20_000) else {
            return XCTFail("not fixed under 20 000 bytes")
        }
        XCTAssertLessThanOrEqual(jpeg.count, 20_000)
        XCTAssertEqual(quality == 92, best.count <= 20_000, "quality \(quality), \(best.count) bytes at 92")
        XCTAssertEqual(JFIF.density(jpeg)?.x, 350)
        XCTAssertEqual(PhotoInspector.inspect(jpeg, profile: profile), [])
        // The quality ladder: a cap of exactly the best size keeps quality 92, one byte less steps down to 86, half of it further.
        XCTAssertEqual(PhotoFixer.fix(camera, profile: profile, maxBytes: best.count), .fixed(jpeg: best, quality: 92))
        guard case .fixed(let smaller, 86) = PhotoFixer.fix(camera, profile: profile, maxBytes: best.count - 1) else {
            return XCTFail("one byte under did not give quality 86")
        }
        XCTAssertLessThan(smaller.count, best.count)
        guard case .fixed(let half, let lower) = PhotoFixer.fix(camera, profile: profile, maxBytes: best.count / 2) else {
            return XCTFail("half the size did not fit")
        }
        XCTAssertLessThanOrEqual(half.count, best.count / 2)
        XCTAssertLessThan(lower, 86)
        let decoded = try VipsImage.load(data: half, maxPixels: 1 << 24)
        XCTAssertEqual([decoded.width, decoded.height], [358, 441])
        // Impossible caps are refused with photo.filesize.
        guard case .refused(let reasons) = PhotoFixer.fix(camera, profile: profile, maxBytes: 2_000) else {
            return XCTFail("fitted 2000 bytes")
        }
        XCTAssertEqual(rules(reasons), [.photoFilesize])
        XCTAssertEqual(reasons.first?.severity, .error)
    }

    func testFixRefusesWhatResamplingCannotRepair() throws {
        let truncated = Array(try compliantJPEG.prefix(3000))
        let cases: [(String, [UInt8], [RuleID])] = try [
            ("grey background", F.jpeg(SyntheticPortrait.greyBackground), [.photoBackground]),
            ("grayscale as RGB", F.jpeg(SyntheticPortrait.grayscale), [.photoGrayscale]),
            ("blurred", F.jpeg(SyntheticPortrait.blurred), [.photoBlur]),
            ("one-band grey", VipsImage.fromPixels([UInt8](repeating: 128, count: 400 * 500), width: 400, height: 500, bands: 1)
                .jpegData(quality: 85, dpi: 72), [.photoGrayscale]),
            ("not an image", Array("hello".utf8), [.photoUnreadable]),
            ("truncated", truncated, [.photoUnreadable]),
        ]
        for (name, bytes, expected) in cases {
            guard case .refused(let reasons) = PhotoFixer.fix(bytes, profile: profile) else { XCTFail("\(name) was fixed"); continue }
            XCTAssertEqual(rules(reasons), expected, name)
            XCTAssertTrue(reasons.allSatisfy { $0.severity == .error }, "\(name): a refusal is an error (blur is only a warning in check)")
        }
        // What can be repaired is: PNG, wrong DPI.
        let png = F.png(SyntheticPortrait.compliant.rgb, width: 358, height: 441, colourType: 2, bitDepth: 8)
        guard case .fixed(let jpeg, _) = PhotoFixer.fix(png, profile: profile) else { return XCTFail("PNG refused") }
        XCTAssertEqual(PhotoInspector.inspect(jpeg, profile: profile), [])
    }

    func testFixCentresTheCropOnTheSubject() throws {
        // Landscape 4000×3000, no EXIF: the person (1948×2400) stands at x 300..<2248, far left of centre.
        let person = try VipsImage.fromPixels(SyntheticPortrait.compliant.rgb, width: 358, height: 441, bands: 3)
            .resized(width: 1948, height: 2400)
        let camera = try VipsImage.whiteCanvas(width: 4000, height: 3000).inserting(person, x: 300, y: 600)
            .jpegData(quality: 90, dpi: 72)
        guard case .fixed(let jpeg, _) = PhotoFixer.fix(camera, profile: profile) else {
            return XCTFail("\(PhotoFixer.fix(camera, profile: profile))")
        }
        let (rgb, width, height) = try decode(jpeg)
        XCTAssertEqual([width, height], [358, 441])
        let census = PixelCensus(rgb: rgb, width: width, height: height)
        // A plain centre crop would put the face near x = 73.
        XCTAssertEqual(census.skin.x, 179, accuracy: 12, "\(census)")
        XCTAssertEqual(census.hair.x, 179, accuracy: 12, "\(census)")
        XCTAssertGreaterThan(census.skin.count, 8_000)
        XCTAssertEqual(PhotoInspector.inspect(jpeg, profile: profile), [])
    }

    func testSubjectCropGeometry() throws {
        // 1000×500 white with a dark block at x 700..<800, y 100..<500: the crop (406×500) centres on it.
        var rgb = [UInt8](repeating: 255, count: 1000 * 500 * 3)
        for y in 100..<500 { for x in 700..<800 { let i = 3 * (y * 1000 + x); rgb[i] = 20; rgb[i + 1] = 20; rgb[i + 2] = 60 } }
        let image = try VipsImage.fromPixels(rgb, width: 1000, height: 500, bands: 3)
        let crop = try PhotoFixer.subjectCrop(image, aspect: 358.0 / 441.0)
        XCTAssertEqual(crop.width, 406)
        XCTAssertEqual(crop.height, 500)
        XCTAssertEqual(Double(crop.x + crop.width / 2), 750, accuracy: 10, "\(crop)")
        XCTAssertEqual(crop.y, 0)
        // An all-white picture is cropped in the middle.
        let blank = try PhotoFixer.subjectCrop(try VipsImage.whiteCanvas(width: 1000, height: 500), aspect: 358.0 / 441.0)
        XCTAssertEqual(blank, PhotoFixer.Rect(x: 297, y: 0, width: 406, height: 500))
    }

    // MARK: - IDCardMerger

    func testMergedSheetHasBothSidesInPlace() throws {
        let red: (UInt8, UInt8, UInt8) = (200, 40, 40), green: (UInt8, UInt8, UInt8) = (40, 170, 60), blue: (UInt8, UInt8, UInt8) = (40, 60, 200)
        // The portrait side is stored turned counter-clockwise with EXIF orientation 6: upright its left half is red,
        // its right half green.
        let upright = F.twoColourRGB(width: 856, height: 540, left: red, right: green)
        let portrait = F.withEXIFOrientation(try VipsImage.fromPixels(F.rotatedCounterClockwise(upright, width: 856, height: 540),
                                                                      width: 540, height: 856, bands: 3).jpegData(quality: 90, dpi: 300), 6)
        let emblem = try F.cardJPEG(width: 1200, height: 760, left: blue, right: blue)
        let sheet = try IDCardMerger.merge(portrait: portrait, emblem: emblem, profile: profile)

        XCTAssertEqual(IDCardMerger.sheetSize.width, 1129)
        XCTAssertEqual(IDCardMerger.sheetSize.height, 1453)
        let image = try VipsImage.load(data: sheet, maxPixels: 1 << 24)
        XCTAssertEqual([image.width, image.height], [IDCardMerger.sheetSize.width, IDCardMerger.sheetSize.height])
        let density = JFIF.density(sheet)
        XCTAssertEqual([density?.units, density?.x, density?.y], [1, 300, 300])
        XCTAssertFalse(image.hasMetadata)

        let (rgb, width, _) = try decode(sheet)
        func pixel(_ x: Int, _ y: Int) -> [Int] { let i = 3 * (y * width + x); return [Int(rgb[i]), Int(rgb[i + 1]), Int(rgb[i + 2])] }
        func assertColour(_ x: Int, _ y: Int, _ c: (UInt8, UInt8, UInt8), _ what: String, line: UInt = #line) {
            let p = pixel(x, y)
            for (got, want) in zip(p, [Int(c.0), Int(c.1), Int(c.2)]) {
                XCTAssertEqual(Double(got), Double(want), accuracy: 12, "\(what) at (\(x), \(y)): \(p)", line: line)
            }
        }
        let m = IDCardMerger.margin, w = IDCardMerger.cardWidth, h = IDCardMerger.cardHeight
        let white: (UInt8, UInt8, UInt8) = (255, 255, 255)
        assertColour(m + w / 4, m + h / 2, red, "top card, left half")
        assertColour(m + 3 * w / 4, m + h / 2, green, "top card, right half")
        assertColour(m + 10, m + 10, red, "top card corner")
        assertColour(m + w / 2, 2 * m + h + h / 2, blue, "bottom card")
        assertColour(m + w - 10, 2 * m + 2 * h - 10, blue, "bottom card corner")
        assertColour(m / 2, m / 2, white, "outer margin")
        assertColour(m + w / 2, m + h + m / 2, white, "gap between the cards")
        assertColour(width - m / 2, 2 * m + h + h / 2, white, "right margin")
        assertColour(m + w / 2, IDCardMerger.sheetSize.height - m / 2, white, "bottom margin")
    }

    func testMergeRefusesAnUnreadableSide() throws {
        let good = try F.cardJPEG(width: 1011, height: 638)
        XCTAssertThrowsError(try IDCardMerger.merge(portrait: Array(good.prefix(good.count / 3)), emblem: good, profile: profile))
        XCTAssertThrowsError(try IDCardMerger.merge(portrait: good, emblem: Array("not an image".utf8), profile: profile))
    }

    // MARK: - IDCardInspector

    func testIDCardInspection() throws {
        XCTAssertEqual(IDCardInspector.inspect(try F.cardJPEG(width: 1011, height: 638), profile: profile), [])
        XCTAssertEqual(IDCardInspector.inspect(try F.cardJPEG(width: 638, height: 1011), profile: profile), [], "upright card")

        let small = IDCardInspector.inspect(try F.cardJPEG(width: 320, height: 202), profile: profile)
        XCTAssertEqual(rules(small), [.idcardResolution])
        XCTAssertEqual(small.first?.severity, .warning)
        XCTAssertTrue(small.first?.message.en.contains("320×202") == true, "\(small)")
        XCTAssertEqual(rules(IDCardInspector.inspect(try F.cardJPEG(width: 634, height: 400), profile: profile)), [])
        XCTAssertEqual(rules(IDCardInspector.inspect(try F.cardJPEG(width: 632, height: 399), profile: profile)), [.idcardResolution])

        let square = IDCardInspector.inspect(try F.cardJPEG(width: 560, height: 560), profile: profile)
        XCTAssertEqual(rules(square), [.idcardAspect])
        XCTAssertEqual(square.first?.severity, .warning)
        XCTAssertEqual(rules(IDCardInspector.inspect(try F.cardJPEG(width: 300, height: 300), profile: profile)),
                       [.idcardResolution, .idcardAspect])
        // 12 % either way of 1.585 is allowed: 1.40 and 1.77 are cards, 1.33 and 1.85 are not.
        XCTAssertEqual(rules(IDCardInspector.inspect(try F.cardJPEG(width: 700, height: 500), profile: profile)), [])
        XCTAssertEqual(rules(IDCardInspector.inspect(try F.cardJPEG(width: 885, height: 500), profile: profile)), [])
        XCTAssertEqual(rules(IDCardInspector.inspect(try F.cardJPEG(width: 666, height: 500), profile: profile)), [.idcardAspect])
        XCTAssertEqual(rules(IDCardInspector.inspect(try F.cardJPEG(width: 925, height: 500), profile: profile)), [.idcardAspect])

        let good = try F.cardJPEG(width: 1011, height: 638)
        let truncated = IDCardInspector.inspect(Array(good.prefix(good.count / 3)), profile: profile)
        XCTAssertEqual(rules(truncated), [.idcardUnreadable])
        XCTAssertEqual(truncated.first?.severity, .error)
        XCTAssertEqual(rules(IDCardInspector.inspect(Array("%PDF-1.4".utf8), profile: profile)), [.idcardUnreadable])
        // A PNG card is fine: no format rule for ID-card images.
        let png = F.png(F.twoColourRGB(width: 1011, height: 638, left: (230, 230, 230), right: (230, 230, 230)),
                        width: 1011, height: 638, colourType: 2, bitDepth: 8)
        XCTAssertEqual(IDCardInspector.inspect(png, profile: profile), [])
    }

    // MARK: - validate --photos --idcards

    private struct ImageRow: Equatable, CustomStringConvertible {
        let row: Int, field: String, rule: String, severity: Severity, value: String
        var description: String { "\(row) \(field) \(rule) \(severity.rawValue) \(value)" }
    }

    private func imageFindings(_ report: ValidationReport) -> [ImageRow] {
        report.findings.filter { ["photo", "idcard_portrait", "idcard_emblem", "file"].contains($0.field) }
            .map { ImageRow(row: $0.row, field: $0.field, rule: $0.rule.rawValue, severity: $0.severity, value: $0.value) }
    }

    private func validate(_ rows: [[String: String]], photos: String?, idCards: String?) throws -> ValidationReport {
        let path = folder.appendingPathComponent("roster.csv").path
        try RosterHarness.csv(rows).write(toFile: path, atomically: true, encoding: .utf8)
        var request = ValidationRequest(rosterPath: path, asOf: RosterHarness.asOf)
        request.photosPath = photos
        request.idCardsPath = idCards
        return try Validation.run(request, schemas: SchemaDirectory.locate())
    }

    private var people: (a: String, b: String, c: String, passport: String, rows: [[String: String]]) {
        let a = RosterHarness.residentID("51010719900307123")
        let b = RosterHarness.residentID("51010419921103062"), c = RosterHarness.residentID("51010519960520048")
        let passport = "E12345678"
        var rowA = RosterHarness.validPerson
        rowA["已有照片"] = "否"
        var rowB = RosterHarness.validPerson
        rowB.merge(["姓名": "李娜", "证件号码": b, "性别": "女", "出生日期": "1992-11-03", "手机号码": "13631355045", "已有照片": "否"]) { $1 }
        var rowC = RosterHarness.validPerson
        rowC.merge(["姓名": "赵敏", "证件号码": c, "性别": "女", "出生日期": "1996-05-20", "手机号码": "13540886753", "已有照片": "是"]) { $1 }
        var rowD = RosterHarness.validPerson
        rowD.merge(["姓名": "托马斯·米勒", "证件类型": "护照", "证件号码": passport, "国籍": "德国", "民族": "", "手机号码": "13912345678",
                    "已有照片": "否"]) { $1 }
        return (a, b, c, passport, [rowA, rowB, rowC, rowD])
    }

    func testValidateChecksEachRowsImages() throws {
        let (a, b, c, passport, rows) = people
        let photos = folder.appendingPathComponent("photos"), cards = folder.appendingPathComponent("cards")
        let compliant = try compliantJPEG, card = try F.cardJPEG(width: 1011, height: 638)
        try F.write(try F.jpeg(SyntheticPortrait.compliant, dpi: 72), to: photos.appendingPathComponent("\(a).jpg"))
        try F.write(compliant, to: photos.appendingPathComponent("\(passport).jpg"))
        try F.write(compliant, to: photos.appendingPathComponent("110105199001011232.jpg"))
        try F.write(card, to: cards.appendingPathComponent("\(a)_人像面.jpg"))
        try F.write(card, to: cards.appendingPathComponent("\(a)_正面.jpg"))
        try F.write(card, to: cards.appendingPathComponent("\(a)_国徽面.jpg"))
        try F.write(card, to: cards.appendingPathComponent("\(c)_1.jpg"))
        try F.write(card, to: cards.appendingPathComponent("scan.jpg"))
        _ = b

        let report = try validate(rows, photos: photos.path, idCards: cards.path)
        XCTAssertEqual(report.rows, 4)
        XCTAssertEqual(imageFindings(report), [
            ImageRow(row: 2, field: "photo", rule: "photo.dpi", severity: .warning, value: "\(photos.path)/\(a).jpg"),
            ImageRow(row: 2, field: "idcard_portrait", rule: "file.conflict", severity: .error,
                     value: "\(cards.path)/\(a)_人像面.jpg, \(cards.path)/\(a)_正面.jpg"),
            ImageRow(row: 3, field: "photo", rule: "photo.missing", severity: .error, value: ""),
            ImageRow(row: 3, field: "idcard_portrait", rule: "idcard.missing-front", severity: .error, value: ""),
            ImageRow(row: 3, field: "idcard_emblem", rule: "idcard.missing-back", severity: .error, value: ""),
            // Row 4 says 已有照片 = 是: no photo needed. Row 5 holds a passport: no ID-card images expected.
            ImageRow(row: 4, field: "idcard_emblem", rule: "idcard.missing-back", severity: .error, value: ""),
            ImageRow(row: 0, field: "file", rule: "file.orphan", severity: .warning, value: "\(cards.path)/scan.jpg"),
            ImageRow(row: 0, field: "file", rule: "file.orphan", severity: .warning, value: "\(photos.path)/110105199001011232.jpg"),
        ])
        let columns = report.findings.filter { $0.row == 2 && $0.field.hasPrefix("idcard") }.map(\.column)
        XCTAssertEqual(columns, ["身份证人像面"])
        XCTAssertTrue(report.findings.filter { $0.field == "photo" || $0.field == "file" }.allSatisfy { $0.mask == .fileName })
    }

    func testValidateWithOnlyOneKindOfImage() throws {
        let (a, _, c, _, rows) = people
        let photos = folder.appendingPathComponent("photos"), cards = folder.appendingPathComponent("cards")
        try F.write(try compliantJPEG, to: photos.appendingPathComponent("\(a).jpg"))
        let card = try F.cardJPEG(width: 1011, height: 638)
        for name in ["\(a)_人像面.jpg", "\(a)_国徽面.jpg", "\(c)_front.jpg", "\(c)_back.jpg"] {
            try F.write(card, to: cards.appendingPathComponent(name))
        }
        // Only ID cards: no photo findings, even for row 3 (已有照片 = 否, no photo).
        XCTAssertEqual(imageFindings(try validate(rows, photos: nil, idCards: cards.path)).map(\.description), [
            "3 idcard_portrait idcard.missing-front error ", "3 idcard_emblem idcard.missing-back error ",
        ])
        // Only photos: no ID-card findings.
        XCTAssertEqual(imageFindings(try validate(rows, photos: photos.path, idCards: nil)).map(\.description), [
            "3 photo photo.missing error ", "5 photo photo.missing error ",
        ])
    }

    func testValidateReportsUnreadableAndDefectiveImagesOnTheirRow() throws {
        let (a, _, c, _, rows) = people
        let photos = folder.appendingPathComponent("photos"), cards = folder.appendingPathComponent("cards")
        try F.write(try F.jpeg(SyntheticPortrait.greyBackground), to: photos.appendingPathComponent("\(a).jpg"))
        try F.write(Array("garbage".utf8), to: photos.appendingPathComponent("\(c).jpg"))
        let card = try F.cardJPEG(width: 1011, height: 638)
        try F.write(card, to: cards.appendingPathComponent("\(a)_人像面.jpg"))
        try F.write(try F.cardJPEG(width: 300, height: 190), to: cards.appendingPathComponent("\(a)_国徽面.jpg"))
        try F.write(Array(card.prefix(500)), to: cards.appendingPathComponent("\(c)_人像面.jpg"))
        try F.write(try F.cardJPEG(width: 600, height: 600), to: cards.appendingPathComponent("\(c)_国徽面.jpg"))
        let report = try validate(Array(rows[0..<1]) + [rows[2]], photos: photos.path, idCards: cards.path)
        XCTAssertEqual(imageFindings(report).map { "\($0.row) \($0.field) \($0.rule) \($0.severity.rawValue)" }, [
            "2 photo photo.background error",
            "2 idcard_emblem idcard.resolution warning",
            "3 photo photo.unreadable error",
            "3 idcard_portrait idcard.unreadable error",
            "3 idcard_emblem idcard.aspect warning",
        ])
        XCTAssertEqual(report.validRows, 0)
    }
}
