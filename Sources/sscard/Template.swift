import ArgumentParser
import Foundation
import SSCardKit

extension SSCard {
    struct Template: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a roster workbook for clerks: text ID cells, drop-downs, date checks, notes and a guide.",
            discussion: """
            Sheets: 花名册 (the roster, header row in schemas/headers.tsv order, required columns marked *), \
            填写说明 (the rules clerks get wrong) and the hidden 代码表 (the drop-down lists). \
            An existing file is never overwritten unless --force is given.
            """
        )

        @Option(name: .shortAndLong, help: "The workbook to write (mode 0600).")
        var output: String = "roster.xlsx"

        @Option(name: .long, help: "Units directory: 现今工作单位 becomes a drop-down, 二级单位/三级单位 follow it.")
        var units: String?

        @Option(name: .long, help: "Profile JSON (code schemes, required columns, photo spec, validity window).")
        var profile: String?

        @Flag(name: .long, help: "Replace an existing file.")
        var force = false

        @OptionGroup var outputOptions: OutputOptions

        func run() throws {
            let language = outputOptions.language()
            guard output.lowercased().hasSuffix(".xlsx") else {
                throw SSCardError.usage(Message(zh: "-o 须以 .xlsx 结尾，而不是「\(output)」", en: "-o must end in .xlsx, not '\(output)'"))
            }
            if FileManager.default.fileExists(atPath: output), !force {
                throw SSCardError.usage(Message(
                    zh: "\(output) 已存在，未覆盖（它可能是已填写的花名册）；请换一个文件名，或加 --force 覆盖",
                    en: "\(output) exists and was left alone (it may be a filled-in roster); name another file or add --force"))
            }
            let rules = try profile.map { try Profile.load(path: $0) } ?? .chengdu
            let reference = try ReferenceData(directory: SchemaDirectory.locate(), profile: rules)
            let directory = try units.map { try UnitDirectory.load(path: $0) }
            let template = RosterTemplate(reference: reference, profile: rules, units: directory, language: language)
            try template.write(to: output)
            let columns = template.columns.count
            print(language == .zh
                  ? "已写入 \(output)：花名册 \(columns) 列（前 \(RosterTemplate.preparedRows) 行已设为文本格式并带下拉列表）、填写说明、代码表（隐藏）"
                  : "wrote \(output): 花名册 with \(columns) columns (the first \(RosterTemplate.preparedRows) rows formatted as text, with drop-downs), 填写说明, 代码表 (hidden)")
        }
    }
}
