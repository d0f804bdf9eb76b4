import Foundation
import GRDB

/// `sscard discard ID-or-ROW --reason TEXT` (h8-clerk): closes open rejected rows nobody will fix
/// (a duplicate row whose person was fixed another way, a row that was never a person). Audited;
/// refused for accepted or exported records, which are no rejected rows.
public enum DiscardJob {
    public struct Discarded: Sendable {
        public let file: String
        public let row: Int
        public let idNumber: String?
        public let name: String
    }

    /// - Parameter target: an ID number (every open rejected row of that person), `FILE:ROW`
    ///   (the latest submission of that file name), or `ROW` (a row of the latest submission).
    public static func run(target: String, reason: String, store: Store, at now: CivilDateTime,
                           profile: Profile = .chengdu) throws(SSCardError) -> [Discarded] {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw .usage(Message(zh: "discard 需要 --reason 说明：这一行为什么不再修正（记入审计日志）",
                                                                en: "discard needs --reason TEXT: why the row will not be fixed (for the audit log)")) }
        let clock = EventClock(office: profile.officeClock, wall: now)
        let user = OSUser.name
        let result: Result<[Discarded], SSCardError> = try store.write { db in
            let rows = try openRows(db, target: target)
            guard !rows.isEmpty else {
                let number = Normalizer.normalize(target, identifier: true)
                if let person = try Row.fetchOne(db, sql: "SELECT batch_id FROM person WHERE id_number = ?", arguments: [number]) {
                    let masked = MaskKind.document.mask(number)
                    let message: Message = if let batch: String = person["batch_id"] {
                        Message(zh: "\(masked) 已在批次 \(batch) 中报送，不是拒收行，不能作废",
                                en: "\(masked) was exported in batch \(batch); it is no rejected row and cannot be discarded")
                    } else {
                        Message(zh: "\(masked) 是已接收的记录，不是拒收行，不能作废；如需更正请用 sscard amend",
                                en: "\(masked) is an accepted record, not a rejected row, and cannot be discarded; correct it with sscard amend")
                    }
                    try Events.record(db, at: clock, user: user, kind: "refuse", id: number, submission: nil,
                                      detail: StoreJSON.encode(["source": "discard", "reason": message.en]))
                    return .failure(.discardRefused(reason: message))
                }
                return .failure(.noRejectedRow(target: target))
            }
            var discarded: [Discarded] = []
            for row in rows {
                let id: Int64 = row["id"]
                try db.execute(sql: "UPDATE rejected_row SET resolved_at = ? WHERE id = ?", arguments: [clock.stamp, id])
                let entry = Discarded(file: row["file_name"], row: row["source_row"], idNumber: row["id_number"], name: row["name"] ?? "")
                try Events.record(db, at: clock, user: user, kind: "discard", id: entry.idNumber, submission: row["submission_id"],
                                  detail: StoreJSON.encode(["file": entry.file, "row": "\(entry.row)", "reason": reason]))
                discarded.append(entry)
            }
            return .success(discarded)
        }
        return try result.get()
    }

    private static func openRows(_ db: Database, target: String) throws -> [Row] {
        let select = """
            SELECT r.id, r.submission_id, r.source_row, r.id_number, r.name, s.file_name FROM rejected_row r
            JOIN submission s ON s.id = r.submission_id WHERE r.resolved_at IS NULL
            """
        let trimmed = target.trimmingCharacters(in: .whitespaces)
        if let colon = trimmed.lastIndex(of: ":"), let row = Int(trimmed[trimmed.index(after: colon)...]) {
            let file = String(trimmed[..<colon])
            return try Row.fetchAll(db, sql: select + """
                 AND r.source_row = ? AND r.submission_id = (SELECT max(id) FROM submission WHERE file_name = ?) ORDER BY r.id
                """, arguments: [row, (file as NSString).lastPathComponent])
        }
        if trimmed.count <= 6, let row = Int(trimmed) {
            return try Row.fetchAll(db, sql: select + " AND r.source_row = ? AND r.submission_id = (SELECT max(id) FROM submission) ORDER BY r.id",
                                    arguments: [row])
        }
        return try Row.fetchAll(db, sql: select + " AND r.id_number = ? ORDER BY r.id", arguments: [Normalizer.normalize(trimmed, identifier: true)])
    }
}
