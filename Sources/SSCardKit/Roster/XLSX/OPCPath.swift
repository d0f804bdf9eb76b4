/// One relationship of an OPC part: its type (the last segment of the type URI, e.g. `worksheet`)
/// and its target resolved to a part name.
struct OPCRelationship: Equatable {
    let type: String
    let target: String
}

/// Part names and relative references in an OPC package (ECMA-376 Part 2, §9.3).
enum OPCPath {
    /// The folder of a part, with a trailing slash ("" at the package root).
    static func folder(of part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return "" }
        return String(part[...slash])
    }

    /// The relationships part of a part (`xl/workbook.xml` → `xl/_rels/workbook.xml.rels`);
    /// "" is the package itself (`_rels/.rels`).
    static func relationshipsPart(of part: String) -> String {
        let folder = folder(of: part)
        return folder + "_rels/" + part.dropFirst(folder.count) + ".rels"
    }

    /// A relationship target resolved against the folder of its source part: absolute when it
    /// starts with `/`, `.` and `..` segments applied, backslashes taken as slashes.
    static func resolve(_ target: String, from source: String) -> String {
        let cleaned = target.replacingOccurrences(of: "\\", with: "/")
        let base = cleaned.hasPrefix("/") ? "" : folder(of: source)
        var segments: [Substring] = []
        for segment in (base + cleaned).split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." { if !segments.isEmpty { segments.removeLast() }; continue }
            segments.append(segment)
        }
        return segments.joined(separator: "/")
    }
}
