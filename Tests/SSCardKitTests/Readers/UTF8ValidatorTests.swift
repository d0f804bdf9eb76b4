import XCTest

@testable import SSCardKit

/// The UTF-8 check that decides between UTF-8 and GB18030 agrees with the standard library's
/// decoder on every input, however the file is cut into chunks.
final class UTF8ValidatorTests: XCTestCase {
    func testAgreesWithTheStandardLibraryOnMixedAndDamagedText() {
        var generator = SplitMix64(seed: 12)
        let pieces: [[UInt8]] = [Array("四川省成都市锦江区".utf8), Array("abc,123\n".utf8), Array("é".utf8), Array("𠮷".utf8),
                                 Array("\u{FF08}".utf8), Array("\u{D55C}".utf8), [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF],
                                 // invalid: overlong, surrogate, stray continuation, GB18030 bytes, truncated
                                 [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0x80], [0xB3, 0xC9, 0xB6, 0xBC], [0xE4, 0xB8],
                                 [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0xEE, 0x80, 0x41]]
        for _ in 0..<3_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(generator.next() % 12) { bytes += pieces[Int(generator.next() % UInt64(pieces.count))] }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            var validator = UTF8Validator()
            var position = 0, valid = true
            while position < bytes.count {
                let size = 1 + Int(generator.next() % 40)
                let chunk = bytes[position..<min(bytes.count, position + size)]
                position += chunk.count
                if !validator.feed(chunk) { valid = false; break }
            }
            if valid { valid = validator.finish() }
            XCTAssertEqual(valid, expected, "\(bytes.map { String($0, radix: 16) })")
            if !expected, let offset = validator.firstInvalidOffset {
                XCTAssertNotNil(String(validating: bytes[..<offset], as: UTF8.self), "everything before \(offset) is valid")
            }
        }
    }
}
