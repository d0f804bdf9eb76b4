/// A minimal XLSX package (stored, uncompressed zip) around one sheet and one shared-string part.
enum FuzzWorkbook {
    static let defaultSheet = Array("""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>\
        <row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c><c r="C2" s="1"><v>45000</v></c></row>\
        </sheetData></worksheet>
        """.utf8)

    static let defaultSharedStrings = Array("""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">\
        <si><t>姓名</t></si><si><t>证件号码</t></si><si><t>出生日期</t></si>\
        <si><t>张三</t></si><si><r><t>11010519491231002</t></r><r><t>X</t></r><rPh><t>x</t></rPh></si></sst>
        """.utf8)

    private static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
        <Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
        </Types>
        """
    private static let packageRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """
    private static let workbook = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>
        """
    private static let workbookRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>\
        <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        </Relationships>
        """
    private static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>\
        <cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>
        """

    static func build(sheet: [UInt8], sharedStrings: [UInt8]) -> [UInt8] {
        var zip = StoredZip()
        zip.add("[Content_Types].xml", Array(contentTypes.utf8))
        zip.add("_rels/.rels", Array(packageRelationships.utf8))
        zip.add("xl/workbook.xml", Array(workbook.utf8))
        zip.add("xl/_rels/workbook.xml.rels", Array(workbookRelationships.utf8))
        zip.add("xl/styles.xml", Array(styles.utf8))
        zip.add("xl/sharedStrings.xml", sharedStrings)
        zip.add("xl/worksheets/sheet1.xml", sheet)
        return zip.finish()
    }
}

/// Writes a zip archive whose entries are stored (method 0), with CRC-32s and a central directory.
struct StoredZip {
    private var bytes: [UInt8] = []
    private var directory: [UInt8] = []
    private var count = 0

    mutating func add(_ name: String, _ data: [UInt8]) { add(Array(name.utf8), data) }

    /// Adds an entry under raw name bytes; the UTF-8 flag is set only when they are valid UTF-8.
    mutating func add(_ nameBytes: [UInt8], _ data: [UInt8]) {
        let flags: UInt16 = String(validating: nameBytes, as: UTF8.self) == nil ? 0 : 0x0800
        let crc = CRC32.checksum(data)
        let offset = UInt32(truncatingIfNeeded: bytes.count)
        let size = UInt32(truncatingIfNeeded: data.count)
        // Local file header.
        bytes += le32(0x0403_4B50) + le16(20) + le16(flags) + le16(0) + le16(0) + le16(0x21)
        bytes += le32(crc) + le32(size) + le32(size) + le16(UInt16(truncatingIfNeeded: nameBytes.count)) + le16(0)
        bytes += nameBytes + data
        // Central directory entry.
        directory += le32(0x0201_4B50) + le16(20) + le16(20) + le16(flags) + le16(0) + le16(0) + le16(0x21)
        directory += le32(crc) + le32(size) + le32(size) + le16(UInt16(truncatingIfNeeded: nameBytes.count)) + le16(0) + le16(0)
        directory += le16(0) + le16(0) + le32(0) + le32(offset) + nameBytes
        count += 1
    }

    mutating func finish() -> [UInt8] {
        let start = UInt32(truncatingIfNeeded: bytes.count)
        let size = UInt32(truncatingIfNeeded: directory.count)
        var result = bytes + directory
        result += le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(count)) + le16(UInt16(count))
        result += le32(size) + le32(start) + le16(0)
        return result
    }

    private func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
}

/// CRC-32 (IEEE 802.3), as zip stores it.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
