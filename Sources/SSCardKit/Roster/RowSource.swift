import Foundation

/// A roster file read row by row; memory does not grow with the file.
public protocol RowSource: AnyObject {
    /// The file being read, for messages.
    var path: String { get }
    /// The next non-blank row, or nil at the end.
    func nextRow() throws(SSCardError) -> RawRow?
}

/// How a CSV roster is decoded.
public enum TextEncoding: String, Sendable, CaseIterable {
    /// UTF-16 when the file starts with its byte-order mark; else UTF-8 when every byte sequence
    /// is valid UTF-8, GB18030 otherwise.
    case auto
    case utf8 = "utf-8"
    case gb18030
    /// UTF-16 with a byte-order mark (Excel's "Unicode text", LibreOffice's UTF-16 export);
    /// little-endian when there is no mark. `auto` recognises it by the mark.
    case utf16 = "utf-16"

    /// Accepts the common spellings (`utf8`, `GBK`, `gb2312`: GB18030 is their superset).
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "") {
        case "auto": self = .auto
        case "utf8", "utf8bom", "utf8sig": self = .utf8
        case "gb18030", "gbk", "gb2312", "cp936", "936": self = .gb18030
        case "utf16", "utf16le", "utf16be", "unicode", "ucs2": self = .utf16
        default: return nil
        }
    }
}

/// Options for opening a roster.
public struct RosterOpenOptions: Sendable {
    public var encoding: TextEncoding = .auto
    public var sheet: String?
    public var limits = ReaderLimits()

    public init(encoding: TextEncoding = .auto, sheet: String? = nil) {
        self.encoding = encoding
        self.sheet = sheet
    }
}

/// Caps that keep a hostile or runaway file from exhausting the machine.
public struct ReaderLimits: Sendable {
    /// Excel's own row limit; a roster cannot be longer.
    public var maxRows = 1_048_576
    public var maxColumns = 16_384
    public var maxSharedStrings = 20_000_000
    public var maxSharedStringBytes = 512 << 20
    public var maxCellCharacters = 32_767
    public var maxSheetBytes = 4 << 30
    public var maxPartBytes = 256 << 20
    public var maxCompressionRatio = 100
    /// Most fields one CSV line may hold (a roster has a few dozen columns).
    public var maxColumnsPerRow = 1_000
    /// Most bytes one CSV field may hold (Excel's cell limit, 32,767 characters, is under 128 KiB).
    public var maxFieldBytes = 1 << 20

    public init() {}
}

/// Opens a roster by its extension (`.csv`, `.txt`, `.tsv`, `.xlsx`, `.xlsm`). Workbooks are told
/// apart by their first bytes: a zip is read as XLSX whatever its extension (`.xls`, `.et`), an
/// OLE compound file is a password-protected workbook or a legacy `.xls`, and says which.
public enum RosterFile {
    public static func open(path: String, options: RosterOpenOptions = RosterOpenOptions()) throws(SSCardError) -> any RowSource {
        var isDirectory = false
        guard fileExists(path, &isDirectory) else { throw .fileNotFound(path: path) }
        guard !isDirectory else { throw .isFolder(path: path) }
        let lower = path.lowercased()
        let workbook = [".xlsx", ".xlsm", ".xls", ".et"].contains { lower.hasSuffix($0) }
        if workbook {
            switch try FileSniffer.kind(path: path) {
            case .zip: return try XLSXRowSource(path: path, sheet: options.sheet, limits: options.limits)
            case .encryptedWorkbook: throw .encryptedWorkbook(path: path)
            case .compoundFile: throw .legacyWorkbook(path: path)
            case .other:
                if lower.hasSuffix(".xls") || lower.hasSuffix(".et") { throw .legacyWorkbook(path: path) }
                return try XLSXRowSource(path: path, sheet: options.sheet, limits: options.limits)
            }
        }
        if lower.hasSuffix(".csv") || lower.hasSuffix(".txt") || lower.hasSuffix(".tsv") {
            if options.sheet != nil { throw .usage(Message(zh: "--sheet 只适用于 .xlsx 花名册", en: "--sheet applies to .xlsx rosters only")) }
            return try CSVRowSource(path: path, encoding: options.encoding, limits: options.limits)
        }
        throw .unsupportedFormat(path: path)
    }
}
