import Foundation
import XCTest

/// libvips is opened on the first image operation: the binary does not link it, a command that
/// touches no image never maps it, and a machine without it gets one clear error for images.
final class ImageLibraryLoadingTests: XCTestCase {
    func testTheBinaryDoesNotLinkLibvips() throws {
        let run = try CommandRun.run(URL(fileURLWithPath: "/usr/bin/readelf"), ["-d", BinaryTests.binary.path],
                                     environment: ["LANG": "C"], in: BinaryTests.root)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("(NEEDED)"), run.stdout)
        XCTAssertFalse(run.stdout.contains("libvips"), run.stdout)
    }

    func testWithoutLibvipsImagesGetOneClearErrorAndRostersStillValidate() throws {
        let missing = ["LANG": "C.UTF-8", "SSCARD_LIBVIPS": "/nonexistent/libvips.so.42"]
        let photos = try CommandRun.sscard(["photos", "check", "samples/photos", "--lang", "zh"], environment: missing)
        XCTAssertEqual(photos.status, 3, photos.stdout + photos.stderr)
        XCTAssertTrue(photos.stderr.contains("无法加载图片库 libvips"), photos.stderr)
        XCTAssertTrue(photos.stderr.contains("libvips42"), photos.stderr)
        XCTAssertFalse(photos.stderr.contains("nonexistent"), "the loader's English stays out of the Chinese: \(photos.stderr)")
        XCTAssertFalse(photos.stdout.contains("无法读取"), "no photo is called unreadable: \(photos.stdout)")
        let english = try CommandRun.sscard(["photos", "check", "samples/photos", "--lang", "en"], environment: missing)
        XCTAssertEqual(english.status, 3)
        XCTAssertTrue(english.stderr.contains("/nonexistent/libvips.so.42"), english.stderr)

        let roster = try CommandRun.sscard(["validate", "samples/roster.csv", "--as-of", "2026-12-01", "--format", "json"],
                                           environment: missing)
        let usual = try CommandRun.sscard(["validate", "samples/roster.csv", "--as-of", "2026-12-01", "--format", "json"],
                                          environment: ["LANG": "C.UTF-8"])
        XCTAssertEqual(roster.status, usual.status, roster.stderr)
        XCTAssertEqual(roster.stdout, usual.stdout)

        let withPhotos = try CommandRun.sscard(["validate", "samples/roster.csv", "--photos", "samples/photos", "--as-of", "2026-12-01"],
                                               environment: missing)
        XCTAssertEqual(withPhotos.status, 3, withPhotos.stderr)
        XCTAssertTrue(withPhotos.stderr.contains("libvips"), withPhotos.stderr)
    }
}
