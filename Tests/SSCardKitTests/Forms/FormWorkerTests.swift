import Foundation
import PDFCanvas
import XCTest
@testable import SSCardKit

/// `writeFolder` with worker processes that cannot help: every file is still written, by this
/// process, complete and mode 0600.
final class FormWorkerTests: XCTestCase {
    func records() -> [FormRecord] {
        let time = CivilDateTime(parsing: "2026-12-01T09:00:00")!
        return (0..<4).map { index in
            FormRecord(idNumber: "51010719900101\(1000 + index)", fields: ["name": ["张三", "李四", "王五", "赵六"][index], "gender": "男"],
                       submittedAt: time, submissionID: Int64(index + 1))
        }
    }

    func check(workerCommand: [String], timeout: Double = 60) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-form-workers-\(UUID.scratchName)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var context = try FormContext.load(profile: .chengdu, schemas: SchemaDirectory.locate())
        context.workerCommand = workerCommand
        context.workers = 2
        context.workerTimeout = timeout
        let outcome = try FormRenderer.writeFolder(records: records(), directory: folder, context: context)
        XCTAssertEqual(outcome.pages, 4)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        XCTAssertEqual(files.count, 5, "\(files)")
        XCTAssertEqual(Set(outcome.files.map { ($0 as NSString).lastPathComponent }), Set(files))
        for file in files {
            let path = folder + "/" + file
            let bytes = try XCTUnwrap(FileManager.default.contents(atPath: path))
            XCTAssertTrue(bytes.starts(with: Data("%PDF-".utf8)), file)
            XCTAssertTrue(String(decoding: bytes.suffix(8), as: UTF8.self).contains("%%EOF"), file)
            let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
            XCTAssertEqual(mode, 0o600, file)
        }
    }

    func testAWorkerThatExitsAtOnceLosesNoFile() throws { try check(workerCommand: ["/bin/false"]) }

    func testAWorkerThatAnswersNonsenseLosesNoFile() throws { try check(workerCommand: ["/bin/sh", "-c", "read line; echo nonsense; cat >/dev/null"]) }

    func testAWorkerThatCannotStartLosesNoFile() throws { try check(workerCommand: ["/nonexistent/sscard", "form-worker"]) }

    /// A worker that never answers is killed after the timeout; the run finishes without it.
    func testAWorkerThatHangsIsKilledAndLosesNoFile() throws {
        let started = Date()
        try check(workerCommand: ["/bin/sh", "-c", "exec sleep 600"], timeout: 1)
        XCTAssertLessThan(Date().timeIntervalSince(started), 300, "the run waited for the hung worker")
    }

    /// A person's file that the joiner cannot copy (object streams, as qpdf or a newer cairo
    /// writes them) makes `join` give up before writing anything, so `writeFolder` draws
    /// forms-all.pdf instead; the earlier file is left as it was.
    func testFilesThatCannotBeJoinedAreNotHalfJoined() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-form-join-\(UUID.scratchName)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var context = try FormContext.load(profile: .chengdu, schemas: SchemaDirectory.locate())
        context.workers = 0
        let records = records()
        _ = try FormRenderer.writeFolder(records: records, directory: folder, context: context)
        let all = folder + "/forms-all.pdf"
        let before = try XCTUnwrap(FileManager.default.contents(atPath: all))
        let second = folder + "/" + FormRenderer.fileName(records[1].idNumber) + ".pdf"
        let rewritten = folder + "/rewritten.tmp"
        let qpdf = Process()
        qpdf.executableURL = URL(fileURLWithPath: "/usr/bin/qpdf")
        qpdf.arguments = ["--object-streams=generate", second, rewritten]
        try qpdf.run()
        qpdf.waitUntilExit()
        XCTAssertEqual(qpdf.terminationStatus, 0)
        XCTAssertEqual(rename(rewritten, second), 0)

        let serials = Array(1...records.count)
        let characters = try FormRenderer.characters(records, serials: serials, batchID: nil,
                                                     date: FormRenderer.documentDate(records, nil), context: context)
        let run = FormRun(records: records, serials: serials, batchID: nil, date: nil, directory: folder, context: context,
                          shared: try FontFaces(fonts: context.fonts, characters: characters))
        XCTAssertNil(try run.join())
        XCTAssertEqual(FileManager.default.contents(atPath: all), before, "forms-all.pdf was touched")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".") }
        XCTAssertEqual(left, [], "a temporary file was left")
        // Drawn again instead (what writeFolder then does), the print file holds every page.
        XCTAssertGreaterThan(try run.draw(0).result.get(), 0)
        let drawn = String(decoding: try XCTUnwrap(FileManager.default.contents(atPath: all)), as: UTF8.self)
        XCTAssertTrue(drawn.contains("/Count 4"), "forms-all.pdf does not hold the four pages")
    }
}
