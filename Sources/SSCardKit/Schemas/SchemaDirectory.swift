import Foundation

/// Where the data tables (`schemas/`) live, in this order: the `SSCARD_SCHEMAS` variable; the
/// installed `share/sscard/schemas` beside the binary (`PREFIX/bin/sscard` reads
/// `PREFIX/share/sscard/schemas`); the `schemas/` folder of a source checkout the binary sits in
/// (`.build/…/sscard`, the test bundles). The binary is found through `/proc/self/exe`, never
/// through `argv[0]` (a command started through `PATH` has no folder there) and never through a
/// path baked in at build time, so a copy or an installed binary works on any machine.
public enum SchemaDirectory {
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws(SSCardError) -> URL {
        let candidates = candidates(environment: environment, executable: executablePath())
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("headers.tsv").path) {
            return candidate
        }
        throw .schemasNotFound(searched: candidates.map(\.path))
    }

    /// The header table (`headers.tsv`) of the located folder.
    public static func headers(environment: [String: String] = ProcessInfo.processInfo.environment) throws(SSCardError) -> HeaderTable {
        try HeaderTable(url: locate(environment: environment).appendingPathComponent("headers.tsv"))
    }

    /// The places searched, best first, for a binary at `executable`.
    static func candidates(environment: [String: String], executable: String?) -> [URL] {
        var candidates: [URL] = []
        if let explicit = environment["SSCARD_SCHEMAS"], !explicit.isEmpty {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        guard let executable else { return candidates }
        var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(folder.deletingLastPathComponent().appendingPathComponent("share/sscard/schemas"))
        // A binary inside a source checkout (.build/<triple>/debug/sscard): the checkout's tables.
        // Only a folder holding Package.swift counts, so an installed binary never picks up a
        // stray /usr/schemas.
        for _ in 0..<6 {
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                candidates.append(folder.appendingPathComponent("schemas"))
                break
            }
        }
        return candidates
    }

    /// The running binary's own path, symlinks resolved: `/proc/self/exe` on Linux.
    static func executablePath() -> String? {
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"), target.hasPrefix("/") {
            return target
        }
        return Bundle.main.executablePath
    }
}

/// A tab-separated table: lines starting with `#` are comments; empty lines are skipped.
struct TSVTable {
    let rows: [[String]]

    init(url: URL, minimumColumns: Int) throws(SSCardError) {
        guard let data = FileManager.default.contents(atPath: url.path), String(data: data, encoding: .utf8) != nil else {
            throw .schemaUnreadable(path: url.path, reason: Message(zh: "文件无法读取，或不是 UTF-8 编码；请重新安装数据表", en: "cannot read the file as UTF-8"))
        }
        // Split as bytes: splitting the String walks grapheme clusters, which took a tenth of a
        // validate run's instructions for the 325 KB regions table alone.
        let bytes = [UInt8](data)
        var rows: [[String]] = []
        for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.last == 0x0D ? line.dropLast() : line
            if trimmed.isEmpty || trimmed.first == UInt8(ascii: "#") { continue }
            let columns = trimmed.split(separator: 0x09, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            guard columns.count >= minimumColumns else {
                throw .schemaUnreadable(path: url.path, reason: Message(
                    zh: "第 \(index + 1) 行有 \(columns.count) 列，应至少有 \(minimumColumns) 列（以制表符分隔）",
                    en: "line \(index + 1) has \(columns.count) columns, expected \(minimumColumns)"))
            }
            rows.append(columns)
        }
        self.rows = rows
    }
}
