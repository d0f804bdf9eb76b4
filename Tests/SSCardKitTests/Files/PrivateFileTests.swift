import Foundation
import XCTest
@testable import SSCardKit

/// `writePrivateFile`: unique 0600 temporary names, nothing planted is followed, errors name their errno.
final class PrivateFileTests: XCTestCase {
    private func folder() -> URL { RosterHarness.temporaryDirectory() }
    private func names(in folder: URL) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted() }

    func testSymlinkPlantedAtTheOldPredictableTemporaryNameIsNotFollowed() throws {
        let folder = folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let victim = folder.appendingPathComponent("victim.txt")
        try "keep me".write(to: victim, atomically: true, encoding: .utf8)
        // The name the old code used: .<name>.<pid>.tmp, opened with O_TRUNC and followed.
        let planted = folder.appendingPathComponent(".report.txt.\(getpid()).tmp")
        try FileManager.default.createSymbolicLink(at: planted, withDestinationURL: victim)

        try writePrivateFile("the report", to: folder.appendingPathComponent("report.txt").path)

        XCTAssertEqual(try String(contentsOf: victim, encoding: .utf8), "keep me")
        let report = folder.appendingPathComponent("report.txt")
        XCTAssertEqual(try String(contentsOf: report, encoding: .utf8), "the report")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: planted.path), victim.path)
        let attributes = try FileManager.default.attributesOfItem(atPath: report.path)
        XCTAssertEqual(attributes[.type] as? FileAttributeType, .typeRegular)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertEqual(names(in: folder), [planted.lastPathComponent, "report.txt", "victim.txt"])
    }

    /// The workbooks libxlsxwriter writes by path (the xlsx report, the template) go through
    /// `StagedFile`: the same unpredictable, never-followed temporary name.
    func testStagedFileNeverFollowsALinkPlantedAtTheOldPredictableName() throws {
        let folder = folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let victim = folder.appendingPathComponent("victim.txt")
        try "keep me".write(to: victim, atomically: true, encoding: .utf8)
        let planted = folder.appendingPathComponent(".report.xlsx.\(getpid()).tmp")
        try FileManager.default.createSymbolicLink(at: planted, withDestinationURL: victim)
        let target = folder.appendingPathComponent("report.xlsx")

        let staged = try StagedFile(target: target.path)
        XCTAssertNotEqual(staged.path, planted.path)
        XCTAssertTrue(staged.path.hasPrefix(folder.appendingPathComponent(".report.xlsx.").path), staged.path)
        let created = try FileManager.default.attributesOfItem(atPath: staged.path)
        XCTAssertEqual(created[.type] as? FileAttributeType, .typeRegular)
        XCTAssertEqual((created[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        try "the workbook".write(toFile: staged.path, atomically: false, encoding: .utf8)  // as the library writes it, by path
        try staged.commit()

        XCTAssertEqual(try String(contentsOf: victim, encoding: .utf8), "keep me")
        XCTAssertEqual(try String(contentsOf: target, encoding: .utf8), "the workbook")
        let attributes = try FileManager.default.attributesOfItem(atPath: target.path)
        XCTAssertEqual(attributes[.type] as? FileAttributeType, .typeRegular)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertEqual(names(in: folder), [planted.lastPathComponent, "report.xlsx", "victim.txt"])
    }

    /// The staged file and the writer's scratch files live in one private folder beside the
    /// target, which commit and discard remove.
    func testStagedFileKeepsEverythingInAPrivateFolderThatCommitAndDiscardRemove() throws {
        let folder = folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("report.xlsx")
        let staged = try StagedFile(target: target.path)
        let scratch = URL(fileURLWithPath: staged.scratchFolder)
        XCTAssertEqual(scratch.deletingLastPathComponent().path, folder.path)
        XCTAssertTrue(scratch.lastPathComponent.hasPrefix(".report.xlsx.sscard-\(getpid())-"), scratch.lastPathComponent)
        let attributes = try FileManager.default.attributesOfItem(atPath: scratch.path)
        XCTAssertEqual(attributes[.type] as? FileAttributeType, .typeDirectory)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o700)
        XCTAssertEqual(URL(fileURLWithPath: staged.path).deletingLastPathComponent().path, scratch.path)
        XCTAssertEqual(staged.directory, folder.path)
        try "the workbook".write(toFile: staged.path, atomically: false, encoding: .utf8)
        try "a scratch file".write(to: scratch.appendingPathComponent("tmp.Ab3dE5gH7j"), atomically: false, encoding: .utf8)
        try staged.commit()
        XCTAssertEqual(names(in: folder), ["report.xlsx"])
        XCTAssertEqual(try String(contentsOf: target, encoding: .utf8), "the workbook")

        let abandoned = try StagedFile(target: folder.appendingPathComponent("other.xlsx").path)
        try "half".write(toFile: abandoned.path, atomically: false, encoding: .utf8)
        abandoned.discard()
        XCTAssertEqual(names(in: folder), ["report.xlsx"])
    }

    /// A write killed half-way leaves its private folder; the next write of that target removes
    /// it once its process is gone, and leaves a running process's folder and other targets' alone.
    func testTheNextWriteRemovesTheFoldersOfProcessesThatAreGone() throws {
        let folder = folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let gone = finished.processIdentifier
        func plant(_ name: String) throws {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
            try "persons' data".write(to: url.appendingPathComponent(".report.xlsx.abcdefghijkl.tmp"), atomically: false, encoding: .utf8)
        }
        try plant(".report.xlsx.sscard-\(gone)-abcdefghij")
        try plant(".report.xlsx.sscard-1-abcdefghij")  // init is running
        try plant(".other.xlsx.sscard-\(gone)-abcdefghij")
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent(".report.xlsx.sscard-\(gone)-linkedlink"),
                                                   withDestinationURL: folder.appendingPathComponent(".other.xlsx.sscard-\(gone)-abcdefghij"))
        let staged = try StagedFile(target: folder.appendingPathComponent("report.xlsx").path)
        try staged.commit()
        XCTAssertEqual(names(in: folder), [".other.xlsx.sscard-\(gone)-abcdefghij", ".report.xlsx.sscard-\(gone)-linkedlink",
                                           ".report.xlsx.sscard-1-abcdefghij", "report.xlsx"].sorted())
        XCTAssertEqual(names(in: folder.appendingPathComponent(".other.xlsx.sscard-\(gone)-abcdefghij")), [".report.xlsx.abcdefghijkl.tmp"])
    }

    func testStagedFileRenameFailureNamesItsErrnoAndLeavesNothing() throws {
        let folder = folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("report.xlsx")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try "x".write(to: target.appendingPathComponent("inside"), atomically: true, encoding: .utf8)
        let staged = try StagedFile(target: target.path)
        XCTAssertThrowsError(try staged.commit()) { error in
            let message = (error as? SSCardError)?.message
            XCTAssertTrue(message?.zh.contains("改名") == true && message?.zh.contains("EISDIR") == true, "\(String(describing: message))")
            XCTAssertFalse(message?.zh.contains("directory") ?? true, "no English library text in Chinese")
        }
        XCTAssertEqual(names(in: folder), ["report.xlsx"], "the temporary file is removed")
        XCTAssertThrowsError(try StagedFile(target: folder.appendingPathComponent("missing/report.xlsx").path)) { error in
            XCTAssertTrue((error as? SSCardError)?.message.zh.contains("ENOENT") == true, "\(error)")
        }
    }

    func testReplacingAReadableFileLeavesItPrivate() throws {
        let folder = folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out.csv").path
        try "old".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o644)
        try writePrivateFile(Data("new".utf8), to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "new")
        XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertEqual(names(in: folder), ["out.csv"])
    }

    func testFailingRenameNamesItsOwnErrnoInBothLanguages() throws {
        let folder = folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A non-empty folder where the file should go: creating and writing the temporary file work, the rename does not.
        let target = folder.appendingPathComponent("report.json")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try "x".write(to: target.appendingPathComponent("inside"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try writePrivateFile("{}", to: target.path)) { error in
            let message = (error as? SSCardError)?.message
            XCTAssertTrue(message?.en.contains("renaming") == true && message?.en.contains("EISDIR") == true, "\(String(describing: message))")
            XCTAssertTrue(message?.zh.contains("改名") == true && message?.zh.contains("EISDIR") == true
                          && message?.zh.contains("目标是一个文件夹") == true, "\(String(describing: message))")
            XCTAssertFalse(message?.zh.contains("directory") ?? true, "no English library text in Chinese")
        }
        XCTAssertEqual(names(in: folder), ["report.json"], "the temporary file is removed")
    }

    func testMissingFolderNamesTheCreateStep() throws {
        let folder = folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("no/such/folder/report.csv").path
        XCTAssertThrowsError(try writePrivateFile("x", to: path)) { error in
            XCTAssertEqual(error as? SSCardError, .fileWriteFailed(path: path, step: .create, code: ENOENT))
        }
    }

    func testDevicesAreWrittenInPlace() throws {
        try writePrivateFile("discarded", to: "/dev/null")
        var status = stat()
        XCTAssertEqual(stat("/dev/null", &status), 0)
        XCTAssertEqual(status.st_mode & S_IFMT, S_IFCHR)
    }
}
