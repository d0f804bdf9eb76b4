import Foundation
import SSCardKit
import XCTest

/// What the store keeps agrees with the roster and with itself: rejected rows keep their unit
/// under any header synonym; the image folder holds exactly the images the database references
/// (originals and the images derived from them).
extension StoreCommandTests {
    func testARejectedRowKeepsItsUnitUnderAHeaderSynonym() throws {
        // 工作单位 instead of 现今工作单位; row 3 (the second person) has a bad phone number.
        var lines = Self.roster(rows: 3, region: "510106", phonePrefix: "135").components(separatedBy: "\n")
        XCTAssertTrue(lines[0].contains(",现今工作单位,"))
        lines[0] = lines[0].replacingOccurrences(of: ",现今工作单位,", with: ",工作单位,")
        lines[2] = lines[2].replacingOccurrences(of: ",13500000001,", with: ",1350000001,")
        let path = folder.appendingPathComponent("synonym.csv").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let run = try sscard(["import", path, "--as-of", "2026-12-01T09:00", "--store", store, "--lang", "en"])
        XCTAssertEqual(run.status, 1, run.stderr)
        let rejected = try array(try sscard(["list", "--status", "rejected", "--unit", "研发中心", "--format", "json",
                                             "--as-of", "2026-12-01T09:30", "--store", store]))
        XCTAssertEqual(rejected.count, 1, "\(rejected)")
        XCTAssertEqual(rejected.first?["unit"] as? String, "研发中心")
        let all = try array(try sscard(["list", "--unit", "研发中心", "--format", "json", "--as-of", "2026-12-01T09:30", "--store", store]))
        XCTAssertEqual(all.compactMap { $0["status"] as? String }.sorted(), ["accepted", "accepted", "rejected"])
        XCTAssertEqual(try array(try sscard(["list", "--status", "rejected", "--unit", "市场部", "--format", "json",
                                             "--as-of", "2026-12-01T09:30", "--store", store])).count, 0)
    }

    /// The image files under `<store>.images/` (as "ab/abcd…").
    func imageFiles() -> Set<String> {
        Set((FileManager.default.enumerator(atPath: store + ".images")?.allObjects as? [String] ?? []).filter { $0.split(separator: "/").count == 2 })
    }

    /// Files on disk, rows of the image table and the hashes records refer to are the same set.
    func assertImagesReferenced(_ when: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let files = imageFiles()
        let registered = Set(try sql("SELECT path FROM image").split(separator: "\n").map(String.init))
        // Originals, and what export derives from them on entry: fixed photos (source: the photo) and
        // merged ID cards (source: "<portrait>+<emblem>").
        let referenced = Set(try sql("""
            WITH original(sha256) AS (
                SELECT sha256 FROM person_image UNION
                SELECT json_extract(j.value, '$[0]') FROM rejected_row r, json_each(r.images) j)
            SELECT sha256 FROM original UNION
            SELECT d.sha256 FROM image_derived d WHERE d.source IN (SELECT sha256 FROM original)
                OR (substr(d.source, 1, 64) IN (SELECT sha256 FROM original) AND substr(d.source, 66) IN (SELECT sha256 FROM original))
            """).split(separator: "\n").map { String($0.prefix(2)) + "/" + $0 })
        XCTAssertEqual(files.subtracting(referenced).sorted(), [], "\(when): files no record refers to", file: file, line: line)
        XCTAssertEqual(referenced.subtracting(files).sorted(), [], "\(when): referenced but missing", file: file, line: line)
        XCTAssertEqual(registered, files, "\(when): image table and folder differ", file: file, line: line)
    }

    /// A copy of the sample photos whose bytes all differ from the originals (a trailing byte
    /// after the JPEG's end), so that any copy into the store would be a new file.
    func alteredPhotos(_ name: String, padding: Int) throws -> String {
        let target = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        let source = Self.root.appendingPathComponent("samples/photos")
        for file in try FileManager.default.contentsOfDirectory(atPath: source.path) where file.hasSuffix(".jpg") {
            let bytes = try Data(contentsOf: source.appendingPathComponent(file)) + Data(repeating: 0, count: padding)
            try bytes.write(to: target.appendingPathComponent(file))
        }
        return target.path
    }

    func testOnlyReferencedImagesAreKeptAfterRefusedUnchangedAndFailedImports() throws {
        guard Self.sqlite3 != nil else { throw XCTSkip("needs the sqlite3 shell") }
        let first = try sscard(Self.sampleImport + ["--photos", "samples/photos", "--idcards", "samples/idcards", "--store", store])
        XCTAssertEqual(first.status, 1, first.stderr)
        try assertImagesReferenced("after the first import")
        XCTAssertGreaterThan(imageFiles().count, 30)

        // A day later the window has closed: every changed photo is refused, nothing is copied.
        let late = try sscard(["import", "samples/roster.csv", "--units", "samples/units.csv", "--photos", try alteredPhotos("late", padding: 1),
                               "--idcards", "samples/idcards", "--as-of", "2026-12-02T10:00", "--store", store, "--format", "json"])
        XCTAssertEqual(late.status, 1, late.stderr)
        let summary = try object(late)["summary"] as? [String: Int]
        XCTAssertGreaterThan(summary?["refused"] ?? 0, 0, late.stdout)
        try assertImagesReferenced("after refused rows")

        // Unchanged rows: the same images again under another file name of the roster.
        let csvAgain = folder.appendingPathComponent("roster-again.csv").path
        try (try String(contentsOfFile: Self.root.appendingPathComponent("samples/roster.csv").path, encoding: .utf8) + "\r\n")
            .write(toFile: csvAgain, atomically: true, encoding: .utf8)
        let unchanged = try sscard(["import", csvAgain, "--units", "samples/units.csv", "--photos", "samples/photos",
                                    "--idcards", "samples/idcards", "--as-of", "2026-12-02T11:00", "--store", store, "--format", "json"])
        XCTAssertGreaterThan((try object(unchanged)["summary"] as? [String: Int])?["unchanged"] ?? 0, 0, unchanged.stdout)
        try assertImagesReferenced("after unchanged rows")

        // An import that fails at its last line rolls back, and the photos it had copied go too.
        let before = imageFiles()
        let broken = folder.appendingPathComponent("broken.csv").path
        try (try String(contentsOfFile: Self.root.appendingPathComponent("samples/roster.csv").path, encoding: .utf8) + "\"unclosed,\r\n")
            .write(toFile: broken, atomically: true, encoding: .utf8)
        let failed = try sscard(["import", broken, "--units", "samples/units.csv", "--photos", try alteredPhotos("fresh", padding: 2),
                                 "--idcards", "samples/idcards", "--as-of", "2026-12-01T09:30", "--store", store, "--lang", "en"])
        XCTAssertEqual(failed.status, 2, failed.stderr)
        XCTAssertTrue(failed.stderr.contains("never closed"), failed.stderr)
        try assertImagesReferenced("after a failed import")
        XCTAssertEqual(imageFiles().symmetricDifference(before).sorted(), [], "the failed import left files")
    }
}
