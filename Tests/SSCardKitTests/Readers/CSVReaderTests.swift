import Foundation
import XCTest
@testable import SSCardKit

/// CSV rosters: quoting, line endings, encodings, delimiters, numbering and chunk boundaries.
/// Every fixture is written as bytes into a fresh temporary directory.
final class CSVReaderTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sscard-csv-tests-\(UUID.scratchName)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    // MARK: - Quoting

    func testQuotedFieldsWithCommasAndDoubledQuotes() throws {
        let path = try write("quoted.csv", "姓名,地址,备注\n张三,\"北京市,朝阳区\",\"他说\"\"你好\"\"\"\n\"李四\",\"\",\"\"\"\"\n")
        let rows = try readAll(path)
        XCTAssertEqual(rows.map(\.number), [1, 2, 3])
        XCTAssertEqual(rows[0].cells, [.text("姓名"), .text("地址"), .text("备注")])
        XCTAssertEqual(rows[1].cells, [.text("张三"), .text("北京市,朝阳区"), .text("他说\"你好\"")])
        // "" is an empty field, """" is a single quote.
        XCTAssertEqual(rows[2].cells, [.text("李四"), .empty, .text("\"")])
    }

    func testNewlineInsideQuotesKeepsRecordNumbering() throws {
        let path = try write(
            "multiline.csv",
            "姓名,地址,备注\n张三,\"北京市\n朝阳区\n建国路1号\",甲\n李四,上海,乙\n\"王五\r\n\",广州,丙\n"
        )
        let rows = try readAll(path)
        // Rows are numbered by record (as a spreadsheet shows them), not by physical line.
        XCTAssertEqual(rows.map(\.number), [1, 2, 3, 4])
        XCTAssertEqual(rows[1].cells, [.text("张三"), .text("北京市\n朝阳区\n建国路1号"), .text("甲")])
        XCTAssertEqual(rows[2].cells, [.text("李四"), .text("上海"), .text("乙")])
        XCTAssertEqual(rows[3].cells, [.text("王五\r\n"), .text("广州"), .text("丙")])
    }

    // MARK: - Line endings

    func testCRLFAndLFAndLoneCRGiveTheSameRows() throws {
        let expected: [[CellValue]] = [
            [.text("姓名"), .text("证件号码")],
            [.text("张三"), .text("110101199003070011")],
            [.text("李四"), .text("110101199003070038")],
        ]
        for (name, ending) in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")] {
            let text = "姓名,证件号码\(ending)张三,110101199003070011\(ending)李四,110101199003070038\(ending)"
            let rows = try readAll(try write("\(name).csv", text))
            XCTAssertEqual(rows.map(\.cells), expected, name)
            XCTAssertEqual(rows.map(\.number), [1, 2, 3], name)
        }
        // Mixed endings in one file.
        let mixed = try readAll(try write("mixed.csv", "姓名,证件号码\r\n张三,110101199003070011\r李四,110101199003070038\n"))
        XCTAssertEqual(mixed.map(\.cells), expected)
        XCTAssertEqual(mixed.map(\.number), [1, 2, 3])
    }

    func testCRLFSplitAcrossTheReadChunkIsOneLineEnd() throws {
        // Each data row is 12 bytes; pad the header so a row's CR is the last byte of the
        // first 1 MB chunk and its LF the first byte of the second.
        let rowLength = 12
        let count = 100_000
        var padding = 0
        while ((1 << 20) - headerBytes(padding).count) % rowLength != rowLength - 1 { padding += 1 }
        var bytes = headerBytes(padding)
        for index in 0..<count { bytes += Array(String(format: "%06d,abc\r\n", index).utf8) }
        XCTAssertEqual(bytes[(1 << 20) - 1], 0x0D)
        XCTAssertEqual(bytes[1 << 20], 0x0A)

        let rows = try readAll(try write("crlf-boundary.csv", bytes))
        XCTAssertEqual(rows.count, count + 1)
        for (index, row) in rows.dropFirst().enumerated() where row.number != index + 2 || row.cells != [.text(String(format: "%06d", index)), .text("abc")] {
            XCTFail("row \(index + 2) read as #\(row.number) \(row.cells)")
            break
        }
    }

    private func headerBytes(_ padding: Int) -> [UInt8] {
        Array("编号,姓名\(String(repeating: "x", count: padding))\r\n".utf8)
    }

    // MARK: - Encodings

    func testUTF8ByteOrderMarkIsStripped() throws {
        let path = try write("bom.csv", [0xEF, 0xBB, 0xBF] + Array("姓名;证件号码\n张三;110101199003070011\n".utf8))
        let source = try CSVRowSource(path: path, encoding: .auto)
        let rows = try drain(source)
        XCTAssertEqual(source.encoding, .utf8)
        XCTAssertEqual(source.delimiter, UInt8(ascii: ";"), "the delimiter is detected after the BOM")
        XCTAssertEqual(rows[0].cells, [.text("姓名"), .text("证件号码")])
        XCTAssertEqual(rows[1].cells, [.text("张三"), .text("110101199003070011")])
        // A BOM alone in front of one header cell.
        let lone = try readAll(try write("bom-one.csv", [0xEF, 0xBB, 0xBF] + Array("姓名\n张三\n".utf8)))
        XCTAssertEqual(lone.map(\.cells), [[.text("姓名")], [.text("张三")]])
    }

    func testGB18030HelperEncodesAsExpected() throws {
        XCTAssertEqual(try gb18030("张三"), [0xD5, 0xC5, 0xC8, 0xFD])
        XCTAssertEqual(try gb18030("𠮷"), [0x95, 0x34, 0xB2, 0x35], "four-byte GB18030 sequence")
    }

    func testGB18030IsDetectedAutomatically() throws {
        // 姓名,证件号码 / 张三,… / 𠮷四 (a four-byte GB18030 character), hand-encoded.
        let bytes: [UInt8] = [0xD0, 0xD5, 0xC3, 0xFB] + Array(",".utf8) + [0xD6, 0xA4, 0xBC, 0xFE, 0xBA, 0xC5, 0xC2, 0xEB]
            + Array("\r\n".utf8)
            + [0xD5, 0xC5, 0xC8, 0xFD] + Array(",110101199003070011\r\n".utf8)
            + [0x95, 0x34, 0xB2, 0x35, 0xCB, 0xC4] + Array(",110101199003070038\r\n".utf8)
        let path = try write("gb.csv", bytes)
        let source = try CSVRowSource(path: path, encoding: .auto)
        let rows = try drain(source)
        XCTAssertEqual(source.encoding, .gb18030)
        XCTAssertEqual(rows.map(\.cells), [
            [.text("姓名"), .text("证件号码")],
            [.text("张三"), .text("110101199003070011")],
            [.text("𠮷四"), .text("110101199003070038")],
        ])
        // The same through RosterFile and an explicit encoding name.
        let named = try XCTUnwrap(TextEncoding(name: "GBK"))
        let viaOpen = try drain(RosterFile.open(path: path, options: RosterOpenOptions(encoding: named)))
        XCTAssertEqual(viaOpen.map(\.cells), rows.map(\.cells))
    }

    func testPlainUTF8IsNotMistakenForGB18030() throws {
        let path = try write("utf8.csv", "姓名,证件号码\n张三,110101199003070011\n")
        let source = try CSVRowSource(path: path, encoding: .auto)
        XCTAssertEqual(source.encoding, .utf8)
        XCTAssertEqual(try drain(source)[1].cells, [.text("张三"), .text("110101199003070011")])
    }

    func testForcingUTF8OnGB18030BytesIsUndecodableAtTheRightLine() throws {
        // Lines 1 and 2 are ASCII; the first GB18030 bytes are on line 3.
        let bytes = Array("name,id\nzhang,110101199003070011\n".utf8) + [0xC0, 0xEE, 0xCB, 0xC4] + Array(",110101199003070038\n".utf8)
        let path = try write("forced.csv", bytes)
        XCTAssertEqual(caught { _ = try CSVRowSource(path: path, encoding: .utf8) },
                       .csvUndecodable(path: path, line: 3, encoding: "UTF-8"))
        XCTAssertEqual(caught { _ = try RosterFile.open(path: path, options: RosterOpenOptions(encoding: .utf8)) },
                       .csvUndecodable(path: path, line: 3, encoding: "UTF-8"))
        // A UTF-8 sequence cut off by the end of the file is undecodable too.
        let cut = try write("cut.csv", Array("name\nzhang\n".utf8) + [0xE5, 0xBC])
        XCTAssertEqual(caught { _ = try CSVRowSource(path: cut, encoding: .utf8) },
                       .csvUndecodable(path: cut, line: 3, encoding: "UTF-8"))
    }

    func testBytesThatAreNeitherUTF8NorGB18030AreUndecodable() throws {
        let path = try write("bad.csv", [0xD0, 0xD5, 0xC3, 0xFB, 0x0A, 0xD5, 0xC5, 0xC8, 0xFD, 0x0A, 0xFF, 0x41, 0x0A])
        let error = caught { _ = try readAll(path) }
        XCTAssertEqual(error, .csvUndecodable(path: path, line: 3, encoding: "GB18030"))
    }

    // MARK: - Delimiters

    func testSemicolonAndTabDelimitersAreDetected() throws {
        let semicolon = try CSVRowSource(path: try write("semi.csv", "姓名;证件号码;备注\n张三;110101199003070011;a,b\n"), encoding: .auto)
        let semicolonRows = try drain(semicolon)
        XCTAssertEqual(semicolon.delimiter, UInt8(ascii: ";"))
        XCTAssertEqual(semicolonRows[1].cells, [.text("张三"), .text("110101199003070011"), .text("a,b")])

        let tab = try CSVRowSource(path: try write("tab.txt", "姓名\t证件号码\n张三\t110101199003070011\n"), encoding: .auto)
        let tabRows = try drain(tab)
        XCTAssertEqual(tab.delimiter, 0x09)
        XCTAssertEqual(tabRows[1].cells, [.text("张三"), .text("110101199003070011")])

        let tsv = try readAll(try write("roster.tsv", "姓名\t地址\n张三\t北京,朝阳\n"))
        XCTAssertEqual(tsv[1].cells, [.text("张三"), .text("北京,朝阳")])
    }

    func testDelimiterDetectionIgnoresQuotedSeparatorsAndPrefersCommaOnATie() throws {
        // Three semicolons inside quotes, two commas outside: comma.
        let quoted = try CSVRowSource(path: try write("q.csv", "\"a;b;c;d\",x,y\n1,2,3\n"), encoding: .auto)
        let quotedRows = try drain(quoted)
        XCTAssertEqual(quoted.delimiter, UInt8(ascii: ","))
        XCTAssertEqual(quotedRows[0].cells, [.text("a;b;c;d"), .text("x"), .text("y")])
        // One comma, one semicolon: comma wins the tie.
        let tie = try CSVRowSource(path: try write("tie.csv", "a,b;c\n"), encoding: .auto)
        _ = try drain(tie)
        XCTAssertEqual(tie.delimiter, UInt8(ascii: ","))
        // A single-column file: comma.
        let single = try CSVRowSource(path: try write("single.csv", "姓名\n张三\n"), encoding: .auto)
        _ = try drain(single)
        XCTAssertEqual(single.delimiter, UInt8(ascii: ","))
    }

    // MARK: - Damage

    func testUnterminatedQuoteReportsTheLineWhereTheRecordStarted() throws {
        // Record 2 spans lines 2–3, so the unterminated record 3 starts on line 4.
        let path = try write("open-quote.csv", "姓名,地址\n张三,\"北京\n朝阳\"\n李四,\"上海\n浦东\n")
        let source = try CSVRowSource(path: path, encoding: .auto)
        XCTAssertEqual(try source.nextRow()?.number, 1)
        XCTAssertEqual(try source.nextRow()?.number, 2)
        XCTAssertEqual(caught { _ = try source.nextRow() }, .csvUnterminatedQuote(path: path, line: 4))

        let crlf = try write("open-quote-crlf.csv", "姓名,地址\r\n张三,北京\r\n李四,\"上海\r\n")
        XCTAssertEqual(caught { _ = try readAll(crlf) }, .csvUnterminatedQuote(path: crlf, line: 3))
    }

    func testRunawayQuoteIsReportedAtItsStartNotAfterReadingEverything() throws {
        var limits = ReaderLimits()
        limits.maxCellCharacters = 100
        let body = String(repeating: "张三,110101199003070011\n", count: 200)
        let path = try write("runaway.csv", "姓名,证件号码\n\"张三,110101199003070011\n" + body)
        let source = try CSVRowSource(path: path, encoding: .auto, limits: limits)
        XCTAssertEqual(caught { _ = try drain(source) }, .csvUnterminatedQuote(path: path, line: 2))
    }

    // MARK: - Blank and trailing rows

    func testBlankLinesAreSkippedButStillCounted() throws {
        let path = try write("blank.csv", "姓名,证件号码\n\n张三,1\n,\n  ,\t\r\n\r\n李四,2\n\n\n")
        let rows = try readAll(path)
        XCTAssertEqual(rows.map(\.cells), [
            [.text("姓名"), .text("证件号码")],
            [.text("张三"), .text("1")],
            [.text("李四"), .text("2")],
        ])
        // Numbers are record numbers: the blank records 2, 4, 5 and 6 still take their numbers.
        XCTAssertEqual(rows.map(\.number), [1, 3, 7])
    }

    func testTrailingRowWithoutNewline() throws {
        let rows = try readAll(try write("tail.csv", "姓名,证件号码\n张三,110101199003070011"))
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(rows[1].number, 2)
        XCTAssertEqual(rows[1].cells, [.text("张三"), .text("110101199003070011")])
        // Ending in a quoted field, and in an empty last field.
        let quoted = try readAll(try write("tail-quoted.csv", "a,b\n\"x\",\"y\"\"\""))
        XCTAssertEqual(quoted[1].cells, [.text("x"), .text("y\"")])
        let empty = try readAll(try write("tail-empty.csv", "a,b\nx,"))
        XCTAssertEqual(empty[1].cells, [.text("x"), .empty])
    }

    func testEmptyFileHasNoRows() throws {
        XCTAssertEqual(try readAll(try write("empty.csv", [])).count, 0)
        XCTAssertEqual(try readAll(try write("bom-only.csv", [0xEF, 0xBB, 0xBF])).count, 0)
        XCTAssertEqual(try readAll(try write("newlines.csv", "\n\r\n\n")).count, 0)
    }

    func testCellsAreTextAndKeepLeadingZerosAndSpaces() throws {
        let rows = try readAll(try write("text.csv", "证件号码,手机,日期\n0101199003070011, 13800138000 ,1990-06-16\n"))
        XCTAssertEqual(rows[1].cells, [.text("0101199003070011"), .text(" 13800138000 "), .text("1990-06-16")])
    }

    // MARK: - Files larger than the 1 MB read chunk

    func testLargeUTF8FileWithACharacterStraddlingTheChunkBoundary() throws {
        // "000000,张三丰\n" is 17 bytes; continuation bytes sit at offsets 8, 9, 11, 12, 14, 15.
        let count = 100_000
        let prefix = Array("编号,姓名,".utf8)
        var body: [UInt8] = []
        body.reserveCapacity(count * 17)
        for index in 0..<count { body += Array(String(format: "%06d,张三丰\n", index).utf8) }
        XCTAssertEqual(body.count, count * 17)
        let bytes = padded(prefix: prefix, body: body, rowLength: 17, midCharacterOffsets: [8, 9, 11, 12, 14, 15])
        XCTAssertEqual(bytes[1 << 20] & 0xC0, 0x80, "the second chunk starts inside a character")

        let path = try write("big-utf8.csv", bytes)
        let source = try CSVRowSource(path: path, encoding: .auto)
        let rows = try drain(source)
        XCTAssertEqual(source.encoding, .utf8, "validation must carry a split sequence across chunks")
        assertLargeRoster(rows, count: count)
    }

    func testLargeGB18030FileWithACharacterStraddlingTheChunkBoundary() throws {
        // "000000,张三丰\n" is 14 bytes in GB18030; second bytes sit at offsets 8, 10 and 12.
        let count = 100_000
        var text = ""
        text.reserveCapacity(count * 17)
        for index in 0..<count { text += String(format: "%06d,张三丰\n", index) }
        let body = try gb18030(text)
        XCTAssertEqual(body.count, count * 14)
        let bytes = padded(prefix: try gb18030("编号,姓名,"), body: body, rowLength: 14, midCharacterOffsets: [8, 10, 12])
        let boundary = 1 << 20
        XCTAssertGreaterThanOrEqual(bytes[boundary - 1], 0x81, "the first chunk ends on a lead byte")

        let path = try write("big-gb.csv", bytes)
        let source = try CSVRowSource(path: path, encoding: .auto)
        let rows = try drain(source)
        XCTAssertEqual(source.encoding, .gb18030)
        assertLargeRoster(rows, count: count)

        // Forced UTF-8 on the same bytes: the header line already fails.
        XCTAssertEqual(caught { _ = try CSVRowSource(path: path, encoding: .utf8) },
                       .csvUndecodable(path: path, line: 1, encoding: "UTF-8"))
    }

    /// Header `prefix` + `x`×n + newline + body, with n chosen so byte 1 MB falls inside a character.
    private func padded(prefix: [UInt8], body: [UInt8], rowLength: Int, midCharacterOffsets: Set<Int>) -> [UInt8] {
        var padding = 0
        while !midCharacterOffsets.contains(((1 << 20) - (prefix.count + padding + 1)) % rowLength) { padding += 1 }
        return prefix + [UInt8](repeating: UInt8(ascii: "x"), count: padding) + [0x0A] + body
    }

    private func assertLargeRoster(_ rows: [RawRow], count: Int, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(rows.count, count + 1, file: file, line: line)
        guard let header = rows.first else { return }
        XCTAssertEqual(header.cells.prefix(2), [.text("编号"), .text("姓名")], file: file, line: line)
        XCTAssertEqual(header.cells.count, 3, file: file, line: line)
        for (index, row) in rows.dropFirst().enumerated() {
            let expected: [CellValue] = [.text(String(format: "%06d", index)), .text("张三丰")]
            if row.number != index + 2 || row.cells != expected {
                XCTFail("row \(index + 2) read as #\(row.number) \(row.cells)", file: file, line: line)
                return
            }
        }
    }

    // MARK: - Opening

    func testRosterFileOpensCSVAndTXTAndRefusesASheetOption() throws {
        let csv = try write("r.csv", "姓名\n张三\n")
        let txt = try write("r.TXT", "姓名\n张三\n")
        XCTAssertTrue(try RosterFile.open(path: csv) is CSVRowSource)
        XCTAssertEqual(try drain(RosterFile.open(path: txt)).map(\.cells), [[.text("姓名")], [.text("张三")]])
        XCTAssertEqual(caught { _ = try RosterFile.open(path: csv, options: RosterOpenOptions(sheet: "花名册")) },
                       .usage(Message(zh: "--sheet 只适用于 .xlsx 花名册", en: "--sheet applies to .xlsx rosters only")))
    }

    func testEncodingNames() {
        XCTAssertEqual(TextEncoding(name: "UTF-8"), .utf8)
        XCTAssertEqual(TextEncoding(name: "utf8-bom"), .utf8)
        XCTAssertEqual(TextEncoding(name: "gb2312"), .gb18030)
        XCTAssertEqual(TextEncoding(name: "CP936"), .gb18030)
        XCTAssertEqual(TextEncoding(name: "auto"), .auto)
        XCTAssertNil(TextEncoding(name: "latin1"))
    }

    // MARK: - Helpers

    private func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }

    private func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: url.path, contents: Data(bytes)) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return url.path
    }

    private func readAll(_ path: String, encoding: TextEncoding = .auto) throws(SSCardError) -> [RawRow] {
        try drain(RosterFile.open(path: path, options: RosterOpenOptions(encoding: encoding)))
    }

    /// GB18030 bytes of `text`, converted by the system's iconv (the test builds its own input).
    private func gb18030(_ text: String) throws -> [UInt8] {
        let input = directory.appendingPathComponent("iconv-in-\(UUID.scratchName)")
        let output = directory.appendingPathComponent("iconv-out-\(UUID.scratchName)")
        try Data(text.utf8).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", "GB18030", "-o", output.path, input.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteInapplicableStringEncoding) }
        return Array(try Data(contentsOf: output))
    }
}

/// The CSV caps and the line named when a file is neither UTF-8 nor GB18030 (issue 7).
final class CSVLimitTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = RosterHarness.temporaryDirectory()
    }

    override func tearDownWithError() throws {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    private func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = directory.appendingPathComponent(name).path
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { throw CocoaError(.fileWriteUnknown) }
        return path
    }

    func testAUTF8RosterWithOneDamagedLineNamesThatLine() throws {
        // 400 lines of UTF-8 Chinese (which is not valid GB18030 throughout), then a lone 0xFF on line 402.
        var text = "姓名,证件号码\n"
        for index in 0..<400 { text += "张三丰\(index),李四\n" }
        let path = try write("damaged.csv", Array(text.utf8) + [0xFF, 0x41, 0x0A])
        XCTAssertEqual(ReaderFixtures.read(path).error, .csvUndecodable(path: path, line: 402, encoding: "UTF-8"))
    }

    func testALineOfCommasStopsAtTheColumnCapNamingTheLine() throws {
        // 5 MB of commas on line 3: without a cap this held millions of cells.
        let line = [UInt8](repeating: 0x2C, count: 5_000_000)
        let path = try write("commas.csv", Array("姓名,证件号码\n张三,1\n".utf8) + line + [0x0A])
        let outcome = ReaderFixtures.read(path)
        XCTAssertEqual(outcome.rows.count, 2)
        XCTAssertEqual(outcome.error, .csvTooManyColumns(path: path, line: 3, limit: 1_000))
        XCTAssertEqual(outcome.error?.exitCode, 2)
        XCTAssertTrue(outcome.error?.message.zh.contains("第 3 行") ?? false)
    }

    func testAThousandColumnsStillRead() throws {
        let header = (1...1_000).map { "c\($0)" }.joined(separator: ",")
        let path = try write("wide.csv", Array((header + "\n" + header + "\n").utf8))
        let outcome = ReaderFixtures.read(path)
        XCTAssertNil(outcome.error)
        XCTAssertEqual(outcome.rows.map(\.cells.count), [1_000, 1_000])
    }

    func testAFieldBeyondOneMebibyteNamesLineAndColumn() throws {
        let field = [UInt8](repeating: 0x41, count: (1 << 20) + 1)
        let path = try write("field.csv", Array("姓名,地址\n张三,".utf8) + field + [0x0A])
        XCTAssertEqual(ReaderFixtures.read(path).error, .csvFieldTooLarge(path: path, line: 2, column: 2, limit: 1 << 20))
    }
}
