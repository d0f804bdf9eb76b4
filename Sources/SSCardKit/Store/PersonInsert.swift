import Foundation
import GRDB

/// The `person` row an accepted row inserts. Its arguments are built on the validating thread
/// (`PreparedRow`), so the store thread only binds and steps: building them was a sixth of its work.
enum PersonInsert {
    /// The stored fields come as their JSON's UTF-8 bytes and are stored as text: the bytes were
    /// written from valid strings, and checking them again as a `String` cost a tenth of preparing a row.
    static let sql = """
        INSERT INTO person (id_number, id_type, name, unit, employer_code, fields, warnings, submitted_at, updated_at, submission_id, source_row)
        VALUES (?, ?, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?, ?, ?)
        """
    /// Into a store without persons: a number already taken (by an earlier row of the file) inserts nothing.
    static let sqlUnlessTaken = sql + " ON CONFLICT (id_number) DO NOTHING"

    /// The import that inserts: its submission and its clock's stamp.
    struct Context: Sendable {
        let submission: Int64
        let stamp: String
    }

    static func arguments(number: String, name: String, fields: StoredFields, fieldsJSON: Data, warnings: String,
                          row: Int, context: Context) -> StatementArguments {
        // A literal: GRDB's initialiser from a sequence of values is generic, unspecialised here, and cost 30 times as much.
        [number, fields[.idType], name, fields[.unit] ?? "", fields[.employerCode] ?? "", fieldsJSON, warnings,
         context.stamp, context.stamp, context.submission, row]
    }
}
