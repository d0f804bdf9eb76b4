import Foundation
import SSCardKit
import XCTest

/// Feeds the committed fuzz corpora through the real `sscard` binary. Whatever the input, the
/// process must end by exit (0, 1 or 2), never by a signal: Swift's crash report would print
/// registers and raw memory, personal data included, to stderr.
final class FuzzCorpusBinaryTests: XCTestCase {
    static let corpus = BinaryTests.root.appendingPathComponent("Fuzz/corpus")
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-fuzz-binary-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func inputs(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
        let dir = Self.corpus.appendingPathComponent(target)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix(".") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 3, "corpus \(target) has too few inputs")
        return try names.map { ($0, Array(try Data(contentsOf: dir.appendingPathComponent($0)))) }
    }

    /// Runs the binary and asserts it exited 0, 1 or 2 by itself.
    private func assertExits(_ arguments: [String], input: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let process = Process()
        process.executableURL = BinaryTests.binary
        process.arguments = arguments
        process.currentDirectoryURL = BinaryTests.root
        process.environment = ["LANG": "C.UTF-8"]
        process.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        process.standardError = err
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit,
                       "\(input): killed by signal \(process.terminationStatus): \(String(decoding: stderr.prefix(400), as: UTF8.self))",
                       file: file, line: line)
        XCTAssertTrue((0...2).contains(process.terminationStatus), "\(input): exit \(process.terminationStatus)", file: file, line: line)
        // Nothing but our own messages: libxml2's generic channel ("encoding error : …", "I/O error : …")
        // would print English library text and raw input bytes.
        let text = String(decoding: stderr, as: UTF8.self)
        for marker in ["encoding error :", "I/O error :", "parser error :", "xmlParseChunk"] {
            XCTAssertFalse(text.contains(marker), "\(input): library text on stderr: \(text.prefix(200))", file: file, line: line)
        }
    }

    private func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func testCSVCorpusNeverKillsValidate() throws {
        for input in try inputs("csv") {
            let path = try write(input.bytes, "roster.csv")
            try assertExits(["validate", path, "--as-of", "2026-12-01"], input: "csv/\(input.name)")
        }
    }

    func testSheetCorpusNeverKillsValidate() throws {
        for input in try inputs("sheet") {
            let path = try write(FuzzEntry.workbook(sheet: input.bytes), "roster.xlsx")
            try assertExits(["validate", path, "--as-of", "2026-12-01"], input: "sheet/\(input.name)")
        }
    }

    func testSharedStringCorpusNeverKillsValidate() throws {
        for input in try inputs("shared-strings") {
            let path = try write(FuzzEntry.workbook(sharedStrings: input.bytes), "roster.xlsx")
            try assertExits(["validate", path, "--as-of", "2026-12-01"], input: "shared-strings/\(input.name)")
        }
    }

    /// Every field value in every column of one roster, one row each, through all the rules.
    func testFieldCorpusNeverKillsValidate() throws {
        let headers = ["姓名", "证件类型", "证件号码", "国籍", "性别", "出生日期", "手机号码", "证件有效期", "监护人证件号码"]
        var csv = headers.joined(separator: ",") + "\n"
        for input in try inputs("fields") {
            let text = String(decoding: input.bytes, as: UTF8.self).replacingOccurrences(of: "\"", with: "\"\"")
            csv += Array(repeating: "\"\(text)\"", count: headers.count).joined(separator: ",") + "\n"
        }
        let path = try write(Array(csv.utf8), "fields.csv")
        try assertExits(["validate", path, "--as-of", "2026-12-01"], input: "fields (all)")
    }

    /// Each entry name in a zip of photos given to `photos check`.
    func testZipNameCorpusNeverKillsPhotosCheck() throws {
        for input in try inputs("zip-name") {
            let path = try write(FuzzEntry.zip([(name: input.bytes, data: Array("not a jpeg".utf8))]), "photos.zip")
            try assertExits(["photos", "check", path], input: "zip-name/\(input.name)")
        }
    }
}
