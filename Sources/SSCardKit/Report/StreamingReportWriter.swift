/// Writes a text, JSON or CSV report while the findings arrive, keeping only a small buffer.
///
/// To a file (`-o`): the head and the findings go straight into the private temporary file that
/// becomes the report on `finish`. When the head needs the counts (JSON puts `summary` before
/// `findings`) the findings go to a spool file first. To standard output everything is spooled,
/// so a run that fails half-way prints no half report (and the progress line on a terminal is
/// not interleaved with findings). Spools are unlinked as soon as they are made.
public final class StreamingReportWriter<Layout: ReportLayout>: ReportWriter {
    private var layout: Layout
    private let output: ReportOutput
    private let spool: SpoolFile?
    private var buffer = ""
    private static var flushAt: Int { 1 << 16 }

    /// `path` nil: standard output.
    public init(_ layout: Layout, path: String?) throws(SSCardError) {
        self.layout = layout
        output = try ReportOutput(path: path)
        if Layout.summaryFirst || path == nil {
            spool = try SpoolFile(near: path)
        } else {
            spool = nil
            buffer = layout.head(nil)
        }
    }

    public func accept(_ finding: Finding) throws(SSCardError) {
        layout.append(finding, to: &buffer)
        if buffer.utf8.count >= Self.flushAt { try flush() }
    }

    public func finish(_ summary: ValidationSummary) throws(SSCardError) {
        if let spool {
            try spool.write(buffer)
            buffer = ""
            try output.write(layout.head(Layout.summaryFirst ? summary : nil))
            try spool.copy(to: output)
            try output.write(layout.tail(summary))
        } else {
            buffer += layout.tail(summary)
            try flush()
        }
        try output.commit()
    }

    private func flush() throws(SSCardError) {
        if let spool { try spool.write(buffer) } else { try output.write(buffer) }
        buffer.removeAll(keepingCapacity: true)
    }
}

extension ReportFormat {
    /// The streaming writer for this format; `path` nil writes to standard output.
    public func writer(style: ReportStyle, path: String?) throws(SSCardError) -> any ReportWriter {
        switch self {
        case .text: try StreamingReportWriter(TextReportLayout(style: style), path: path)
        case .json: try StreamingReportWriter(JSONReportLayout(style: style), path: path)
        case .csv: try StreamingReportWriter(CSVReportLayout(style: style), path: path)
        }
    }
}
