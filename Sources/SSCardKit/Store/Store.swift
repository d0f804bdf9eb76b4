import Foundation
import GRDB

/// The workspace: a SQLite file (WAL, foreign keys, versioned migrations) and, beside it, a
/// folder of content-addressed images. Created mode 0600 / 0700.
public final class Store {
    public let path: String
    /// `<store>.images/`: images by SHA-256, so nothing depends on folders that may move.
    public let imagesDirectory: String
    let database: DatabaseQueue

    /// 'SSCD': marks the file as an sscard store, so that a foreign SQLite file is never migrated.
    static let applicationID: Int32 = 0x5353_4344

    /// The store path: `--store`, else `SSCARD_STORE`, else `./sscard.db`.
    public static func defaultPath(_ explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnvironment = environment["SSCARD_STORE"], !fromEnvironment.isEmpty { return fromEnvironment }
        return "sscard.db"
    }

    /// Opens (and, if `create`, creates) a store. A file that is not an sscard store is refused untouched.
    /// - Parameter busyTimeout: seconds to wait for another process's write lock.
    public init(path: String, create: Bool = true, busyTimeout: Double = 30) throws(SSCardError) {
        self.path = path
        imagesDirectory = path + ".images"
        var isFolder = false
        let exists = fileExists(path, &isFolder)
        if isFolder { throw .fileWriteFailed(path: path, step: .open, code: EISDIR) }
        if exists {
            try Store.checkIsOurs(path, busyTimeout: busyTimeout)
        } else {
            guard create else { throw .storeMissing(path: path) }
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor < 0 && errno != EEXIST { throw .fileWriteFailed(path: path, step: .open, code: errno) }
            if descriptor >= 0 { close(descriptor) }
        }
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        // 16 MiB of page cache (SQLite's default is 2 MB): an import's indexes then stay in memory
        // instead of spilling to the WAL and being read back, a quarter of its system time.
        // 16 KiB pages for a new store (an existing one keeps its own; WAL mode fixes the size):
        // 100,000 persons take 127 MB instead of 148, and the WAL and its checkpoint a quarter
        // of the write calls.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA page_size = 16384; PRAGMA cache_size = -16384") }
        do {
            database = try Store.openQueue(path: path, configuration: configuration, busyTimeout: busyTimeout)
            // GRDB reads the applied migrations outside each migration's transaction: another process
            // creating the same new store at this moment makes ours fail ("table submission already
            // exists"). Its migration has committed by then; look again.
            var attempt = 0
            while true {
                do {
                    try Store.migrator.migrate(database)
                    break
                } catch {
                    attempt += 1
                    if attempt > 5 { throw error }
                }
            }
        } catch {
            throw Store.map(error, path: path)
        }
        if !FileManager.default.fileExists(atPath: imagesDirectory) {
            try makeFolders(imagesDirectory)
        }
    }

    /// Opens the queue. Switching a new file to WAL needs an exclusive lock, and SQLite answers
    /// SQLITE_BUSY at once (no busy handler) when two processes create the same store together.
    private static func openQueue(path: String, configuration: Configuration, busyTimeout: Double) throws -> DatabaseQueue {
        let deadline = Date().addingTimeInterval(busyTimeout)
        while true {
            do {
                return try DatabaseQueue(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                usleep(20_000)
            }
        }
    }

    /// Refuses, without writing a byte, a file that is not SQLite or is someone else's database.
    static func checkIsOurs(_ path: String, busyTimeout: Double) throws(SSCardError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(path: path, reason: Message(zh: "无法打开；请检查文件的读取权限", en: "cannot open"))
        }
        let head = (try? handle.read(upToCount: 100)) ?? Data()
        try? handle.close()
        if head.isEmpty { return }  // an empty file: a new store
        guard head.count >= 100, head.starts(with: Array("SQLite format 3\0".utf8)) else { throw .notAStore(path: path) }
        // Opening read-write writes at once (GRDB's WAL set-up creates and drops a table when there
        // is no -wal file), so look through a read-only connection first. The application id in
        // the file's header is not enough: in WAL mode the header is stale until a checkpoint
        // (a new store whose first import is running, or was killed, still shows 0 there).
        do {
            var configuration = Configuration()
            configuration.readonly = true
            // Another process may hold the file locked while it creates the store (or switches it to WAL).
            configuration.busyMode = .timeout(busyTimeout)
            let probe = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? probe.close() }
            let ours = try probe.read { db -> Bool in
                // GRDB's own tables do not make a file foreign: grdb_migrations is created before the
                // migration that sets the application id (another process may be creating the store).
                // Tables first: each statement reads the latest commit, and the id comes with the tables.
                let tables = try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'grdb\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
                    """) ?? 0
                let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                if id != applicationID { return tables == 0 }
                // Touch every table's first page: a damaged store fails here, before any write.
                // (PRAGMA quick_check would be thorough, but reads the whole file on every command.)
                for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") {
                    _ = try Row.fetchOne(db, sql: "SELECT * FROM \(table.quotedDatabaseIdentifier) LIMIT 1")
                }
                return true
            }
            if !ours { throw SSCardError.notAStore(path: path) }
        } catch let error as SSCardError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            throw .storeLocked(path: path)
        } catch {
            throw .notAStore(path: path)
        }
    }

    static func map(_ error: any Error, path: String) -> SSCardError {
        if let error = error as? SSCardError { return error }
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: return .storeLocked(path: path)
            case .SQLITE_NOTADB, .SQLITE_CORRUPT: return .notAStore(path: path)
            case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM:
                // SQLite's own words are English: name the errno of the file or its folder instead.
                let folder = (path as NSString).deletingLastPathComponent
                if access(folder.isEmpty ? "." : folder, W_OK | X_OK) != 0 || access(path, R_OK | W_OK) != 0 {
                    return .fileWriteFailed(path: path, step: .open, code: errno)
                }
                return .cannotWrite(path: path, reason: Message(zh: "数据库无法写入；请检查磁盘空间和文件夹权限",
                                                                en: error.message ?? "\(error.resultCode)"))
            case .SQLITE_FULL: return .cannotWrite(path: path, reason: Message(zh: "磁盘已满；请腾出空间后再试", en: "the disk is full"))
            default: return .internal("store \(path): \(error.message ?? "\(error)")")
            }
        }
        return .internal("store \(path): \(error)")
    }

    /// Runs `body` in one write transaction: all of it lands, or none.
    func write<T>(_ body: (Database) throws -> T) throws(SSCardError) -> T {
        do { return try database.write(body) } catch { throw Store.map(error, path: path) }
    }

    func read<T>(_ body: (Database) throws -> T) throws(SSCardError) -> T {
        do { return try database.read(body) } catch { throw Store.map(error, path: path) }
    }

    /// Runs SQLite's integrity check (tests and `sscard status --check`).
    public func integrityCheck() throws(SSCardError) -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "?" }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: """
                CREATE TABLE submission (
                    id INTEGER PRIMARY KEY,
                    file_name TEXT NOT NULL,
                    file_sha256 TEXT NOT NULL UNIQUE,
                    submitted_at TEXT NOT NULL,
                    os_user TEXT NOT NULL,
                    rows INTEGER NOT NULL DEFAULT 0,
                    accepted INTEGER NOT NULL DEFAULT 0,
                    amended INTEGER NOT NULL DEFAULT 0,
                    unchanged INTEGER NOT NULL DEFAULT 0,
                    rejected INTEGER NOT NULL DEFAULT 0,
                    refused INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE person (
                    id_number TEXT PRIMARY KEY,
                    id_type TEXT NOT NULL,
                    name TEXT NOT NULL,
                    unit TEXT NOT NULL,
                    employer_code TEXT NOT NULL,
                    fields TEXT NOT NULL,
                    warnings TEXT NOT NULL,
                    submitted_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    submission_id INTEGER REFERENCES submission(id),
                    source_row INTEGER,
                    batch_id TEXT,
                    exported_at TEXT);
                CREATE INDEX person_due ON person(batch_id, submitted_at);
                CREATE INDEX person_unit ON person(unit);
                CREATE TABLE rejected_row (
                    id INTEGER PRIMARY KEY,
                    submission_id INTEGER NOT NULL REFERENCES submission(id),
                    source_row INTEGER NOT NULL,
                    id_number TEXT,
                    name TEXT,
                    raw TEXT NOT NULL,
                    findings TEXT NOT NULL,
                    rejected_at TEXT NOT NULL,
                    resolved_at TEXT);
                CREATE INDEX rejected_id ON rejected_row(id_number);
                CREATE TABLE image (
                    sha256 TEXT PRIMARY KEY,
                    bytes INTEGER NOT NULL,
                    path TEXT NOT NULL,
                    stored_at TEXT NOT NULL);
                CREATE TABLE person_image (
                    id_number TEXT NOT NULL REFERENCES person(id_number) ON DELETE CASCADE,
                    slot TEXT NOT NULL,
                    sha256 TEXT NOT NULL REFERENCES image(sha256),
                    file_name TEXT NOT NULL,
                    PRIMARY KEY (id_number, slot));
                CREATE TABLE event (
                    id INTEGER PRIMARY KEY,
                    at TEXT NOT NULL,
                    os_user TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    id_number TEXT,
                    submission_id INTEGER,
                    detail TEXT NOT NULL);
                CREATE INDEX event_id ON event(id_number, id);
                """)
        }
        migrator.registerMigration("v2") { db in
            // {slot: [sha256, file name]}: the images of a rejected row that passed their checks.
            try db.execute(sql: "ALTER TABLE rejected_row ADD COLUMN images TEXT NOT NULL DEFAULT '{}'")
        }
        migrator.registerMigration("v3-batches", migrate: BatchStore.migrateV3)  // h9-export
        InstantsMigration.register(&migrator)  // h8-clerk
        return migrator
    }
}
