import Foundation

/// Byte-level entry points for the fuzz targets under `Fuzz/` and for the corpus replay tests.
/// Each one feeds arbitrary bytes through a real reader or parser and only returns: a thrown
/// `SSCardError` is the expected answer to bad input, a trap is the bug being hunted.
public enum FuzzEntry {
    /// The CSV reader (auto-detected UTF-8 or GB18030), every row read.
    /// - Returns: the number of rows read before the end or the first error.
    @discardableResult
    public static func csv(_ bytes: [UInt8]) -> Int {
        guard let path = FuzzScratch.write(bytes, name: "input.csv") else { return 0 }
        return drain { () throws(SSCardError) in try CSVRowSource(path: path, encoding: .auto) }
    }

    /// The XLSX sheet parser: `bytes` become `xl/worksheets/sheet1.xml` of a minimal workbook
    /// whose shared strings and date styles are fixed.
    @discardableResult
    public static func sheet(_ bytes: [UInt8]) -> Int {
        xlsx(FuzzWorkbook.build(sheet: bytes, sharedStrings: FuzzWorkbook.defaultSharedStrings))
    }

    /// The shared-string parser: `bytes` become `xl/sharedStrings.xml` of a minimal workbook
    /// whose sheet refers to the first shared strings.
    @discardableResult
    public static func sharedStrings(_ bytes: [UInt8]) -> Int {
        xlsx(FuzzWorkbook.build(sheet: FuzzWorkbook.defaultSheet, sharedStrings: bytes))
    }

    /// A whole `.xlsx` file's bytes through the workbook reader.
    @discardableResult
    public static func xlsx(_ bytes: [UInt8]) -> Int {
        guard let path = FuzzScratch.write(bytes, name: "input.xlsx") else { return 0 }
        return drain { () throws(SSCardError) in try XLSXRowSource(path: path, sheet: nil) }
    }

    /// The field parsers: identity numbers, validity periods, dates, date-times, Excel serials
    /// and number formats, gender and document type, on the whole text and on each line of it.
    public static func fields(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        FuzzFields.check(text)
        for line in text.split(separator: "\n", maxSplits: 64, omittingEmptySubsequences: true) {
            FuzzFields.check(String(line))
        }
    }

    /// The zip entry-name decoder (UTF-8, else GB18030) and the unsafe-path check.
    public static func zipName(_ bytes: [UInt8]) {
        let decoded = ZipNames.decode(bytes, fallback: "fallback")
        _ = ZipNames.isUnsafe(decoded)
        _ = ImageSource.isImagePath(decoded)
    }

    /// A minimal workbook (stored zip) around the given sheet and shared-string XML, for tests
    /// that run such parts through the real binary.
    public static func workbook(sheet: [UInt8]? = nil, sharedStrings: [UInt8]? = nil) -> [UInt8] {
        FuzzWorkbook.build(sheet: sheet ?? FuzzWorkbook.defaultSheet,
                           sharedStrings: sharedStrings ?? FuzzWorkbook.defaultSharedStrings)
    }

    /// A stored zip of the given entries (raw name bytes, any encoding), for tests that feed
    /// entry names through the real binary.
    public static func zip(_ entries: [(name: [UInt8], data: [UInt8])]) -> [UInt8] {
        var zip = StoredZip()
        for entry in entries { zip.add(entry.name, entry.data) }
        return zip.finish()
    }

    private static func drain(_ open: () throws(SSCardError) -> any RowSource) -> Int {
        var rows = 0
        do {
            let source = try open()
            while try source.nextRow() != nil { rows += 1 }
        } catch {
            _ = error.message
        }
        return rows
    }
}
