import Foundation
import SSCardKit
import XCTest
import ZipArchive

/// The bureau batch end to end through the built binary with an injected clock: export, batches
/// and verify; idempotence, the lock, kill -9 at random instants, a full disk, damaged images and
/// tampered batch files.
final class ExportCommandTests: XCTestCase {
    static var root: URL { BinaryTests.root }

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    var folder: URL!
    var store: String { folder.appendingPathComponent("s.db").path }
    var out: String { folder.appendingPathComponent("out").path }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-export-e2e-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    // MARK: - Running things

    func launch(_ arguments: [String], environment: [String: String] = [:], executable: URL? = nil) throws -> (Process, URL, URL) {
        let tag = UUID.scratchName
        let stdout = folder.appendingPathComponent("out-\(tag)"), stderr = folder.appendingPathComponent("err-\(tag)")
        FileManager.default.createFile(atPath: stdout.path, contents: nil)
        FileManager.default.createFile(atPath: stderr.path, contents: nil)
        let process = Process()
        process.executableURL = executable ?? BinaryTests.binary
        process.arguments = arguments
        process.currentDirectoryURL = Self.root
        process.environment = ["LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"].merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
        return (process, stdout, stderr)
    }

    func finish(_ launched: (Process, URL, URL)) throws -> Run {
        launched.0.waitUntilExit()
        return Run(status: launched.0.terminationStatus,
                   stdout: String(decoding: try Data(contentsOf: launched.1), as: UTF8.self),
                   stderr: String(decoding: try Data(contentsOf: launched.2), as: UTF8.self))
    }

    @discardableResult
    func sscard(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        try finish(try launch(arguments, environment: environment))
    }

    func tool(_ path: String, _ arguments: [String]) throws -> Run {
        guard FileManager.default.isExecutableFile(atPath: path) else { throw XCTSkip("\(path) is not installed") }
        return try finish(try launch(arguments, executable: URL(fileURLWithPath: path)))
    }

    func json(_ run: Run, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] else {
            XCTFail("not a JSON object: \(run.stdout) \(run.stderr)", file: file, line: line)
            return [:]
        }
        return object
    }

    func sql(_ query: String) throws -> String {
        try tool("/usr/bin/sqlite3", [store, query]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func zips(_ directory: String? = nil) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory ?? out)) ?? []).filter { $0.hasSuffix(".zip") }.sorted()
    }

    func staged(_ directory: String? = nil) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: ((directory ?? out) as NSString).appendingPathComponent(".sscard-staging"))) ?? []
    }

    static func sha256(_ path: String) -> String { SHA256.hex([UInt8](FileManager.default.contents(atPath: path) ?? Data())) }

    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? NSNumber)?.intValue ?? -1
    }

    // MARK: - Stores

    static let sampleImport = ["import", "samples/roster.xlsx", "--units", "samples/units.csv", "--photos", "samples/photos",
                               "--idcards", "samples/idcards", "--as-of", "2026-12-01T09:00", "--lang", "en"]
    /// An accepted sample person with a photo (已有照片 = 否) and both ID-card sides.
    static let withPhoto = "510108197207190146"
    /// Row 7: rejected for its phone; fixed by an amendment.
    static let row7 = "510112199507080866"

    func sampleStore() throws {
        let run = try sscard(Self.sampleImport + ["--store", store])
        XCTAssertEqual(run.status, 1, run.stderr)  // the samples carry planted mistakes
    }

    func export(_ asOf: String, _ extra: [String] = []) throws -> Run {
        try sscard(["export", "--out", out, "--store", store, "--as-of", asOf, "--lang", "en"] + extra)
    }

    // MARK: - The journey

    func testImportAmendWindowExportVerifyRebuild() throws {
        try sampleStore()
        // Import normalised the images already: 2 card photos (已有照片 = 否), 10 ID-card sheets.
        XCTAssertEqual(try sql("SELECT kind, count(*) FROM image_derived GROUP BY kind ORDER BY kind"), "card_photo|2\nidcard_sheet|10")
        let amend = try sscard(["amend", Self.withPhoto, "--set", "手机号码=13912345678", "--set", "二级单位==1+2",
                                "--store", store, "--as-of", "2026-12-01T10:00", "--lang", "en"])
        XCTAssertEqual(amend.status, 0, amend.stderr)
        let fixed = try sscard(["amend", Self.row7, "--set", "手机号码=13912345670", "--store", store, "--as-of", "2026-12-01T10:00", "--lang", "en"])
        XCTAssertEqual(fixed.status, 0, fixed.stderr)

        // Inside the window nothing is due: nothing written, exit 0.
        let early = try export("2026-12-02T08:59")
        XCTAssertEqual(early.status, 0, early.stderr)
        XCTAssertEqual(early.stdout, "nothing is due; nothing written\n")
        XCTAssertEqual(zips(), [])

        let run = try export("2026-12-02T09:30", ["--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let report = try json(run)
        XCTAssertEqual(report["due_before"] as? Int, 11)
        XCTAssertEqual((report["blocked"] as? [Any])?.count, 0)
        let batches = report["batches"] as? [[String: Any]] ?? []
        XCTAssertEqual(batches.count, 1)
        let batch = batches.first ?? [:]
        XCTAssertEqual(batch["id"] as? String, "batch-325520-20261202-1")
        XCTAssertEqual(batch["employer_code"] as? String, "325520")
        XCTAssertEqual(batch["persons"] as? Int, 11)
        let file = try XCTUnwrap(batch["file"] as? String)
        XCTAssertEqual(file, out + "/batch-325520-20261202-1.zip")
        XCTAssertEqual(batch["sha256"] as? String, Self.sha256(file))
        XCTAssertEqual(Self.mode(file), 0o600)
        XCTAssertEqual(Self.mode(out), 0o700)
        XCTAssertEqual(staged(), [])

        // The batch's registration forms: one PDF per person plus forms-all.pdf, the batch id in each QR code.
        let forms = out + "/forms/batch-325520-20261202-1"
        XCTAssertEqual(Self.mode(out + "/forms"), 0o700)
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: forms).filter { $0.hasSuffix(".pdf") }
        XCTAssertEqual(pdfs.count, 12, pdfs.joined(separator: " "))
        XCTAssertTrue(pdfs.contains("forms-all.pdf"))
        let pages = try tool("/usr/bin/pdfinfo", [forms + "/forms-all.pdf"])
        XCTAssertTrue(pages.stdout.contains("Pages:           11"), pages.stdout)
        let png = folder.appendingPathComponent("form-qr").path
        XCTAssertEqual(try tool("/usr/bin/pdftoppm", ["-r", "100", "-png", "-singlefile", forms + "/\(Self.withPhoto).pdf", png]).status, 0)
        let qr = try tool("/usr/bin/zbarimg", ["-q", "--raw", png + ".png"])
        XCTAssertTrue(qr.stdout.hasPrefix("SSCARD1|batch-325520-20261202-1|\(Self.withPhoto)|"), qr.stdout)

        // verify, unzip -l, our reader, openpyxl.
        let verified = try sscard(["verify", file, "--format", "json"])
        XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)
        XCTAssertEqual(try json(verified)["ok"] as? Bool, true)
        XCTAssertEqual(try json(verified)["persons"] as? Int, 11)
        let listing = try tool("/usr/bin/unzip", ["-l", file])
        XCTAssertEqual(listing.status, 0)
        XCTAssertTrue(listing.stdout.contains("2026-12-02 09:30   manifest.xml"), listing.stdout)
        let archive = try ZipArchive(path: file)
        let names = archive.entryNames
        XCTAssertEqual(Array(names.prefix(2)), ["manifest.xml", "persons.xlsx"])
        let photos = names.filter { $0.hasPrefix("photos/") }, idCards = names.filter { $0.hasPrefix("idcards/") }
        XCTAssertEqual(names, ["manifest.xml", "persons.xlsx"] + photos + idCards)
        XCTAssertEqual(photos.count, 2)  // the others have 已有照片 = 是
        XCTAssertEqual(idCards.count, 10)
        XCTAssertTrue(photos.contains("photos/\(Self.withPhoto).jpg"))
        XCTAssertEqual(archive.entries.filter { $0.name.hasSuffix(".jpg") }.map(\.stored), Array(repeating: true, count: 12))
        XCTAssertEqual(archive.entries.filter { !$0.name.hasSuffix(".jpg") }.map(\.stored), [false, false])
        let manifest = String(decoding: try archive.readAll("manifest.xml"), as: UTF8.self)
        XCTAssertTrue(manifest.contains("id=\"batch-325520-20261202-1\" created_at=\"2026-12-02T09:30:00\""), manifest)
        XCTAssertFalse(manifest.contains(Self.row7), "the record fixed at 10:00 is not due yet")

        let sheet = folder.appendingPathComponent("persons.xlsx")
        try Data(try archive.readAll("persons.xlsx")).write(to: sheet)
        let python = try tool("/usr/bin/python3", [Self.root.appendingPathComponent("scripts/check-persons-xlsx.py").path, sheet.path])
        if python.stderr.contains("No module named 'openpyxl'") { throw XCTSkip("openpyxl is not installed (pip install openpyxl)") }
        XCTAssertEqual(python.status, 0, python.stderr)
        let workbook = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(python.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(workbook["sheets"] as? [String], ["人员信息", "批次信息"])
        XCTAssertEqual(workbook["types"] as? [String], ["s"], "every cell is a text cell")
        XCTAssertEqual(workbook["formats"] as? [String], ["@"])
        XCTAssertEqual(workbook["header_bold"] as? Bool, true)
        XCTAssertEqual(workbook["freeze"] as? String, "A2")
        XCTAssertEqual(workbook["autofilter"] as? String, "A1:AQ12")
        let header = workbook["header"] as? [String] ?? []
        XCTAssertEqual(Array(header.prefix(5)), ["序号", "姓名", "性别", "证件类型", "证件号码"])
        let rows = workbook["rows"] as? [[String]] ?? []
        XCTAssertEqual(rows.count, 11)
        let amended = try XCTUnwrap(rows.first { $0[4] == Self.withPhoto })
        XCTAssertEqual(amended[header.firstIndex(of: "手机号码")!], "13912345678")
        XCTAssertEqual(amended[header.firstIndex(of: "二级单位")!], "=1+2", "kept as text, never a formula")
        XCTAssertEqual(amended[header.firstIndex(of: "出生日期")!], "19720719")
        XCTAssertEqual(amended[header.firstIndex(of: "照片文件")!], "photos/\(Self.withPhoto).jpg")
        XCTAssertEqual(rows.map { $0[0] }, (1...11).map(String.init))
        XCTAssertEqual((workbook["info"] as? [String: String])?["批次号"], "batch-325520-20261202-1")

        // Again: nothing new, nothing written.
        let again = try export("2026-12-02T09:30", ["--format", "json"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual((try json(again)["batches"] as? [Any])?.count, 0)
        XCTAssertEqual(try json(again)["due_before"] as? Int, 0)
        XCTAssertEqual(zips(), ["batch-325520-20261202-1.zip"])

        // show and log name the batch; the exported record can no longer change.
        let show = try json(try sscard(["show", Self.withPhoto, "--store", store, "--format", "json", "--as-of", "2026-12-02T09:30"]))
        XCTAssertEqual(show["batch"] as? String, "batch-325520-20261202-1")
        let log = try sscard(["log", Self.withPhoto, "--store", store, "--lang", "en"])
        XCTAssertTrue(log.stdout.contains("export"), log.stdout)
        XCTAssertTrue(log.stdout.contains("batch-325520-20261202-1"), log.stdout)

        // The record fixed at 10:00 falls due an hour later: the day's second batch.
        let second = try json(try export("2026-12-02T10:30", ["--format", "json"]))
        let secondBatch = (second["batches"] as? [[String: Any]])?.first
        XCTAssertEqual(secondBatch?["id"] as? String, "batch-325520-20261202-2")
        XCTAssertEqual(secondBatch?["persons"] as? Int, 1)

        let list = try sscard(["batches", "--store", store, "--format", "json"])
        XCTAssertEqual(list.status, 0, list.stderr)
        let recorded = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(recorded.map { $0["id"] as? String }, ["batch-325520-20261202-1", "batch-325520-20261202-2"])
        XCTAssertEqual(recorded.map { $0["state"] as? String }, ["placed", "placed"])
        XCTAssertEqual(recorded.map { $0["persons"] as? Int }, [11, 1])
        XCTAssertEqual(recorded.first?["created_at"] as? String, "2026-12-02T09:30:00")
        XCTAssertEqual(recorded.first?["sha256"] as? String, Self.sha256(file))

        // --rebuild: byte for byte, elsewhere and in place of a lost file.
        let elsewhere = folder.appendingPathComponent("rebuilt").path
        let rebuilt = try sscard(["export", "--rebuild", "batch-325520-20261202-1", "--out", elsewhere, "--store", store, "--lang", "en"])
        XCTAssertEqual(rebuilt.status, 0, rebuilt.stderr)
        XCTAssertTrue(rebuilt.stdout.contains("matches the record"), rebuilt.stdout)
        XCTAssertEqual(FileManager.default.contents(atPath: elsewhere + "/batch-325520-20261202-1.zip"), FileManager.default.contents(atPath: file))
        let original = Self.sha256(file)
        try FileManager.default.removeItem(atPath: file)
        let restored = try json(try sscard(["export", "--rebuild", "batch-325520-20261202-1", "--out", out, "--store", store, "--format", "json"]))
        XCTAssertEqual((restored["rebuilt"] as? [String: Any])?["matches"] as? Bool, true)
        XCTAssertEqual(Self.sha256(file), original)
        let unknown = try sscard(["export", "--rebuild", "batch-nope-20261202-1", "--out", out, "--store", store, "--lang", "en"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("no batch batch-nope-20261202-1"), unknown.stderr)
        XCTAssertEqual(try sql("PRAGMA integrity_check"), "ok")
    }

    func testDryRunWritesNothing() throws {
        try sampleStore()
        let run = try export("2026-12-02T09:30", ["--dry-run", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let report = try json(run)
        XCTAssertEqual(report["dry_run"] as? Bool, true)
        XCTAssertEqual((report["planned"] as? [[String: Any]])?.first?["persons"] as? Int, 11)
        XCTAssertEqual((report["batches"] as? [Any])?.count, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        XCTAssertEqual(try sql("SELECT count(*) FROM batch"), "0")
        XCTAssertEqual(try sql("SELECT count(*) FROM person WHERE batch_id IS NOT NULL"), "0")
    }

    // MARK: - What must never be marked

    func testDamagedImageBlocksOnlyThatPerson() throws {
        try sampleStore()
        let sha = try sql("SELECT sha256 FROM person_image WHERE id_number = '\(Self.withPhoto)' AND slot = 'photo'")
        let path = store + ".images/" + String(sha.prefix(2)) + "/" + sha
        var bytes = [UInt8](try XCTUnwrap(FileManager.default.contents(atPath: path)))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let run = try export("2026-12-02T09:30", ["--format", "json"])
        XCTAssertEqual(run.status, 1, run.stderr)
        let report = try json(run)
        let blocked = report["blocked"] as? [[String: Any]] ?? []
        XCTAssertEqual(blocked.map { $0["id_number"] as? String }, ["510108********0146"])
        XCTAssertTrue((blocked.first?["reason"] as? String ?? "").contains("damaged"), "\(blocked)")
        XCTAssertEqual((report["batches"] as? [[String: Any]])?.first?["persons"] as? Int, 10)
        let due = try sscard(["list", "--status", "due", "--store", store, "--as-of", "2026-12-02T09:30", "--format", "json", "--show-pii"])
        XCTAssertTrue(due.stdout.contains(Self.withPhoto), due.stdout)
        XCTAssertFalse(run.stdout.contains(Self.withPhoto), "IDs are masked")
    }

    func testUnwritableFolderAndFullDiskMarkNothing() throws {
        try sampleStore()
        let file = folder.appendingPathComponent("a-file").path
        FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        let notAFolder = try sscard(["export", "--out", file, "--store", store, "--as-of", "2026-12-02T09:30", "--lang", "en"])
        XCTAssertEqual(notAFolder.status, 2)
        XCTAssertTrue(notAFolder.stderr.contains("cannot be written"), notAFolder.stderr)

        // A 400 KB file-size limit: the 1.6 MB batch cannot be written.
        let command = "ulimit -f 400; exec \"$0\" export --out \"$1\" --store \"$2\" --as-of 2026-12-02T09:30 --lang en"
        let full = try finish(try launch(["-c", command, BinaryTests.binary.path, out, store], executable: URL(fileURLWithPath: "/bin/bash")))
        XCTAssertEqual(full.status, 2, full.stdout + full.stderr)
        XCTAssertTrue(full.stderr.contains("cannot be written"), full.stderr)
        XCTAssertEqual(zips(), [])
        XCTAssertEqual(staged(), [])
        XCTAssertEqual(try sql("SELECT count(*) FROM batch"), "0")
        XCTAssertEqual(try sql("SELECT count(*) FROM person WHERE batch_id IS NOT NULL"), "0")
        XCTAssertEqual(try sql("PRAGMA integrity_check"), "ok")
        // Room again: everything goes.
        let later = try json(try export("2026-12-02T09:30", ["--format", "json"]))
        XCTAssertEqual((later["batches"] as? [[String: Any]])?.first?["persons"] as? Int, 11)
    }

    func testMissingStoreIsUsage() throws {
        let run = try export("2026-12-02T09:30")
        XCTAssertEqual(run.status, 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: store))
    }

    // MARK: - Tampering

    func testTamperedBatchFailsVerify() throws {
        try sampleStore()
        XCTAssertEqual(try export("2026-12-02T09:30").status, 0)
        let file = out + "/batch-325520-20261202-1.zip"
        let script = """
            import shutil, sys, zipfile
            source, mode, target = sys.argv[1], sys.argv[2], sys.argv[3]
            if mode == "byte":
                shutil.copyfile(source, target)
                with zipfile.ZipFile(source) as z:
                    info = z.getinfo("photos/\(Self.withPhoto).jpg")
                with open(target, "r+b") as f:
                    f.seek(info.header_offset + 26)
                    n = int.from_bytes(f.read(2), "little"); m = int.from_bytes(f.read(2), "little")
                    at = info.header_offset + 30 + n + m + 500
                    f.seek(at); b = f.read(1); f.seek(at); f.write(bytes([b[0] ^ 0x55]))
            else:
                with zipfile.ZipFile(source) as z, zipfile.ZipFile(target, "w") as w:
                    for info in z.infolist():
                        if mode == "remove" and info.filename.startswith("idcards/"):
                            mode = "removed"
                            continue
                        w.writestr(info, z.read(info.filename))
                    if mode == "extra":
                        w.writestr("notes.txt", "hello")
            """
        let tamper = folder.appendingPathComponent("tamper.py").path
        try script.write(toFile: tamper, atomically: true, encoding: .utf8)
        for (mode, entry, words) in [("byte", "photos/\(Self.withPhoto).jpg", "damaged"), ("extra", "notes.txt", "not in the manifest"),
                                     ("remove", "idcards/", "missing")] {
            let target = folder.appendingPathComponent("tampered-\(mode).zip").path
            let made = try tool("/usr/bin/python3", [tamper, file, mode, target])
            XCTAssertEqual(made.status, 0, made.stderr)
            let run = try sscard(["verify", target, "--format", "json"])
            XCTAssertEqual(run.status, 1, "\(mode): \(run.stdout) \(run.stderr)")
            let report = try json(run)
            XCTAssertEqual(report["ok"] as? Bool, false)
            let problems = report["problems"] as? [[String: String]] ?? []
            XCTAssertTrue(problems.contains { ($0["entry"] ?? "").hasPrefix(entry) && (words.isEmpty || ($0["problem"] ?? "").contains(words)) },
                          "\(mode): \(problems)")
        }
        let garbage = folder.appendingPathComponent("garbage.zip").path
        try Data("not a zip".utf8).write(to: URL(fileURLWithPath: garbage))
        XCTAssertEqual(try sscard(["verify", garbage]).status, 2)
        XCTAssertEqual(try sscard(["verify", folder.appendingPathComponent("none.zip").path]).status, 2)
        XCTAssertEqual(try sscard(["verify", file]).status, 0, "the original is untouched")
    }

    // MARK: - Encryption

    func testEncryptedBatch() throws {
        try sampleStore()
        let password = folder.appendingPathComponent("password").path
        try "correct horse battery\n".write(toFile: password, atomically: true, encoding: .utf8)
        let run = try export("2026-12-02T09:30", ["--encrypt-password-file", password, "--format", "json"])
        if run.stderr.contains("cannot write AES-256") { throw XCTSkip("this libzip cannot write AES-256") }
        XCTAssertEqual(run.status, 0, run.stderr)
        let file = out + "/batch-325520-20261202-1.zip"
        XCTAssertTrue(try ZipArchive(path: file).entries.allSatisfy(\.encrypted))
        XCTAssertEqual(try tool("/usr/bin/unzip", ["-l", file]).status, 0)
        XCTAssertEqual(try sscard(["verify", file]).status, 2, "no password")
        let wrong = folder.appendingPathComponent("wrong").path
        try "nope\n".write(toFile: wrong, atomically: true, encoding: .utf8)
        XCTAssertEqual(try sscard(["verify", file, "--encrypt-password-file", wrong]).status, 2)
        let good = try sscard(["verify", file, "--encrypt-password-file", password])
        XCTAssertEqual(good.status, 0, good.stdout + good.stderr)
        let viaEnvironment = try sscard(["verify", file], environment: ["SSCARD_BATCH_PASSWORD": "correct horse battery"])
        XCTAssertEqual(viaEnvironment.status, 0, viaEnvironment.stdout + viaEnvironment.stderr)
    }

    // MARK: - Two exports, the lock

    func testTwoExportsAtOnceExportEveryoneOnce() throws {
        try sampleStore()
        let arguments = ["export", "--out", out, "--store", store, "--as-of", "2026-12-02T09:30", "--format", "json", "--wait", "120"]
        let first = try launch(arguments), second = try launch(arguments)
        let runs = [try finish(first), try finish(second)]
        XCTAssertEqual(runs.map(\.status), [0, 0], runs.map(\.stderr).joined())
        let persons = try runs.map { try json($0)["batches"] as? [[String: Any]] ?? [] }.flatMap { $0 }.compactMap { $0["persons"] as? Int }
        XCTAssertEqual(persons, [11], "one batch, written by one of them")
        XCTAssertEqual(zips(), ["batch-325520-20261202-1.zip"])
        XCTAssertEqual(try sql("SELECT count(*) FROM batch_person"), "11")
        XCTAssertEqual(try sql("SELECT count(DISTINCT id_number) FROM batch_person"), "11")
    }

    func testHeldLockNamesItsHolder() throws {
        try sampleStore()
        let lockPath = store + ".export.lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT, 0o600)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        defer { close(descriptor) }
        XCTAssertEqual(flock(descriptor, LOCK_EX | LOCK_NB), 0)
        let text = "pid=4242 started=2026-12-01T20:00:00+08:00\n"
        _ = text.withCString { write(descriptor, $0, strlen($0)) }
        let run = try export("2026-12-02T09:30", ["--wait", "0.5"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("pid 4242"), run.stderr)
        XCTAssertTrue(run.stderr.contains("2026-12-01T20:00:00+08:00"), run.stderr)
        XCTAssertEqual(zips(), [])
        flock(descriptor, LOCK_UN)
        XCTAssertEqual(try export("2026-12-02T09:30").status, 0)
    }
}
