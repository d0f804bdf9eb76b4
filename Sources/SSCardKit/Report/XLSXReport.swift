import Foundation
import XLSXWriter

/// `validate --format xlsx`: the report a clerk can work from, streamed in two passes.
///
/// 1. `add(_:)` takes the findings one at a time, in row order (as validation produces them);
///    each becomes a row of 问题清单 at once and is kept in an unlinked scratch file.
/// 2. `writeRoster(_:headers:)` reads the roster again (a fresh `RowSource`) and writes 花名册:
///    every cell as text, at the row number the findings name, a first column 状态, cells with an
///    error red and with a warning yellow, each with a note carrying the message(s).
/// 3. `finish(rows:validRows:)` writes 汇总 (counts per rule and per unit, as-of, input file and
///    its SHA-256) and renames the finished workbook into place (mode 0600).
///
/// libxlsxwriter's constant-memory mode writes each sheet row by row, so memory does not grow with
/// the roster, except for the cell notes, which libxlsxwriter keeps until the file is closed:
/// they stop after `maxNotes` (the fills go on; 汇总 says how many cells have no note).
public final class XLSXReportWriter {
    public static let findingsSheet = "问题清单"
    public static let rosterSheet = "花名册"
    public static let summarySheet = "汇总"
    /// Cell notes written at most (libxlsxwriter holds them in memory until the end).
    public static let defaultMaxNotes = 20_000

    public let style: ReportStyle
    public let inputPath: String
    public let asOf: CivilDate
    public var maxNotes = XLSXReportWriter.defaultMaxNotes

    private let staged: StagedFile
    private var workbook: XLSXWorkbookWriter?
    private let findingsSheet: XLSXWorksheetWriter
    private let rosterSheet: XLSXWorksheetWriter
    private let summarySheet: XLSXWorksheetWriter
    private let formats: Formats
    private let spill: XLSXReportSpill
    private var findingRow = 0
    private var lastFindingRow = Int.min
    private var ruleCounts: [RuleCount: Int] = [:]
    private var units = UnitTally()
    private var notesWritten = 0
    private var notesDropped = 0
    private var rosterWritten = false

    struct Formats {
        let header, text, textError, textWarning, number: XLSXFormat

        init(_ workbook: XLSXWorkbookWriter) {
            header = workbook.format(XLSXStyle(numberFormat: "@", bold: true, fill: 0xDDEBF7))
            text = workbook.format(.text)
            textError = workbook.format(XLSXStyle(numberFormat: "@", fontColor: 0x9C0006, fill: 0xFFC7CE))
            textWarning = workbook.format(XLSXStyle(numberFormat: "@", fontColor: 0x9C5700, fill: 0xFFEB9C))
            number = workbook.format(XLSXStyle(numberFormat: "0"))
        }
    }

    /// Starts the report at `path` for the roster at `inputPath`.
    public init(path: String, inputPath: String, asOf: CivilDate, style: ReportStyle) throws(SSCardError) {
        self.style = style
        self.inputPath = inputPath
        self.asOf = asOf
        staged = try StagedFile(target: path)
        do {
            spill = try XLSXReportSpill(folder: staged.scratchFolder, naming: staged.directory)
            let workbook = try XLSXWorkbookWriter(path: staged.path, constantMemory: true, temporaryDirectory: staged.scratchFolder)
            self.workbook = workbook
            findingsSheet = workbook.addWorksheet(name: Self.findingsSheet)
            rosterSheet = workbook.addWorksheet(name: Self.rosterSheet)
            summarySheet = workbook.addWorksheet(name: Self.summarySheet)
            formats = Formats(workbook)
            findingsSheet.activate()
            try writeFindingsHeader()
        } catch let error as SSCardError {
            staged.discard()
            throw error
        } catch {
            staged.discard()
            throw .cannotWrite(path: path, reason: SystemReason.library("\(error)"))
        }
    }

    deinit { if workbook != nil { workbook = nil; staged.discard() } }

    private var zh: Bool { style.language == .zh }

    /// Gives up: nothing is left at the target.
    public func discard() {
        workbook = nil
        staged.discard()
    }

    private func writing<T>(_ body: () throws(XLSXWriterError) -> T) throws(SSCardError) -> T {
        do { return try body() } catch { throw .cannotWrite(path: staged.target, reason: SystemReason.library("\(error)")) }
    }

    // MARK: pass 1: 问题清单

    static func findingHeaders(_ language: Language) -> [String] {
        language == .zh ? ["行", "列", "规则", "级别", "说明", "值"] : ["Row", "Column", "Rule", "Severity", "Message", "Value"]
    }

    private func writeFindingsHeader() throws(XLSXWriterError) {
        for (index, header) in Self.findingHeaders(style.language).enumerated() {
            try findingsSheet.write(header, row: 0, column: index, format: formats.header)
        }
        for (index, width) in [8.0, 18, 22, 8, 90, 26].enumerated() {
            try findingsSheet.setColumns(index, index, width: width, format: formats.text)
        }
        findingsSheet.freeze(rows: 1)
    }

    /// One finding; they must come in row order (file-level findings, row 0, may come last).
    public func add(_ finding: Finding) throws(SSCardError) {
        findingRow += 1
        let message = style.message(of: finding)
        let severityFormat = finding.severity == .error ? formats.textError : formats.textWarning
        try writing { () throws(XLSXWriterError) in
            try findingsSheet.write(Double(finding.row), row: findingRow, column: 0, format: formats.number)
            try findingsSheet.write(finding.column, row: findingRow, column: 1, format: formats.text)
            try findingsSheet.write(finding.rule.rawValue, row: findingRow, column: 2, format: formats.text)
            try findingsSheet.write(severityLabel(finding.severity), row: findingRow, column: 3, format: severityFormat)
            try findingsSheet.write(message, row: findingRow, column: 4, format: formats.text)
            try findingsSheet.write(style.value(of: finding), row: findingRow, column: 5, format: formats.text)
        }
        ruleCounts[RuleCount(rule: finding.rule, severity: finding.severity), default: 0] += 1
        if finding.row > 0 {
            guard finding.row >= lastFindingRow else {
                throw .internal("findings reached the xlsx report out of row order (\(finding.row) after \(lastFindingRow))")
            }
            lastFindingRow = finding.row
            try spill.append(.init(row: finding.row, field: finding.field, severity: finding.severity, text: message))
        }
    }

    func severityLabel(_ severity: Severity) -> String {
        switch (severity, zh) {
        case (.error, true): "错误"
        case (.warning, true): "警告"
        case (.error, false): "error"
        case (.warning, false): "warning"
        }
    }

    // MARK: pass 2: 花名册

    /// The roster again, from a fresh source: rows above the header as they are, the header with
    /// 状态 in front, then every data row at its own row number.
    public func writeRoster(_ source: any RowSource, headers: HeaderTable) throws(SSCardError) {
        try spill.rewind()
        let recorder = RecordingRowSource(source)
        let columns = try ColumnMap.detect(in: recorder, headers: headers)
        var maskOfColumn: [MaskKind] = []
        var fieldColumn: [String: Int] = [:]
        for (column, field) in columns.mapped {
            while maskOfColumn.count <= column { maskOfColumn.append(.none) }
            maskOfColumn[column] = field.maskKind
            fieldColumn[field.rawValue] = column
        }
        let unitColumn = columns.column(of: .unit)
        try writing { () throws(XLSXWriterError) in
            try rosterSheet.setColumns(0, 0, width: 10, format: formats.text)
            try rosterSheet.setColumns(1, max(1, columns.headers.count), width: 16, format: formats.text)
            rosterSheet.freeze(rows: columns.headerRow, columns: 1)
        }
        for row in recorder.recorded {
            if row.number == columns.headerRow {
                try writing { () throws(XLSXWriterError) in
                    try rosterSheet.write(zh ? "状态" : "Status", row: row.number - 1, column: 0, format: formats.header)
                    for (index, cell) in row.cells.enumerated() {
                        try rosterSheet.write(cell.displayText, row: row.number - 1, column: index + 1, format: formats.header)
                    }
                }
                // A header-row finding (unknown columns) sits on the 状态 header cell.
                let notes = try spill.notes(for: row.number)
                if !notes.isEmpty { try note(notes.map(\.text), row: row.number - 1, column: 0) }
            } else if row.number < columns.headerRow {
                try writing { () throws(XLSXWriterError) in
                    for (index, cell) in row.cells.enumerated() where !cell.isEmpty {
                        try rosterSheet.write(cell.displayText, row: row.number - 1, column: index + 1, format: formats.text)
                    }
                }
            }
        }
        while let row = try source.nextRow() {
            let notes = try spill.notes(for: row.number)
            try writeDataRow(row, notes: notes, masks: maskOfColumn, fieldColumn: fieldColumn)
            let unit = unitColumn.map { Normalizer.normalize(row[$0].displayText, identifier: false) } ?? ""
            units.count(unit, severity: notes.map(\.severity).max())
        }
        rosterWritten = true
    }

    private func writeDataRow(_ row: RawRow, notes: [XLSXReportSpill.Note], masks: [MaskKind], fieldColumn: [String: Int]) throws(SSCardError) {
        let line = row.number - 1
        // Notes by roster column; those on no column (row-level, or a field the roster lacks) go on 状态.
        var byColumn: [Int: (Severity, [String])] = [:]
        for note in notes {
            let column = fieldColumn[note.field].map { $0 + 1 } ?? 0
            let previous = byColumn[column]
            byColumn[column] = (max(previous?.0 ?? .warning, note.severity), (previous?.1 ?? []) + [note.text])
        }
        let worst = notes.map(\.severity).max()
        try writing { () throws(XLSXWriterError) in
            let (status, statusFormat) = switch worst {
            case .error?: (zh ? "有错误" : "errors", formats.textError)
            case .warning?: (zh ? "有警告" : "warnings", formats.textWarning)
            case nil: (zh ? "通过" : "passed", formats.text)
            }
            try rosterSheet.write(status, row: line, column: 0, format: statusFormat)
            let width = max(row.cells.count, (byColumn.keys.max() ?? 0))
            for index in 0..<width {
                let cell = row[index]
                var text = cell.displayText
                if !style.showPII, index < masks.count, masks[index] != .none, !cell.isEmpty { text = masks[index].mask(text) }
                let format = switch byColumn[index + 1]?.0 {
                case .error?: formats.textError
                case .warning?: formats.textWarning
                case nil: formats.text
                }
                if text.isEmpty && byColumn[index + 1] == nil { continue }
                try rosterSheet.write(text, row: line, column: index + 1, format: format)
            }
        }
        for (column, entry) in byColumn.sorted(by: { $0.key < $1.key }) {
            try note(entry.1, row: line, column: column)
        }
    }

    private func note(_ messages: [String], row: Int, column: Int) throws(SSCardError) {
        guard notesWritten < maxNotes else {
            notesDropped += 1
            return
        }
        notesWritten += 1
        let text = messages.joined(separator: "\n")
        let lines = messages.reduce(0) { $0 + 1 + $1.count / 40 }
        try writing { () throws(XLSXWriterError) in
            try rosterSheet.comment(row: row, column: column, text, author: "sscard", width: 320, height: min(400, 30 + 16 * lines))
        }
    }

    // MARK: 汇总 and the file

    /// Writes 汇总 and puts the workbook in place.
    public func finish(rows: Int, validRows: Int) throws(SSCardError) {
        let sha = try fileSHA256(inputPath)
        try writing { () throws(XLSXWriterError) in
            try findingsSheet.autofilter(rows: 0, max(findingRow, 1), columns: 0, 5)
            try XLSXReportSummary(writer: self, formats: formats, sheet: summarySheet).write(
                sha256: sha, rows: rows, validRows: validRows, ruleCounts: ruleCounts, units: rosterWritten ? units : nil,
                notesWritten: notesWritten, notesDropped: notesDropped)
            try workbook?.close()
        }
        workbook = nil
        try staged.commit()
    }
}

/// A rule at one severity (a rule's severity can be raised, as for an ID Excel rounded).
struct RuleCount: Hashable {
    let rule: RuleID
    let severity: Severity
}

/// Rows per unit of the second pass, by worst severity (distinct units capped, the rest pooled).
struct UnitTally {
    struct Counts { var rows = 0, passed = 0, errors = 0, warnings = 0 }
    static let maxUnits = 2000
    var order: [String] = []
    var counts: [String: Counts] = [:]

    mutating func count(_ unit: String, severity: Severity?) {
        var key = unit
        if counts[key] == nil {
            if counts.count >= Self.maxUnits { key = "…" }
            if counts[key] == nil { order.append(key); counts[key] = Counts() }
        }
        counts[key]!.rows += 1
        switch severity {
        case .error?: counts[key]!.errors += 1
        case .warning?: counts[key]!.warnings += 1
        case nil: counts[key]!.passed += 1
        }
    }
}

/// A row source that remembers the rows read through it (the rows up to the header).
final class RecordingRowSource: RowSource {
    private let source: any RowSource
    private(set) var recorded: [RawRow] = []

    init(_ source: any RowSource) { self.source = source }

    var path: String { source.path }

    func nextRow() throws(SSCardError) -> RawRow? {
        let row = try source.nextRow()
        if let row { recorded.append(row) }
        return row
    }
}
