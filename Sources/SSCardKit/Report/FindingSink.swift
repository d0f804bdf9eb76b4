/// Where a validation pass hands each finding the moment it is made, in file order. A report
/// writer renders it and lets it go, so memory does not grow with the number of findings.
public protocol FindingSink: AnyObject {
    func accept(_ finding: Finding) throws(SSCardError)
}

/// A report that is written while findings arrive and completed with the counts at the end.
/// Text, JSON and CSV are `StreamingReportWriter`s; other formats (an XLSX report) plug in here.
public protocol ReportWriter: FindingSink {
    /// Writes whatever needs the counts and puts the report in place. Dropping a writer without
    /// `finish` (an error) leaves no report and no temporary file behind.
    func finish(_ summary: ValidationSummary) throws(SSCardError)
}

/// The counts of a validation pass: all a report keeps in memory.
public struct ValidationSummary: Sendable, Equatable {
    public var input: String
    public var asOf: CivilDate
    /// Data rows read (blank rows are not counted).
    public var rows = 0
    /// Rows without any error.
    public var validRows = 0
    public var errors = 0
    public var warnings = 0
    /// The workbook sheet read (nil for a CSV roster), so a second pass reads the same rows.
    public var sheet: String?

    public init(input: String, asOf: CivilDate) {
        self.input = input
        self.asOf = asOf
    }

    mutating func count(_ finding: Finding) {
        switch finding.severity {
        case .error: errors += 1
        case .warning: warnings += 1
        }
    }
}

/// Keeps every finding in memory: for tests and small callers, never for a whole roster of a
/// million rows (use a `ReportWriter`).
public final class FindingCollector: FindingSink {
    public private(set) var findings: [Finding] = []
    public init() {}
    public func accept(_ finding: Finding) throws(SSCardError) { findings.append(finding) }
}
