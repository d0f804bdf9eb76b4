import Foundation

/// Rule parameters that differ between card issuers. The Chengdu values are built in;
/// `--profile FILE` (JSON) overrides any subset of them.
public struct Profile: Sendable, Equatable {
    /// Profile name, shown in reports.
    public var name = "chengdu"
    /// A card must stay valid this many calendar months after the as-of date (the seed's 四个月).
    public var expiryWindowMonths = 4
    /// Below this age (at the as-of date) a guardian or agent is required.
    public var guardianAge = 16
    /// Birth dates before this year are refused as impossible.
    public var minimumBirthYear = 1900
    /// `form` (10/20/…/90, as the registration form prints) or `gbt4658` (GB/T 4658-2006).
    public var educationScheme = "form"
    /// `form` (1–7, the form's legend) or `gbt6565` (GB/T 6565-2015 major groups).
    public var occupationScheme = "form"
    /// Whether 职业 and 学历 must be filled (the platform makes them mandatory).
    public var requireOccupation = true
    public var requireEducation = true

    /// Hours after submission during which a record may be amended (the platform's 办理查询 window).
    public var amendmentHours = 24

    // Images (GA 461 photo standard; the Chengdu platform's 1 MB cap).
    public var photoWidth = 358
    public var photoHeight = 441
    public var photoDPI = 350
    /// Largest photo file accepted (bytes). Some cities want 20 KB–40 KB.
    public var photoMaxBytes = 1_048_576
    /// Images whose header claims more pixels are refused before decoding (decompression bombs).
    public var maxImagePixels = 60_000_000
    /// Whether 正面/front/_1 in ID-card file names mean the portrait side (人像面).
    public var frontIsPortrait = true
    /// ID-card images with a shorter side below this are hard to read.
    public var idcardMinShortSide = 400
    /// How far (as a fraction) an ID-card image's aspect may stray from 85.6:54.
    public var idcardAspectTolerance = 0.12
    /// Photo quality thresholds (background, colour, exposure, sharpness, cast).
    public var photoThresholds = PhotoThresholds()

    // h8-clerk
    /// The office's time zone (an IANA name): `--as-of` is read and times are printed in it.
    public var timeZone = OfficeClock.defaultZone
    public var officeClock: OfficeClock { OfficeClock(identifier: timeZone) ?? .standard }
    /// The bureau's field width for addresses, in characters; longer ones are a warning.
    public var addressMaxLength = 100

    public init() {}

    public static let chengdu = Profile()

    /// Reads a JSON profile; keys left out keep the built-in value.
    public static func load(path: String) throws(SSCardError) -> Profile {
        guard let data = FileManager.default.contents(atPath: path) else { throw .fileNotFound(path: path) }
        let overrides: Overrides
        do {
            overrides = try JSONDecoder().decode(Overrides.self, from: data)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw .profileInvalid(path: path, reason: Message(zh: "设置 \(key) 的值类型不对（例如数字不应加引号）", en: "'\(key)' has the wrong type"))
        } catch {
            throw .profileInvalid(path: path, reason: Message(zh: "文件内容不是有效的配置格式；请检查花括号、引号和逗号", en: "not a JSON object of profile settings"))
        }
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            let known = Set(Overrides.CodingKeys.allCases.map(\.rawValue))
            if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
                throw .profileInvalid(path: path, reason: Message(zh: "未知的设置 \(unknown)；请检查拼写，或删除这一项", en: "unknown key '\(unknown)'"))
            }
        }
        var profile = Profile()
        if let value = overrides.name { profile.name = value }
        if let value = overrides.expiry_window_months {
            guard (0...60).contains(value) else { throw .profileInvalid(path: path, reason: Message(zh: "expiry_window_months 须在 0…60 之间", en: "'expiry_window_months' must be 0…60")) }
            profile.expiryWindowMonths = value
        }
        if let value = overrides.guardian_age {
            guard (0...30).contains(value) else { throw .profileInvalid(path: path, reason: Message(zh: "guardian_age 须在 0…30 之间", en: "'guardian_age' must be 0…30")) }
            profile.guardianAge = value
        }
        if let value = overrides.minimum_birth_year { profile.minimumBirthYear = value }
        if let value = overrides.education_scheme {
            guard ["form", "gbt4658"].contains(value) else { throw .profileInvalid(path: path, reason: Message(zh: "education_scheme 只能是 form 或 gbt4658", en: "'education_scheme' must be form or gbt4658")) }
            profile.educationScheme = value
        }
        if let value = overrides.occupation_scheme {
            guard ["form", "gbt6565"].contains(value) else { throw .profileInvalid(path: path, reason: Message(zh: "occupation_scheme 只能是 form 或 gbt6565", en: "'occupation_scheme' must be form or gbt6565")) }
            profile.occupationScheme = value
        }
        if let value = overrides.require_occupation { profile.requireOccupation = value }
        if let value = overrides.require_education { profile.requireEducation = value }
        if let value = overrides.photo_width { profile.photoWidth = try positive(value, "photo_width", path) }
        if let value = overrides.photo_height { profile.photoHeight = try positive(value, "photo_height", path) }
        if let value = overrides.photo_dpi { profile.photoDPI = try positive(value, "photo_dpi", path) }
        if let value = overrides.photo_max_bytes { profile.photoMaxBytes = try positive(value, "photo_max_bytes", path) }
        if let value = overrides.max_image_pixels { profile.maxImagePixels = try positive(value, "max_image_pixels", path) }
        if let value = overrides.front_is_portrait { profile.frontIsPortrait = value }
        if let value = overrides.amendment_hours { profile.amendmentHours = try positive(value, "amendment_hours", path) }
        if let value = overrides.idcard_min_short_side { profile.idcardMinShortSide = try positive(value, "idcard_min_short_side", path) }
        if let value = overrides.idcard_aspect_tolerance { profile.idcardAspectTolerance = value }
        if let t = overrides.photo_thresholds {
            var thresholds = profile.photoThresholds
            if let v = t.min_background_lightness { thresholds.minBackgroundLightness = v }
            if let v = t.max_background_chroma { thresholds.maxBackgroundChroma = v }
            if let v = t.max_background_unevenness { thresholds.maxBackgroundUnevenness = v }
            if let v = t.grayscale_max_chroma { thresholds.grayscaleMaxChroma = v }
            if let v = t.max_highlight_clip { thresholds.maxHighlightClip = v }
            if let v = t.max_shadow_clip { thresholds.maxShadowClip = v }
            if let v = t.min_subject_luma { thresholds.minSubjectLuma = v }
            if let v = t.max_subject_luma { thresholds.maxSubjectLuma = v }
            if let v = t.min_sharpness { thresholds.minSharpness = v }
            if let v = t.max_blue_cast { thresholds.maxBlueCast = v }
            if let v = t.max_green_cast { thresholds.maxGreenCast = v }
            profile.photoThresholds = thresholds
        }
        if let value = overrides.time_zone {
            guard OfficeClock(identifier: value) != nil else {
                throw .profileInvalid(path: path, reason: Message(
                    zh: "time_zone 须是时区名称，例如 Asia/Shanghai，而不是 \(value)",
                    en: "'time_zone' must be a time-zone name such as Asia/Shanghai, not '\(value)'"))
            }
            profile.timeZone = value
        }
        if let value = overrides.address_max_length { profile.addressMaxLength = try positive(value, "address_max_length", path) }
        return profile
    }

    private struct Overrides: Decodable {
        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, expiry_window_months, guardian_age, minimum_birth_year, education_scheme, occupation_scheme
            case require_occupation, require_education
            case photo_width, photo_height, photo_dpi, photo_max_bytes, max_image_pixels, front_is_portrait
            case idcard_min_short_side, idcard_aspect_tolerance, photo_thresholds, amendment_hours
            case time_zone, address_max_length  // h8-clerk
        }
        struct Thresholds: Decodable {
            var min_background_lightness, max_background_chroma, max_background_unevenness, grayscale_max_chroma: Double?
            var max_highlight_clip, max_shadow_clip, min_subject_luma, max_subject_luma, min_sharpness: Double?
            var max_blue_cast, max_green_cast: Double?
        }
        var name: String?
        var expiry_window_months: Int?
        var guardian_age: Int?
        var minimum_birth_year: Int?
        var education_scheme: String?
        var occupation_scheme: String?
        var require_occupation: Bool?
        var require_education: Bool?
        var photo_width, photo_height, photo_dpi, photo_max_bytes, max_image_pixels, idcard_min_short_side, amendment_hours: Int?
        var front_is_portrait: Bool?
        var idcard_aspect_tolerance: Double?
        var photo_thresholds: Thresholds?
        var time_zone: String?  // h8-clerk
        var address_max_length: Int?
    }

    private static func positive(_ value: Int, _ key: String, _ path: String) throws(SSCardError) -> Int {
        guard value > 0 else { throw .profileInvalid(path: path, reason: Message(zh: "\(key) 须是正整数", en: "'\(key)' must be a positive whole number")) }
        return value
    }
}
