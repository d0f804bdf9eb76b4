import Foundation
import XCTest
@testable import SSCardKit

final class EmptyImageFolderTests: XCTestCase {
    /// An empty --photos folder still means every row needs a photo: checks are not silently off.
    func testEmptyFoldersStillRequireImages() throws {
        let folder = RosterHarness.temporaryDirectory()
        let roster = folder.appendingPathComponent("r.csv").path
        try RosterHarness.csv([RosterHarness.validPerson]).write(toFile: roster, atomically: true, encoding: .utf8)
        let empty = folder.appendingPathComponent("empty").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        var request = ValidationRequest(rosterPath: roster, asOf: RosterHarness.asOf)
        request.photosPath = empty
        request.idCardsPath = empty
        let rules = try Validation.run(request, schemas: SchemaDirectory.locate()).findings.map(\.rule.rawValue)
        XCTAssertEqual(rules, ["photo.missing", "idcard.missing-front", "idcard.missing-back"])
    }
}
