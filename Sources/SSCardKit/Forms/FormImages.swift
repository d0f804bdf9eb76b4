import PDFCanvas
import VipsKit

/// Photos and ID-card sides made ready for the page. A JPEG the PDF can carry as it is goes in
/// unchanged (its bytes are the PDF's image stream); anything else (PNG, HEIC, CMYK, EXIF
/// rotation, or a side larger than a 600-DPI scan of the card) is converted once with libvips.
enum FormImages {
    /// Longest side kept as it is; a 600-DPI scan of an 85.6 mm card is 2022 px.
    static let maxPassThroughSide = 2400

    static func photo(_ bytes: [UInt8]?, profile: Profile) -> JPEGImage? {
        prepare(bytes, profile: profile) { image throws(VipsError) in image }
    }

    static func cardSide(_ bytes: [UInt8]?, profile: Profile) -> JPEGImage? {
        prepare(bytes, profile: profile) { image throws(VipsError) in
            try image.resized(width: IDCardMerger.cardWidth, height: IDCardMerger.cardHeight)
        }
    }

    private static func prepare(_ bytes: [UInt8]?, profile: Profile, shape: (VipsImage) throws(VipsError) -> VipsImage) -> JPEGImage? {
        guard let bytes, !bytes.isEmpty else { return nil }
        if let image = JPEGImage(bytes), max(image.width, image.height) <= maxPassThroughSide { return image }
        do {
            let image = try shape(try VipsImage.load(data: bytes, maxPixels: profile.maxImagePixels).autorotated().srgb8())
            return JPEGImage(try image.jpegData(quality: 90, dpi: 300))
        } catch {
            return nil
        }
    }
}
