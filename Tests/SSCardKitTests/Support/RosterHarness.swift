import Foundation
import XCTest
@testable import SSCardKit

/// Writes small rosters to a temporary folder and validates them through the real pipeline.
enum RosterHarness {
    static let asOf = CivilDate(year: 2026, month: 12, day: 1)!

    /// A resident ID with a correct check digit.
    static func residentID(_ body17: String) -> String { body17 + String(IdentityNumber.checkCharacter(body17)!) }

    /// One person who passes every rule (as of 2026-12-01).
    static var validPerson: [String: String] {
        [
            "姓名": "张三", "证件类型": "居民身份证(户口簿)", "证件号码": residentID("51010719900307123"), "国籍": "中国",
            "性别": "男", "出生日期": "1990-03-07", "民族": "汉族", "手机号码": "13800138000",
            "参保单位编号": "325520", "参保单位名称": "中智四川经济技术合作有限公司",
            "现今工作单位": "研发中心", "证件发证机关": "成都市公安局武侯分局", "证件有效期": "2016.05.10-2036.05.10",
            "户口所在地址": "四川省成都市武侯区洗面桥横街1号", "常住地址": "四川省成都市武侯区洗面桥横街1号", "邮政编码": "610041",
            "职业": "2", "学历": "本科", "开户银行": "成都银行", "银行网点": "武侯支行", "已有照片": "否",
        ]
    }

    static let headers = ["姓名", "证件类型", "证件号码", "国籍", "性别", "出生日期", "民族", "手机号码", "参保单位编号", "参保单位名称",
                          "现今工作单位", "证件发证机关", "证件有效期", "户口所在地址", "常住地址", "邮政编码", "职业", "学历",
                          "开户银行", "银行网点", "已有照片", "监护人姓名", "监护人证件类型", "监护人证件号码", "监护人手机号码", "监护人与申请人关系"]

    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sscard-tests-\(UUID.scratchName)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func csv(_ rows: [[String: String]], headers: [String] = headers) -> String {
        func quote(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        return ([headers.map(quote).joined(separator: ",")] + rows.map { row in headers.map { quote(row[$0] ?? "") }.joined(separator: ",") })
            .joined(separator: "\n") + "\n"
    }

    /// Validates the rows as a UTF-8 CSV roster.
    static func validate(_ rows: [[String: String]], headers: [String] = headers, units: String? = nil,
                         profile: Profile = .chengdu, asOf: CivilDate = asOf) throws -> ValidationReport {
        let folder = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("roster.csv").path
        try csv(rows, headers: headers).write(toFile: path, atomically: true, encoding: .utf8)
        var request = ValidationRequest(rosterPath: path, asOf: asOf)
        request.profile = profile
        if let units {
            let unitsPath = folder.appendingPathComponent("units.csv").path
            try units.write(toFile: unitsPath, atomically: true, encoding: .utf8)
            request.unitsPath = unitsPath
        }
        return try Validation.run(request, schemas: SchemaDirectory.locate())
    }

    /// The rule ids found for one person whose fields are changed by `changes` ("" empties a field).
    static func rules(_ changes: [String: String], units: String? = nil, profile: Profile = .chengdu) throws -> [String] {
        var person = validPerson
        for (key, value) in changes { person[key] = value }
        return try validate([person], units: units, profile: profile).findings.map(\.rule.rawValue)
    }
}
