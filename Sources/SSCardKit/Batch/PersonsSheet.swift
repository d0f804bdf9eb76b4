import Foundation
import XLSXWriter

/// persons.xlsx: sheet 人员信息 (one row per person, the bureau's column order, every cell a
/// text cell with the text format `@`, bold frozen header, widths, autofilter) and sheet
/// 批次信息 (the batch's facts). Every value is written with `worksheet_write_string`, which
/// never makes a formula: a cell starting with `=`, `+`, `-` or `@` stays text that no
/// spreadsheet evaluates, and keeps its exact characters (no apostrophe is added).
enum PersonsSheet {
    static let personsSheet = "人员信息"
    static let infoSheet = "批次信息"

    struct Facts {
        let batchID: String
        let employerCode: String
        let employerName: String
        let createdAt: String
        let persons: Int
    }

    /// Writes the workbook to `path` (its temporary files go to `temporaryDirectory`).
    static func write(rows: [[String]], columns: BatchColumns, facts: Facts, to path: String,
                      temporaryDirectory: String) throws(SSCardError) {
        do {
            let workbook = try XLSXWorkbookWriter(path: path, constantMemory: true, temporaryDirectory: temporaryDirectory)
            try workbook.setProperties(title: facts.batchID, author: BatchManifest.generator, company: facts.employerName,
                                       created: BatchClock.workbookCreated(facts.createdAt))
            let text = workbook.textFormat()
            let header = workbook.boldTextFormat()
            let sheet = workbook.addWorksheet(name: personsSheet)
            for (index, column) in columns.columns.enumerated() {
                let widest = rows.reduce(displayWidth(column.header)) { max($0, displayWidth($1[index])) }
                try sheet.setColumns(index, index, width: Double(min(60, max(6, widest + 2))), format: text)
            }
            sheet.freezePanes(row: 1, column: 0)
            try sheet.autofilter(firstRow: 0, firstColumn: 0, lastRow: max(1, rows.count), lastColumn: columns.columns.count - 1)
            for (index, column) in columns.columns.enumerated() { try sheet.write(column.header, row: 0, column: index, format: header) }
            for (number, cells) in rows.enumerated() {
                for (index, value) in cells.enumerated() where !value.isEmpty {
                    try sheet.write(value, row: number + 1, column: index, format: text)
                }
            }
            let info = workbook.addWorksheet(name: infoSheet)
            try info.setColumns(0, 0, width: 14, format: text)
            try info.setColumns(1, 1, width: 44, format: text)
            let lines: [(String, String)] = [("批次号", facts.batchID), ("参保单位编号", facts.employerCode), ("参保单位名称", facts.employerName),
                                             ("创建时间", facts.createdAt), ("人数", "\(facts.persons)"), ("生成程序", BatchManifest.generator)]
            for (row, line) in lines.enumerated() {
                try info.write(line.0, row: row, column: 0, format: header)
                try info.write(line.1, row: row, column: 1, format: text)
            }
            try workbook.close()
        } catch {
            throw .cannotWrite(path: path, reason: SystemReason.library("\(error)"))
        }
    }

    /// Columns a text takes in a spreadsheet: two for a CJK character, one otherwise.
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) }
    }
}
