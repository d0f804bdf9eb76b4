import Foundation
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
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-form-workers-\(UUID().uuidString)").path
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
}
