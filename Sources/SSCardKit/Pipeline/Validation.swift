import Foundation

/// What `validate` reads: a roster and, optionally, a units directory and a profile.
public struct ValidationRequest: Sendable {
    public var rosterPath: String
    public var open = RosterOpenOptions()
    public var unitsPath: String?
    public var photosPath: String?
    public var idCardsPath: String?
    public var profile = Profile.chengdu
    public var asOf: CivilDate
    /// Called now and then with the number of rows done (for a progress line on a terminal).
    public var progress: (@Sendable (Int) -> Void)?

    public init(rosterPath: String, asOf: CivilDate) {
        self.rosterPath = rosterPath
        self.asOf = asOf
    }
}

/// The outcome of a validate-only pass with every finding in memory (tests, small callers;
/// `validate` streams its findings to a `ReportWriter` instead).
public struct ValidationReport: Sendable {
    public let summary: ValidationSummary
    public let findings: [Finding]

    public var input: String { summary.input }
    public var asOf: CivilDate { summary.asOf }
    /// Data rows read (blank rows are not counted).
    public var rows: Int { summary.rows }
    /// Rows without any error.
    public var validRows: Int { summary.validRows }
    public var errorCount: Int { summary.errors }
    public var warningCount: Int { summary.warnings }
}

/// file → rows → records → findings, streaming.
public enum Validation {
    /// Everything known about one row once it has been checked (for `import`).
    public struct RowResult: Sendable {
        public let record: RosterRecord
        public let findings: [Finding]
        public let identity: Identity
        public let unit: UnitDirectory.Unit?
        public let images: [ImageCatalog.Slot: ImageFile]
        public let headers: [String]
    }

    /// Validates the roster, keeping every finding in memory.
    public static func run(_ request: ValidationRequest, schemas: URL) throws(SSCardError) -> ValidationReport {
        let collector = FindingCollector()
        let summary = try run(request, schemas: schemas, sink: collector, onRow: nil)
        return ValidationReport(summary: summary, findings: collector.findings)
    }

    /// Validates the roster, handing each finding to `sink` as it is made; only counts are kept.
    public static func run(_ request: ValidationRequest, schemas: URL, sink: some FindingSink) throws(SSCardError) -> ValidationSummary {
        try run(request, schemas: schemas, sink: sink, onRow: nil)
    }

    /// Validates the roster, handing each row and its findings to `onRow` as it goes (file order).
    @discardableResult
    public static func run(_ request: ValidationRequest, schemas: URL,
                           onRow: @escaping (RowResult) throws(SSCardError) -> Void) throws(SSCardError) -> ValidationSummary {
        try run(request, schemas: schemas, sink: nil as FindingCollector?, onRow: onRow)
    }

    /// The same, with the reference tables already loaded (import needs them for the stored fields).
    @discardableResult
    static func run(_ request: ValidationRequest, schemas: URL, reference: ReferenceData,
                    onRow: @escaping (RowResult) throws(SSCardError) -> Void) throws(SSCardError) -> ValidationSummary {
        try run(request, schemas: schemas, sink: nil as FindingCollector?, onRow: onRow, reference: reference)
    }

    static func run(_ request: ValidationRequest, schemas: URL, sink: (some FindingSink)?,
                    onRow: ((RowResult) throws(SSCardError) -> Void)?, reference loaded: ReferenceData? = nil) throws(SSCardError) -> ValidationSummary {
        let reference: ReferenceData
        if let loaded { reference = loaded } else { reference = try ReferenceData(directory: schemas, profile: request.profile) }
        let units = try request.unitsPath.map { path throws(SSCardError) in try UnitDirectory.load(path: path, options: request.open) }
        let opened = try RosterFile.openWithHeader(path: request.rosterPath, options: request.open, headers: reference.headers)
        let source = opened.source, columns = opened.columns
        let missing = columns.missingRequired(profile: request.profile, hasUnitDirectory: units != nil, headers: reference.headers)
        guard missing.isEmpty else { throw .missingColumns(path: request.rosterPath, headers: missing) }

        var summary = ValidationSummary(input: request.rosterPath, asOf: request.asOf)
        summary.sheet = opened.sheet
        func emit(_ finding: Finding) throws(SSCardError) {
            summary.count(finding)
            try sink?.accept(finding)
        }
        if let sheet = opened.sheet, !opened.passedOver.isEmpty {
            let skipped = opened.passedOver.map(\.name)
            try emit(Finding(row: columns.headerRow, column: "", field: "", rule: .rosterSheet, message: Message(
                zh: "已读取工作表「\(sheet)」：之前的工作表 \(skipped.map { "「\($0)」" }.joined(separator: "、")) 没有表头；如要读取别的工作表，请用 --sheet 指定",
                en: "read sheet \"\(sheet)\": the sheets before it (\(skipped.map { "\"\($0)\"" }.joined(separator: ", "))) have no header row; to read another, name it with --sheet"),
                value: sheet))
        }
        for ignored in columns.ignoredColumns {
            try emit(Finding(row: columns.headerRow, column: ignored.header, field: "", rule: .rosterDuplicateColumn, message: Message(
                zh: "列「\(ignored.header)」与「\(ignored.kept)」表示同一字段；已读取「\(ignored.kept)」，忽略「\(ignored.header)」列。如应读取这一列，请删除另一列",
                en: "column \"\(ignored.header)\" means the same field as \"\(ignored.kept)\"; \"\(ignored.kept)\" was read and \"\(ignored.header)\" ignored. If this column is the one to read, remove the other"),
                value: ""))
        }
        if !columns.unknownHeaders.isEmpty {
            let list = columns.unknownHeaders.joined(separator: ", ")
            try emit(Finding(row: columns.headerRow, column: list, field: "", rule: .rosterUnknownColumn, message: Message(
                zh: "以下列无法识别，已忽略: \(list)；如需保留，请在 schemas/headers.tsv 中加入同义词",
                en: "these columns are not recognised and were ignored: \(list); to use them, add a synonym to schemas/headers.tsv"),
                value: ""))
        }
        var images: ImageCatalog?
        if request.photosPath != nil || request.idCardsPath != nil {
            images = try ImageCatalog(photosPath: request.photosPath, idCardsPath: request.idCardsPath, profile: request.profile)
        }
        let validator = RosterValidator(reference: reference, profile: request.profile, asOf: request.asOf, units: units,
                                        columns: columns, images: images)
        // Parsing XML is the heavier side for a workbook, so rows are mapped here; a CSV parses
        // lightly and is mapped on the reading thread.
        let pipe = RecordPipe(source: source, columns: columns, mapOnReader: !(source is XLSXRowSource))
        defer { pipe.cancel() }
        while var batch = try pipe.next() {
            defer { pipe.recycle(&batch) }
            for item in batch {
                let record = switch item {
                case .record(let record): record
                case .raw(let row): RosterRecord(row: row, columns: columns)
                }
                if let skipped = NotAPerson.finding(record, columns: columns) {
                    try emit(skipped)
                    continue
                }
                summary.rows += 1
                if summary.rows % 5000 == 0 { request.progress?(summary.rows) }
                let rowFindings = validator.validate(record)
                if !rowFindings.contains(where: { $0.severity == .error }) { summary.validRows += 1 }
                for finding in rowFindings { try emit(finding) }
                if let onRow {
                    try onRow(RowResult(record: record, findings: rowFindings, identity: validator.lastIdentity,
                                        unit: validator.lastUnit, images: validator.lastImages, headers: columns.headers))
                }
            }
        }
        for orphan in images?.orphans ?? [] {
            try emit(Finding(row: 0, column: "文件", field: "file", rule: .fileOrphan, message: Message(
                zh: "{value} 不属于花名册中的任何人（文件名应为 证件号码.jpg 或 证件号码_人像面.jpg）；请检查文件名或删除该文件",
                en: "{value} belongs to no one in the roster (name it <ID number>.jpg or <ID number>_人像面.jpg); check the name or remove it"),
                value: orphan.displayName, mask: .fileName))
        }
        return summary
    }
}
