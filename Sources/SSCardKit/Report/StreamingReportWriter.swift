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

    private let encoding: LocaleOutput?

    /// `path` nil: standard output. `encoding`: the locale's, for text written for people.
    public init(_ layout: Layout, path: String?, encoding: LocaleOutput? = nil) throws(SSCardError) {
        self.layout = layout
        self.encoding = encoding?.encoding == .utf8 ? nil : encoding
        output = try ReportOutput(path: path)
        if Layout.summaryFirst || path == nil {
            spool = try SpoolFile(near: path)
        } else {
            spool = nil
            buffer = layout.head(nil)
        }
    }

    private func write(_ text: String, to spool: SpoolFile) throws(SSCardError) {
        guard let encoding else { return try spool.write(text) }
        var failure: SSCardError?
        encoding.bytes(text).withUnsafeBytes { raw in
            do throws(SSCardError) { try spool.write(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    private func write(_ text: String, to output: ReportOutput) throws(SSCardError) {
        guard let encoding else { return try output.write(text) }
        var failure: SSCardError?
        encoding.bytes(text).withUnsafeBytes { raw in
            do throws(SSCardError) { try output.write(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    public func accept(_ finding: Finding) throws(SSCardError) {
        layout.append(finding, to: &buffer)
        if buffer.utf8.count >= Self.flushAt { try flush() }
    }

    public func finish(_ summary: ValidationSummary) throws(SSCardError) {
        if let spool {
            try write(buffer, to: spool)
            buffer = ""
            try write(layout.head(Layout.summaryFirst ? summary : nil), to: output)
            try spool.copy(to: output)
            try write(layout.tail(summary), to: output)
        } else {
            buffer += layout.tail(summary)
            try flush()
        }
        try output.commit()
    }

    private func flush() throws(SSCardError) {
        if let spool { try write(buffer, to: spool) } else { try write(buffer, to: output) }
        buffer.removeAll(keepingCapacity: true)
    }
}

extension ReportFormat {
    /// The streaming writer for this format; `path` nil writes to standard output.
    public func writer(style: ReportStyle, path: String?, encoding: LocaleOutput? = nil) throws(SSCardError) -> any ReportWriter {
        switch self {
        case .text: try StreamingReportWriter(TextReportLayout(style: style), path: path, encoding: encoding)
        case .json: try StreamingReportWriter(JSONReportLayout(style: style), path: path)
        case .csv: try StreamingReportWriter(CSVReportLayout(style: style), path: path)
        }
    }
}
