import GRDB

/// The ID numbers that may have an open (unresolved) rejected row while one import runs.
///
/// Every accepted row resolves its person's open rejections. Into a store with few of them, that
/// `UPDATE` finds nothing for almost every row, yet cost as much as storing the row; this set lets
/// the import run it only where it can change something. It may hold numbers that no longer have
/// an open rejection (it only grows until an accepted row resolves them), never fewer.
struct OpenRejections {
    private var numbers: Set<String>

    /// The numbers with an open rejected row in the store now, read inside the import's transaction.
    init(_ db: Database) throws {
        numbers = Set(try String.fetchAll(db, sql: "SELECT DISTINCT id_number FROM rejected_row WHERE resolved_at IS NULL AND id_number IS NOT NULL"))
    }

    /// Whether `number` may have an open rejected row: the resolving `UPDATE` is needed.
    func mayHave(_ number: String) -> Bool { numbers.contains(number) }

    /// A rejected row of `number` was stored.
    mutating func rejected(_ number: String) { numbers.insert(number) }

    /// Every open rejected row of `number` was resolved.
    mutating func resolvedAll(_ number: String) { numbers.remove(number) }
}
