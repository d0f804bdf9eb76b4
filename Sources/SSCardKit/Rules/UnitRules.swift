extension RosterValidator {
    func checkUnitAndCodes() {
        if record[.employerCode] == nil { reportMissing(.employerCode, .employerMissing, what: "参保单位编号", "the employer code") }
        if record[.employerName] == nil { reportMissing(.employerName, .employerMissing, what: "参保单位名称", "the employer name") }
        var directoryUnit: UnitDirectory.Unit?
        if let unit = record.text(.unit) {
            if let units {
                directoryUnit = units.lookup(unit)
                if directoryUnit == nil {
                    report(.unit, .unitUnknown, Message(
                        zh: "现今工作单位「{value}」不在单位目录中；请从单位目录中选择，否则无法分配开户银行",
                        en: "work unit '{value}' is not in the units directory; pick one from it, or no bank can be assigned"))
                }
            }
        } else {
            report(.unit, .unitMissing, Message(
                zh: "现今工作单位为空；没有它就无法分配开户银行、无法制卡，请填写",
                en: "the work unit is empty; without it no bank can be assigned and no card is made, fill it in"), value: "")
        }
        lastUnit = directoryUnit
        checkBank(directoryUnit: directoryUnit)
        checkCode(.occupation, table: reference.occupations, rule: .codeOccupation, required: profile.requireOccupation, zh: "职业", en: "occupation")
        checkCode(.education, table: reference.education, rule: .codeEducation, required: profile.requireEducation, zh: "学历", en: "education")
        checkCode(.ethnicity, table: reference.ethnicities, rule: .codeEthnicity, required: false, zh: "民族", en: "ethnicity")
        if let onFile = record.text(.photoOnFile), PhotoOnFile(text: onFile) == nil {
            report(.photoOnFile, .photoOnFileFormat, Message(zh: "已有照片「{value}」无法识别；请填写 是 或 否",
                                                             en: "photo on file '{value}' is not recognised; use 是 (yes) or 否 (no)"))
        }
    }

    /// The bank comes from the units directory when the unit is listed there, else from the roster.
    func checkBank(directoryUnit: UnitDirectory.Unit?) {
        if let directoryUnit, !directoryUnit.bank.isEmpty {
            if reference.banks.lookup(directoryUnit.bank) == nil {
                report(.bank, .codeBank, Message(
                    zh: "单位目录中「\(directoryUnit.name)」的开户银行「{value}」不是六家发卡银行之一；请更正单位目录",
                    en: "the units directory gives '\(directoryUnit.name)' the bank '{value}', which is not one of the six card banks; correct the directory"),
                    value: directoryUnit.bank)
            }
            return
        }
        guard let bank = record.text(.bank) else {
            // With a directory, a unit it does not know (or no unit) is already reported: its bank is
            // the same cause, not a second finding. // h8-clerk
            if directoryUnit != nil || units == nil {
                report(.bank, .codeBank, Message(
                    zh: "开户银行为空；请选择: \(reference.banks.entries.map(\.name).joined(separator: "、"))",
                    en: "the bank is empty; choose one of: \(reference.banks.entries.map(\.name).joined(separator: ", "))"), value: "")
            }
            return
        }
        if reference.banks.lookup(bank) == nil {
            report(.bank, .codeBank, Message(
                zh: "开户银行「{value}」不是发卡银行；请选择: \(reference.banks.entries.map(\.name).joined(separator: "、"))",
                en: "bank '{value}' does not issue the card; choose one of: \(reference.banks.entries.map(\.name).joined(separator: ", "))"))
        }
    }

    func checkCode(_ field: Field, table: CodeTable, rule: RuleID, required: Bool, zh: String, en: String) {
        guard let text = record.text(field) else {
            if required {
                let legend = legendOnce(field, table)
                report(field, rule, Message(zh: "\(zh)为空；请填写代码或名称\(legend.zh)",
                                            en: "\(en) is empty; enter a code or name\(legend.en)"), value: "")
            }
            return
        }
        if table.lookup(text) == nil {
            let legend = legendOnce(field, table)
            report(field, rule, Message(zh: "\(zh)「{value}」不在代码表中；请填写\(legend.zh)",
                                        en: "\(en) '{value}' is not in the code table; use one of them\(legend.en)"))
        }
    }

    /// The code table the first time a report needs it; later a pointer to that row. // h8-clerk
    func legendOnce(_ field: Field, _ table: CodeTable) -> Message {
        if let row = quotedTables[field.rawValue], row != record.row {
            return Message(zh: "（代码表见第 \(row) 行）", en: " (the code table is quoted on row \(row))")
        }
        quotedTables[field.rawValue] = record.row
        return Message(zh: ": \(table.legend)", en: ": \(table.legend)")
    }
}

/// 已有照片: whether the platform already holds the person's photo.
public enum PhotoOnFile {
    case yes, no

    public init?(text: String) {
        if text == "是" { self = .yes; return }
        if text == "否" { self = .no; return }
        switch Normalizer.key(text) {
        case "是", "有", "y", "yes", "true", "1", "已有": self = .yes
        case "否", "无", "没有", "n", "no", "false", "0": self = .no
        default: return nil
        }
    }
}
