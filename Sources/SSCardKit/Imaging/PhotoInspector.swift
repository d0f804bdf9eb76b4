import VipsKit

/// Checks one photo against the card photo standard (DESIGN.md photo rules).
public enum PhotoInspector {
    /// All findings for a photo's bytes; an empty list means the photo is compliant.
    public static func inspect(_ bytes: [UInt8], profile: Profile) -> [ImageFinding] {
        var findings: [ImageFinding] = []
        let image: VipsImage
        do {
            image = try VipsImage.load(data: bytes, maxPixels: profile.maxImagePixels)
            _ = try image.decoded()
        } catch {
            return [ImageFinding(.photoUnreadable, unreadableMessage(error))]
        }
        if image.loader != "jpegload" {
            let kind = image.loader.replacingAll(["load", "_buffer", "_source"], with: "").uppercased()
            findings.append(ImageFinding(.photoFormat, Message(
                zh: "照片是 \(kind) 格式，不是 JPEG；可用 sscard photos fix 转换",
                en: "the photo is \(kind), not JPEG; sscard photos fix converts it"), fixable: true))
        }
        switch image.colourSpace {
        case .cmyk:
            findings.append(ImageFinding(.photoFormat, Message(zh: "照片是 CMYK 色彩（印刷用）；可用 sscard photos fix 转为 sRGB",
                                                              en: "the photo is CMYK (for print); sscard photos fix converts it to sRGB"), fixable: true))
        case .rgb16, .grey16:
            findings.append(ImageFinding(.photoFormat, Message(zh: "照片是 16 位色深；可用 sscard photos fix 转为 8 位",
                                                              en: "the photo has 16-bit samples; sscard photos fix converts it to 8-bit"), fixable: true))
        default: break
        }
        if image.hasAlpha {
            findings.append(ImageFinding(.photoFormat, Message(zh: "照片含透明通道；可用 sscard photos fix 铺上白底",
                                                              en: "the photo has transparency; sscard photos fix flattens it onto white"), fixable: true))
        }
        if image.width != profile.photoWidth || image.height != profile.photoHeight {
            findings.append(ImageFinding(.photoDimensions, Message(
                zh: "照片尺寸是 \(image.width)×\(image.height) 像素，应为 \(profile.photoWidth)×\(profile.photoHeight)；可用 sscard photos fix 裁剪缩放",
                en: "the photo is \(image.width)×\(image.height) pixels, not \(profile.photoWidth)×\(profile.photoHeight); sscard photos fix crops and resizes it"),
                fixable: true))
        }
        let dpi = JFIF.density(bytes).flatMap { $0.units == 1 ? Double($0.x) : $0.units == 2 ? Double($0.x) * 2.54 : nil } ?? image.horizontalDPI
        if abs(dpi - Double(profile.photoDPI)) > 1 {
            findings.append(ImageFinding(.photoDPI, Message(
                zh: "照片分辨率是 \(wholeNumber(dpi)) DPI，应为 \(profile.photoDPI) DPI；可用 sscard photos fix 写入",
                en: "the photo is marked \(wholeNumber(dpi)) DPI, not \(profile.photoDPI); sscard photos fix sets it"), fixable: true))
        }
        if bytes.count > profile.photoMaxBytes {
            findings.append(ImageFinding(.photoFilesize, Message(
                zh: "照片文件 \(bytes.count) 字节，超过上限 \(profile.photoMaxBytes) 字节；可用 sscard photos fix 压缩",
                en: "the photo file is \(bytes.count) bytes, over the limit of \(profile.photoMaxBytes); sscard photos fix recompresses it"),
                fixable: true))
        }
        if image.colourSpace == .grey || image.colourSpace == .grey16 {
            findings.append(ImageFinding(.photoGrayscale, grayscaleMessage))
            return findings
        }
        do {
            findings += try qualityFindings(of: image.srgb8(), profile: profile)
        } catch {
            findings.append(ImageFinding(.photoUnreadable, unreadableMessage(error)))
        }
        return findings
    }

    /// Background, colour, exposure, sharpness and cast, measured at the standard size.
    static func qualityFindings(of srgb: VipsImage, profile: Profile) throws -> [ImageFinding] {
        let standard = srgb.width == profile.photoWidth && srgb.height == profile.photoHeight
            ? srgb : try srgb.resized(width: profile.photoWidth, height: profile.photoHeight)
        let metrics = PhotoMetrics.measure(rgb: try standard.pixels(), width: standard.width, height: standard.height)
        return PhotoQuality.violations(metrics, thresholds: profile.photoThresholds).compactMap { id in
            guard let rule = RuleID(rawValue: id) else { return nil }
            return ImageFinding(rule, qualityMessage(rule, metrics))
        }
    }

    static let grayscaleMessage = Message(zh: "照片是黑白（灰度）照片；须为彩色照片，请重新拍摄",
                                          en: "the photo is black and white; a colour photo is required, take it again")

    static func qualityMessage(_ rule: RuleID, _ metrics: PhotoMetrics) -> Message {
        switch rule {
        case .photoBackground:
            Message(zh: "照片背景不是纯白色（亮度 \(Int(metrics.backgroundLightness))，色度 \(Int(metrics.backgroundChroma))，不均匀度 \(Int(metrics.backgroundUnevenness))）；请在白色背景前重新拍摄",
                    en: "the background is not pure white (lightness \(Int(metrics.backgroundLightness)), chroma \(Int(metrics.backgroundChroma)), unevenness \(Int(metrics.backgroundUnevenness))); take the photo again against white")
        case .photoGrayscale:
            grayscaleMessage
        case .photoExposure:
            Message(zh: "照片曝光不当（人像平均亮度 \(Int(metrics.subjectLuma))，过亮 \(percent(metrics.highlightClip))，过暗 \(percent(metrics.shadowClip))）；请在均匀光线下重新拍摄",
                    en: "the exposure is off (subject brightness \(Int(metrics.subjectLuma)), \(percent(metrics.highlightClip)) blown out, \(percent(metrics.shadowClip)) black); take it again in even light")
        case .photoBlur:
            Message(zh: "照片模糊（清晰度 \(Int(metrics.sharpness))）；请对焦后重新拍摄",
                    en: "the photo is blurred (sharpness \(Int(metrics.sharpness))); take it again in focus")
        case .photoColorCast:
            Message(zh: "照片偏色（蓝−红 \(Int(metrics.castBlueMinusRed))，绿−红 \(Int(metrics.castGreenMinusRed))），如偏青、偏蓝；请在自然光下重新拍摄",
                    en: "the photo has a colour cast (blue−red \(Int(metrics.castBlueMinusRed)), green−red \(Int(metrics.castGreenMinusRed))); take it again in neutral light")
        default:
            Message(zh: rule.rawValue, en: rule.rawValue)
        }
    }

    static func unreadableMessage(_ error: any Error) -> Message {
        if case VipsError.tooManyPixels(let width, let height, let limit) = error {
            return Message(zh: "图片声称有 \(width)×\(height) 像素，超过上限 \(limit)（可能是恶意文件）；已拒绝解码",
                           en: "the image claims \(width)×\(height) pixels, beyond the limit of \(limit) (a decompression bomb?); it was not decoded")
        }
        if case VipsError.unsupported(let reason) = error {
            return Message(zh: "无法读取此图片格式（本机的图片库不支持）；请另存为 JPEG", en: "this image format cannot be read here (\(reason)); save it as JPEG")
        }
        return Message(zh: "图片无法读取（文件损坏或不是图片）；请重新导出或拍摄", en: "the image cannot be read (damaged, or not an image); export or take it again")
    }
}

private func percent(_ fraction: Double) -> String { "\(wholeNumber(fraction * 100))%" }

/// A measured or declared number for a message; EXIF and JFIF values may be anything, so
/// infinities, NaN and out-of-range values print as "?" instead of trapping.
func wholeNumber(_ value: Double) -> String {
    guard value.isFinite, let whole = Int(exactly: value.rounded()) else { return "?" }
    return String(whole)
}
