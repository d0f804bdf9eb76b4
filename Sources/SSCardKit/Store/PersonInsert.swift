import Foundation
import GRDB
import SQLiteRows

/// The `person` row an accepted row inserts. Its values are packed on the validating thread
/// (`PreparedRow`), and the store thread adds the stored fields' JSON, binds and steps:
/// building GRDB's arguments and binding them was a third of that thread's work, and writing
/// the JSON there keeps the two threads about equally busy.
enum PersonInsert {
    static let sql = """
        INSERT INTO person (id_number, id_type, name, unit, employer_code, warnings, submitted_at, updated_at, submission_id, source_row, fields)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    /// Into a store without persons: a number already taken (by an earlier row of the file) inserts nothing.
    static let sqlUnlessTaken = sql + " ON CONFLICT (id_number) DO NOTHING"
    /// The import that inserts: its submission and its clock's stamp.
    struct Context: Sendable {
        let submission: Int64
        let stamp: String
    }

    /// Every value but the last, the stored fields' JSON (`withFields`).
    static func values(number: String, name: String, fields: StoredFields, warnings: String,
                       row: Int, context: Context) -> PackedRow {
        var values = PackedRow(capacity: 1024 + warnings.utf8.count)
        values.append(number)
        if let type = fields[.idType] { values.append(type) } else { values.appendNull() }  // always set by PersonFields
        values.append(name)
        values.append(fields[.unit] ?? "")
        values.append(fields[.employerCode] ?? "")
        values.append(warnings)
        values.append(context.stamp)
        values.append(context.stamp)
        values.append(context.submission)
        values.append(Int64(row))
        return values
    }

    /// `values` with the stored fields' JSON as UTF-8 bytes, written from valid strings: checking
    /// them again as a `String` cost a tenth of preparing a row.
    static func withFields(_ values: PackedRow, json: [UInt8]) -> PackedRow {
        var values = values
        values.append(utf8: json)
        return values
    }

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
