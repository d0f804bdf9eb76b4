import Foundation
import XLSXWriter

/// A batch that has just been sealed and placed: what a later stage (the registration forms of
/// issue 10) needs to write its own files for the batch's persons.
public struct SealedBatch: Sendable {
    public let record: BatchRecord
    public let persons: [BatchPerson]
    public let members: [BatchMember]
}

public struct ExportRequest: Sendable {
    /// DIR: where batches go (created 0700 if missing).
    public var directory: String
    /// The office's wall clock of the export (`--as-of`, else now).
    public var now: CivilDateTime
    public var profile: Profile = .chengdu
    /// The same clock as the store records it (instants, in the profile's time zone).
    public var event: EventClock { EventClock(office: profile.officeClock, wall: now) }
    public var dryRun = false
    /// Seconds to wait for another export's lock.
    public var wait: Double = 30
    /// AES-256 zip encryption of every entry.
    public var password: String?
    /// Regenerate this batch from the store instead of exporting.
    public var rebuild: String?
    /// Runs after each batch is sealed and placed (its records are exported by then). The forms
    /// stage hooks in here; an error it throws is reported but never undoes the batch.
    public var afterPlaced: (@Sendable (SealedBatch) throws(SSCardError) -> Void)?
    /// Writes DIR/forms/<batch id>/<id>.pdf and forms-all.pdf for every batch placed (`sscard export` does).
    public var writeForms = false
    /// Persons done of the persons due, for a progress bar: a batch's persons count as their
    /// forms are drawn, and all of them once the batch is complete.
    public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?

    public init(directory: String, now: CivilDateTime) {
        self.directory = directory
        self.now = now
    }
}

public struct ExportReport: Sendable {
    public struct Blocked: Sendable {
        public let idNumber: String
        public let name: String
        public let employerCode: String
        public let reason: Message
    }

    public struct Planned: Sendable {
        public let employerCode: String
        public let employerName: String
        public let persons: Int
    }

    public var dryRun = false
    /// Records due (window closed, not exported) when the run began.
    public var dueBefore = 0
    /// Batches written, sealed and placed by this run.
    public var batches: [BatchRecord] = []
    /// Sealed batches of an interrupted earlier run, finished now.
    public var finished: [BatchRecord] = []
    /// Interrupted batches (never sealed) discarded; their records stayed due.
    public var discarded: [String] = []
    public var blocked: [Blocked] = []
    /// --dry-run: what would be written.
    public var planned: [Planned] = []
    /// Errors of the after-placed stage (forms), by batch.
    public var stageErrors: [(batch: String, message: Message)] = []
    /// --rebuild: the batch, where it was written, and whether it matches the recorded SHA-256.
    public var rebuilt: (batch: BatchRecord, path: String, sha256: String, matches: Bool)?
}

/// `sscard export`: every due record not yet exported, one batch per employer, exactly once.
///
/// The state machine, recorded in the store (table batch):
/// 1. pending: the batch and its persons are recorded; the zip is written under
///    `DIR/.sscard-staging/<id>.zip` (libzip's own temporary file beside it);
/// 2. written: the file is complete, fsynced, read back and its SHA-256 recorded;
/// 3. sealed: one transaction checks that every person is still due and unchanged, marks them
///    exported and the batch sealed (a person amended meanwhile: the batch is discarded and
///    planned again without them);
/// 4. placed: the file is linked under its final name (never replacing a file), the temporary
///    name removed, the folder fsynced.
/// A run that finds a pending or written batch discards it (its records were never marked); a
/// sealed one is finished: moved into place, or rebuilt from the store when its file is gone.
public enum ExportJob {
    public static let stagingFolder = ".sscard-staging"

    public static func run(_ request: ExportRequest, store: Store, schemas: URL) throws(SSCardError) -> ExportReport {
        try ImageLibrary.require()
        var report = ExportReport()
        report.dryRun = request.dryRun
        let clock = BatchClock(now: request.now, office: request.profile.officeClock, windowHours: request.profile.amendmentHours)
        let directory = absolute(request.directory)
        let columns = try BatchColumns(schemas: schemas)
        let writer = BatchWriter(store: store, columns: columns, schema: try BatchWriter.loadSchema(schemas))
        if request.dryRun {
            try plan(store.dueForBatch(cutoff: clock.dueCutoff), request: request, store: store, report: &report, derive: false)
            return report
        }
        try prepareFolder(directory)
        let lock = try ExportLock(store: store.path, wait: request.wait)
        defer { withExtendedLifetime(lock) {} }
        sweepLibraryTemporaries(directory)
        try recover(store: store, writer: writer, password: request.password, now: request.event, report: &report)
        if let id = request.rebuild {
            report.rebuilt = try rebuild(id, into: directory, store: store, writer: writer, password: request.password, now: request.event)
            return report
        }
        var due = try store.dueForBatch(cutoff: clock.dueCutoff)
        report.dueBefore = due.count
        var attempts = 0
        var done = 0
        request.progress?(0, due.count)
        while !due.isEmpty {
            let groups = try plan(due, request: request, store: store, report: &report, derive: true)
            var retry: Set<String> = []
            // Blocked persons are not written: the bar counts the persons planned into batches.
            let total = done + groups.reduce(0) { $0 + $1.members.count }
            for group in groups {
                // The batch's persons count as their forms are drawn (the files beyond them are forms-all.pdf).
                let base = done, members = group.members.count
                let formsProgress = request.progress.map { tell in { @Sendable (files: Int, _: Int) in tell(base + min(files, members), total) } }
                let changed = try export(group, directory: directory, clock: clock, store: store, writer: writer,
                                         request: request, report: &report, formsProgress: formsProgress)
                retry.formUnion(changed)
                if changed.isEmpty {
                    done += group.members.count
                    request.progress?(done, total)
                }
            }
            attempts += 1
            guard !retry.isEmpty, attempts < 5 else { break }
            // Persons that changed while their batch was written: plan their employers again
            // (a changed record is simply not due any more, or due with its new data).
            let employers = Set(groups.filter { group in group.members.contains { retry.contains($0.person.idNumber) } }.map(\.employerCode))
            report.blocked.removeAll { employers.contains($0.employerCode) }
            due = try store.dueForBatch(cutoff: clock.dueCutoff).filter { employers.contains($0.employerCode) }
        }
        return report
    }

    struct Group {
        let employerCode: String
        let employerName: String
        var members: [(member: BatchMember, person: BatchPerson)]
    }

    /// Groups due records by employer and resolves their images; blocked persons are reported.
    @discardableResult
    private static func plan(_ due: [BatchPerson], request: ExportRequest, store: Store, report: inout ExportReport,
                             derive: Bool) throws(SSCardError) -> [Group] {
        if request.dryRun { report.dueBefore = due.count }
        var groups: [Group] = []
        let checked = BatchImages.Checked()
        for person in due {
            let images: PackedImages
            switch try BatchImages.prepare(person, store: store, profile: request.profile, at: request.event, derive: derive, checked: checked) {
            case .success(let packed): images = packed
            case .failure(let blocked):
                report.blocked.append(.init(idNumber: person.idNumber, name: person.name, employerCode: person.employerCode,
                                            reason: blocked.reason))
                continue
            }
            if groups.last?.employerCode != person.employerCode {
                groups.append(Group(employerCode: person.employerCode, employerName: person.fields["employer_name"] ?? "", members: []))
            }
            let member = BatchMember(position: groups[groups.count - 1].members.count + 1, idNumber: person.idNumber,
                                     updatedAt: person.updatedAt, photo: images.photo, idCard: images.idCard)
            groups[groups.count - 1].members.append((member, person))
        }
        if request.dryRun {
            report.planned = groups.map { .init(employerCode: $0.employerCode, employerName: $0.employerName, persons: $0.members.count) }
        }
        return groups
    }

    /// Writes, seals and places one employer's batch. Returns the persons that changed meanwhile
    /// (then nothing was sealed).
    private static func export(_ group: Group, directory: String, clock: BatchClock, store: Store, writer: BatchWriter,
                               request: ExportRequest, report: inout ExportReport,
                               formsProgress: (@Sendable (Int, Int) -> Void)? = nil) throws(SSCardError) -> [String] {
        let code = safeName(group.employerCode)
        var sequence = try store.nextBatchSequence(employer: group.employerCode, day: clock.day)
        // Never take the name of a file already in DIR (another store's batch, say).
        while FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("batch-\(code)-\(clock.day)-\(sequence).zip")) {
            sequence += 1
        }
        let id = "batch-\(code)-\(clock.day)-\(sequence)"
        let staging = (directory as NSString).appendingPathComponent(stagingFolder)
        var batch = BatchRecord(id: id, employerCode: group.employerCode, employerName: group.employerName, day: clock.day,
                                sequence: sequence, createdAt: clock.createdAt, persons: group.members.count, state: .pending,
                                directory: directory, file: id + ".zip",
                                staging: (staging as NSString).appendingPathComponent(id + ".zip"),
                                sha256: nil, bytes: nil, encrypted: request.password != nil)
        try store.insertPendingBatch(batch, members: group.members.map(\.member), at: request.event)
        let digest: (sha256: String, bytes: Int)
        do {
            digest = try writer.write(batch, members: group.members, to: batch.staging, password: request.password)
            try store.markBatchWritten(id, sha256: digest.sha256, bytes: digest.bytes, at: request.event)
        } catch {
            removeStaging(batch)
            try? store.discardBatch(id, reason: error.message.en, at: request.event)
            throw error
        }
        let changed = try store.sealBatch(id, cutoff: clock.dueCutoff, at: request.event)
        if !changed.isEmpty {
            removeStaging(batch)
            try store.discardBatch(id, reason: "\(changed.count) record(s) changed while the batch was written", at: request.event)
            return changed
        }
        batch = batch.with(state: .sealed, sha256: digest.sha256, bytes: digest.bytes)
        try place(batch, store: store, now: request.event)
        batch = batch.with(state: .placed, sha256: digest.sha256, bytes: digest.bytes)
        report.batches.append(batch)
        if request.writeForms {
            do throws(SSCardError) {
                try BatchForms.write(batch, store: store, directory: directory, request: request, progress: formsProgress)
            } catch {
                report.stageErrors.append((id, error.message))
            }
        }
        if let stage = request.afterPlaced {
            do {
                try stage(SealedBatch(record: batch, persons: group.members.map(\.person), members: group.members.map(\.member)))
            } catch {
                report.stageErrors.append((id, error.message))
            }
        }
        return []
    }

    /// sealed → placed: link under the final name (never replacing), drop the temporary name, sync.
    private static func place(_ batch: BatchRecord, store: Store, now: EventClock) throws(SSCardError) {
        let final = batch.path
        if link(batch.staging, final) != 0 {
            let reason = SystemReason.writing(errno: errno)
            // The batch under its final name already (EEXIST), or with its temporary name already
            // dropped (ENOENT: a run stopped after that, before the store recorded it): placed.
            guard let existing = try? BatchWriter.digest(path: final), existing.sha256 == batch.sha256 else {
                throw .cannotWrite(path: final, reason: reason)
            }
        }
        unlink(batch.staging)
        BatchWriter.syncFolder(batch.directory)
        BatchWriter.syncFolder((batch.staging as NSString).deletingLastPathComponent)
        try store.markBatchPlaced(batch.id, at: now)
    }

    /// Finishes or discards what an interrupted run left.
    static func recover(store: Store, writer: BatchWriter, password: String?, now: EventClock,
                        report: inout ExportReport) throws(SSCardError) {
        for batch in try store.batches() {
            switch batch.state {
            case .placed: continue
            case .pending, .written:
                removeStaging(batch)
                try store.discardBatch(batch.id, reason: "interrupted before it was sealed", at: now)
                report.discarded.append(batch.id)
            case .sealed:
                let finalDigest = try? BatchWriter.digest(path: batch.path)
                if finalDigest?.sha256 != batch.sha256 {
                    let stagedDigest = try? BatchWriter.digest(path: batch.staging)
                    if stagedDigest?.sha256 != batch.sha256 {
                        // The temporary file is gone or damaged: the store and the clock give the same bytes again.
                        if batch.encrypted && password == nil { throw encryptedNeedsPassword(batch) }
                        try prepareFolder(batch.directory)
                        let members = try store.batchMembers(batch.id)
                        let digest = try writer.write(batch, members: members, to: batch.staging, password: batch.encrypted ? password : nil)
                        if digest.sha256 != batch.sha256 {
                            guard batch.encrypted else {
                                unlink(batch.staging)
                                throw .batchRebuildMismatch(id: batch.id, expected: batch.sha256 ?? "", actual: digest.sha256)
                            }
                            try store.updateBatchDigest(batch.id, sha256: digest.sha256, bytes: digest.bytes, at: now)
                        }
                    }
                }
                let current = try store.batch(batch.id) ?? batch
                try place(current, store: store, now: now)
                report.finished.append(current.with(state: .placed, sha256: current.sha256, bytes: current.bytes))
            }
        }
    }

    /// `--rebuild BATCH_ID`: the batch again from the store, into DIR under its file name.
    static func rebuild(_ id: String, into directory: String, store: Store, writer: BatchWriter, password: String?,
                        now: EventClock) throws(SSCardError) -> (batch: BatchRecord, path: String, sha256: String, matches: Bool) {
        guard let batch = try store.batch(id) else { throw .noSuchBatch(id: id) }
        guard batch.state == .sealed || batch.state == .placed else { throw .noSuchBatch(id: id) }
        if batch.encrypted && password == nil { throw encryptedNeedsPassword(batch) }
        try prepareFolder(directory)
        let staging = (directory as NSString).appendingPathComponent(stagingFolder)
        let temporary = (staging as NSString).appendingPathComponent(id + ".rebuild.zip")
        let digest = try writer.write(batch, members: try store.batchMembers(id), to: temporary, password: batch.encrypted ? password : nil)
        let target = (directory as NSString).appendingPathComponent(batch.file)
        guard rename(temporary, target) == 0 else {
            let reason = SystemReason.writing(errno: errno)
            unlink(temporary)
            throw .cannotWrite(path: target, reason: reason)
        }
        BatchWriter.syncFolder(directory)
        return (batch, target, digest.sha256, digest.sha256 == batch.sha256)
    }

    static func encryptedNeedsPassword(_ batch: BatchRecord) -> SSCardError {
        .usage(Message(zh: "批次 \(batch.id) 已加密；请用 --encrypt-password-file 文件 或 SSCARD_BATCH_PASSWORD 提供密码后再写出",
                              en: "batch \(batch.id) is encrypted; give its password with --encrypt-password-file FILE or SSCARD_BATCH_PASSWORD to write it again"))
    }

    /// DIR and DIR/.sscard-staging exist (0700 when created) and can be written.
    static func prepareFolder(_ directory: String) throws(SSCardError) {
        var isFolder = false
        try makeFolders(directory)
        guard access(directory, W_OK | X_OK) == 0 else { throw .fileWriteFailed(path: directory, step: .write, code: errno) }
        let staging = (directory as NSString).appendingPathComponent(stagingFolder)
        if !fileExists(staging, &isFolder) {
            if mkdir(staging, 0o700) != 0 && errno != EEXIST { throw .fileWriteFailed(path: staging, step: .folder, code: errno) }
        }
    }

    /// Removes the temporary files of the batch workbook that libxlsxwriter left in the staging
    /// folder when an export was killed (persons' data). The folder is ours alone, so any such
    /// name there is one of them.
    static func sweepLibraryTemporaries(_ directory: String) {
        let staging = (directory as NSString).appendingPathComponent(stagingFolder)
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? []
        where XLSXWorkbookWriter.isTemporaryFileName(entry) {
            unlink((staging as NSString).appendingPathComponent(entry))
        }
    }

    /// Removes a batch's temporary files: the zip, the workbook and libzip's `<zip>.XXXXXX`.
    static func removeStaging(_ batch: BatchRecord) {
        let folder = (batch.staging as NSString).deletingLastPathComponent
        let name = (batch.staging as NSString).lastPathComponent
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where entry.hasPrefix(name) {
            unlink((folder as NSString).appendingPathComponent(entry))
        }
    }

    static func safeName(_ code: String) -> String {
        let safe = String(String.UnicodeScalarView(code.unicodeScalars.map { scalar in
            scalar.isASCII && CharacterSet.alphanumerics.contains(scalar) ? scalar : "_"
        }))
        return safe.isEmpty ? "_" : String(safe.prefix(40))
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
    }
}

extension BatchRecord {
    func with(state: BatchState, sha256: String?, bytes: Int?) -> BatchRecord {
        BatchRecord(id: id, employerCode: employerCode, employerName: employerName, day: day, sequence: sequence, createdAt: createdAt,
                    persons: persons, state: state, directory: directory, file: file, staging: staging, sha256: sha256, bytes: bytes,
                    encrypted: encrypted)
    }
}

extension ExportJob {
    /// `sscard batches`: every batch in the store. When no export holds the lock, what an
    /// interrupted run left is finished (sealed) or discarded (pending, written) first, so the
    /// list shows only the two states a crash may leave: no batch, or the complete one.
    public static func listBatches(store: Store, schemas: URL, password: String?, now: EventClock) throws(SSCardError) -> (batches: [BatchRecord], recovery: ExportReport) {
        var report = ExportReport()
        if try store.batches().contains(where: { $0.state != .placed }), let lock = ExportLock.attempt(store: store.path) {
            let writer = BatchWriter(store: store, columns: try BatchColumns(schemas: schemas), schema: try BatchWriter.loadSchema(schemas))
            try recover(store: store, writer: writer, password: password, now: now, report: &report)
            withExtendedLifetime(lock) {}
        }
        return (try store.batches(), report)
    }
}
