import Foundation
import XCTest
import SSCardKit

/// The built binary on the sample photos and ID cards: `validate --photos --idcards`, `photos check`, `photos fix`, `merge`.
final class ImageCommandTests: XCTestCase {
    static let root = BinaryTests.root

    typealias Run = CommandRun

    @discardableResult
    func runSSCard(_ arguments: [String], environment: [String: String] = ["LANG": "C.UTF-8"]) throws -> Run {
        try CommandRun.sscard(arguments, environment: environment)
    }

    func json(_ run: Run, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] else {
            XCTFail("not a JSON object: \(run.stdout) \(run.stderr)", file: file, line: line)
            return [:]
        }
        return object
    }

    func findings(_ run: Run) throws -> [[String: Any]] { try json(run)["findings"] as? [[String: Any]] ?? [] }

    var temp: URL!

    override func setUpWithError() throws {
        temp = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-images-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let temp { try? FileManager.default.removeItem(at: temp) }
    }

    // MARK: Helpers

    /// Runs a tool (zip, vips); XCTSkip when it is not installed.
    func tool(_ name: String, _ arguments: [String], in directory: URL? = nil) throws {
        guard let path = ["/usr/bin", "/usr/local/bin", "/bin"].map({ "\($0)/\(name)" })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { throw XCTSkip("\(name) is not installed") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? Self.root
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "\(name) \(arguments): \(String(decoding: message, as: UTF8.self))")
    }

    /// Width and height from a JPEG's SOF marker.
    func jpegSize(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        guard bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var i = 2
        while i + 9 < bytes.count {
            guard bytes[i] == 0xFF else { return nil }
            let marker = bytes[i + 1]
            if marker == 0xFF { i += 1; continue }
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                return (Int(bytes[i + 7]) << 8 | Int(bytes[i + 8]), Int(bytes[i + 5]) << 8 | Int(bytes[i + 6]))
            }
            i += 2 + length
        }
        return nil
    }

    /// The JFIF APP0 right after SOI: units, X and Y density.
    func jfifDensity(_ bytes: [UInt8]) -> [Int]? {
        guard bytes.count > 18, bytes[2] == 0xFF, bytes[3] == 0xE0, bytes[6..<11].elementsEqual(Array("JFIF\0".utf8)) else { return nil }
        return [Int(bytes[13]), Int(bytes[14]) << 8 | Int(bytes[15]), Int(bytes[16]) << 8 | Int(bytes[17])]
    }

    func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    func sample(_ path: String) -> String { Self.root.appendingPathComponent("samples/\(path)").path }

    /// A stored zip whose entry names are written exactly as given.
    func storedZip(_ entries: [(String, [UInt8])]) -> [UInt8] {
        var table = [UInt32](repeating: 0, count: 256)
        for n in 0..<256 {
            var c = UInt32(n)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            table[n] = c
        }
        func crc(_ data: [UInt8]) -> UInt32 {
            var c: UInt32 = 0xFFFF_FFFF
            for b in data { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
            return c ^ 0xFFFF_FFFF
        }
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
        var out: [UInt8] = [], central: [UInt8] = []
        for (name, data) in entries {
            let offset = UInt32(out.count), raw = Array(name.utf8)
            let common = le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21) + le32(crc(data)) + le32(UInt32(data.count))
                + le32(UInt32(data.count)) + le16(raw.count) + le16(0)
            out += le32(0x0403_4B50) + common + raw + data
            central += le32(0x0201_4B50) + le16(20) + common + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + raw
        }
        let centralOffset = UInt32(out.count)
        out += central + le32(0x0605_4B50) + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
            + le32(UInt32(central.count)) + le32(centralOffset) + le16(0)
        return out
    }

    /// A camera-size (4000×3000) JPEG of a compliant sample photo, scaled ×6 (2148×2646) and standing on the bottom
    /// edge left of centre.
    func cameraPhoto(at path: String) throws {
        let big = temp.appendingPathComponent("big-\(UUID.scratchName).v").path
        try tool("vips", ["resize", sample("photos/110105199103031488.jpg"), big, "6"])
        try tool("vips", ["embed", big, path, "500", "354", "4000", "3000", "--extend", "white"])
        try? FileManager.default.removeItem(atPath: big)
        XCTAssertEqual(jpegSize(try bytes(path))?.width, 4000)
    }

    // MARK: validate --photos --idcards

    /// samples/EXPECTED.md and scripts/make-sample-images.py: the planted image mistakes, in report order.
    static let plantedImages: [(Int, String, String, String)] = [
        (2, "photo", "photo.dimensions", "error"), (5, "photo", "photo.grayscale", "error"), (6, "photo", "photo.dpi", "warning"),
        (8, "photo", "photo.missing", "error"), (11, "photo", "photo.background", "error"), (13, "photo", "photo.blur", "warning"),
        (15, "idcard_emblem", "idcard.missing-back", "error"), (16, "idcard_portrait", "idcard.resolution", "warning"),
        (18, "idcard_emblem", "idcard.aspect", "warning"), (20, "photo", "photo.format", "error"),
        (29, "idcard_portrait", "idcard.unreadable", "error"), (0, "file", "file.orphan", "warning"),
    ]
    static let imageFields: Set<String> = ["photo", "idcard_portrait", "idcard_emblem", "file"]

    func assertPlantedFindings(photos: String, idCards: String, roster: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let run = try runSSCard(["validate", roster, "--photos", photos, "--idcards", idCards, "--as-of", "2026-12-01", "--format", "json"])
        XCTAssertEqual(run.status, 1, run.stderr, file: file, line: line)
        let all = try findings(run)
        let images = all.filter { Self.imageFields.contains($0["field"] as? String ?? "") }
        XCTAssertEqual(images.map { "\($0["row"] as! Int) \($0["field"] as! String) \($0["rule"] as! String) \($0["severity"] as! String)" },
                       Self.plantedImages.map { "\($0.0) \($0.1) \($0.2) \($0.3)" }, roster, file: file, line: line)
        // The roster's own mistakes are unchanged by the images.
        let others = all.filter { !Self.imageFields.contains($0["field"] as? String ?? "") }
        XCTAssertEqual(others.map { "\($0["row"] as! Int) \($0["rule"] as! String)" }, BinaryTests.planted.map { "\($0.0) \($0.1)" },
                       roster, file: file, line: line)
        // File names carry ID numbers: masked by default.
        let orphan = images.last?["value"] as? String ?? ""
        XCTAssertTrue(orphan.hasSuffix(".jpg") && orphan.contains("*") && !orphan.contains("110105199001011232"), orphan,
                      file: file, line: line)
        let summary = try json(run)["summary"] as? [String: Any]
        XCTAssertEqual(summary?["rows"] as? Int, 30, "\(String(describing: summary))", file: file, line: line)
    }

    func testValidateXLSXWithSampleImagesFindsExactlyThePlantedMistakes() throws {
        try assertPlantedFindings(photos: "samples/photos", idCards: "samples/idcards", roster: "samples/roster.xlsx")
    }

    func testValidateCSVWithSampleImagesFindsExactlyThePlantedMistakes() throws {
        try assertPlantedFindings(photos: "samples/photos", idCards: "samples/idcards", roster: "samples/roster.csv")
    }

    func testValidateWithZippedImagesFindsTheSameMistakes() throws {
        let photos = temp.appendingPathComponent("photos.zip").path, cards = temp.appendingPathComponent("idcards.zip").path
        try tool("zip", ["-q", "-r", photos, "photos"], in: Self.root.appendingPathComponent("samples"))
        try tool("zip", ["-q", "-r", cards, "idcards"], in: Self.root.appendingPathComponent("samples"))
        try assertPlantedFindings(photos: photos, idCards: cards, roster: "samples/roster.csv")
        // With --show-pii the orphan is named inside the archive.
        let run = try runSSCard(["validate", "samples/roster.csv", "--photos", photos, "--as-of", "2026-12-01", "--format", "json", "--show-pii"])
        let orphan = try findings(run).filter { $0["rule"] as? String == "file.orphan" }.map { $0["value"] as? String ?? "" }
        XCTAssertEqual(orphan, ["\(photos):photos/110105199001011232.jpg"])
    }

    func testUnsafeZipEntryIsRefusedWithOneLine() throws {
        let evil = temp.appendingPathComponent("evil.zip").path
        try Data(storedZip([("photos/510107198804120312.jpg", [0xFF, 0xD8]), ("../evil.jpg", [0xFF, 0xD8])]))
            .write(to: URL(fileURLWithPath: evil))
        let out = temp.appendingPathComponent("out").path
        for arguments in [["validate", "samples/roster.csv", "--photos", evil, "--as-of", "2026-12-01"],
                          ["validate", "samples/roster.csv", "--idcards", evil, "--as-of", "2026-12-01", "--format", "json"],
                          ["photos", "check", evil], ["photos", "fix", evil, out], ["merge", "--idcards", evil, "-o", out]] {
            let run = try runSSCard(arguments)
            XCTAssertEqual(run.status, 2, "\(arguments): \(run.stderr)")
            XCTAssertEqual(run.stdout, "", "\(arguments)")
            XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, "\(arguments): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("\"../evil.jpg\""), "\(arguments): \(run.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: out), "\(arguments) created its output")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: temp.deletingLastPathComponent().appendingPathComponent("evil.jpg").path))
    }

    // MARK: photos check

    func testPhotosCheckReportsEachSampleFile() throws {
        let run = try runSSCard(["photos", "check", "samples/photos", "--format", "json", "--show-pii"])
        XCTAssertEqual(run.status, 1, run.stderr)
        let found = try findings(run).map { "\(($0["file"] as! NSString).lastPathComponent) \($0["rule"] as! String) \($0["severity"] as! String)" }
        XCTAssertEqual(found, [
            "510104199306254022.jpg photo.blur warning",
            "51010519620518024X.jpg photo.grayscale error",
            "510107198804120312.jpg photo.dimensions error",
            "510108199002140531.jpg photo.dpi warning",
            "513401198912120572.jpg photo.format error",
            "650102199108302263.jpg photo.background error",
        ])
        let summary = try json(run)["summary"] as? [String: Int]
        XCTAssertEqual(summary, ["files": 28, "valid": 24, "errors": 4, "warnings": 2])
        let fixable = try findings(run).filter { $0["fixable"] as? Bool == true }.map { $0["rule"] as! String }
        XCTAssertEqual(fixable, ["photo.dimensions", "photo.dpi", "photo.format"])

        // Masked by default.
        let masked = try runSSCard(["photos", "check", "samples/photos", "--format", "json"])
        XCTAssertFalse(masked.stdout.contains("510107198804120312"))
        XCTAssertEqual(try findings(masked).count, 6)
    }

    func testPhotosCheckOnCompliantPhotosExitsZero() throws {
        let folder = temp.appendingPathComponent("good")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["110105199103031488.jpg", "440106198610283178.jpg", "C01X00T47.jpg"] {
            try FileManager.default.copyItem(atPath: sample("photos/\(name)"), toPath: folder.appendingPathComponent(name).path)
        }
        let run = try runSSCard(["photos", "check", folder.path, "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertEqual(try json(run)["summary"] as? [String: Int], ["files": 3, "valid": 3, "errors": 0, "warnings": 0])
        XCTAssertEqual(try findings(run).count, 0)

        // A warning (72 DPI) alone exits 0, and 1 with --strict.
        try FileManager.default.copyItem(atPath: sample("photos/510108199002140531.jpg"),
                                         toPath: folder.appendingPathComponent("510108199002140531.jpg").path)
        XCTAssertEqual(try runSSCard(["photos", "check", folder.path]).status, 0)
        XCTAssertEqual(try runSSCard(["photos", "check", folder.path, "--strict"]).status, 1)
        // Files and folders together.
        let mixed = try runSSCard(["photos", "check", folder.path, sample("photos/51010519620518024X.jpg"), "--format", "json"])
        XCTAssertEqual(mixed.status, 1)
        XCTAssertEqual(try json(mixed)["summary"] as? [String: Int], ["files": 5, "valid": 4, "errors": 1, "warnings": 1])
    }

    // MARK: photos fix

    func testPhotosFixWritesTheFixableAndRefusesTheRest() throws {
        let input = temp.appendingPathComponent("in"), output = temp.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try cameraPhoto(at: input.appendingPathComponent("camera.jpg").path)
        try FileManager.default.copyItem(atPath: sample("photos/51010519620518024X.jpg"),
                                         toPath: input.appendingPathComponent("51010519620518024X.jpg").path)

        let run = try runSSCard(["photos", "fix", input.path, output.path, "--format", "json", "--show-pii"])
        XCTAssertEqual(run.status, 1, run.stdout + run.stderr)
        let report = try json(run)
        XCTAssertEqual(report["summary"] as? [String: Int], ["files": 2, "valid": 1, "errors": 1, "warnings": 0])
        let written = report["written"] as? [[String: Any]] ?? []
        XCTAssertEqual(written.map { $0["source"] as? String }, [input.appendingPathComponent("camera.jpg").path])
        XCTAssertEqual(written.map { $0["output"] as? String }, [output.appendingPathComponent("camera.jpg").path])
        XCTAssertEqual(try findings(run).map { "\(($0["file"] as! NSString).lastPathComponent) \($0["rule"] as! String)" },
                       ["51010519620518024X.jpg photo.grayscale"])

        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: output.path), ["camera.jpg"])
        let fixed = output.appendingPathComponent("camera.jpg").path
        XCTAssertEqual(try mode(fixed), 0o600)
        XCTAssertEqual(try mode(output.path), 0o700)
        let jpeg = try bytes(fixed)
        XCTAssertEqual(written.first?["bytes"] as? Int, jpeg.count)
        XCTAssertEqual(jpegSize(jpeg)?.width, 358)
        XCTAssertEqual(jpegSize(jpeg)?.height, 441)
        XCTAssertEqual(jfifDensity(jpeg), [1, 350, 350])
        XCTAssertLessThanOrEqual(jpeg.count, 1_048_576)
        XCTAssertNil(jpeg.firstRange(of: Array("Exif".utf8)))

        let check = try runSSCard(["photos", "check", output.path, "--format", "json"])
        XCTAssertEqual(check.status, 0, check.stdout)
        XCTAssertEqual(try json(check)["summary"] as? [String: Int], ["files": 1, "valid": 1, "errors": 0, "warnings": 0])
    }

    func testPhotosFixRespectsMaxBytes() throws {
        let input = temp.appendingPathComponent("camera.jpg").path, output = temp.appendingPathComponent("small").path
        try cameraPhoto(at: input)
        let run = try runSSCard(["photos", "fix", input, output, "--max-bytes", "20000", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        let jpeg = try bytes(output + "/camera.jpg")
        XCTAssertLessThanOrEqual(jpeg.count, 20_000)
        XCTAssertEqual(jpegSize(jpeg)?.width, 358)
        XCTAssertEqual(jfifDensity(jpeg), [1, 350, 350])
        let written = try json(run)["written"] as? [[String: Any]]
        XCTAssertEqual(written?.first?["bytes"] as? Int, jpeg.count)
        XCTAssertEqual(try runSSCard(["photos", "check", output]).status, 0)
        // Without the cap the same photo is larger, at quality 92: the cap made it step down.
        let uncapped = try runSSCard(["photos", "fix", input, temp.appendingPathComponent("large").path, "--format", "json"])
        let large = (try json(uncapped)["written"] as? [[String: Any]])?.first
        XCTAssertEqual(large?["quality"] as? Int, 92)
        if let size = large?["bytes"] as? Int, size > 20_000 {
            XCTAssertLessThan(written?.first?["quality"] as? Int ?? 100, 92)
        }

        // One photo to a .jpg path.
        let single = temp.appendingPathComponent("one.jpg").path
        XCTAssertEqual(try runSSCard(["photos", "fix", input, single]).status, 0)
        XCTAssertEqual(jpegSize(try bytes(single))?.height, 441)

        let tooSmall = try runSSCard(["photos", "fix", input, temp.appendingPathComponent("never").path, "--max-bytes", "1999"])
        XCTAssertEqual(tooSmall.status, 2)
        XCTAssertEqual(tooSmall.stderr.split(separator: "\n").count, 1, tooSmall.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: temp.appendingPathComponent("never").path))
    }

    func testPhotosFixNeverWritesOverItsInput() throws {
        let folder = temp.appendingPathComponent("photos")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["510107198804120312.jpg", "110105199103031488.jpg"] {
            try FileManager.default.copyItem(atPath: sample("photos/\(name)"), toPath: folder.appendingPathComponent(name).path)
        }
        func snapshot() throws -> [String: [UInt8]] {
            var files: [String: [UInt8]] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
                files[name] = try bytes(folder.appendingPathComponent(name).path)
            }
            return files
        }
        let before = try snapshot()
        for output in [folder.path, folder.path + "/", temp.appendingPathComponent("./photos").path] {
            let run = try runSSCard(["photos", "fix", folder.path, output])
            XCTAssertEqual(run.status, 2, "\(output): \(run.stdout) \(run.stderr)")
            XCTAssertEqual(run.stdout, "")
            XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, run.stderr)
            XCTAssertTrue(run.stderr.contains("never"), run.stderr)
            XCTAssertEqual(try snapshot(), before, output)
        }
        // One file onto itself.
        let one = folder.appendingPathComponent("110105199103031488.jpg").path
        XCTAssertEqual(try runSSCard(["photos", "fix", one, one]).status, 2)
        XCTAssertEqual(try snapshot(), before)
    }

    // MARK: merge

    func testMergeSampleIDCards() throws {
        let output = temp.appendingPathComponent("merged").path
        let run = try runSSCard(["merge", "--idcards", "samples/idcards", "-o", output, "--format", "json", "--show-pii"])
        XCTAssertEqual(run.status, 1, run.stdout + run.stderr)
        XCTAssertEqual(try findings(run).map { "\(($0["file"] as! NSString).lastPathComponent) \($0["rule"] as! String)" }, [
            "510107201109180158_人像面.jpg idcard.missing-back",
            "510124199904040425_人像面.jpg idcard.unreadable",
        ])
        let names = try FileManager.default.contentsOfDirectory(atPath: sample("idcards"))
        let complete = Set(names.filter { $0.hasSuffix("_人像面.jpg") }.map { String($0.dropLast("_人像面.jpg".count)) })
            .intersection(names.filter { $0.hasSuffix("_国徽面.jpg") }.map { String($0.dropLast("_国徽面.jpg".count)) })
        let expected = complete.subtracting(["510124199904040425"]).map { $0 + ".jpg" }.sorted()
        XCTAssertEqual(expected.count, 25)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: output).sorted(), expected)
        let report = try json(run)
        XCTAssertEqual(report["summary"] as? [String: Int], ["files": 27, "valid": 25, "errors": 2, "warnings": 0])
        XCTAssertEqual((report["written"] as? [[String: Any]])?.count, 25)
        for name in expected {
            let path = output + "/" + name
            let jpeg = try bytes(path)
            XCTAssertEqual(jpegSize(jpeg)?.width, IDCardMerger.sheetSize.width, name)
            XCTAssertEqual(jpegSize(jpeg)?.height, IDCardMerger.sheetSize.height, name)
            XCTAssertEqual(jfifDensity(jpeg), [1, 300, 300], name)
            XCTAssertEqual(try mode(path), 0o600, name)
        }
        XCTAssertEqual(try mode(output), 0o700)
    }

    func testMergeZippedPairsWithOtherSpellings() throws {
        // front/back and _1/_2 spellings, zipped: the same sheets come out.
        let staging = temp.appendingPathComponent("cards")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        let copies = [("110105199103031488_人像面.jpg", "110105199103031488-front.jpg"), ("110105199103031488_国徽面.jpg", "110105199103031488-back.jpg"),
                      ("440106198610283178_人像面.jpg", "440106198610283178_1.jpg"), ("440106198610283178_国徽面.jpg", "440106198610283178_2.jpg")]
        for (from, to) in copies {
            try FileManager.default.copyItem(atPath: sample("idcards/\(from)"), toPath: staging.appendingPathComponent(to).path)
        }
        let zip = temp.appendingPathComponent("cards.zip").path
        try tool("zip", ["-q", "-r", zip, "cards"], in: temp)
        let output = temp.appendingPathComponent("merged").path
        let run = try runSSCard(["merge", "--idcards", zip, "-o", output, "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: output).sorted(), ["110105199103031488.jpg", "440106198610283178.jpg"])
        // Identical inputs under their standard names, identical sheets.
        let standard = temp.appendingPathComponent("standard")
        try FileManager.default.createDirectory(at: standard, withIntermediateDirectories: true)
        for (from, _) in copies {
            try FileManager.default.copyItem(atPath: sample("idcards/\(from)"), toPath: standard.appendingPathComponent(from).path)
        }
        let reference = temp.appendingPathComponent("reference").path
        XCTAssertEqual(try runSSCard(["merge", "--idcards", standard.path, "-o", reference]).status, 0)
        for name in ["110105199103031488.jpg", "440106198610283178.jpg"] {
            XCTAssertEqual(try bytes(output + "/" + name), try bytes(reference + "/" + name), name)
        }
    }
}
