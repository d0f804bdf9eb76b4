import Foundation
import GRDB
import XCTest
@testable import SSCardKit

/// What the store keeps for the clerk's everyday cases (h8-clerk): normalised values, units by
/// code, discarded rows, and imports whose images changed.
final class ClerkStoreTests: XCTestCase {
    var folder: URL!
    var storePath: String { folder.appendingPathComponent("s.db").path }

    override func setUpWithError() throws { folder = RosterHarness.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    static func time(_ text: String) -> CivilDateTime { CivilDateTime(parsing: text)! }

    func write(_ rows: [[String: String]], name: String = "roster.csv", headers: [String] = RosterHarness.headers) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try RosterHarness.csv(rows, headers: headers).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func importRoster(_ path: String, at text: String = "2026-12-01T09:00", into store: Store, units: String? = nil,
                      photos: String? = nil) throws -> ImportReport {
        let now = Self.time(text)
        var request = ValidationRequest(rosterPath: path, asOf: now.date)
        request.unitsPath = units
        request.photosPath = photos
        return try ImportJob.run(request, store: store, at: now, schemas: SchemaDirectory.locate())
    }

    func stored(_ store: Store, _ id: String) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try store.detail(idNumber: id, at: Self.time("2026-12-01T10:00"), windowHours: 24).fields.map { ($0.key, $0.value) })
    }

    func testPhonesAreStoredAsElevenDigitsAndNamesWithTheMiddleDot() throws {
        var person = RosterHarness.validPerson
        person["手机号码"] = "008613633440010"
        person["姓名"] = "阿依古丽•买买提"
        person["常住地址"] = "四川省成都市武侯区\n洗面桥横街1号"
        let store = try Store(path: storePath)
        let report = try importRoster(try write([person]), into: store)
        XCTAssertEqual(report.accepted, 1)
        let fields = try stored(store, person["证件号码"]!)
        XCTAssertEqual(fields["phone"], "13633440010")
        XCTAssertEqual(fields["name"], "阿依古丽·买买提")
        XCTAssertEqual(fields["residence_address"], "四川省成都市武侯区 洗面桥横街1号")
        XCTAssertEqual(try store.list(status: nil, unit: nil, at: Self.time("2026-12-01T10:00"), windowHours: 24).first?.name, "阿依古丽·买买提")
    }

    static let units = "单位编号,单位名称,上级单位,开户银行,银行网点\nSL002,研发中心,成都示例科技有限公司,建设银行,科华路支行\n"

    func testAUnitGivenByItsCodeIsStoredUnderItsNameAndCode() throws {
        let unitsPath = folder.appendingPathComponent("units.csv").path
        try Self.units.write(toFile: unitsPath, atomically: true, encoding: .utf8)
        var byCode = RosterHarness.validPerson
        byCode["现今工作单位"] = "SL002"
        byCode["开户银行"] = ""
        byCode["银行网点"] = ""
        var unknown = RosterHarness.validPerson
        unknown["证件号码"] = RosterHarness.residentID("51010719900307133")
        unknown["现今工作单位"] = "SL999"
        unknown["开户银行"] = ""
        let store = try Store(path: storePath)
        let report = try importRoster(try write([byCode, unknown]), into: store, units: unitsPath)
        XCTAssertEqual(report.accepted, 1)
        // One cause, one finding: the unknown unit, not also its missing bank.
        XCTAssertEqual(report.rejections.map(\.detail.en), ["unit.unknown"])
        let fields = try stored(store, byCode["证件号码"]!)
        XCTAssertEqual(fields["unit"], "研发中心")
        XCTAssertEqual(fields["unit_code"], "SL002")
        XCTAssertEqual(fields["bank"], "建设银行")
        let now = Self.time("2026-12-01T10:00")
        XCTAssertEqual(try store.list(status: .accepted, unit: "研发中心", at: now, windowHours: 24).map(\.idNumber), [byCode["证件号码"]!])
        XCTAssertEqual(try store.status(at: now, windowHours: 24).byUnit.map(\.unit), ["研发中心"])
        // An amendment without the directory keeps the code while the unit stays.
        var amend = AmendJob.Request(idNumber: byCode["证件号码"]!)
        amend.sets = [(field: "phone", value: "13912345678")]
        _ = try AmendJob.run(amend, store: store, at: Self.time("2026-12-01T11:00"), schemas: SchemaDirectory.locate())
        XCTAssertEqual(try stored(store, byCode["证件号码"]!)["unit_code"], "SL002")
    }

    /// Two people, then the footer rows a clerk's spreadsheet carries.
    static func rosterWithFooter() -> (rows: [[String: String]], headers: [String]) {
        var first = RosterHarness.validPerson, second = RosterHarness.validPerson
        first["序号"] = "1"
        first["备注"] = "新入职"
        second["序号"] = "2"
        second["证件号码"] = RosterHarness.residentID("51010719900307133")
        second["手机号码"] = "13800138001"
        let footer: [[String: String]] = [["序号": "3"], ["序号": "合计：2人"], ["姓名": "制表人：张三", "证件号码": "审核人：李四"]]
        return ([first, second] + footer, ["序号"] + RosterHarness.headers + ["备注"])
    }

    func testFooterRowsAreNotPeopleAndSerialAndRemarkAreKnownColumns() throws {
        let (rows, headers) = Self.rosterWithFooter()
        let path = try write(rows, headers: headers)
        let report = try Validation.run(ValidationRequest(rosterPath: path, asOf: RosterHarness.asOf), schemas: SchemaDirectory.locate())
        XCTAssertEqual(report.rows, 2)
        XCTAssertEqual(report.validRows, 2)
        XCTAssertEqual(report.findings.map(\.rule), [.rosterNotAPerson, .rosterNotAPerson, .rosterNotAPerson])
        XCTAssertEqual(report.findings.map(\.row), [4, 5, 6])
        XCTAssertTrue(report.findings.allSatisfy { $0.severity == .warning })
        XCTAssertEqual(report.findings[0].message.en, "row 4 ('序号 3') is not a person (it has neither a name nor an ID number); it was skipped: not counted and not stored")
        XCTAssertTrue(report.findings[1].message.zh.contains("第 5 行「合计：2人」不是人员信息"), report.findings[1].message.zh)
        XCTAssertTrue(report.findings[2].message.en.contains("a signature line"), report.findings[2].message.en)

        let store = try Store(path: storePath)
        let imported = try importRoster(path, into: store)
        XCTAssertEqual([imported.rows, imported.accepted, imported.rejected], [2, 2, 0])
        XCTAssertEqual(try store.status(at: Self.time("2026-12-01T10:00"), windowHours: 24).counts[.rejected], 0)
        let fields = try stored(store, RosterHarness.validPerson["证件号码"]!)
        XCTAssertEqual(fields["serial"], "1")
        XCTAssertEqual(fields["remark"], "新入职")
    }

    /// Row 2 accepted, row 3 the same person again (id.duplicate), row 4 a bad phone, row 5 no ID.
    func rejectedRoster() throws -> (Store, String, [[String: String]]) {
        var rows = [RosterHarness.validPerson, RosterHarness.validPerson, RosterHarness.validPerson, RosterHarness.validPerson]
        rows[1]["手机号码"] = "13800138001"
        rows[2]["证件号码"] = RosterHarness.residentID("51010719900307133")
        rows[2]["手机号码"] = "1380013800"
        rows[3]["证件号码"] = ""
        rows[3]["手机号码"] = "13800138003"
        let store = try Store(path: storePath)
        let path = try write(rows)
        let report = try importRoster(path, into: store)
        XCTAssertEqual(report.rejections.map(\.row), [3, 4, 5])
        return (store, path, rows)
    }

    func openRejected(_ store: Store) throws -> Int {
        try store.status(at: Self.time("2026-12-01T10:00"), windowHours: 24).counts[.rejected] ?? -1
    }

    func testDiscardClosesRejectedRowsByIDOrRowAndIsAudited() throws {
        let (store, _, rows) = try rejectedRoster()
        let now = Self.time("2026-12-01T10:00")
        let byID = try DiscardJob.run(target: rows[2]["证件号码"]!, reason: "left the company", store: store, at: now)
        XCTAssertEqual(byID.map(\.row), [4])
        XCTAssertEqual(try DiscardJob.run(target: "roster.csv:5", reason: "blank line", store: store, at: now).map(\.row), [5])
        XCTAssertEqual(try openRejected(store), 1)
        XCTAssertThrowsError(try DiscardJob.run(target: "roster.csv:5", reason: "again", store: store, at: now)) { error in
            XCTAssertEqual(error as? SSCardError, .noRejectedRow(target: "roster.csv:5"))
        }
        let log = try store.log(idNumber: nil).filter { $0.kind == "discard" }
        XCTAssertEqual(log.map { $0.detail["reason"] }, ["left the company", "blank line"])
        XCTAssertEqual(log.map { $0.detail["row"] }, ["4", "5"])
        XCTAssertEqual(log.first?.idNumber, rows[2]["证件号码"])
        XCTAssertThrowsError(try DiscardJob.run(target: "3", reason: " ", store: store, at: now))
        XCTAssertEqual(try DiscardJob.run(target: "3", reason: "duplicate of row 2", store: store, at: now).map(\.row), [3])
        XCTAssertEqual(try openRejected(store), 0)
    }

    func testDiscardIsRefusedForAcceptedAndExportedRecords() throws {
        let (store, _, rows) = try rejectedRoster()
        let now = Self.time("2026-12-01T10:00")
        _ = try DiscardJob.run(target: "3", reason: "duplicate", store: store, at: now)
        let accepted = rows[0]["证件号码"]!
        XCTAssertThrowsError(try DiscardJob.run(target: accepted, reason: "mistake", store: store, at: now)) { error in
            guard case .discardRefused(let message)? = error as? SSCardError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.en.contains("is an accepted record"), message.en)
            XCTAssertEqual((error as? SSCardError)?.exitCode, 1)
        }
        try store.write { db in try db.execute(sql: "UPDATE person SET batch_id = 'B7' WHERE id_number = ?", arguments: [accepted]) }
        XCTAssertThrowsError(try DiscardJob.run(target: accepted, reason: "mistake", store: store, at: now)) { error in
            guard case .discardRefused(let message)? = error as? SSCardError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.en.contains("exported in batch B7"), message.en)
        }
        XCTAssertEqual(try store.log(idNumber: accepted).map(\.kind), ["import", "discard", "refuse", "refuse"])  // its import and duplicate row, then the refusals
    }

    func testAnAcceptedAmendmentResolvesThePersonsOpenRejections() throws {
        let (store, _, rows) = try rejectedRoster()
        XCTAssertEqual(try openRejected(store), 3)
        var amend = AmendJob.Request(idNumber: rows[0]["证件号码"]!)
        amend.sets = [(field: "phone", value: "13912345678")]
        _ = try AmendJob.run(amend, store: store, at: Self.time("2026-12-01T11:00"), schemas: SchemaDirectory.locate())
        XCTAssertEqual(try openRejected(store), 2, "the id.duplicate row of the amended person is resolved")
        // A later file with the same person unchanged resolves that person's rejection from the earlier file.
        var fixed = rows[2]
        fixed["手机号码"] = "13800138002"
        _ = try importRoster(try write([fixed], name: "fixed.csv"), at: "2026-12-01T12:00", into: store)
        XCTAssertEqual(try openRejected(store), 1)
    }

    func testReimportAfterAddingAMissingPhotoIsANewSubmission() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let good = root.appendingPathComponent("samples/photos/110105199103031488.jpg").path
        let photos = folder.appendingPathComponent("photos")
        try FileManager.default.createDirectory(at: photos, withIntermediateDirectories: true)
        var first = RosterHarness.validPerson, second = RosterHarness.validPerson
        second["证件号码"] = RosterHarness.residentID("51010719900307133")
        second["手机号码"] = "13800138001"
        try FileManager.default.copyItem(atPath: good, toPath: photos.appendingPathComponent(first["证件号码"]! + ".jpg").path)
        first["已有照片"] = "否"
        let store = try Store(path: storePath)
        let roster = try write([first, second])
        let before = try importRoster(roster, into: store, photos: photos.path)
        XCTAssertEqual(before.rejections.map(\.detail.en), ["photo.missing"])
        // The same roster and the same photos: nothing changed.
        XCTAssertNotNil(try importRoster(roster, at: "2026-12-01T09:30", into: store, photos: photos.path).previous)
        // The missing photo added: a new submission that accepts the row it touches.
        try FileManager.default.copyItem(atPath: good, toPath: photos.appendingPathComponent(second["证件号码"]! + ".jpg").path)
        let after = try importRoster(roster, at: "2026-12-01T10:00", into: store, photos: photos.path)
        XCTAssertNil(after.previous)
        XCTAssertEqual([after.rows, after.accepted, after.unchanged, after.rejected], [2, 1, 1, 0])
        XCTAssertEqual(try openRejected(store), 0)
        let detail = try store.detail(idNumber: second["证件号码"]!, at: Self.time("2026-12-01T10:30"), windowHours: 24)
        XCTAssertEqual(detail.images.map(\.slot), ["photo"])
    }

    func testLogOfAPersonShowsTheImportThatCreatedTheRecord() throws {
        let store = try Store(path: storePath)
        let person = RosterHarness.validPerson
        let roster = try write([person])
        _ = try importRoster(roster, into: store)
        var edited = person
        edited["手机号码"] = "13912345678"
        _ = try importRoster(try write([edited], name: "edited.csv"), at: "2026-12-01T10:00", into: store)
        let log = try store.log(idNumber: person["证件号码"]!)
        XCTAssertEqual(log.map(\.kind), ["import", "amend", "import"])
        XCTAssertEqual(log.first?.detail["file"], roster)
        XCTAssertEqual(log.first?.clock, "2026-12-01T09:00:00")
    }

    func testAmendRefusesAFieldSetTwiceAndAnEqualValueChangesAndLogsNothing() throws {
        let store = try Store(path: storePath)
        let person = RosterHarness.validPerson
        _ = try importRoster(try write([person]), into: store)
        let id = person["证件号码"]!
        var twice = AmendJob.Request(idNumber: id)
        twice.sets = [(field: "phone", value: "13912345678"), (field: "手机号码", value: "13912345679")]
        XCTAssertThrowsError(try AmendJob.run(twice, store: store, at: Self.time("2026-12-01T10:00"), schemas: SchemaDirectory.locate())) { error in
            XCTAssertEqual(error as? SSCardError, .fieldSetTwice(field: "手机号码"))
            XCTAssertEqual((error as? SSCardError)?.exitCode, 2)
        }
        let events = try store.log(idNumber: nil).count
        for (field, value) in [("出生日期", "1990/3/7"), ("手机号码", "+86 138-0013-8000"), ("学历", "本科"), ("邮政编码", "６１００４１")] {
            var same = AmendJob.Request(idNumber: id)
            same.sets = [(field: field, value: value)]
            let outcome = try AmendJob.run(same, store: store, at: Self.time("2026-12-01T10:00"), schemas: SchemaDirectory.locate())
            XCTAssertEqual(outcome.changed, [], "\(field)=\(value)")
        }
        XCTAssertEqual(try store.log(idNumber: nil).count, events, "nothing logged")
        XCTAssertEqual(try stored(store, id)["birth_date"], "1990-03-07")
    }
}
