import VipsKit

/// Puts a person's two ID-card sides on one white sheet: portrait side above emblem side, each
/// scaled to the ID-1 card (85.6 × 54 mm) at 300 DPI.
public enum IDCardMerger {
    public static let dpi = 300
    /// 85.6 mm and 54 mm at 300 DPI.
    public static let cardWidth = 1011, cardHeight = 638
    /// 5 mm of white around and between the sides.
    public static let margin = 59

    public static var sheetSize: (width: Int, height: Int) { (cardWidth + 2 * margin, 2 * cardHeight + 3 * margin) }

    /// - Throws: `.unreadable(path: <side, e.g. 国徽面>, reason:)` when a side cannot be decoded (bad input, not an
    ///   internal failure); `.internal` when composing or encoding the sheet fails.
    public static func merge(portrait: [UInt8], emblem: [UInt8], profile: Profile) throws(SSCardError) -> [UInt8] {
        let front = try card(portrait, side: .portrait, profile: profile)
        let back = try card(emblem, side: .emblem, profile: profile)
        do {
            let sheet = try VipsImage.whiteCanvas(width: sheetSize.width, height: sheetSize.height)
                .inserting(front, x: margin, y: margin)
                .inserting(back, x: margin, y: 2 * margin + cardHeight)
            return try sheet.jpegData(quality: 90, dpi: dpi)
        } catch {
            throw .internal("merging ID-card images: \(error)")
        }
    }

    private static func card(_ bytes: [UInt8], side: CardSide, profile: Profile) throws(SSCardError) -> VipsImage {
        do {
            return try VipsImage.load(data: bytes, maxPixels: profile.maxImagePixels).autorotated().srgb8()
                .resized(width: cardWidth, height: cardHeight)
        } catch {
            throw .unreadable(path: side.rawValue, reason: "\(error)")
        }
    }
}
