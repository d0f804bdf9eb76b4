import Foundation

/// The bureau's column order for persons.xlsx (`schemas/batch-columns.tsv`): header, field key, kind.
public struct BatchColumns: Sendable {
    public enum Kind: String, Sendable {
        case text
        /// A stored YYYY-MM-DD date written YYYYMMDD.
        case date
    }

    public struct Column: Sendable, Equatable {
        public let header: String
        public let key: String
        public let kind: Kind
    }

    public let columns: [Column]
    /// Keys of the batch itself rather than of a record.
    static let batchKeys: Set<String> = ["row", "photo_file", "idcard_file"]
    static let derivedKeys: Set<String> = ["nationality_code", "education_code", "occupation_code", "ethnicity_code", "bank_code"]

    public init(schemas: URL) throws(SSCardError) {
        let url = schemas.appendingPathComponent("batch-columns.tsv")
        let table = try TSVTable(url: url, minimumColumns: 2)
        var columns: [Column] = []
        for row in table.rows {
            let key = row[1]
            guard Field(rawValue: key) != nil || BatchColumns.batchKeys.contains(key) || BatchColumns.derivedKeys.contains(key) else {
                throw .schemaUnreadable(path: url.path, reason: Message(zh: "未知的字段名 \(key)；请改为已有的字段名", en: "unknown field key '\(key)'"))
            }
            let kindText = row.count > 2 && !row[2].isEmpty ? row[2] : "text"
            guard let kind = Kind(rawValue: kindText) else {
                throw .schemaUnreadable(path: url.path, reason: Message(
                    zh: "列 \(row[0]) 的类型只能是 text（文本）或 date（日期），而不是 \(kindText)",
                    en: "column \(row[0]): kind must be text or date, not '\(kindText)'"))
            }
            columns.append(Column(header: row[0], key: key, kind: kind))
        }
        for required in ["id_number", "name"] where !columns.contains(where: { $0.key == required }) {
            throw .schemaUnreadable(path: url.path, reason: Message(
                zh: "缺少字段 \(required) 对应的列；核对批次时要按这一列匹配各行",
                en: "the column for '\(required)' is missing; verify matches rows by it"))
        }
        self.columns = columns
    }

    /// The cells of one person's row.
    func cells(_ person: BatchPerson, row: Int, photoPath: String?, idCardPath: String?) -> [String] {
        columns.map { column in
            let value: String = switch column.key {
            case "row": "\(row)"
            case "photo_file": photoPath ?? ""
            case "idcard_file": idCardPath ?? ""
            case "id_number": person.idNumber
            case "name": person.name
            case "id_type": person.fields["id_type"] ?? person.idType
            default: person.fields[column.key] ?? ""
            }
            return column.kind == .date ? BatchColumns.compactDate(value) : value
        }
    }

    /// `2026-12-01` → `20261201`; anything else (长期, empty) unchanged.
    static func compactDate(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == 45, bytes[7] == 45 else { return text }
        return String(text.prefix(4)) + String(text.dropFirst(5).prefix(2)) + String(text.suffix(2))
    }
}
