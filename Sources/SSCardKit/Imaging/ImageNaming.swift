/// The two sides of a resident ID card, named by content to avoid the 正面/反面 confusion.
public enum CardSide: String, Sendable, CaseIterable {
    /// 人像面: photo, name, number.
    case portrait = "人像面"
    /// 国徽面: issuer and validity (officially the 正面).
    case emblem = "国徽面"
}

/// What an image's file name says: whose it is and, for ID cards, which side.
public struct ImageName: Sendable, Equatable {
    public let documentNumber: String
    public let side: CardSide?
}

/// Reads file names such as `510107199003071234.jpg`, `510107199003071234_人像面.png`,
/// `510107199003071234-back.jpg` or `510107199003071234正面.jpeg`.
public enum ImageNaming {
    /// `frontIsPortrait`: whether 正面/front/_1 mean the portrait side (the profile's choice;
    /// clerks usually say so, although officially the emblem side is the 正面).
    public static func parse(fileName: String, idCard: Bool, frontIsPortrait: Bool = true) -> ImageName? {
        var stem = Substring(fileName)
        if let dot = stem.lastIndex(of: ".") { stem = stem[..<dot] }
        var side: CardSide?
        if idCard {
            let front: CardSide = frontIsPortrait ? .portrait : .emblem
            let back: CardSide = frontIsPortrait ? .emblem : .portrait
            let suffixes: [(String, CardSide, Bool)] = [
                ("人像面", .portrait, false), ("国徽面", .emblem, false), ("正面", front, false), ("反面", back, false),
                ("背面", back, false), ("front", front, false), ("back", back, false), ("1", front, true), ("2", back, true),
            ]
            let lowered = stem.lowercased()
            for (suffix, meaning, needsSeparator) in suffixes where lowered.hasSuffix(suffix) {
                var rest = stem.dropLast(suffix.count)
                let separated = rest.last == "_" || rest.last == "-" || rest.last == " "
                if needsSeparator && !separated { continue }
                if separated { rest = rest.dropLast() }
                stem = rest
                side = meaning
                break
            }
            guard side != nil else { return nil }
        }
        let number = Normalizer.normalize(String(stem), identifier: true)
        guard !number.isEmpty else { return nil }
        return ImageName(documentNumber: number, side: side)
    }
}
