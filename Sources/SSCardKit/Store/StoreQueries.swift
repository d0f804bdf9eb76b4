import Foundation
import GRDB

/// Where a record stands.
public enum RecordStatus: String, Sendable, CaseIterable {
    /// Stored and still amendable (inside the window).
    case accepted
    /// Refused by the rules; kept with its raw cells and findings.
    case rejected
    /// Locked (the window has closed) and waiting for the nightly export.
    case due
    case exported
}

/// One line of `sscard list`.
public struct RecordSummary: Sendable {
    public let status: RecordStatus
    public let idNumber: String
    public let name: String
    public let unit: String
    /// Submission time (rejected: when rejected).
    public let submittedAt: String
    /// When the window closes (accepted), closed (due), the batch (exported), or the source row (rejected).
    public let note: String
}

/// Everything `sscard show` prints about one person.
public struct RecordDetail: Sendable {
    public let status: RecordStatus
    public let idNumber: String
    public let fields: [(key: String, value: String)]
    public let findings: [Finding]
    public let images: [(slot: String, sha256: String, bytes: Int, fileName: String)]
    public let submittedAt: String
    public let windowClosesAt: String
    public let batch: String?
    public let rejectedRows: [(source: String, row: Int, findings: [Finding], raw: [[String]])]
    public let history: [AuditEvent]
}

/// One audit-log entry.
public struct AuditEvent: Sendable {
    public let at: String
    public let user: String
    public let kind: String
    public let idNumber: String?
    public let detail: [String: String]
    /// The clock the command ran under (its `--as-of`), office wall clock, when it was not the real time. // h8-clerk
    public var clock: String? = nil
}

/// Store counts for `sscard status`.
public struct StoreStatus: Sendable {
    public var counts: [RecordStatus: Int] = [:]
    public var byUnit: [(unit: String, counts: [RecordStatus: Int])] = []
    /// When the next accepted records lock and fall due, and how many.
    public var nextDue: (at: String, count: Int)?
    public var submissions = 0
}

extension Store {
    /// - Parameter headers: the header table, to find the unit cell of a rejected row under any
    ///   synonym (工作单位, 部门, …) its roster used; nil: the located `schemas/headers.tsv`.
    public func list(status: RecordStatus?, unit: String?, at now: CivilDateTime, windowHours: Int,
                     headers: HeaderTable? = nil, office: OfficeClock = .standard) throws(SSCardError) -> [RecordSummary] {
        let asOf = office.instant(now)
        let cutoff = asOf.adding(hours: -windowHours).description
        var headers = headers
        if headers == nil, status == nil || status == .rejected { headers = try SchemaDirectory.headers() }
        return try read { db in
            var result: [RecordSummary] = []
            if status != .rejected {
                var sql = "SELECT id_number, name, unit, submitted_at, batch_id FROM person"
                var conditions: [String] = []
                var arguments: StatementArguments = []
                switch status {
                case .accepted: conditions.append("batch_id IS NULL AND submitted_at > ?"); arguments += [cutoff]
                case .due: conditions.append("batch_id IS NULL AND submitted_at <= ?"); arguments += [cutoff]
                case .exported: conditions.append("batch_id IS NOT NULL")
                default: break
                }
                if let unit { conditions.append("unit = ?"); arguments += [unit] }
                if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
                sql += " ORDER BY submitted_at, id_number"
                for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
                    let submitted: String = row["submitted_at"]
                    let closes = office.wallClock((Instant(parsing: submitted) ?? asOf).adding(hours: windowHours)).description
                    let batch: String? = row["batch_id"]
                    let state: RecordStatus = batch != nil ? .exported : submitted > cutoff ? .accepted : .due
                    result.append(RecordSummary(status: state, idNumber: row["id_number"], name: row["name"], unit: row["unit"],
                                                submittedAt: office.display(submitted), note: batch ?? closes))
                }
            }
            if status == nil || status == .rejected {
                var sql = """
                    SELECT r.id_number, r.name, r.source_row, r.rejected_at, r.raw, s.file_name FROM rejected_row r
                    JOIN submission s ON s.id = r.submission_id WHERE r.resolved_at IS NULL
                    """
                sql += " ORDER BY r.id"
                for row in try Row.fetchAll(db, sql: sql) {
                    // The unit is the cell under the unit column (现今工作单位 or a synonym), not
                    // any cell that contains the text.
                    let raw = StoreJSON.decode([[String]].self, row["raw"]) ?? []
                    let cell = raw.first { $0.count == 2 && headers?.field(forHeader: $0[0]) == .unit }?[1] ?? ""
                    let rowUnit = Normalizer.normalize(cell, identifier: false)
                    if let unit, rowUnit != unit { continue }
                    let file: String = row["file_name"]
                    let sourceRow: Int = row["source_row"]
                    result.append(RecordSummary(status: .rejected, idNumber: row["id_number"] ?? "", name: row["name"] ?? "",
                                                unit: rowUnit, submittedAt: office.display(row["rejected_at"]), note: "\(file) row \(sourceRow)"))
                }
            }
            return result
        }
    }

    public func status(at now: CivilDateTime, windowHours: Int, office: OfficeClock = .standard) throws(SSCardError) -> StoreStatus {
        let cutoff = office.instant(now).adding(hours: -windowHours).description
        return try read { db in
            var status = StoreStatus()
            let caseSQL = "CASE WHEN batch_id IS NOT NULL THEN 'exported' WHEN submitted_at > ? THEN 'accepted' ELSE 'due' END"
            for row in try Row.fetchAll(db, sql: "SELECT \(caseSQL) AS s, unit, count(*) AS n FROM person GROUP BY s, unit ORDER BY unit",
                                        arguments: [cutoff]) {
                let state = RecordStatus(rawValue: row["s"])!
                let unit: String = row["unit"]
                let count: Int = row["n"]
                status.counts[state, default: 0] += count
                if let index = status.byUnit.firstIndex(where: { $0.unit == unit }) {
                    status.byUnit[index].counts[state, default: 0] += count
                } else {
                    status.byUnit.append((unit, [state: count]))
                }
            }
            status.counts[.rejected] = try Int.fetchOne(db, sql: "SELECT count(*) FROM rejected_row WHERE resolved_at IS NULL") ?? 0
            if let row = try Row.fetchOne(db, sql: """
                SELECT min(submitted_at) AS first FROM person WHERE batch_id IS NULL AND submitted_at > ?
                """, arguments: [cutoff]), let first: String = row["first"], let time = Instant(parsing: first) {
                let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM person WHERE batch_id IS NULL AND submitted_at = ?",
                                             arguments: [first]) ?? 0
                status.nextDue = (office.wallClock(time.adding(hours: windowHours)).description, count)
            }
            status.submissions = try Int.fetchOne(db, sql: "SELECT count(*) FROM submission") ?? 0
            return status
        }
    }

    public func detail(idNumber: String, at now: CivilDateTime, windowHours: Int, office: OfficeClock = .standard) throws(SSCardError) -> RecordDetail {
        let asOf = office.instant(now)
        let number = Normalizer.normalize(idNumber, identifier: true)
        return try read { db in
            let person = try Row.fetchOne(db, sql: "SELECT * FROM person WHERE id_number = ?", arguments: [number])
            var rejected: [(String, Int, [Finding], [[String]])] = []
            for row in try Row.fetchAll(db, sql: """
                SELECT r.source_row, r.findings, r.raw, s.file_name FROM rejected_row r JOIN submission s ON s.id = r.submission_id
                WHERE r.id_number = ? AND r.resolved_at IS NULL ORDER BY r.id
                """, arguments: [number]) {
                let findings = (StoreJSON.decode([StoredFinding].self, row["findings"]) ?? []).map(\.finding)
                rejected.append((row["file_name"], row["source_row"], findings, StoreJSON.decode([[String]].self, row["raw"]) ?? []))
            }
            guard person != nil || !rejected.isEmpty else { throw SSCardError.notInStore(id: MaskKind.document.mask(number)) }
            let history = try Store.events(db, idNumber: number, office: office)
            guard let person else {
                return RecordDetail(status: .rejected, idNumber: number, fields: [], findings: rejected.last?.2 ?? [], images: [],
                                    submittedAt: "", windowClosesAt: "", batch: nil, rejectedRows: rejected, history: history)
            }
            let submitted: String = person["submitted_at"]
            let closes = (Instant(parsing: submitted) ?? asOf).adding(hours: windowHours)
            let batch: String? = person["batch_id"]
            let fields = (StoreJSON.decode([String: String].self, person["fields"]) ?? [:])
            let order = Field.allCases.map(\.rawValue)
            let sorted = fields.sorted { (order.firstIndex(of: $0.key) ?? 999, $0.key) < (order.firstIndex(of: $1.key) ?? 999, $1.key) }
            let images = try Row.fetchAll(db, sql: """
                SELECT p.slot, p.sha256, p.file_name, i.bytes FROM person_image p JOIN image i ON i.sha256 = p.sha256
                WHERE p.id_number = ? ORDER BY p.slot
                """, arguments: [number]).map { (slot: $0["slot"] as String, sha256: $0["sha256"] as String, bytes: $0["bytes"] as Int, fileName: $0["file_name"] as String) }
            let status: RecordStatus = batch != nil ? .exported : asOf < closes ? .accepted : .due
            return RecordDetail(status: status, idNumber: number, fields: sorted.map { ($0.key, $0.value) },
                                findings: (StoreJSON.decode([StoredFinding].self, person["warnings"]) ?? []).map(\.finding),
                                images: images, submittedAt: office.display(submitted), windowClosesAt: office.wallClock(closes).description, batch: batch,
                                rejectedRows: rejected, history: history)
        }
    }

    public func log(idNumber: String?, office: OfficeClock = .standard) throws(SSCardError) -> [AuditEvent] {
        try read { db in try Store.events(db, idNumber: idNumber.map { Normalizer.normalize($0, identifier: true) }, office: office) }
    }

    static func events(_ db: Database, idNumber: String?, office: OfficeClock = .standard) throws -> [AuditEvent] {
        let rows = if let idNumber {
            // The person's events, and the imports that created, amended or rejected them. // h8-clerk
            try Row.fetchAll(db, sql: """
                SELECT * FROM event WHERE id_number = ? OR (kind = 'import' AND submission_id IN (
                    SELECT submission_id FROM person WHERE id_number = ?
                    UNION SELECT submission_id FROM rejected_row WHERE id_number = ?
                    UNION SELECT submission_id FROM event WHERE id_number = ? AND submission_id IS NOT NULL)) ORDER BY id
                """, arguments: [idNumber, idNumber, idNumber, idNumber])
        } else {
            try Row.fetchAll(db, sql: "SELECT * FROM event ORDER BY id")
        }
        return rows.map { row in
            AuditEvent(at: office.display(row["at"]), user: row["os_user"], kind: row["kind"], idNumber: row["id_number"],
                       detail: StoreJSON.decode([String: String].self, row["detail"]) ?? [:],
                       clock: (row["clock"] as String?).map(office.display))
        }
    }
}
