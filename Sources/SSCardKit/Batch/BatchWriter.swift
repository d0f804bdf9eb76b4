import Foundation
import XMLStream
import ZipArchive

/// Writes one batch zip from what the store holds, deterministically: the same batch record,
/// persons and images give the same bytes (unencrypted). Entries: manifest.xml, persons.xlsx
/// (both deflated), then photos/<id>.jpg and idcards/<id>.jpg in row order (stored: JPEGs are
/// not compressed again), every entry with the batch's timestamp and mode 0600.
struct BatchWriter {
    let store: Store
    let columns: BatchColumns
    let schema: XMLSchemaValidator

    /// The manifest schema, compiled from `schemas/batch-manifest.xsd` (read from memory: no
    /// schema location or include is ever fetched).
    static func loadSchema(_ schemas: URL) throws(SSCardError) -> XMLSchemaValidator {
        let url = schemas.appendingPathComponent("batch-manifest.xsd")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .schemaUnreadable(path: url.path, reason: Message(zh: "文件无法读取；请重新安装数据表", en: "cannot read the file"))
        }
        do { return try XMLSchemaValidator(schema: [UInt8](data), name: url.path) } catch {
            throw .schemaUnreadable(path: url.path, reason: Message(zh: "不是可用的 XML 架构文件；请重新安装数据表", en: "\(error)"))
        }
    }

    /// Writes the zip to `target` (replacing it) and returns its SHA-256 and size.
    func write(_ batch: BatchRecord, members: [(member: BatchMember, person: BatchPerson)], to target: String,
               password: String?) throws(SSCardError) -> (sha256: String, bytes: Int) {
        let folder = (target as NSString).deletingLastPathComponent
        let sheetPath = target + ".persons.xlsx"
        defer { unlink(sheetPath) }
        var rows: [[String]] = []
        var persons: [BatchManifest.Person] = []
        var files: [(name: String, path: String)] = []
        for (member, person) in members {
            var entry = BatchManifest.Person(row: member.position, idType: person.fields["id_type"] ?? person.idType,
                                             idNumber: person.idNumber, name: person.name, files: [])
            var photoPath: String?, idCardPath: String?
            for (kind, folderName, sha) in [("photo", "photos", member.photo), ("idcard", "idcards", member.idCard)] {
                guard let sha else { continue }
                guard let file = try store.imageFile(sha) else {
                    throw .internal("batch \(batch.id): image \(sha) of row \(member.position) is not in the store")
                }
                let name = BatchManifest.entryPath(folderName, idNumber: person.idNumber)
                entry.files.append(.init(kind: kind, path: name, bytes: file.bytes, sha256: sha))
                files.append((name, file.path))
                if kind == "photo" { photoPath = name } else { idCardPath = name }
            }
            rows.append(columns.cells(person, row: member.position, photoPath: photoPath, idCardPath: idCardPath))
            persons.append(entry)
        }
        try PersonsSheet.write(rows: rows, columns: columns,
                               facts: .init(batchID: batch.id, employerCode: batch.employerCode, employerName: batch.employerName,
                                            createdAt: batch.createdAt, persons: members.count),
                               to: sheetPath, temporaryDirectory: folder)
        guard let sheetData = FileManager.default.contents(atPath: sheetPath) else {
            throw .cannotWrite(path: sheetPath, reason: Message(zh: "人员表 persons.xlsx 未能写出；请检查磁盘空间和文件夹权限", en: "persons.xlsx was not written"))
        }
        let sheet = [UInt8](sheetData)
        let manifest = BatchManifest(id: batch.id, createdAt: batch.createdAt, employerCode: batch.employerCode,
                                     employerName: batch.employerName, sheetBytes: sheet.count, sheetSHA256: SHA256.hex(sheet),
                                     persons: persons)
        let xml = manifest.xml()
        let problems = schema.validate(xml, name: "manifest.xml")
        guard problems.isEmpty else {
            throw .internal("batch \(batch.id): manifest.xml does not satisfy batch-manifest.xsd: "
                            + problems.prefix(3).map(\.description).joined(separator: "; "))
        }
        let time = BatchClock.zipTimestamp(batch.createdAt)
        do {
            let zip = try ZipWriter(path: target, password: password)
            try zip.add(name: "manifest.xml", bytes: xml, method: .deflate(level: 6), time: time)
            try zip.add(name: "persons.xlsx", bytes: sheet, method: .deflate(level: 6), time: time)
            let photos = files.filter { $0.name.hasPrefix("photos/") }, idCards = files.filter { $0.name.hasPrefix("idcards/") }
            for file in photos + idCards {
                try zip.add(name: file.name, file: file.path, method: .store, time: time)
            }
            try zip.close()
        } catch {
            unlink(target)
            throw BatchWriter.map(error, path: target)
        }
        chmod(target, 0o600)
        return try BatchWriter.syncAndDigest(target)
    }

    static func map(_ error: ZipError, path: String) -> SSCardError {
        switch error {
        case .writeFailed(_, let reason): .cannotWrite(path: path, reason: SystemReason.library(reason))
        case .cannotOpen(_, let failure): .cannotWrite(path: path, reason: WorkbookReasons.zip(failure))
        default: .cannotWrite(path: path, reason: SystemReason.library("\(error)"))
        }
    }

    /// fsyncs a file and returns its SHA-256 and size, reading it back from disk.
    static func syncAndDigest(_ path: String) throws(SSCardError) -> (sha256: String, bytes: Int) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .cannotWrite(path: path, reason: SystemReason.writing(errno: errno)) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw .cannotWrite(path: path, reason: SystemReason.writing(errno: errno)) }
        return try digest(descriptor: descriptor, path: path)
    }

    static func digest(path: String) throws(SSCardError) -> (sha256: String, bytes: Int) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(path: path, reason: SystemReason.reading(errno: errno)) }
        defer { close(descriptor) }
        return try digest(descriptor: descriptor, path: path)
    }

    private static func digest(descriptor: Int32, path: String) throws(SSCardError) -> (sha256: String, bytes: Int) {
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var total = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, reason: SystemReason.reading(errno: errno))
            }
            if count == 0 { break }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            total += count
        }
        return (SHA256.hex(digest: hasher.finalize()), total)
    }

    /// fsyncs a folder, so a rename in it survives a power cut.
    static func syncFolder(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor >= 0 { fsync(descriptor); close(descriptor) }
    }
}
