import Foundation
import GRDB

/// Migration "v4-instants" (h8-clerk): the first stores kept local wall-clock times without a zone
/// (`2026-12-01T09:00:00`, written on Chengdu machines), so a process under another `TZ` read every
/// window hours off. Every stored time becomes a UTC instant (`2026-12-01T01:00:00Z`), reading the
/// old values as Asia/Shanghai wall-clock times. Values that already are instants stay as they are.
enum InstantsMigration {
    static let name = "v4-instants"

    /// Table and columns that hold times.
    static let columns: [(table: String, columns: [String])] = [
        ("submission", ["submitted_at"]),
        ("person", ["submitted_at", "updated_at", "exported_at"]),
        ("rejected_row", ["rejected_at", "resolved_at"]),
        ("image", ["stored_at"]),
        ("event", ["at"]),
    ]

    /// A legacy local time as an instant; NULLs, instants and anything unreadable are kept.
    static func convert(_ value: String?, legacy: OfficeClock = .standard) -> String? {
        guard let value else { return nil }
        if Instant(parsing: value) != nil { return value }
        guard let wall = CivilDateTime(parsing: value) else { return value }
        return legacy.instant(wall).description
    }

    static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration(name) { db in
            let function = DatabaseFunction("sscard_v4_instant", argumentCount: 1, pure: true) { values in
                convert(String.fromDatabaseValue(values[0]))
            }
            db.add(function: function)
            defer { db.remove(function: function) }
            for (table, names) in columns {
                let sets = names.map { "\($0) = sscard_v4_instant(\($0))" }.joined(separator: ", ")
                try db.execute(sql: "UPDATE \(table) SET \(sets)")
            }
            // The clock a command ran under (its --as-of), when it was not the real time.
            try db.execute(sql: "ALTER TABLE event ADD COLUMN clock TEXT")
        }
    }
}
