import Foundation
import SSCardKit
import XCTest

/// One roster that triggers every rule id, run through the binary in every report format (xlsx too) and
/// through the store commands: no ID number, phone number or address from it appears unmasked
/// anywhere unless `--show-pii` is given.
final class PIISweepTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-sweep-\(UUID.scratchName)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    static func residentID(_ body: String) -> String {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body.utf8, weights).reduce(0) { $0 + Int($1.0 - 48) * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    func run(_ arguments: [String]) throws -> CommandRun {
        try CommandRun.sscard(arguments, environment: ["LANG": "C.UTF-8"])
    }

    func vips(_ arguments: [String]) throws {
        guard let path = ["/usr/bin/vips", "/usr/local/bin/vips"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw XCTSkip("needs the vips command (Debian package libvips-tools)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "vips \(arguments)")
    }

    /// Writes the roster (the sample plus one row per remaining rule) and its images; returns the PII in it.
    func buildRoster() throws -> (roster: String, photos: String, cards: String, profile: String, pii: [String], typeNumber: String,
                                  guardianNumber: String) {
        let root = BinaryTests.root.appendingPathComponent("samples")
        let lines = try String(contentsOf: root.appendingPathComponent("roster.csv"), encoding: .utf8)
            .replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let header = lines[0].components(separatedBy: ",")
        var rows = lines.dropFirst().map { line in Dictionary(uniqueKeysWithValues: zip(header, line.components(separatedBy: ","))) }
        let template = rows[1]  // 李娜: no findings
        var seq = 100
        func person(_ changes: [String: String]) -> [String: String] {
            seq += 1
            var row = template
            row["证件号码"] = Self.residentID("51010419921103\(seq)")
            row["手机号码"] = "139123\(String(format: "%05d", seq))"
            row["户口所在地址"] = "四川省成都市青羊区人民中路\(seq)号"
            row["常住地址"] = "四川省成都市金牛区一环路\(seq)号"
            row["邮寄地址"] = "四川省成都市成华区建设路\(seq)号"
            for (key, value) in changes { row[key] = value }
            return row
        }
        let typeNumber = Self.residentID("91015619900307123")
        let guardianNumber = Self.residentID("91015619700307456")
        rows += [
            person(["证件号码": "51010419921103"]),                                          // id.format
            person(["证件号码": "510104199213450011"]),                                      // id.birthdate
            person(["证件号码": "000104199211030011"]),                                      // id.province
            person(["证件号码": Self.residentID("51999919921103002")]),                      // id.region
            person(["证件号码": "510104921103002"]),                                         // id.legacy15
            person(["出生日期": "1992-11-04"]),                                               // id.birth-mismatch
            person(["国籍": "德国"]),                                                         // id.nationality
            person(["证件号码": typeNumber]),                                                 // id.type (the leak of issue 7)
            person(["监护人姓名": "李大", "监护人证件号码": guardianNumber, "监护人手机号码": "13712345678"]),  // id.type, guardian
            person(["证件类型": "护照", "证件号码": "E87654321", "国籍": "德国", "民族": "", "社保号码": ""]),  // si.missing
            person(["证件有效期": ""]),                                                       // expiry.missing
            person(["证件有效期": "2016年5月"]),                                               // expiry.format
            person(["证件有效期": "2027.01.01-2047.01.01"]),                                  // expiry.start-future
            person(["证件号码": Self.residentID("51010419500101004"), "出生日期": "1950-01-01"]),  // expiry.span
            person(["手机号码": "13698765432"]), person(["手机号码": "13698765432"]),          // phone.duplicate
            person(["户口所在地址": ""]),                                                     // address.missing
            person(["证件发证机关": ""]),                                                     // issuer.missing
            person(["参保单位编号": "", "参保单位名称": ""]),                                  // employer.missing
            person(["职业": "宇航员"]),                                                       // code.occupation
            person(["开户银行": "火星银行", "现今工作单位": "火星部"]),                        // code.bank (a unit not in the directory)
            person(["民族": "火星族"]),                                                       // code.ethnicity
            person(["姓名": ""]),                                                             // name.missing
            person(["姓名": "李娜2"]),                                                        // name.charset
            person(["性别": "X"]),                                                            // gender.format
            person(["出生日期": "1992年"]),                                                   // birth.format
            person(["已有照片": "也许"]),                                                     // photo-on-file.format
            person(["姓名": "阿依•古丽"]),                                                    // name.middle-dot
            person(["常住地址": "四川省成都市" + String(repeating: "高新区天府大道北段", count: 12)]),  // address.too-long
            ["姓名": "合计：4人"],                                                            // roster.not-a-person
            person(["__extra": "一环路7号"]),                                                 // roster.extra-cells
            person(["出生日期": "33005"]),                                                    // date.excel-serial
        ]
        let unreadable = person(["已有照片": "否"]), bright = person(["已有照片": "否"]), cast = person(["已有照片": "否"])
        let frontMissing = person([:]), conflict = person([:])
        rows += [unreadable, bright, cast, frontMissing, conflict]

        let fullHeader = header + ["自定义列", "联系电话"]                                   // roster.unknown-column, roster.duplicate-column
        let csv = ([fullHeader.joined(separator: ",")] + rows.map { row in
            (fullHeader.map { row[$0] ?? "" } + (row["__extra"].map { [$0] } ?? [])).joined(separator: ",")
        })
            .joined(separator: "\n") + "\n"
        let roster = folder.appendingPathComponent("sweep.csv")
        try csv.write(to: roster, atomically: true, encoding: .utf8)

        // The sample images (photo and ID-card rules, file.orphan), plus the rules they lack.
        let photos = folder.appendingPathComponent("photos"), cards = folder.appendingPathComponent("idcards")
        try FileManager.default.copyItem(at: root.appendingPathComponent("photos"), to: photos)
        try FileManager.default.copyItem(at: root.appendingPathComponent("idcards"), to: cards)
        let good = root.appendingPathComponent("photos/510104199211030624.jpg").path
        try Data("not a photo".utf8).write(to: photos.appendingPathComponent("\(unreadable["证件号码"]!).jpg"))   // photo.unreadable
        try vips(["linear", good, photos.appendingPathComponent("\(bright["证件号码"]!).jpg").path, "1", "60"])      // photo.exposure
        try vips(["linear", good, photos.appendingPathComponent("\(cast["证件号码"]!).jpg").path, "0.75 1.0 1.15", "0 0 0"])  // photo.color-cast
        let card = root.appendingPathComponent("idcards/510104199211030624_人像面.jpg")
        try FileManager.default.copyItem(at: root.appendingPathComponent("idcards/510104199211030624_国徽面.jpg"),
                                         to: cards.appendingPathComponent("\(frontMissing["证件号码"]!)_国徽面.jpg"))  // idcard.missing-front
        for name in ["_人像面.jpg", "_正面.jpg", "_国徽面.jpg"] {                                                  // file.conflict
            try FileManager.default.copyItem(at: card, to: cards.appendingPathComponent(conflict["证件号码"]! + name))
        }
        // photo.filesize: the largest sample photo (113 KB) is over a 100 KB limit.
        let profile = folder.appendingPathComponent("profile.json")
        try #"{"photo_max_bytes": 100000}"#.write(to: profile, atomically: true, encoding: .utf8)

        var pii = Set<String>()
        for row in rows {
            for key in ["证件号码", "社保号码", "监护人证件号码", "手机号码", "监护人手机号码", "户口所在地址", "常住地址", "邮寄地址"] {
                // Excel's rounded 5.10107E+17 carries six digits, not a number; short values are no person's.
                if let value = row[key], value.count >= 9, !value.contains("E+") { pii.insert(value) }
            }
        }
        return (roster.path, photos.path, cards.path, profile.path, pii.sorted(), typeNumber, guardianNumber)
    }

    func testEveryRuleFiresAndNoPersonalDataLeaksInAnyOutput() throws {
        let input = try buildRoster()
        let common = [input.roster, "--units", BinaryTests.root.appendingPathComponent("samples/units.csv").path,
                      "--photos", input.photos, "--idcards", input.cards, "--profile", input.profile]
        var masked: [(String, String)] = []
        var shown: [(String, String)] = []

        // validate, every format, to standard output and to a file.
        for format in ReportFormat.allCases.map(\.rawValue) {
            for language in ["en", "zh"] {
                let arguments = ["validate"] + common + ["--as-of", "2026-12-01", "--format", format, "--lang", language]
                let plain = try run(arguments)
                XCTAssertEqual(plain.status, 1, plain.stderr)
                masked.append(("validate \(format) \(language)", plain.stdout + plain.stderr))
                let file = folder.appendingPathComponent("report-\(language).\(format)").path
                let toFile = try run(arguments + ["-o", file])
                masked.append(("validate -o \(format) \(language)", try String(contentsOfFile: file, encoding: .utf8) + toFile.stdout + toFile.stderr))
                let pii = try run(arguments + ["--show-pii"])
                shown.append(("validate \(format) \(language) --show-pii", pii.stdout + pii.stderr))
                if format == "json" && language == "en" {
                    let object = try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as! [String: Any]
                    let fired = Set((object["findings"] as! [[String: Any]]).map { $0["rule"] as! String })
                    // A sheet passed over needs a workbook (ClerkFilesTests, ClerkFilesBinaryTests).
                    for rule in RuleID.allCases where rule != .rosterSheet {
                        XCTAssertTrue(fired.contains(rule.rawValue), "\(rule.rawValue) is not triggered by the sweep roster; add a row for it")
                    }
                }
            }
        }

        // The annotated workbook (--format xlsx): every sheet, the cell notes and the 汇总 sheet, as
        // the text of every part of the zip.
        for language in ["en", "zh"] {
            for pii in [false, true] {
                let file = folder.appendingPathComponent("report-\(language)-\(pii).xlsx").path
                let result = try run(["validate"] + common + ["--as-of", "2026-12-01", "--format", "xlsx", "-o", file, "--lang", language]
                                     + (pii ? ["--show-pii"] : []))
                XCTAssertEqual(result.status, 1, result.stderr)
                let parts = try CommandRun.run(URL(fileURLWithPath: "/usr/bin/unzip"), ["-p", file], environment: [:], in: folder)
                XCTAssertEqual(parts.status, 0, parts.stderr)
                XCTAssertTrue(parts.stdout.contains("问题清单") && parts.stdout.contains("<comment"), "not the annotated workbook: \(file)")
                let text = parts.stdout + result.stdout + result.stderr
                if pii {
                    // The unzipped text is where a value would show: with --show-pii, there it is.
                    for value in [input.typeNumber, input.guardianNumber, "四川省成都市锦江区东大街下东大街段99号2栋2单元202"] {
                        XCTAssertTrue(parts.stdout.contains(value), "xlsx \(language) --show-pii should show \(value)")
                    }
                    shown.append(("validate xlsx \(language) --show-pii", text))
                } else {
                    masked.append(("validate xlsx \(language)", text))
                }
            }
        }

        // The store: import, then list, show, status and log.
        let store = folder.appendingPathComponent("s.db").path
        let storeArgs = ["--store", store, "--as-of", "2026-12-01T09:00"]
        let imported = try run(["import"] + common + storeArgs + ["--format", "json"])
        XCTAssertTrue([0, 1].contains(imported.status), imported.stderr)
        masked.append(("import", imported.stdout + imported.stderr))
        let people = ["510104199211030624", input.typeNumber, "C01X00T47", Self.residentID("51010419921103109"), "510107198804120312"]
        for format in ["text", "json"] {
            for pii in [false, true] {
                var outputs = ""
                for arguments in [["list"], ["status"], ["log"]] + people.map({ ["show", $0] }) {
                    let result = try run(arguments + storeArgs + ["--format", format] + (pii ? ["--show-pii"] : []))
                    XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
                    outputs += result.stdout + result.stderr
                }
                if pii { shown.append(("store \(format) --show-pii", outputs)) } else { masked.append(("store \(format)", outputs)) }
            }
        }
        let missing = try run(["show", input.guardianNumber] + storeArgs)
        XCTAssertEqual(missing.status, 2)
        masked.append(("error message", missing.stdout + missing.stderr))

        for (what, text) in masked {
            XCTAssertFalse(text.isEmpty, what)
            for value in input.pii where text.contains(value) {
                XCTFail("\(what) shows \(value) unmasked")
            }
        }
        // With --show-pii the numbers and addresses are there in full.
        let all = shown.map(\.1).joined()
        for value in [input.typeNumber, input.guardianNumber, "13631355045", "510104199211030624", "C01X00T47",
                      "四川省成都市锦江区东大街下东大街段99号2栋2单元202"] {
            XCTAssertTrue(all.contains(value), "--show-pii should show \(value)")
        }
        XCTAssertTrue(shown.first { $0.0.hasPrefix("validate json en") }!.1.contains(input.typeNumber))
    }
}
