import XLSXWriter

/// The 汇总 sheet of the xlsx report: the input, the as-of date, the counts per rule and per unit.
struct XLSXReportSummary {
    let writer: XLSXReportWriter
    let formats: XLSXReportWriter.Formats
    let sheet: XLSXWorksheetWriter

    func write(sha256: String, rows: Int, validRows: Int, ruleCounts: [RuleCount: Int], units: UnitTally?,
               notesWritten: Int, notesDropped: Int) throws(XLSXWriterError) {
        let zh = writer.style.language == .zh
        try sheet.setColumns(0, 0, width: 28, format: formats.text)
        try sheet.setColumns(1, 1, width: 70, format: formats.text)
        try sheet.setColumns(2, 4, width: 12)
        var line = 0
        func pair(_ label: String, _ value: String) throws(XLSXWriterError) {
            try sheet.write(label, row: line, column: 0, format: formats.header)
            try sheet.write(value, row: line, column: 1, format: formats.text)
            line += 1
        }
        func count(_ label: String, _ value: Int) throws(XLSXWriterError) {
            try sheet.write(label, row: line, column: 0, format: formats.header)
            try sheet.write(Double(value), row: line, column: 1, format: formats.number)
            line += 1
        }
        let errors = ruleCounts.filter { $0.key.severity == .error }.values.reduce(0, +)
        try pair(zh ? "输入文件" : "Input file", writer.inputPath)
        try pair("SHA-256", sha256)
        try pair(zh ? "核对日期" : "As of", writer.asOf.description)
        try count(zh ? "数据行数" : "Data rows", rows)
        try count(zh ? "无错误的行" : "Rows without errors", validRows)
        try count(zh ? "错误" : "Errors", errors)
        try count(zh ? "警告" : "Warnings", ruleCounts.values.reduce(0, +) - errors)
        try pair(zh ? "个人信息" : "Personal data", writer.style.showPII
                 ? (zh ? "未遮盖（--show-pii）：请妥善保管本文件" : "unmasked (--show-pii): keep this file safe")
                 : (zh ? "证件号码、手机号码、地址已遮盖" : "ID numbers, phones and addresses masked"))
        if notesDropped > 0 {
            try pair(zh ? "批注" : "Notes", zh
                ? "花名册中前 \(notesWritten) 个有问题的单元格带批注，其余 \(notesDropped) 个只标颜色；全部说明见「问题清单」"
                : "the first \(notesWritten) flagged cells of 花名册 carry notes, the other \(notesDropped) are coloured only; every message is in 问题清单")
        }
        line += 1
        let ruleHeaders: [String] = zh ? ["规则", "级别", "数量"] : ["Rule", "Severity", "Count"]
        for (index, header) in ruleHeaders.enumerated() {
            try sheet.write(header, row: line, column: index, format: formats.header)
        }
        line += 1
        let sorted = ruleCounts.sorted { ($0.key.rule.rawValue, $0.key.severity == .error ? 0 : 1) < ($1.key.rule.rawValue, $1.key.severity == .error ? 0 : 1) }
        for (key, number) in sorted {
            try sheet.write(key.rule.rawValue, row: line, column: 0, format: formats.text)
            try sheet.write(writer.severityLabel(key.severity), row: line, column: 1, format: key.severity == .error ? formats.textError : formats.textWarning)
            try sheet.write(Double(number), row: line, column: 2, format: formats.number)
            line += 1
        }
        guard let units else { return }
        line += 1
        let unitHeaders: [String] = zh ? ["现今工作单位", "行数", "通过", "有错误", "有警告"] : ["Work unit", "Rows", "Passed", "With errors", "With warnings"]
        for (index, header) in unitHeaders.enumerated() {
            try sheet.write(header, row: line, column: index, format: formats.header)
        }
        line += 1
        for unit in units.order {
            guard let tally = units.counts[unit] else { continue }
            try sheet.write(unit.isEmpty ? (zh ? "（空）" : "(empty)") : unit, row: line, column: 0, format: formats.text)
            for (index, value) in [tally.rows, tally.passed, tally.errors, tally.warnings].enumerated() {
                try sheet.write(Double(value), row: line, column: index + 1, format: formats.number)
            }
            line += 1
        }
    }
}
