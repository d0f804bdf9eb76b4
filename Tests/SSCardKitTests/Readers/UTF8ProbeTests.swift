import XCTest

@testable import SSCardKit

/// The two-halves check of a file finds the same first bad byte as one pass, wherever the bad
/// bytes are: before the middle, after it, across it, at the very end, or nowhere.
final class UTF8ProbeTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("utf8probe-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// One pass over all the bytes: the reference.
    private func onePass(_ bytes: [UInt8]) -> Int? {
        var validator = UTF8Validator()
        if !validator.feed(bytes[...]) { return validator.firstInvalidOffset }
        return validator.finish() ? nil : validator.firstInvalidOffset
    }

    func testTheHalvesFindTheFirstBadByteOfOnePass() throws {
        var generator = SplitMix64(seed: 2026)
        let pieces: [[UInt8]] = [Array("四川省成都市锦江区".utf8), Array("abc,123\n".utf8), Array("é".utf8), Array("𠮷".utf8), Array("\u{FF08}".utf8)]
        let damage: [[UInt8]] = [[0x80], [0xB3, 0xC9, 0xB6, 0xBC], [0xE4, 0xB8], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0x80, 0x80, 0x80, 0x80, 0x80]]
        let path = folder.appendingPathComponent("roster.csv").path
        var split = 0
        for round in 0..<600 {
            var bytes: [UInt8] = []
            for _ in 0..<(4 + Int(generator.next() % 40)) { bytes += pieces[Int(generator.next() % UInt64(pieces.count))] }
            let middle = bytes.count / 2
            switch round % 6 {
            case 0: break  // valid throughout
            case 1: bytes.insert(contentsOf: damage[Int(generator.next() % 6)], at: Int(generator.next() % UInt64(middle + 1)))
            case 2: bytes.insert(contentsOf: damage[Int(generator.next() % 6)], at: middle + Int(generator.next() % UInt64(bytes.count - middle + 1)))
            case 3: bytes.insert(contentsOf: damage[Int(generator.next() % 6)], at: max(0, middle - 2 + Int(generator.next() % 5)))
            case 4: bytes += [0xE4, 0xB8]  // a truncated last character
            default:  // a bad byte in each half: the first one counts
                bytes.insert(0x80, at: middle + 3)
                bytes.insert(0xFF, at: Int(generator.next() % UInt64(middle)))
            }
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            let halves = try UTF8Probe.firstInvalidOffset(path: path, splitAt: 1)
            XCTAssertEqual(halves, onePass(bytes), "round \(round): \(bytes.count) bytes")
            if try UTF8Probe.characterStart(near: bytes.count / 2, in: path, size: bytes.count) != nil { split += 1 }
        }
        XCTAssertGreaterThan(split, 500, "most files were checked as two halves")
    }

    func testAnEmptyFileAndASmallOneAreValid() throws {
        let empty = folder.appendingPathComponent("empty.csv").path
        FileManager.default.createFile(atPath: empty, contents: Data())
        XCTAssertNil(try UTF8Probe.firstInvalidOffset(path: empty, splitAt: 1))
        let small = folder.appendingPathComponent("small.csv").path
        FileManager.default.createFile(atPath: small, contents: Data("姓名\n张三\n".utf8))
        XCTAssertNil(try UTF8Probe.firstInvalidOffset(path: small))
    }
}
