import Foundation

extension UUID {
    /// A unique name for a scratch folder with no digits: sscard masks runs of digits that look
    /// like ID or phone numbers wherever they appear, paths included, so a UUID whose last group
    /// happened to hold such a run changed the paths a test compares.
    static var scratchName: String {
        String(UUID().uuidString.map { character -> Character in
            guard let digit = character.wholeNumberValue else { return character }
            return Character(UnicodeScalar(UInt8(ascii: "g") + UInt8(digit)))
        })
    }
}
