import VipsKit

/// Checks one ID-card side image: readable, large enough to read, card-shaped.
public enum IDCardInspector {
    /// ID-1 cards are 85.6 × 54 mm.
    public static let cardAspect = 85.6 / 54.0

    public static func inspect(_ bytes: [UInt8], profile: Profile) -> [ImageFinding] {
        let image: VipsImage
        do {
            image = try VipsImage.load(data: bytes, maxPixels: profile.maxImagePixels).autorotated()
            _ = try image.decoded()
        } catch {
            return [ImageFinding(.idcardUnreadable, PhotoInspector.unreadableMessage(error))]
        }
        var findings: [ImageFinding] = []
        let short = min(image.width, image.height), long = max(image.width, image.height)
        if short < profile.idcardMinShortSide {
            findings.append(ImageFinding(.idcardResolution, Message(
                zh: "身份证图片只有 \(image.width)×\(image.height) 像素，字迹可能看不清（短边至少 \(profile.idcardMinShortSide)）；请重新拍摄或扫描",
                en: "the ID-card image is only \(image.width)×\(image.height) pixels, too small to read (short side at least \(profile.idcardMinShortSide)); scan or photograph it again")))
        }
        let aspect = Double(long) / Double(max(short, 1))
        if abs(aspect - cardAspect) / cardAspect > profile.idcardAspectTolerance {
            findings.append(ImageFinding(.idcardAspect, Message(
                zh: "身份证图片的长宽比是 \(String(format: "%.2f", aspect))，不像一张身份证（约 1.59）；请让证件充满画面、不要歪斜",
                en: "the ID-card image has an aspect ratio of \(String(format: "%.2f", aspect)), not a card's (about 1.59); let the card fill the frame, straight")))
        }
        return findings
    }
}
