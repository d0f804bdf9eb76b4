import VipsKit

/// Turns a phone photo into a compliant one: EXIF orientation applied, cropped to the standard
/// aspect around the subject, resized with lanczos, sRGB 8-bit, metadata stripped, JPEG at the
/// standard density with the quality chosen to fit the size cap.
public enum PhotoFixer {
    public enum Outcome: Sendable, Equatable {
        case fixed(jpeg: [UInt8], quality: Int)
        /// What resampling cannot repair (grey background, black and white, blur): the reasons.
        case refused([ImageFinding])
    }

    public static func fix(_ bytes: [UInt8], profile: Profile, maxBytes: Int? = nil) -> Outcome {
        let cap = maxBytes ?? profile.photoMaxBytes
        do {
            // Decode JPEGs at a fraction of their size when they are much larger than needed.
            let source = try VipsImage.load(data: bytes, maxPixels: profile.maxImagePixels,
                                            minWidth: profile.photoWidth * 2, minHeight: profile.photoHeight * 2)
            if source.colourSpace == .grey || source.colourSpace == .grey16 {
                return .refused([ImageFinding(.photoGrayscale, PhotoInspector.grayscaleMessage)])
            }
            let upright = try source.autorotated().srgb8()
            let crop = try subjectCrop(upright, aspect: Double(profile.photoWidth) / Double(profile.photoHeight))
            let standard = try upright.cropped(x: crop.x, y: crop.y, width: crop.width, height: crop.height)
                .resized(width: profile.photoWidth, height: profile.photoHeight)
            let unfixable = try PhotoInspector.qualityFindings(of: standard, profile: profile)
                .filter { [.photoBackground, .photoGrayscale, .photoBlur].contains($0.rule) }
            // In a fix, whatever cannot be repaired stops the photo: an error whatever the check's own severity.
            if !unfixable.isEmpty { return .refused(unfixable.map { ImageFinding($0.rule, $0.message, severity: .error) }) }
            var quality = 92
            while true {
                let jpeg = try standard.jpegData(quality: quality, dpi: profile.photoDPI)
                if jpeg.count <= cap { return .fixed(jpeg: jpeg, quality: quality) }
                guard quality > 30 else {
                    return .refused([ImageFinding(.photoFilesize, Message(
                        zh: "即使以质量 30 压缩，照片仍有 \(jpeg.count) 字节，超过上限 \(cap)",
                        en: "even at quality 30 the photo is \(jpeg.count) bytes, over the limit of \(cap)"))])
                }
                quality -= quality > 60 ? 6 : 10
            }
        } catch {
            return .refused([ImageFinding(.photoUnreadable, PhotoInspector.unreadableMessage(error))])
        }
    }

    struct Rect: Equatable { var x, y, width, height: Int }

    /// The largest crop of the wanted aspect, centred horizontally on the subject (the non-white
    /// pixels) and keeping a little headroom above the top of the head.
    static func subjectCrop(_ image: VipsImage, aspect: Double) throws -> Rect {
        let width = image.width, height = image.height
        var cropWidth = width, cropHeight = height
        if Double(width) / Double(height) > aspect { cropWidth = Int((Double(height) * aspect).rounded()) } else {
            cropHeight = Int((Double(width) / aspect).rounded())
        }
        // Find the subject on a small copy: columns and rows with non-white pixels. Block means
        // cost one pass over the pixels; a lanczos reduction cost more than the final resize.
        let scale = max(1, max(width, height) / 200)
        let small = try image.blockMeans(factor: scale)
        let pixels = try small.pixels()
        let sw = small.width, sh = small.height, bands = small.bands
        var minX = sw, maxX = -1, minY = sh
        for y in 0..<sh {
            for x in 0..<sw {
                let i = (y * sw + x) * bands
                let r = Int(pixels[i]), g = Int(pixels[i + min(1, bands - 1)]), b = Int(pixels[i + min(2, bands - 1)])
                if min(r, g, b) < 200 || max(r, g, b) - min(r, g, b) > 30 {
                    minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y)
                }
            }
        }
        var x = (width - cropWidth) / 2, y = (height - cropHeight) / 2
        if maxX >= minX {
            let centre = (minX + maxX + 1) * scale / 2
            x = min(max(0, centre - cropWidth / 2), width - cropWidth)
            let top = minY * scale
            y = min(max(0, top - cropHeight / 12), height - cropHeight)
        }
        return Rect(x: x, y: y, width: cropWidth, height: cropHeight)
    }
}
