import Foundation
import GRDB

/// Where a batch stands. A batch moves only forward, pending → written → sealed → placed;
/// a pending or written batch found by a later run was interrupted and is discarded (its
/// records were never marked), a sealed one is finished (its records are exported).
public enum BatchState: String, Sendable, CaseIterable {
    /// Planned: its persons are recorded, the file is being written under a temporary name.
    case pending
    /// The temporary file is complete, fsynced, and its SHA-256 recorded.
    case written
    /// One transaction marked the batch sealed and its records exported; the file may still
    /// have to be moved to its final name.
    case sealed
    /// The file is under its final name and the folder is synced.
    case placed
}

/// One batch as the store records it.
public struct BatchRecord: Sendable, Equatable {
    public let id: String
    public let employerCode: String
    public let employerName: String
    /// YYYYMMDD of the batch clock.
    public let day: String
    public let sequence: Int
    /// The batch clock (the export's `--as-of`), as the store writes times.
    public let createdAt: String
    public let persons: Int
    public let state: BatchState
    /// The export folder, absolute.
    public let directory: String
    /// The file name under `directory`.
    public let file: String
    /// The temporary path the file is written under before it is moved into place.
    public let staging: String
    public let sha256: String?
    public let bytes: Int?
    public let encrypted: Bool

    public var path: String { (directory as NSString).appendingPathComponent(file) }
}

/// A person as the batch packs them: the stored fields and the images to pack.
public struct BatchPerson: Sendable {
    public let idNumber: String
    public let idType: String
    public let name: String
    public let employerCode: String
    public let fields: [String: String]
    /// The person's `updated_at` when planned: a record changed since is not sealed into this batch.
    public let updatedAt: String
    /// slot (photo, idcard_portrait, idcard_emblem) → image SHA-256.
    public let images: [String: String]
}

/// One person's place in a batch and the (normalised) images packed for them.
public struct BatchMember: Sendable, Equatable {
    public let position: Int
    public let idNumber: String
    public let updatedAt: String
    public let photo: String?
    public let idCard: String?

    public init(position: Int, idNumber: String, updatedAt: String, photo: String?, idCard: String?) {
        self.position = position
        self.idNumber = idNumber
        self.updatedAt = updatedAt
        self.photo = photo
        self.idCard = idCard
    }
}

/// Every SQL statement of the bureau batch: the state machine, the due records and the
/// normalised images. Kept here, behind the store's own types, so a second backend carries the
/// state machine over unchanged.
enum BatchStore {
    static func migrateV3(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE batch (
                id TEXT PRIMARY KEY,
                employer_code TEXT NOT NULL,
                employer_name TEXT NOT NULL,
                day TEXT NOT NULL,
                seq INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                persons INTEGER NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('pending', 'written', 'sealed', 'placed')),
                directory TEXT NOT NULL,
                file TEXT NOT NULL,
                staging TEXT NOT NULL,
                sha256 TEXT,
                bytes INTEGER,
                encrypted INTEGER NOT NULL DEFAULT 0,
                os_user TEXT NOT NULL,
                pid INTEGER NOT NULL,
                updated_at TEXT NOT NULL,
                UNIQUE (employer_code, day, seq));
            CREATE TABLE batch_person (
                batch_id TEXT NOT NULL REFERENCES batch(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                id_number TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                photo_sha256 TEXT,
                idcard_sha256 TEXT,
                PRIMARY KEY (batch_id, position));
            CREATE INDEX batch_person_id ON batch_person(id_number);
            CREATE TABLE image_derived (
                source TEXT NOT NULL,
                kind TEXT NOT NULL,
                sha256 TEXT NOT NULL REFERENCES image(sha256),
                PRIMARY KEY (source, kind));
            """)
    }
}

extension BatchStore {
    /// The image derived from `source` as `kind`, inside a transaction.
    static func derived(_ db: Database, source: String, kind: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT sha256 FROM image_derived WHERE source = ? AND kind = ?"),
                            arguments: [source, kind])
    }

    /// Keeps a derived image in the image store and remembers what it came from, inside a transaction.
    /// `images`: the transaction's image store, so that a rollback removes the files again.
    static func saveDerived(_ db: Database, _ bytes: [UInt8], source: String, kind: String, directory: String,
                            at now: EventClock, images: ImageStore? = nil) throws -> String {
        let sha = try (images ?? ImageStore(directory: directory)).save(bytes, db: db, at: now)
        try db.executeCached(sql: "INSERT OR REPLACE INTO image_derived (source, kind, sha256) VALUES (?, ?, ?)",
                             arguments: [source, kind, sha])
        return sha
    }

    /// The relative path of a stored image, inside a transaction.
    static func imagePath(_ db: Database, _ sha: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT path FROM image WHERE sha256 = ?"), arguments: [sha])
    }
}

extension Store {
    // MARK: - Due records

    /// Every record whose window closed at or before `cutoff` and that no batch holds, by employer,
    /// then submission time and ID number.
    func dueForBatch(cutoff: String) throws(SSCardError) -> [BatchPerson] {
        try read { db in
            var images: [String: [String: String]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT pi.id_number, pi.slot, pi.sha256 FROM person_image pi JOIN person p ON p.id_number = pi.id_number
                WHERE p.batch_id IS NULL AND p.submitted_at <= ?
                """, arguments: [cutoff]) {
                images[row["id_number"], default: [:]][row["slot"]] = row["sha256"]
            }
            return try Row.fetchAll(db, sql: """
                SELECT id_number, id_type, name, employer_code, fields, updated_at FROM person
                WHERE batch_id IS NULL AND submitted_at <= ? ORDER BY employer_code, submitted_at, id_number
                """, arguments: [cutoff]).map { row in
                let number: String = row["id_number"]
                return BatchPerson(idNumber: number, idType: row["id_type"], name: row["name"], employerCode: row["employer_code"],
                                   fields: StoreJSON.decode([String: String].self, row["fields"]) ?? [:],
                                   updatedAt: row["updated_at"], images: images[number] ?? [:])
            }
        }
    }

    /// The persons of a batch, in batch order, with the images it packed.
    func batchMembers(_ id: String) throws(SSCardError) -> [(member: BatchMember, person: BatchPerson)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT b.position, b.id_number, b.updated_at AS planned, b.photo_sha256, b.idcard_sha256,
                       p.id_type, p.name, p.employer_code, p.fields, p.updated_at
                FROM batch_person b JOIN person p ON p.id_number = b.id_number WHERE b.batch_id = ? ORDER BY b.position
                """, arguments: [id]).map { row in
                let member = BatchMember(position: row["position"], idNumber: row["id_number"], updatedAt: row["planned"],
                                         photo: row["photo_sha256"], idCard: row["idcard_sha256"])
                let person = BatchPerson(idNumber: row["id_number"], idType: row["id_type"], name: row["name"],
                                         employerCode: row["employer_code"],
                                         fields: StoreJSON.decode([String: String].self, row["fields"]) ?? [:],
                                         updatedAt: row["updated_at"], images: [:])
                return (member, person)
            }
        }
    }

    // MARK: - Images

    /// The absolute path and recorded size of a stored image, nil when the store has no such image.
    func imageFile(_ sha256: String) throws(SSCardError) -> (path: String, bytes: Int)? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT path, bytes FROM image WHERE sha256 = ?"), arguments: [sha256]).map { row in
                ((imagesDirectory as NSString).appendingPathComponent(row["path"] as String), row["bytes"] as Int)
            }
        }
    }

    /// The image derived from `source` (one image's SHA-256, or several joined by '+') as `kind`.
    func derivedImage(source: String, kind: String) throws(SSCardError) -> String? {
        try read { db in try BatchStore.derived(db, source: source, kind: kind) }
    }

    /// Keeps a derived image in the image store and remembers what it came from.
    func saveDerivedImage(_ bytes: [UInt8], source: String, kind: String, at now: EventClock) throws(SSCardError) -> String {
        let directory = imagesDirectory
        return try write { db in try BatchStore.saveDerived(db, bytes, source: source, kind: kind, directory: directory, at: now) }
    }

    // MARK: - The state machine

    /// The next free sequence number of an employer's batches on a day (from 1).
    func nextBatchSequence(employer: String, day: String) throws(SSCardError) -> Int {
        try read { db in
            (try Int.fetchOne(db, sql: "SELECT max(seq) FROM batch WHERE employer_code = ? AND day = ?", arguments: [employer, day]) ?? 0) + 1
        }
    }

    /// Records a planned batch and its persons (state pending).
    func insertPendingBatch(_ batch: BatchRecord, members: [BatchMember], at now: EventClock) throws(SSCardError) {
        try write { db in
            try db.execute(sql: """
                INSERT INTO batch (id, employer_code, employer_name, day, seq, created_at, persons, state, directory, file, staging,
                                   encrypted, os_user, pid, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [batch.id, batch.employerCode, batch.employerName, batch.day, batch.sequence, batch.createdAt,
                                 batch.persons, batch.directory, batch.file, batch.staging, batch.encrypted ? 1 : 0,
                                 OSUser.name, Int(getpid()), now.stamp])
            for member in members {
                try db.executeCached(sql: """
                    INSERT INTO batch_person (batch_id, position, id_number, updated_at, photo_sha256, idcard_sha256) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [batch.id, member.position, member.idNumber, member.updatedAt, member.photo, member.idCard])
            }
        }
    }

    /// pending → written: the temporary file is complete and synced; its digest is recorded.
    func markBatchWritten(_ id: String, sha256: String, bytes: Int, at now: EventClock) throws(SSCardError) {
        try write { db in
            try db.execute(sql: "UPDATE batch SET state = 'written', sha256 = ?, bytes = ?, updated_at = ? WHERE id = ? AND state = 'pending'",
                           arguments: [sha256, bytes, now.stamp, id])
            guard db.changesCount == 1 else { throw SSCardError.internal("batch \(id) was not pending") }
        }
    }

    /// written → sealed, in one transaction with marking every person exported. Returns the
    /// persons that changed since the batch was planned (amended, rejected, exported elsewhere or
    /// no longer due); then nothing is marked and the batch stays written.
    func sealBatch(_ id: String, cutoff: String, at now: EventClock) throws(SSCardError) -> [String] {
        let user = OSUser.name
        do {
            return try database.write { db -> [String] in
            guard try String.fetchOne(db, sql: "SELECT state FROM batch WHERE id = ?", arguments: [id]) == BatchState.written.rawValue else {
                throw SSCardError.internal("batch \(id) is not written")
            }
            let members = try Row.fetchAll(db, sql: "SELECT id_number, updated_at FROM batch_person WHERE batch_id = ? ORDER BY position",
                                           arguments: [id])
            var changed: [String] = []
            for member in members {
                let number: String = member["id_number"]
                try db.executeCached(sql: """
                    UPDATE person SET batch_id = ?, exported_at = ?
                    WHERE id_number = ? AND batch_id IS NULL AND updated_at = ? AND submitted_at <= ?
                    """, arguments: [id, now.stamp, number, member["updated_at"] as String, cutoff])
                if db.changesCount != 1 { changed.append(number) }
            }
            if !changed.isEmpty {
                // Undo the marks of this transaction only: throwing rolls the whole transaction back.
                throw BatchSealConflict(changed: changed)
            }
            try db.execute(sql: "UPDATE batch SET state = 'sealed', updated_at = ? WHERE id = ?", arguments: [now.stamp, id])
            for member in members {
                try Events.record(db, at: now, user: user, kind: "export", id: member["id_number"], submission: nil,
                                  detail: StoreJSON.encode(["batch": id]))
            }
            let row = try Row.fetchOne(db, sql: "SELECT file, sha256, persons, employer_code FROM batch WHERE id = ?", arguments: [id])
            let file: String = row?["file"] ?? "", sha: String = row?["sha256"] ?? "", code: String = row?["employer_code"] ?? ""
            let persons: Int = row?["persons"] ?? 0
            let detail: [String: String] = ["batch": id, "state": "sealed", "file": file, "sha256": sha,
                                            "persons": String(persons), "employer_code": code]
            try Events.record(db, at: now, user: user, kind: "batch", id: nil, submission: nil, detail: StoreJSON.encode(detail))
            return []
            }
        } catch let conflict as BatchSealConflict {
            return conflict.changed
        } catch {
            throw Store.map(error, path: path)
        }
    }

    /// sealed → placed: the file is under its final name.
    func markBatchPlaced(_ id: String, at now: EventClock) throws(SSCardError) {
        try write { db in
            try db.execute(sql: "UPDATE batch SET state = 'placed', updated_at = ? WHERE id = ? AND state = 'sealed'",
                           arguments: [now.stamp, id])
        }
    }

    /// A rebuilt encrypted batch has new bytes (AES salts are random): its digest is recorded again.
    func updateBatchDigest(_ id: String, sha256: String, bytes: Int, at now: EventClock) throws(SSCardError) {
        try write { db in
            try db.execute(sql: "UPDATE batch SET sha256 = ?, bytes = ?, updated_at = ? WHERE id = ?", arguments: [sha256, bytes, now.stamp, id])
            try Events.record(db, at: now, user: OSUser.name, kind: "batch", id: nil, submission: nil,
                              detail: StoreJSON.encode(["batch": id, "state": "re-encrypted", "sha256": sha256]))
        }
    }

    /// Forgets an interrupted (pending or written) batch: its persons were never marked and stay due.
    func discardBatch(_ id: String, reason: String, at now: EventClock) throws(SSCardError) {
        try write { db in
            guard let state = try String.fetchOne(db, sql: "SELECT state FROM batch WHERE id = ?", arguments: [id]) else { return }
            guard state == BatchState.pending.rawValue || state == BatchState.written.rawValue else {
                throw SSCardError.internal("batch \(id) is \(state) and cannot be discarded")
            }
            try db.execute(sql: "DELETE FROM batch WHERE id = ?", arguments: [id])
            try Events.record(db, at: now, user: OSUser.name, kind: "batch", id: nil, submission: nil,
                              detail: StoreJSON.encode(["batch": id, "state": "discarded", "reason": reason]))
        }
    }

    public func batches() throws(SSCardError) -> [BatchRecord] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM batch ORDER BY created_at, employer_code, seq").map(Store.batchRecord) }
    }

    public func batch(_ id: String) throws(SSCardError) -> BatchRecord? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM batch WHERE id = ?", arguments: [id]).map(Store.batchRecord) }
    }

    private static func batchRecord(_ row: Row) -> BatchRecord {
        BatchRecord(id: row["id"], employerCode: row["employer_code"], employerName: row["employer_name"], day: row["day"],
                    sequence: row["seq"], createdAt: row["created_at"], persons: row["persons"],
                    state: BatchState(rawValue: row["state"]) ?? .pending, directory: row["directory"], file: row["file"],
                    staging: row["staging"], sha256: row["sha256"], bytes: row["bytes"], encrypted: (row["encrypted"] as Int? ?? 0) != 0)
    }
}

/// Thrown inside the seal transaction to roll it back when a person changed since planning.
struct BatchSealConflict: Error {
    let changed: [String]
}
