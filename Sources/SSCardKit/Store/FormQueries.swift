import Foundation
import GRDB

/// The stored records the registration forms are printed from.
extension Store {
    /// The named people, in the order given. Someone with no stored record (unknown, or only a
    /// rejected row) is refused with `.notInStore`.
    public func formRecords(ids: [String]) throws(SSCardError) -> [FormRecord] {
        let numbers = ids.map { Normalizer.normalize($0, identifier: true) }
        return try read { db in
            try numbers.map { number in
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM person WHERE id_number = ?", arguments: [number]) else {
                    throw SSCardError.notInStore(id: MaskKind.document.mask(number))
                }
                return try formRecord(db, row)
            }
        }
    }

    /// Everyone with this status at `now` (accepted, due or exported), optionally of one unit
    /// (现今工作单位) or one batch, in submission order then ID number.
    public func formRecords(status: RecordStatus?, unit: String?, batch: String?, at now: CivilDateTime,
                            windowHours: Int, office: OfficeClock = .standard) throws(SSCardError) -> [FormRecord] {
        // The store keeps instants; `now` is the office's wall clock.
        let cutoff = office.instant(now).adding(hours: -windowHours).description
        var conditions: [String] = []
        var arguments: StatementArguments = []
        switch status {
        case .accepted: conditions.append("batch_id IS NULL AND submitted_at > ?"); arguments += [cutoff]
        case .due: conditions.append("batch_id IS NULL AND submitted_at <= ?"); arguments += [cutoff]
        case .exported: conditions.append("batch_id IS NOT NULL")
        case .rejected: return []
        case nil: break
        }
        if let unit { conditions.append("unit = ?"); arguments += [unit] }
        if let batch { conditions.append("batch_id = ?"); arguments += [batch] }
        let sql = "SELECT * FROM person" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
            + " ORDER BY submitted_at, id_number"
        return try read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map { try formRecord(db, $0, office: office) } }
    }

    private func formRecord(_ db: Database, _ row: Row, office: OfficeClock = .standard) throws -> FormRecord {
        let number: String = row["id_number"]
        let submitted: String = row["submitted_at"]
        var record = FormRecord(idNumber: number, fields: StoreJSON.decode([String: String].self, row["fields"]) ?? [:],
                                submittedAt: office.wallClock(stored: submitted) ?? CivilDateTime(parsing: submitted) ?? CivilDateTime(date: CivilDate(year: 2000, month: 1, day: 1)!),
                                submissionID: row["submission_id"], batchID: row["batch_id"])
        for image in try Row.fetchAll(db, sql: """
            SELECT p.slot, i.path FROM person_image p JOIN image i ON i.sha256 = p.sha256 WHERE p.id_number = ?
            """, arguments: [number]) {
            let file = FormImage.file((imagesDirectory as NSString).appendingPathComponent(image["path"]))
            switch image["slot"] as String {
            case "photo": record.photo = file
            case "idcard_portrait": record.idCardPortrait = file
            case "idcard_emblem": record.idCardEmblem = file
            default: break
            }
        }
        return record
    }
}
