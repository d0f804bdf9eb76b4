import Foundation

/// Roster header synonyms (`schemas/headers.tsv`): which field a column header stands for.
public struct HeaderTable: Sendable {
    private let fieldsByKey: [String: Field]
    private let canonical: [Field: String]
    /// Every field in the file's order, then any field the file leaves out (the template's column order).
    public let fields: [Field]

    init(url: URL) throws(SSCardError) {
        let table = try TSVTable(url: url, minimumColumns: 2)
        var fieldsByKey: [String: Field] = [:]
        var canonical: [Field: String] = [:]
        var order: [Field] = []
        for row in table.rows {
            // A table from a newer sscard may name fields this one does not know: their columns
            // are then unknown columns (a warning), not a reason to refuse every roster.
            guard let field = Field(rawValue: row[0]) else { continue }
            if canonical[field] == nil { order.append(field) }
            canonical[field] = row[1]
            let synonyms = row.count > 2 ? row[2].split(separator: "|").map(String.init) : []
            for name in [row[0], row[1]] + synonyms {
                let key = HeaderTable.key(name)
                if fieldsByKey[key] == nil { fieldsByKey[key] = field }
            }
        }
        for field in Field.allCases where canonical[field] == nil {
            canonical[field] = field.rawValue
            order.append(field)
        }
        fields = order
        self.fieldsByKey = fieldsByKey
        self.canonical = canonical
    }

    /// The header the bureau and the form use for a field.
    public func header(for field: Field) -> String { canonical[field] ?? field.rawValue }

    /// Whether `header` is the field's own header or key (`手机号码`, `phone`), not a synonym (`联系电话`).
    public func isStandard(_ header: String, for field: Field) -> Bool {
        let key = HeaderTable.key(header), stripped = HeaderTable.key(HeaderTable.removingRemarks(header))
        let own = [HeaderTable.key(self.header(for: field)), HeaderTable.key(field.rawValue)]
        return own.contains(key) || own.contains(stripped)
    }

    /// The field a header stands for, or nil for an unknown column.
    public func field(forHeader header: String) -> Field? {
        let key = HeaderTable.key(header)
        if key.isEmpty { return nil }
        if let field = fieldsByKey[key] { return field }
        // "证件号码(必填)", "*姓名": drop a remark in brackets and required markers, then try again.
        let stripped = HeaderTable.key(HeaderTable.removingRemarks(header))
        return stripped.isEmpty ? nil : fieldsByKey[stripped]
    }

    static func key(_ header: String) -> String {
        var key = Normalizer.key(header)
        while key.hasPrefix("*") { key.removeFirst() }
        while key.hasSuffix("*") || key.hasSuffix(":") { key.removeLast() }
        return key
    }

    static func removingRemarks(_ header: String) -> String {
        var result = ""
        var depth = 0
        for ch in header {
            switch ch {
            case "(", "（", "[", "【": depth += 1
            case ")", "）", "]", "】": depth = max(0, depth - 1)
            default: if depth == 0 { result.append(ch) }
            }
        }
        return result
    }
}
