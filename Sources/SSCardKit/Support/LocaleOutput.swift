import Foundation

/// Text for a terminal in the locale's encoding (h8-clerk): a Chinese Windows-era locale such as
/// `LANG=zh_CN.GBK` gets GB18030 bytes (through glibc iconv); UTF-8 locales get UTF-8. For a
/// locale whose encoding sscard does not write, output stays UTF-8 and `notice` says so once.
/// Reports written to files, JSON and CSV stay UTF-8 whatever the locale.
public struct LocaleOutput: Sendable {
    public enum Encoding: Sendable, Equatable {
        case utf8
        case gb18030
        /// A non-UTF-8 encoding sscard does not write; output is UTF-8.
        case unsupported(String)
    }

    public let encoding: Encoding

    /// From `LC_ALL`, then `LC_CTYPE`, then `LANG` (the part after the dot: `zh_CN.GBK`).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        var locale = ""
        for key in ["LC_ALL", "LC_CTYPE", "LANG"] {
            if let value = environment[key], !value.isEmpty { locale = value; break }
        }
        var charset = ""
        if let dot = locale.firstIndex(of: ".") {
            charset = String(locale[locale.index(after: dot)...].prefix { $0 != "@" })
        }
        let folded = charset.lowercased().filter { $0.isLetter || $0.isNumber }
        switch folded {
        case "", "utf8": encoding = .utf8
        case "gbk", "gb2312", "gb18030", "euccn", "cp936": encoding = .gb18030
        default: encoding = .unsupported(charset)
        }
    }

    /// One line for stderr when the locale's encoding is not written, else nil.
    public func notice(_ language: Language) -> String? {
        guard case .unsupported(let charset) = encoding else { return nil }
        return language == .zh ? "sscard: 输出为 UTF-8（不支持当前区域设置的编码 \(charset)）"
                               : "sscard: output is UTF-8 (the locale's encoding \(charset) is not supported)"
    }

    /// The bytes to write for `text`.
    public func bytes(_ text: String) -> [UInt8] {
        guard encoding == .gb18030, text.utf8.contains(where: { $0 >= 0x80 }) else { return Array(text.utf8) }
        return GB18030Encoder.encode(text) ?? Array(text.utf8)
    }
}

/// UTF-8 → GB18030 through glibc iconv (GB18030 covers every Unicode character).
enum GB18030Encoder {
    static func encode(_ text: String) -> [UInt8]? {
        guard let converter = iconv_open("GB18030", "UTF-8"), converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var failed = false
        var produced = 0
        input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count, outLeft = outBuffer.count
                if iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) == -1 { failed = true }
                produced = outBuffer.count - outLeft
            }
        }
        return failed ? nil : Array(output[0..<produced])
    }
}

/// CSV reports that Chinese Excel opens as they are: UTF-8 with a byte-order mark, CRLF line ends (h8-clerk).
public enum ExcelCSV {
    public static func prepare(_ csv: String) -> String {
        var out = "\u{FEFF}"
        out.reserveCapacity(csv.utf8.count + csv.utf8.count / 20 + 3)
        var previous: Unicode.Scalar = " "
        for scalar in csv.unicodeScalars {
            if scalar == "\n" && previous != "\r" { out.unicodeScalars.append("\r") }
            out.unicodeScalars.append(scalar)
            previous = scalar
        }
        return out
    }
}
