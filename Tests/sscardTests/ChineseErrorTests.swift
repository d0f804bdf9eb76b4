import Foundation
import XCTest

/// Folders and files sscard cannot make or open are named with the step and its errno in our own
/// words: under `--lang zh` no English library text (SQLite's, Foundation's, strerror's).
final class ChineseErrorTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-zh-errors-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func sscard(_ arguments: [String]) throws -> CommandRun {
        try CommandRun.sscard(arguments, environment: ["LANG": "C.UTF-8"])
    }

    /// Exit 2, one line naming the step and the errno, and no English word once the paths are taken out.
    func assertChinese(_ arguments: [String], step: String, errno name: String, paths: [String],
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let run = try sscard(arguments + ["--lang", "zh"])
        XCTAssertEqual(run.status, 2, "\(arguments): \(run.stderr)", file: file, line: line)
        XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, run.stderr, file: file, line: line)
        XCTAssertTrue(run.stderr.contains(step) && run.stderr.contains(name), "\(arguments): \(run.stderr)", file: file, line: line)
        var rest = run.stderr
        for path in paths.sorted(by: { $0.count > $1.count }) { rest = rest.replacingOccurrences(of: path, with: "") }
        rest = rest.replacingOccurrences(of: name, with: "")
        let words = rest.split { !$0.isASCII || !$0.isLetter }.filter { $0.count > 1 }
        XCTAssertEqual(words, [], "English inside the Chinese message: \(run.stderr)", file: file, line: line)
        let english = try sscard(arguments + ["--lang", "en"])
        XCTAssertTrue(english.stderr.contains(name) && english.stderr.contains("cannot be written"), english.stderr, file: file, line: line)
    }

    func testStoreExportAndImageFoldersThatCannotBeMadeSayWhyInChinese() throws {
        let roster = BinaryTests.root.appendingPathComponent("samples/roster.csv").path
        let aFile = folder.appendingPathComponent("a-file").path
        try "not a folder".write(toFile: aFile, atomically: true, encoding: .utf8)
        let aFolder = folder.appendingPathComponent("a-folder").path
        try FileManager.default.createDirectory(atPath: aFolder, withIntermediateDirectories: false)

        // The store: a folder where the file should be (SQLite said "unable to open database file").
        try assertChinese(["import", roster, "--store", aFolder, "--as-of", "2026-12-01T09:00"], step: "打开失败", errno: "EISDIR",
                          paths: [aFolder, roster])
        try assertChinese(["import", roster, "--store", aFile + "/s.db", "--as-of", "2026-12-01T09:00"], step: "打开失败", errno: "ENOTDIR",
                          paths: [aFile + "/s.db", roster])

        // export --out under a file, or a file itself (Foundation said "The operation could not be completed").
        let store = folder.appendingPathComponent("s.db").path
        XCTAssertEqual(try sscard(["import", roster, "--store", store, "--as-of", "2026-12-01T09:00"]).status, 1)
        for out in [aFile + "/batches", aFile] {
            try assertChinese(["export", "--out", out, "--store", store, "--as-of", "2026-12-02T10:00"], step: "创建文件夹失败",
                              errno: "ENOTDIR", paths: [out, aFile])
        }

        // photos fix and merge into a folder under a file.
        try assertChinese(["photos", "fix", BinaryTests.root.appendingPathComponent("samples/photos").path, aFile + "/fixed"],
                          step: "创建文件夹失败", errno: "ENOTDIR", paths: [aFile])
        try assertChinese(["merge", "--idcards", BinaryTests.root.appendingPathComponent("samples/idcards").path, "-o", aFile + "/merged"],
                          step: "创建文件夹失败", errno: "ENOTDIR", paths: [aFile])
    }

    /// Usage mistakes found while running (not by the argument parser) are said in Chinese too.
    func testUsageMistakesFoundWhileRunningAreChinese() throws {
        let photos = BinaryTests.root.appendingPathComponent("samples/photos").path
        let roster = BinaryTests.root.appendingPathComponent("samples/roster.csv").path
        let store = folder.appendingPathComponent("s.db").path
        XCTAssertEqual(try sscard(["import", roster, "--store", store, "--as-of", "2026-12-01T09:00"]).status, 1)
        let cases: [([String], String, String)] = [
            (["photos", "fix", photos, photos], "就是输入文件夹；sscard 从不写入输入", "is the input folder"),
            (["validate", roster, "--sheet", "花名册"], "--sheet 只适用于 .xlsx 花名册", "--sheet applies to .xlsx rosters only"),
            (["amend", "510112199507080866", "--set", "鞋码=42", "--store", store, "--as-of", "2026-12-01T10:00"], "没有这个字段", "unknown field"),
        ]
        for (arguments, zh, en) in cases {
            let chinese = try sscard(arguments + ["--lang", "zh"])
            XCTAssertEqual(chinese.status, 2, "\(arguments): \(chinese.stderr)")
            XCTAssertTrue(chinese.stderr.contains(zh), "\(arguments): \(chinese.stderr)")
            let english = try sscard(arguments + ["--lang", "en"])
            XCTAssertTrue(english.stderr.contains(en), "\(arguments): \(english.stderr)")
        }
    }

    /// `status` in Chinese names the states in Chinese on the per-unit lines too.
    func testStatusPerUnitIsChinese() throws {
        let roster = BinaryTests.root.appendingPathComponent("samples/roster.csv").path
        let store = folder.appendingPathComponent("s.db").path
        XCTAssertEqual(try sscard(["import", roster, "--store", store, "--as-of", "2026-12-01T09:00"]).status, 1)
        let zh = try sscard(["status", "--store", store, "--as-of", "2026-12-01T10:00", "--lang", "zh"])
        XCTAssertEqual(zh.status, 0, zh.stderr)
        XCTAssertTrue(zh.stdout.contains("研发中心: 可修改 "), zh.stdout)
        XCTAssertFalse(zh.stdout.contains("accepted") || zh.stdout.contains("due") || zh.stdout.contains("exported"), zh.stdout)
        let en = try sscard(["status", "--store", store, "--as-of", "2026-12-01T10:00", "--lang", "en"])
        XCTAssertTrue(en.stdout.contains("研发中心: accepted "), en.stdout)
    }

    /// No run of four or more ASCII letters in `text` once the given paths and names, and errno
    /// names (ENOTDIR…), are taken out.
    func assertNoEnglish(_ text: String, except names: [String], file: StaticString = #filePath, line: UInt = #line) {
        var rest = text
        for name in names.sorted(by: { $0.count > $1.count }) { rest = rest.replacingOccurrences(of: name, with: "") }
        rest = rest.replacingOccurrences(of: #"\bE[A-Z]{2,}\b"#, with: "", options: .regularExpression)
        let english = rest.range(of: "[A-Za-z]{4,}", options: .regularExpression).map { String(rest[$0]) }
        XCTAssertNil(english, "English inside the Chinese message: \(text)", file: file, line: line)
    }

    /// Exit 2 in both languages; Chinese says `zh` and no English, English says `en` as before.
    func assertBothLanguages(_ arguments: [String], zh: String, en: String, names: [String],
                             file: StaticString = #filePath, line: UInt = #line) throws {
        let chinese = try sscard(arguments + ["--lang", "zh"])
        XCTAssertEqual(chinese.status, 2, "\(arguments): \(chinese.stderr)", file: file, line: line)
        XCTAssertTrue(chinese.stderr.contains(zh), "\(arguments): \(chinese.stderr)", file: file, line: line)
        assertNoEnglish(chinese.stderr, except: names, file: file, line: line)
        let english = try sscard(arguments + ["--lang", "en"])
        XCTAssertEqual(english.status, 2, "\(arguments): \(english.stderr)", file: file, line: line)
        XCTAssertTrue(english.stderr.contains(en), "\(arguments): \(english.stderr)", file: file, line: line)
    }

    /// Profiles, unwritable reports, image zips and batch zips: the reason is Chinese too (it was
    /// English inside the Chinese message: "unknown key", "not a zip archive (…)", strerror).
    func testReasonsOfProfilesReportsAndZipsAreChinese() throws {
        let roster = BinaryTests.root.appendingPathComponent("samples/roster.csv").path
        let asOf = ["--as-of", "2026-12-01T09:00"]

        let unknown = folder.appendingPathComponent("unknown.json").path
        try #"{"expiry_window_months": 6, "photo_colour": "blue"}"#.write(toFile: unknown, atomically: true, encoding: .utf8)
        try assertBothLanguages(["validate", roster, "--profile", unknown] + asOf, zh: "未知的设置 photo_colour",
                                en: "invalid profile (unknown key 'photo_colour')", names: [unknown, roster, "photo_colour"])
        let wrongType = folder.appendingPathComponent("type.json").path
        try #"{"guardian_age": "16"}"#.write(toFile: wrongType, atomically: true, encoding: .utf8)
        try assertBothLanguages(["validate", roster, "--profile", wrongType] + asOf, zh: "guardian_age 的值类型不对",
                                en: "'guardian_age' has the wrong type", names: [wrongType, roster, "guardian_age"])
        let notJSON = folder.appendingPathComponent("broken.json").path
        try "{ name: 成都 ".write(toFile: notJSON, atomically: true, encoding: .utf8)
        try assertBothLanguages(["photos", "check", roster, "--profile", notJSON], zh: "配置文件无效",
                                en: "not a JSON object of profile settings", names: [notJSON, roster])

        // validate -o into a folder that does not exist, and under a file.
        let aFile = folder.appendingPathComponent("a-file").path
        try "not a folder".write(toFile: aFile, atomically: true, encoding: .utf8)
        for report in [folder.appendingPathComponent("missing/report.xlsx").path, aFile + "/report.xlsx"] {
            try assertBothLanguages(["validate", roster, "--format", "xlsx", "-o", report] + asOf, zh: "无法写入",
                                    en: "cannot be written", names: [report, roster, "report.xlsx"])
            try assertBothLanguages(["validate", roster, "-o", report] + asOf, zh: "无法写入",
                                    en: "cannot be written", names: [report, roster, "report.xlsx"])
        }

        // form --out under a file (Foundation said "The operation could not be completed"); the message names the file in the way.
        let store = folder.appendingPathComponent("s.db").path
        XCTAssertEqual(try sscard(["import", roster, "--store", store] + asOf).status, 1)
        try assertBothLanguages(["form", "--status", "accepted", "--out", aFile + "/forms", "--store", store, "--as-of", "2026-12-01T10:00"],
                                zh: "创建文件夹失败: 路径中有一段不是文件夹", en: "cannot be written", names: [aFile + "/forms", aFile])

        // An image zip and a batch zip that are not zips.
        let photos = folder.appendingPathComponent("photos.zip").path
        try "these are not photos".write(toFile: photos, atomically: true, encoding: .utf8)
        try assertBothLanguages(["photos", "check", photos], zh: "无法读取（不是 zip 压缩格式", en: "not a zip archive", names: [photos])
        let batch = folder.appendingPathComponent("batch.zip").path
        try "not a batch".write(toFile: batch, atomically: true, encoding: .utf8)
        try assertBothLanguages(["verify", batch], zh: "无法读取（不是 zip 压缩格式", en: "cannot be read", names: [batch])
    }
}

