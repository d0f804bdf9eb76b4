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
}
