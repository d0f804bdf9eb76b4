import Foundation
import GRDB
import SQLiteRows

/// What one `import` did.
public struct ImportReport: Sendable {
    public struct Line: Sendable {
        public let row: Int
        public let idNumber: String
        public let name: String
        public let detail: Message
    }

    public var file: String
    public var submissionID: Int64?
    public var submittedAt: CivilDateTime
    /// Set when the same file (by SHA-256) was imported before: nothing changed.
    public var previous: (id: Int64, at: String)?
    public var rows = 0, accepted = 0, amended = 0, unchanged = 0, rejected = 0, refused = 0
    public var rejections: [Line] = []
    public var refusals: [Line] = []
    public var amendments: [Line] = []
}

/// `sscard import`: validates every row and stores accepted records and rejected rows (with their
/// raw cells and findings) in one transaction per file. A person already stored is amended while
/// the window is open, and refused once it has closed or the person has been exported.
public enum ImportJob {
    public static func run(_ request: ValidationRequest, store: Store, at now: CivilDateTime, schemas: URL) throws(SSCardError) -> ImportReport {
        let sha = try fileSHA256(request.rosterPath)
        // The roster and its images: a new or changed image makes a new submission. // h8-clerk
        let identity = try ImportIdentity.key(rosterSHA: sha, photos: request.photosPath, idCards: request.idCardsPath)
        let office = request.profile.officeClock
        let clock = EventClock(office: office, wall: now)
        var report = ImportReport(file: request.rosterPath, submittedAt: now)
        if let previous = try store.read({ db in
            try Row.fetchOne(db, sql: "SELECT id, submitted_at FROM submission WHERE file_sha256 = ?", arguments: [identity])
        }) {
            report.previous = (previous["id"], office.display(previous["submitted_at"]))
            return report
        }
        let reference = try ReferenceData(directory: schemas, profile: request.profile)
        let user = OSUser.name
        let windowHours = request.profile.amendmentHours
        let images = ImageStore(directory: store.imagesDirectory)
        // The files this import added go again when its transaction does not commit.
        do {
            return try write(request, store: store, images: images, sha: sha, identity: identity, report: report, reference: reference,
                             clock: clock, windowHours: windowHours, user: user, schemas: schemas)
        } catch {
            images.removeCreated()
            throw error
        }
    }

    private static func write(_ request: ValidationRequest, store: Store, images: ImageStore, sha: String, identity: String, report: ImportReport,
                              reference: ReferenceData, clock: EventClock, windowHours: Int, user: String,
                              schemas: URL) throws(SSCardError) -> ImportReport {
        let office = clock.office
        var report = report
        return try store.write { db in
            // Again inside the (immediate, so serialised) transaction: another process may have
            // imported the same file since the look above.
            if let previous = try Row.fetchOne(db, sql: "SELECT id, submitted_at FROM submission WHERE file_sha256 = ?", arguments: [identity]) {
                report.previous = (previous["id"], office.display(previous["submitted_at"]))
                return report
            }
            try db.executeCached(sql: "INSERT INTO submission (file_name, file_sha256, submitted_at, os_user) VALUES (?, ?, ?, ?)",
                           arguments: [(request.rosterPath as NSString).lastPathComponent, identity, clock.stamp, user])
            let submission = db.lastInsertedRowID
            report.submissionID = submission
            // Into an empty store a row is almost always new: it is inserted at once, and looked
            // up as an earlier version only when the insert finds the number taken (by an earlier
            // row of this file). A lookup per row was a sixth of storing it.
            let insertFirst = try !(Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM person)") ?? false)
            var openRejections = try OpenRejections(db)
            let inserts = try PersonInsert.Statements(db)
            // Rows are validated and prepared on another thread while this one writes them.
            let prepared = PreparedRow.start(request, schemas: schemas, reference: reference,
                                             context: PersonInsert.Context(submission: submission, stamp: clock.stamp))
            defer {
                prepared.cancel()
                prepared.waitUntilFinished()
            }
            while var batch = try prepared.next() {
                defer { prepared.recycle(&batch) }
                for row in batch {
                    do {
                        try storeRow(row, db: db, submission: submission, report: &report, now: clock,
                                     windowHours: windowHours, user: user, images: images, profile: request.profile, insertFirst: insertFirst,
                                     openRejections: &openRejections, inserts: inserts)
                    } catch let error as SSCardError {
                        throw error
                    } catch {
                        throw Store.map(error, path: store.path)
                    }
                }
            }
            try db.executeCached(sql: """
                UPDATE submission SET rows = ?, accepted = ?, amended = ?, unchanged = ?, rejected = ?, refused = ? WHERE id = ?
                """, arguments: [report.rows, report.accepted, report.amended, report.unchanged, report.rejected, report.refused, submission])
            let detail = StoreJSON.encode(["file": report.file, "sha256": sha, "rows": "\(report.rows)", "accepted": "\(report.accepted)",
                                           "amended": "\(report.amended)", "unchanged": "\(report.unchanged)",
                                           "rejected": "\(report.rejected)", "refused": "\(report.refused)"])
            try Events.record(db, at: clock, user: user, kind: "import", id: nil, submission: submission, detail: detail)
            return report
        }
    }

    private static func storeRow(_ prepared: PreparedRow, db: Database, submission: Int64, report: inout ImportReport,
                                 now: EventClock, windowHours: Int, user: String,
                                 images imageStore: ImageStore, profile: Profile, insertFirst: Bool,
                                 openRejections: inout OpenRejections, inserts: PersonInsert.Statements) throws {
        let row = prepared.result
        report.rows += 1
        let number = row.record.text(.idNumber) ?? ""
        let name = row.record.text(.name) ?? ""
        let errors = prepared.errors
        let fields: StoredFields, warnings: String, fieldsJSON: [UInt8], insertValues: PackedRow
        switch prepared.content {
        case .rejected(let raw, let findings):
            // Keep the images that passed, so that fixing another field does not lose them.
            var kept: [String: [String]] = [:]
            for (slot, file) in row.images where !errors.contains(where: { $0.field == slot.key }) {
                kept[slot.key] = [try imageStore.save(try file.read(), db: db, at: now), file.fileName]
            }
            if openRejections.mayHave(number) {
                // The latest rejection of a person replaces those of earlier files.
                try db.executeCached(sql: "UPDATE rejected_row SET resolved_at = ? WHERE id_number = ? AND resolved_at IS NULL AND submission_id <> ?",
                               arguments: [now.stamp, number, submission])
            }
            try db.executeCached(sql: """
                INSERT INTO rejected_row (submission_id, source_row, id_number, name, raw, findings, rejected_at, images)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [submission, row.record.row, number.isEmpty ? nil : number, name, raw,
                                 findings, now.stamp, StoreJSON.encode(kept)])
            if !number.isEmpty { openRejections.rejected(number) }
            report.rejected += 1
            let rules = Array(Set(errors.map(\.rule.rawValue))).sorted().joined(separator: ", ")
            report.rejections.append(.init(row: row.record.row, idNumber: number, name: name, detail: Message(zh: rules, en: rules)))
            return
        case .accepted(let stored, let warningsJSON, let insert):
            (fields, warnings) = (stored, warningsJSON)
            fieldsJSON = StoreJSON.bytes(stored)
            insertValues = PersonInsert.withFields(insert, json: fieldsJSON)
        }
        // Hashed now, copied into the store only once a stored record refers to them (not for a
        // refused or unchanged row).
        var images: [String: (sha: String, name: String)] = [:]
        var contents: [String: [UInt8]] = [:]
        for (slot, file) in row.images {
            let bytes = try file.read()
            let sha = SHA256.hex(bytes)
            images[slot.key] = (sha, file.fileName)
            contents[sha] = bytes
        }
        func saveImages() throws {
            for (_, bytes) in contents.sorted(by: { $0.key < $1.key }) { _ = try imageStore.save(bytes, db: db, at: now) }
            try saveImageSlots(db, number, images)
            try deriveImages()
        }
        // The card photo and the ID-card sheet, derived as the images enter the store (export only packs bytes).
        func deriveImages() throws {
            guard !images.isEmpty else { return }
            try BatchImages.deriveOnEntry(db, slots: try imageSlots(db, number), inHand: contents,
                                          photoOnFile: fields[Field.photoOnFile.rawValue].flatMap(PhotoOnFile.init(text:)) == .yes,
                                          directory: imageStore.directory, profile: profile, at: now, images: imageStore)
        }
        var inserted = false
        if insertFirst {
            try inserts.insert(insertValues, unlessTaken: true)
            inserted = db.changesCount > 0
        }
        if !inserted, let existing = try Row.fetchOne(db.cachedStatement(sql: "SELECT fields, submitted_at, batch_id, exported_at FROM person WHERE id_number = ?"),
                                                      arguments: [number]) {
            let submittedAt = Instant(parsing: existing["submitted_at"]) ?? now.asOf
            let closes = submittedAt.adding(hours: windowHours)
            if let batch: String = existing["batch_id"] {
                let exportedAt = (existing["exported_at"] as String?).map(now.office.display) ?? ""
                let message = Message(zh: "已在批次 \(batch) 中报送（\(exportedAt)），不能再修改",
                                      en: "already exported in batch \(batch) (\(exportedAt)); it can no longer change")
                try refuse(db, row: row.record.row, number: number, name: name, message: message, report: &report, now: now, user: user, submission: submission)
                return
            }
            let old = StoreJSON.decode([String: String].self, existing["fields"]) ?? [:]
            let oldImages = try imageSlots(db, number)
            // Derived codes (education_code, …) follow their field; postal_code and employer_code are fields.
            var changes = Set(fields.keys).union(old.keys)
                .filter { fields[$0] != old[$0] && (Field(rawValue: $0) != nil || !$0.hasSuffix("_code")) }.sorted()
            for (slot, image) in images where oldImages[slot] != image.sha { changes.append(slot) }
            if changes.isEmpty {
                report.unchanged += 1
                // Still an accepted submission of the person: it resolves their open rejections from earlier files. // h8-clerk
                guard openRejections.mayHave(number) else { return }
                try db.executeCached(sql: "UPDATE rejected_row SET resolved_at = ? WHERE id_number = ? AND resolved_at IS NULL AND submission_id <> ?",
                                     arguments: [now.stamp, number, submission])
                return
            }
            guard now.asOf < closes else {
                let closesText = now.office.wallClock(closes), submittedText = now.office.wallClock(submittedAt)
                let message = Message(zh: "修改期已于 \(closesText) 结束（提交于 \(submittedText)），不能再修改",
                                      en: "the amendment window closed at \(closesText) (submitted \(submittedText)); it can no longer change")
                try refuse(db, row: row.record.row, number: number, name: name, message: message, report: &report, now: now, user: user, submission: submission)
                return
            }
            try db.executeCached(sql: """
                UPDATE person SET id_type = ?, name = ?, unit = ?, employer_code = ?, fields = ?, warnings = ?, updated_at = ?
                WHERE id_number = ?
                """, arguments: [fields["id_type"], name, fields["unit"] ?? "", fields["employer_code"] ?? "", String(decoding: fieldsJSON, as: UTF8.self),
                                 warnings, now.stamp, number])
            // submission_id and source_row stay those of the import that created the record (`log ID` shows it). // h8-clerk
            try saveImages()
            let detail = StoreJSON.encode(["changed": changes.joined(separator: ","), "source": "import", "row": "\(row.record.row)"])
            try Events.record(db, at: now, user: user, kind: "amend", id: number, submission: submission, detail: detail)
            report.amended += 1
            let list = changes.joined(separator: ", ")
            report.amendments.append(.init(row: row.record.row, idNumber: number, name: name, detail: Message(zh: list, en: list)))
        } else {
            if !inserted { try inserts.insert(insertValues, unlessTaken: false) }
            try saveImages()
            report.accepted += 1
        }
        guard openRejections.mayHave(number) else { return }
        try db.executeCached(sql: "UPDATE rejected_row SET resolved_at = ? WHERE id_number = ? AND resolved_at IS NULL",
                       arguments: [now.stamp, number])
        openRejections.resolvedAll(number)
    }

    private static func refuse(_ db: Database, row: Int, number: String, name: String, message: Message,
                               report: inout ImportReport, now: EventClock, user: String, submission: Int64) throws {
        report.refused += 1
        report.refusals.append(.init(row: row, idNumber: number, name: name, detail: message))
        try Events.record(db, at: now, user: user, kind: "refuse", id: number, submission: submission,
                          detail: StoreJSON.encode(["row": "\(row)", "reason": message.en]))
    }

    static func imageSlots(_ db: Database, _ number: String) throws -> [String: String] {
        var slots: [String: String] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT slot, sha256 FROM person_image WHERE id_number = ?"), arguments: [number]) {
            slots[row["slot"]] = row["sha256"]
        }
        return slots
    }

    static func saveImageSlots(_ db: Database, _ number: String, _ images: [String: (sha: String, name: String)]) throws {
        for (slot, image) in images {
            try db.executeCached(sql: "INSERT OR REPLACE INTO person_image (id_number, slot, sha256, file_name) VALUES (?, ?, ?, ?)",
                           arguments: [number, slot, image.sha, image.name])
        }
    }

}

extension ImageCatalog.Slot {
    /// The store's name for the slot.
    var key: String {
        switch self {
        case .photo: "photo"
        case .idCard(.portrait): "idcard_portrait"
        case .idCard(.emblem): "idcard_emblem"
        }
    }
}

/// Images copied into the workspace by content, for one transaction. A file is written only when
/// a record that refers to it is stored; the files the transaction created are removed again when
/// it does not commit (`removeCreated()`), so the folder holds only images the store refers to.
/// (Writes to one store are serialised, so no other transaction can come to rely on a file this
/// one created before it commits.)
final class ImageStore {
    let directory: String
    private var created: [String] = []

    init(directory: String) { self.directory = directory }

    func save(_ bytes: [UInt8], db: Database, at now: EventClock) throws -> String {
        let sha = SHA256.hex(bytes)
        let relative = String(sha.prefix(2)) + "/" + sha
        let target = (directory as NSString).appendingPathComponent(relative)
        if !FileManager.default.fileExists(atPath: target) {
            let folder = (target as NSString).deletingLastPathComponent
            try makeFolders(folder)
            try writePrivateFile(Data(bytes), to: target)
            created.append(target)
        }
        try db.executeCached(sql: "INSERT OR IGNORE INTO image (sha256, bytes, path, stored_at) VALUES (?, ?, ?, ?)",
                       arguments: [sha, bytes.count, relative, now.stamp])
        return sha
    }

    /// After a rollback: the files this transaction wrote are referenced by nothing.
    func removeCreated() {
        for path in created { unlink(path) }
        created.removeAll()
    }
}

/// The operating-system user, for the audit log.
public enum OSUser {
    public static var name: String {
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "uid \(getuid())"
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

extension Database {
    /// Runs a statement prepared once per connection: import runs the same few statements per row.
    func executeCached(sql: String, arguments: StatementArguments = []) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
