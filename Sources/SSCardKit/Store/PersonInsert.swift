import Foundation
import GRDB
import SQLiteRows

/// The `person` row an accepted row inserts. Its values are packed on the validating thread
/// (`PreparedRow`), so the store thread only binds and steps: building GRDB's arguments and
/// binding them was a third of that thread's work.
enum PersonInsert {
    static let sql = """
        INSERT INTO person (id_number, id_type, name, unit, employer_code, fields, warnings, submitted_at, updated_at, submission_id, source_row)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    /// Into a store without persons: a number already taken (by an earlier row of the file) inserts nothing.
    static let sqlUnlessTaken = sql + " ON CONFLICT (id_number) DO NOTHING"
    /// The position of the stored fields' JSON among the values.
    private static let fieldsIndex = 5

    /// The import that inserts: its submission and its clock's stamp.
    struct Context: Sendable {
        let submission: Int64
        let stamp: String
    }

    /// The stored fields come as their JSON's UTF-8 bytes, written from valid strings: checking
    /// them again as a `String` cost a tenth of preparing a row.
    static func values(number: String, name: String, fields: StoredFields, fieldsJSON: [UInt8], warnings: String,
                       row: Int, context: Context) -> PackedRow {
        var values = PackedRow(capacity: fieldsJSON.count + warnings.utf8.count + 256)
        values.append(number)
        if let type = fields[.idType] { values.append(type) } else { values.appendNull() }  // always set by PersonFields
        values.append(name)
        values.append(fields[.unit] ?? "")
        values.append(fields[.employerCode] ?? "")
        values.append(utf8: fieldsJSON)
        values.append(warnings)
        values.append(context.stamp)
        values.append(context.stamp)
        values.append(context.submission)
        values.append(Int64(row))
        return values
    }

    /// The stored fields' JSON of `values`.
    static func fieldsJSON(_ values: PackedRow) -> String { values.text(at: fieldsIndex) ?? "{}" }

    /// The import's two insert statements, prepared once for it (not GRDB's cached ones, which
    /// GRDB binds itself).
    struct Statements {
        let unlessTaken: Statement
        let plain: Statement

        init(_ db: Database) throws {
            unlessTaken = try db.makeStatement(sql: PersonInsert.sqlUnlessTaken)
            plain = try db.makeStatement(sql: PersonInsert.sql)
        }

        func insert(_ values: PackedRow, unlessTaken: Bool) throws {
            try values.execute(unlessTaken ? self.unlessTaken : plain)
        }
    }
}
