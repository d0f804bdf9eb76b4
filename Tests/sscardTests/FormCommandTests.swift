import Foundation
import SSCardKit
import VipsKit
import XCTest

/// `sscard form` through the built binary, read back with poppler (pdfinfo, pdffonts, pdftotext,
/// pdfimages, pdftoppm) and zbarimg.
final class FormCommandTests: XCTestCase {
    var folder: URL!
    var store: String { folder.appendingPathComponent("s.db").path }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-form-e2e-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func sscard(_ arguments: [String]) throws -> CommandRun {
        try CommandRun.sscard(arguments + ["--store", store], environment: ["LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"])
    }

    /// Runs a tool from /usr/bin and returns its standard output.
    func tool(_ name: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/" + name)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    func importSamples() throws {
        let run = try sscard(["import", "samples/roster.xlsx", "--units", "samples/units.csv", "--photos", "samples/photos",
                              "--idcards", "samples/idcards", "--as-of", "2026-12-01T09:00", "--lang", "en"])
        XCTAssertEqual(run.status, 1, run.stderr)  // the samples carry planted mistakes
    }

    func showJSON(_ id: String) throws -> [String: Any] {
        let run = try sscard(["show", id, "--format", "json", "--show-pii", "--as-of", "2026-12-01T10:00"])
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int) ?? -1
    }

    // MARK: - The samples

    func testSampleFormsCarryEveryValueFontsImagesAndTheQRCode() throws {
        try importSamples()
        let out = folder.appendingPathComponent("forms").path
        let run = try sscard(["form", "--status", "accepted", "--out", out, "--as-of", "2026-12-01T10:00", "--lang", "en"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let listed = try sscard(["list", "--status", "accepted", "--format", "json", "--show-pii", "--as-of", "2026-12-01T10:00"])
        let ids = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]]).compactMap { $0["id_number"] as? String }
        XCTAssertGreaterThan(ids.count, 5)
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        XCTAssertEqual(files, (ids.map { $0 + ".pdf" } + ["forms-all.pdf"]).sorted())
        XCTAssertEqual(Self.mode(out), 0o700)
        for file in files { XCTAssertEqual(Self.mode(out + "/" + file), 0o600, file) }

        // forms-all.pdf: A4, one page per person, in list order.
        let all = out + "/forms-all.pdf"
        let info = try tool("pdfinfo", [all])
        XCTAssertTrue(info.contains("Pages:           \(ids.count)\n"), info)
        XCTAssertTrue(info.contains("Page size:       595.276 x 841.89 pts (A4)"), info)
        for (index, id) in ids.enumerated() {
            let page = try tool("pdftotext", ["-layout", "-f", "\(index + 1)", "-l", "\(index + 1)", all, "-"])
            XCTAssertTrue(page.contains(id), "page \(index + 1) is not \(id)")
            // The page is the person's own file's page (joined, not drawn a second time).
            XCTAssertEqual(page, try tool("pdftotext", ["-layout", out + "/\(id).pdf", "-"]), "page \(index + 1)")
        }
        let allFonts = try tool("pdffonts", [all]).split(separator: "\n").dropFirst(2)
        XCTAssertFalse(allFonts.isEmpty)
        XCTAssertTrue(allFonts.allSatisfy { $0.contains(" yes yes yes ") }, allFonts.joined(separator: "\n"))
        // qpdf (make deps) reads every object and stream of the joined file.
        XCTAssertTrue(try tool("qpdf", ["--check", all]).contains("No syntax or stream encoding errors found"))

        for id in ids {
            let path = out + "/\(id).pdf"
            XCTAssertTrue(try tool("pdfinfo", [path]).contains("Pages:           1\n"))
            // Every printed value, in full (the form is unmasked).
            let detail = try showJSON(id)
            let fields = try XCTUnwrap(detail["fields"] as? [String: String])
            let text = try tool("pdftotext", [path, "-"]).replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: " ", with: "")
            for key in FormValues.keys where key != "id_validity" {
                guard var value = fields[key], !value.isEmpty else { continue }
                // 银行网点 is printed in the form's two boxes: 「科华路」支行「」分理处(储蓄所).
                if key == "bank_branch", let range = value.range(of: "支行") { value = String(value[..<range.lowerBound]) }
                XCTAssertTrue(text.contains(value.replacingOccurrences(of: " ", with: "")), "\(id) \(key) '\(value)' missing")
            }
            XCTAssertTrue(text.contains(FormValues(fields: fields)["id_validity"]))
            // Only the two Noto faces, embedded as subsets.
            let fonts = try tool("pdffonts", [path]).split(separator: "\n").dropFirst(2)
            XCTAssertEqual(fonts.count, 2, "\(fonts)")
            XCTAssertEqual(Set(fonts.map { $0.split(separator: " ")[0].split(separator: "+").last.map(String.init) ?? "" }),
                           ["NotoSerifCJKsc-Regular", "NotoSansCJKsc-Regular"])
            for line in fonts {
                XCTAssertTrue(line.contains("CID Type 0C") && line.contains(" yes yes yes "), String(line))
                XCTAssertTrue(line.split(separator: " ")[0].contains("+"), "not a subset: \(line)")
            }
            // The photo and both card sides, as the stored JPEG bytes.
            let stored = try XCTUnwrap(detail["images"] as? [[String: Any]]).compactMap { $0["sha256"] as? String }
            let listed = try tool("pdfimages", ["-list", path]).split(separator: "\n").dropFirst(2)
            // Beside them only the QR code, a one-bit gray image (not a JPEG).
            let images = listed.filter { $0.contains(" jpeg ") }
            XCTAssertEqual(images.count, stored.count, "\(listed)")
            let others = listed.filter { !$0.contains(" jpeg ") }
            XCTAssertEqual(others.count, 1, "\(listed)")
            for line in others { XCTAssertEqual(line.split(separator: " ").filter { !$0.isEmpty }[5...7], ["gray", "1", "1"], String(line)) }
            let prefix = folder.appendingPathComponent("img-\(id)").path
            _ = try tool("pdfimages", ["-j", path, prefix])
            let embedded = (0..<stored.count).map { SHA256.hex([UInt8](FileManager.default.contents(atPath: prefix + String(format: "-%03d.jpg", $0)) ?? Data())) }
            XCTAssertEqual(Set(embedded), Set(stored), "the JPEGs were not passed through unchanged")
            // The QR code: SSCARD1|<submission>|<ID>|<check code>, the check code as show prints it.
            let code = try XCTUnwrap(detail["check_code"] as? String)
            XCTAssertEqual(code.count, 10)
            let png = folder.appendingPathComponent("qr-\(id)").path
            _ = try tool("pdftoppm", ["-r", "150", "-png", "-singlefile", path, png])
            let decoded = try tool("zbarimg", ["-q", "--raw", png + ".png"]).trimmingCharacters(in: .whitespacesAndNewlines)
            XCTAssertEqual(decoded, "SSCARD1|1|\(id)|\(code)")
            XCTAssertTrue(text.contains("校验码" + code))
        }
    }

    /// With --out the files are shared out between this process and worker processes
    /// (sscard form-worker) as they come free: whichever process draws a file, it has the same bytes.
    func testAFolderHasTheSameBytesWhicheverProcessesDrawIt() throws {
        try importSamples()
        var folders: [String: [String: Data]] = [:]
        for workers in ["0", "1", "3"] {
            let out = folder.appendingPathComponent("forms-\(workers)").path
            let run = try CommandRun.sscard(["form", "--status", "accepted", "--out", out, "--as-of", "2026-12-01T10:00", "--store", store],
                                            environment: ["LANG": "C.UTF-8", "PATH": "/usr/bin:/bin", "SSCARD_FORM_WORKERS": workers])
            XCTAssertEqual(run.status, 0, run.stderr)
            var files: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: out) { files[name] = FileManager.default.contents(atPath: out + "/" + name) }
            folders[workers] = files
        }
        XCTAssertGreaterThan(folders["0"]?.count ?? 0, 5)
        XCTAssertEqual(folders["1"], folders["0"])
        XCTAssertEqual(folders["3"], folders["0"])
    }

    func testTheSameRecordGivesTheSameBytesAndShowMatchesAfterAnAmendment() throws {
        try importSamples()
        let id = "440106198610283178"
        let first = folder.appendingPathComponent("a.pdf").path, second = folder.appendingPathComponent("b.pdf").path
        XCTAssertEqual(try sscard(["form", id, "-o", first]).status, 0)
        XCTAssertEqual(try sscard(["form", id, "-o", second]).status, 0)
        XCTAssertEqual(FileManager.default.contents(atPath: first), FileManager.default.contents(atPath: second))
        XCTAssertTrue(try tool("pdfinfo", [first]).contains("CreationDate:    Tue Dec  1 01:00:00 2026 UTC"))  // 09:00 in Chengdu
        let before = try XCTUnwrap(try showJSON(id)["check_code"] as? String)
        XCTAssertEqual(try sscard(["amend", id, "--set", "手机号码=13912345678", "--as-of", "2026-12-01T10:00"]).status, 0)
        let after = try XCTUnwrap(try showJSON(id)["check_code"] as? String)
        XCTAssertNotEqual(before, after)
        let text = try sscard(["show", id, "--as-of", "2026-12-01T10:00", "--lang", "en"]).stdout
        XCTAssertTrue(text.contains("form check code: \(after)\n"), text)
    }

    // MARK: - Long and unusual values

    /// A roster of people with the longest real values and empty optional blocks.
    func importUnusual(mailing: [String], names: [String]) throws -> [String] {
        let headers = StoreCommandTests.headers + ["邮寄地址", "院系", "专业", "年级", "班级", "监护人姓名", "监护人证件类型", "监护人证件号码", "监护人手机号码", "与申请人关系"]
        var lines = [headers.joined(separator: ",")]
        var ids: [String] = []
        for (index, (name, address)) in zip(names, mailing).enumerated() {
            let id = StoreCommandTests.generatedID(index, region: "510107")
            ids.append(id)
            let student = index == 0 ? ["计算机学院", "软件工程", "2024级", "3班"] : ["", "", "", ""]
            let guardian = index == 0 ? ["王芳", "居民身份证", "11010519491231002X", "13800000001", "母子"] : ["", "", "", "", ""]
            lines.append(([name, "居民身份证(户口簿)", id, "中国", "男", "", "汉族", "1390000000\(index)", "325520", "中智四川经济技术合作有限公司",
                           "研发中心", "成都市公安局武侯分局", "2016.05.10-2036.05.10", "四川省成都市武侯区洗面桥横街1号", "四川省成都市武侯区洗面桥横街1号",
                           "610041", "2", "本科", "成都银行", "武侯支行", "是", address] + student + guardian).joined(separator: ","))
        }
        let path = folder.appendingPathComponent("unusual.csv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let run = try sscard(["import", path, "--as-of", "2026-12-01T09:00", "--lang", "en"])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        return ids
    }

    func testLongAddressesMiddleDotsAndCharactersOutsideTheBMPStayInTheirBoxes() throws {
        let sixty = "四川省成都市武侯区洗面桥横街十八号附一号金色家园小区三期七栋二单元十五楼一五零三号靠近武侯祠大街南侧门卫室旁边的快递柜中"
        XCTAssertEqual(sixty.count, 60)
        let ids = try importUnusual(mailing: [sixty, "", ""], names: ["阿卜杜·热合曼", "𠮷田太郎", "李娜"])
        let path = folder.appendingPathComponent("unusual.pdf").path
        let run = try sscard(["form"] + ids + ["-o", path, "--lang", "en"])
        XCTAssertEqual(run.status, 0, run.stderr)  // nothing cut
        XCTAssertEqual(run.stderr, "")
        XCTAssertTrue(try tool("pdfinfo", [path]).contains("Pages:           3\n"))
        let first = try tool("pdftotext", ["-f", "1", "-l", "1", path, "-"]).replacingOccurrences(of: "\n", with: "")
        XCTAssertTrue(first.contains(sixty), first)
        XCTAssertTrue(first.contains("阿卜杜·热合曼"))
        for value in ["计算机学院", "软件工程", "2024级", "3班", "王芳", "11010519491231002X", "13800000001", "母子"] {
            XCTAssertTrue(first.contains(value), value)
        }
        let second = try tool("pdftotext", ["-f", "2", "-l", "2", path, "-"])
        XCTAssertTrue(second.contains("𠮷田太郎"))
        XCTAssertTrue(second.contains("请在此处粘贴照片"))  // no photo: the paste-here box
        // The empty mailing address falls back to the residence address.
        XCTAssertTrue(second.contains("四川省成都市武侯区洗面桥横街1号"))
    }

    func testAValueTooLongEvenWrappedIsCutNamedAndExitsOne() throws {
        let long = String(repeating: "四川省成都市武侯区洗面桥横街十八号附一号金色家园小区", count: 12)
        let ids = try importUnusual(mailing: [long], names: ["张三"])
        let path = folder.appendingPathComponent("cut.pdf").path
        let run = try sscard(["form", ids[0], "-o", path, "--lang", "en"])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stderr, "张三 (510107********\(ids[0].suffix(4))): 邮寄地址 is too long for its box even at the smallest size and wrapped; it was cut with …; check the value\n")
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
    }

    func testUsageMistakesExitTwo() throws {
        try importSamples()
        XCTAssertEqual(try sscard(["form"]).status, 2)
        XCTAssertEqual(try sscard(["form", "440106198610283178"]).status, 2)  // no -o
        XCTAssertEqual(try sscard(["form", "--status", "rejected", "--out", folder.path]).status, 2)
        XCTAssertEqual(try sscard(["form", "--status", "due", "-o", "x.pdf"]).status, 2)
        let unknown = try sscard(["form", "110101199003070000", "-o", folder.appendingPathComponent("x.pdf").path, "--lang", "en"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("no one with ID number"), unknown.stderr)
    }

    // MARK: - Golden rendering

    /// The sample form rendered at 50 DPI, compared with the recorded page pixel by pixel (a pixel
    /// differs when any channel moves by more than 48; at most 0.5 % may). SSCARD_RECORD_GOLDEN=1
    /// records it again.
    func testTheSampleFormLooksAsRecorded() throws {
        try importSamples()
        let pdf = folder.appendingPathComponent("golden.pdf").path
        XCTAssertEqual(try sscard(["form", "440106198610283178", "-o", pdf]).status, 0)
        let rendered = folder.appendingPathComponent("golden").path
        _ = try tool("pdftoppm", ["-r", "50", "-png", "-singlefile", pdf, rendered])
        let golden = BinaryTests.root.appendingPathComponent("Tests/sscardTests/Golden/form-sample-50dpi.png").path
        if ProcessInfo.processInfo.environment["SSCARD_RECORD_GOLDEN"] == "1" {
            try? FileManager.default.removeItem(atPath: golden)
            try FileManager.default.copyItem(atPath: rendered + ".png", toPath: golden)
            XCTFail("recorded a new golden page at \(golden); look at it, then run the test again without SSCARD_RECORD_GOLDEN")
            return
        }
        try Vips.initialize()
        let expected = try VipsImage.load(path: golden, maxPixels: 10_000_000).srgb8()
        let actual = try VipsImage.load(path: rendered + ".png", maxPixels: 10_000_000).srgb8()
        XCTAssertEqual(actual.width, expected.width)
        XCTAssertEqual(actual.height, expected.height)
        let a = try actual.pixels(), b = try expected.pixels()
        XCTAssertEqual(a.count, b.count)
        let bands = actual.bands
        var differing = 0
        for pixel in 0..<(min(a.count, b.count) / bands) {
            for band in 0..<bands where abs(Int(a[pixel * bands + band]) - Int(b[pixel * bands + band])) > 48 {
                differing += 1
                break
            }
        }
        let fraction = Double(differing) / Double(max(1, a.count / bands))
        XCTAssertLessThan(fraction, 0.005, "\(differing) pixels differ from \(golden)")
    }
}
