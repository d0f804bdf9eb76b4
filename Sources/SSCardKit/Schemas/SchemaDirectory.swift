import Foundation

/// Where the data tables (`schemas/`) live: the `SSCARD_SCHEMAS` variable, the installed
/// `share/sscard/schemas` beside the binary, or the source checkout the binary was built in.
public enum SchemaDirectory {
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws(SSCardError) -> URL {
        var candidates: [URL] = []
        if let explicit = environment["SSCARD_SCHEMAS"], !explicit.isEmpty {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        candidates.append(folder.appendingPathComponent("../share/sscard/schemas").standardized)
        for _ in 0..<6 {
            candidates.append(folder.appendingPathComponent("schemas"))
            folder = folder.deletingLastPathComponent()
        }
        // The checkout this file was compiled in (tests, `swift run`).
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../schemas").standardized)
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("headers.tsv").path) {
            return candidate
        }
        throw .schemasNotFound(searched: candidates.map(\.path))
    }
}

/// A tab-separated table: lines starting with `#` are comments; empty lines are skipped.
struct TSVTable {
    let rows: [[String]]

    init(url: URL, minimumColumns: Int) throws(SSCardError) {
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw .schemaUnreadable(path: url.path, reason: "cannot read the file as UTF-8")
        }
        var rows: [[String]] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let columns = trimmed.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count >= minimumColumns else {
                throw .schemaUnreadable(path: url.path, reason: "line \(index + 1) has \(columns.count) columns, expected \(minimumColumns)")
            }
            rows.append(columns)
        }
        self.rows = rows
    }
}
