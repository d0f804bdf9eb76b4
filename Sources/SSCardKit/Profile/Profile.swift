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
            throw .profileInvalid(path: path, reason: "'\(key)' has the wrong type")
        } catch {
            throw .profileInvalid(path: path, reason: "not a JSON object of profile settings")
        }
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            let known = Set(Overrides.CodingKeys.allCases.map(\.rawValue))
            if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
                throw .profileInvalid(path: path, reason: "unknown key '\(unknown)'")
            }
        }
        var profile = Profile()
        if let value = overrides.name { profile.name = value }
        if let value = overrides.expiry_window_months {
            guard (0...60).contains(value) else { throw .profileInvalid(path: path, reason: "'expiry_window_months' must be 0…60") }
            profile.expiryWindowMonths = value
        }
        if let value = overrides.guardian_age {
            guard (0...30).contains(value) else { throw .profileInvalid(path: path, reason: "'guardian_age' must be 0…30") }
            profile.guardianAge = value
        }
        if let value = overrides.minimum_birth_year { profile.minimumBirthYear = value }
        if let value = overrides.education_scheme {
            guard ["form", "gbt4658"].contains(value) else { throw .profileInvalid(path: path, reason: "'education_scheme' must be form or gbt4658") }
            profile.educationScheme = value
        }
        if let value = overrides.occupation_scheme {
            guard ["form", "gbt6565"].contains(value) else { throw .profileInvalid(path: path, reason: "'occupation_scheme' must be form or gbt6565") }
            profile.occupationScheme = value
        }
        if let value = overrides.require_occupation { profile.requireOccupation = value }
        if let value = overrides.require_education { profile.requireEducation = value }
        return profile
    }

    private struct Overrides: Decodable {
        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, expiry_window_months, guardian_age, minimum_birth_year, education_scheme, occupation_scheme
            case require_occupation, require_education
        }
        var name: String?
        var expiry_window_months: Int?
        var guardian_age: Int?
        var minimum_birth_year: Int?
        var education_scheme: String?
        var occupation_scheme: String?
        var require_occupation: Bool?
        var require_education: Bool?
    }
}
