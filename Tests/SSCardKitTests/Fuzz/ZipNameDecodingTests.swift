import Foundation
@testable import SSCardKit
import XCTest

/// The zip entry-name decoder sizes its GB18030 buffer to the name (it allocated 4 MB per name,
/// which held the zip-name fuzzer to a few inputs a second); conversion loops when output is short.
final class ZipNameDecodingTests: XCTestCase {
    private let entry = "照片/张三_510107198804120312.jpg"

    private func gb18030(_ text: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", "GB18030"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(bytes)
    }

    func testGB18030NameDecodes() throws {
        let raw = try gb18030(entry)
        XCTAssertNotEqual(raw, Array(entry.utf8))
        XCTAssertEqual(ZipNames.decode(raw, fallback: "?"), entry)
        XCTAssertEqual(ZipNames.decode(Array(entry.utf8), fallback: "?"), entry)
        XCTAssertEqual(ZipNames.decode([0xFF, 0xFE, 0xFD], fallback: "fallback"), "fallback")
    }

    func testShortOutputBufferStillConvertsEverything() throws {
        let raw = try gb18030(String(repeating: entry, count: 20))
        let decoder = try IconvDecoder(path: "test", outputCapacity: 16)
        let bytes = try decoder.convert(raw[...], isLast: true)
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), String(repeating: entry, count: 20))
    }
}
