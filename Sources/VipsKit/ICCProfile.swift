/// Just enough ICC parsing to recognise an sRGB profile by its description.
enum ICCProfile {
    /// Whether the profile's description names sRGB ("sRGB IEC61966-2.1", "sRGB built-in", ...).
    static func isSRGB(_ profile: [UInt8]) -> Bool {
        guard let text = description(profile) else { return false }
        return text.lowercased().contains("srgb")
    }

    /// The 'desc' tag text: ICC v2 `desc` (ASCII) or v4 `mluc` (first record, UTF-16BE).
    static func description(_ profile: [UInt8]) -> String? {
        guard profile.count >= 132 else { return nil }
        let count = be32(profile, 128)
        guard count < 1000 else { return nil }
        for index in 0..<count {
            let entry = 132 + index * 12
            guard entry + 12 <= profile.count else { return nil }
            guard profile[entry..<(entry + 4)].elementsEqual("desc".utf8) else { continue }
            let offset = be32(profile, entry + 4)
            let size = be32(profile, entry + 8)
            guard offset >= 0, size >= 12, offset + size <= profile.count else { return nil }
            let tag = Array(profile[offset..<(offset + size)])
            if tag[0..<4].elementsEqual("desc".utf8) {
                let length = be32(tag, 8)
                guard length > 0, 12 + length <= tag.count else { return nil }
                let ascii = tag[12..<(12 + length)].prefix { $0 != 0 }
                return String(decoding: ascii, as: UTF8.self)
            }
            if tag[0..<4].elementsEqual("mluc".utf8), tag.count >= 28, be32(tag, 8) >= 1 {
                let length = be32(tag, 20)
                let start = be32(tag, 24)
                guard start >= 0, length >= 0, start + length <= tag.count else { return nil }
                var units: [UInt16] = []
                var i = start
                while i + 1 < start + length {
                    units.append(UInt16(tag[i]) << 8 | UInt16(tag[i + 1]))
                    i += 2
                }
                return String(decoding: units, as: UTF16.self)
            }
            return nil
        }
        return nil
    }

    private static func be32(_ bytes: [UInt8], _ at: Int) -> Int {
        guard at + 4 <= bytes.count else { return -1 }
        return Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
    }
}
