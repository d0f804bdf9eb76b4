import Foundation
import VipsKit
import XMLStream
import ZipArchive

/// What `sscard verify` found in a batch zip.
public struct VerifyReport: Sendable {
    public struct Problem: Sendable, Equatable {
        public let entry: String
        public let message: Message
        /// The problem in English (the JSON report's `problem`).
        public var problem: String { message.en }
    }

    public var file: String
    public var batchID: String?
    public var persons = 0
    public var problems: [Problem] = []
    public var ok: Bool { problems.isEmpty }
}

/// `sscard verify`: checks a batch zip on its own, for auditors and the receiving side. The
/// manifest against the XSD; every entry's size and SHA-256; no entry missing and none extra;
/// persons.xlsx rows against the manifest (ID numbers, names, order) with every cell text;
/// every ID number against the ID rules; every photo a 358×441 350-DPI JPEG.
public enum BatchVerifier {
    /// - Throws: `.unreadable` when the file is not a zip archive that can be opened.
    public static func verify(path: String, password: String?, schemas: URL, profile: Profile = .chengdu) throws(SSCardError) -> VerifyReport {
        try ImageLibrary.require()
        var report = VerifyReport(file: path)
        func problem(_ entry: String, _ message: Message) { report.problems.append(.init(entry: entry, message: message)) }
        func problem(_ entry: String, zh: String, en: String) { problem(entry, Message(zh: zh, en: en)) }
        guard FileManager.default.fileExists(atPath: path) else { throw .fileNotFound(path: path) }
        let limits = ZipLimits(maxEntryBytes: 1 << 30, maxRatio: 1000, ratioGraceBytes: 1 << 20, maxEntries: 250_000)
        let zip: ZipArchive
        do { zip = try ZipArchive(path: path, limits: limits, password: password) } catch {
            throw .unreadable(path: path, reason: BatchVerifier.zipReason(error))
        }
        let entries = zip.entries
        var seen: Set<String> = []
        for entry in entries where !seen.insert(entry.name).inserted { problem(entry.name, zh: "这一项出现了两次", en: "the entry appears twice") }
        if password == nil, entries.contains(where: \.encrypted) {
            throw .usage(Message(zh: "\(path): 批次已加密；请用 --encrypt-password-file 文件 或 SSCARD_BATCH_PASSWORD 提供密码",
                                        en: "\(path): the batch is encrypted; give its password with --encrypt-password-file FILE or SSCARD_BATCH_PASSWORD"))
        }
        guard seen.contains("manifest.xml") else {
            problem("manifest.xml", zh: "缺失", en: "missing")
            return report
        }
        let manifestBytes: [UInt8]
        do { manifestBytes = try zip.readAll("manifest.xml", maxBytes: 256 << 20) } catch {
            if password != nil {
                throw .usage(Message(zh: "\(path): 无法读取 manifest.xml；密码是否正确？",
                                            en: "\(path): manifest.xml cannot be read (\(error)); is the password right?"))
            }
            problem("manifest.xml", zh: "无法读取", en: "cannot be read: \(error)")
            return report
        }
        for issue in try BatchWriter.loadSchema(schemas).validate(manifestBytes, name: "manifest.xml") {
            problem("manifest.xml", zh: "不符合 batch-manifest.xsd" + (issue.line > 0 ? "（第 \(issue.line) 行）" : ""), en: "batch-manifest.xsd: \(issue)")
        }
        let manifest: BatchManifest
        do { manifest = try ManifestReader.parse(manifestBytes) } catch {
            problem("manifest.xml", zh: "无法读取", en: "cannot be read: \(error)")
            return report
        }
        report.batchID = manifest.id
        report.persons = manifest.persons.count

        // Entries: exactly the manifest's, each with its size and digest.
        let expected = manifest.entries
        let expectedNames = Set(expected.map(\.path) + ["manifest.xml"])
        for entry in entries where !expectedNames.contains(entry.name) { problem(entry.name, zh: "清单中没有这一项", en: "not in the manifest") }
        var sheetBytes: [UInt8]?
        for file in expected {
            guard seen.contains(file.path) else { problem(file.path, zh: "缺失", en: "missing"); continue }
            let bytes: [UInt8]
            do { bytes = try zip.readAll(file.path) } catch {
                problem(file.path, zh: "已损坏，无法读取", en: "damaged, cannot be read (\(describe(error)))")
                continue
            }
            if bytes.count != file.bytes {
                problem(file.path, zh: "\(bytes.count) 字节，清单为 \(file.bytes) 字节", en: "\(bytes.count) bytes, the manifest says \(file.bytes)")
            }
            let sha = SHA256.hex(bytes)
            if sha != file.sha256 {
                problem(file.path, zh: "SHA-256 为 \(sha)，清单为 \(file.sha256)", en: "SHA-256 \(sha), the manifest says \(file.sha256)")
            }
            switch file.kind {
            case "sheet": sheetBytes = bytes
            case "photo": if let issue = photoProblem(bytes, profile: profile) { problem(file.path, issue) }
            case "idcard":
                if (try? VipsImage.load(data: bytes, maxPixels: profile.maxImagePixels).decoded()) == nil || bytes.count < 3
                    || bytes[0] != 0xFF || bytes[1] != 0xD8 {
                    problem(file.path, zh: "不是可读取的 JPEG", en: "not a readable JPEG")
                }
            default: break
            }
        }
        // Every ID number passes the ID rules.
        for person in manifest.persons {
            if let issue = idProblem(person) {
                problem("manifest.xml", zh: "第 \(person.row) 行: \(issue.zh)", en: "row \(person.row): \(issue.en)")
            }
        }
        if let sheetBytes {
            for issue in sheetProblems(sheetBytes, manifest: manifest, schemas: schemas) { problem("persons.xlsx", issue) }
        }
        return report
    }

    static func describe(_ error: ZipError) -> String {
        switch error {
        case .readFailed(_, let failure), .cannotOpen(_, let failure): WorkbookReasons.zip(failure).en
        case .writeFailed(_, let reason): reason
        case .declaredSizeExceeded(_, let declared): "inflates past its declared \(declared) bytes"
        case .entryTooLarge(_, let limit): "larger than \(limit) bytes"
        case .compressionRatio(_, let ratio, _): "inflates \(ratio):1"
        case .noSuchEntry: "no such entry"
        case .tooManyEntries(let count, _): "\(count) entries"
        }
    }

    static func photoProblem(_ bytes: [UInt8], profile: Profile) -> Message? {
        guard bytes.count > 3, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return Message(zh: "不是 JPEG", en: "not a JPEG") }
        guard let image = try? VipsImage.load(data: bytes, maxPixels: profile.maxImagePixels), (try? image.decoded()) != nil else {
            return Message(zh: "不是可读取的 JPEG", en: "not a readable JPEG")
        }
        if image.width != profile.photoWidth || image.height != profile.photoHeight {
            return Message(zh: "\(image.width)×\(image.height) 像素，应为 \(profile.photoWidth)×\(profile.photoHeight)",
                           en: "\(image.width)×\(image.height) pixels, not \(profile.photoWidth)×\(profile.photoHeight)")
        }
        guard let density = JFIF.density(bytes), density.units == 1, density.x == profile.photoDPI, density.y == profile.photoDPI else {
            return Message(zh: "未标记 \(profile.photoDPI) DPI（JFIF）", en: "not marked \(profile.photoDPI) DPI (JFIF)")
        }
        return nil
    }

    static func idProblem(_ person: BatchManifest.Person) -> Message? {
        let number = person.idNumber
        let type = DocumentType(text: person.idType)
        let wrongCheck = Message(zh: "证件号码的校验码不对", en: "the ID number's check character is wrong")
        switch type {
        case .resident, .residencePermit:
            guard IdentityNumber.hasEighteenCharacterShape(number) else {
                return Message(zh: "证件号码不是 17 位数字加一位校验码", en: "the ID number is not 17 digits and a check character")
            }
            guard IdentityNumber.checkCharacter(number.prefix(17)) == number.last else { return wrongCheck }
            guard IdentityNumber.birthDate(number) != nil else {
                return Message(zh: "证件号码中的出生日期不存在", en: "the ID number holds no real birth date")
            }
            return nil
        case .foreignPermanentResident:
            if number.utf8.count == 18, IdentityNumber.hasEighteenCharacterShape(number),
               IdentityNumber.checkCharacter(number.prefix(17)) != number.last {
                return wrongCheck
            }
            return number.utf8.count == 15 || number.utf8.count == 18 ? nil
                : Message(zh: "永久居留身份证号码不是 15 或 18 位", en: "the permanent-resident number is not 15 or 18 characters")
        case .passport:
            return (5...20).contains(number.utf8.count) ? nil
                : Message(zh: "护照号码不是 5 到 20 位", en: "the passport number is not 5 to 20 characters")
        case nil:
            return Message(zh: "未知的证件类型「\(person.idType)」", en: "unknown document type \(person.idType)")
        }
    }

    /// persons.xlsx against the manifest: the same people in the same order, every cell text.
    static func sheetProblems(_ bytes: [UInt8], manifest: BatchManifest, schemas: URL) -> [Message] {
        var template = Array("/tmp/sscard-verify-XXXXXX".utf8CString)
        guard let folder = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }).map({ String(cString: $0) }) else {
            return [Message(zh: "无法建立读取工作簿所需的临时文件夹", en: "cannot make a temporary folder to read the workbook")]
        }
        let path = folder + "/persons.xlsx"
        defer { unlink(path); rmdir(folder) }
        do { try writePrivateFile(Data(bytes), to: path) } catch {
            return [Message(zh: "无法解出: \(error.message.zh)", en: "cannot be unpacked: \(error.message.en)")]
        }
        let columns = (try? BatchColumns(schemas: schemas))?.columns ?? []
        let idHeader = columns.first { $0.key == "id_number" }?.header ?? "证件号码"
        let nameHeader = columns.first { $0.key == "name" }?.header ?? "姓名"
        var problems: [Message] = []
        do {
            let source = try XLSXRowSource(path: path, sheet: PersonsSheet.personsSheet)
            guard let header = try source.nextRow() else {
                return [Message(zh: "工作表「\(PersonsSheet.personsSheet)」是空的", en: "the sheet \(PersonsSheet.personsSheet) is empty")]
            }
            let headers = header.cells.map(\.displayText)
            guard let idColumn = headers.firstIndex(of: idHeader), let nameColumn = headers.firstIndex(of: nameHeader) else {
                return [Message(zh: "表头中没有「\(idHeader)」或「\(nameHeader)」列", en: "the header row has no \(idHeader) or \(nameHeader) column")]
            }
            var index = 0
            while let row = try source.nextRow() {
                for (column, cell) in row.cells.enumerated() {
                    switch cell {
                    case .empty, .text: break
                    default:
                        if problems.count < 50 {
                            let name = headers[safe: column] ?? "\(column + 1)"
                            problems.append(Message(zh: "第 \(row.number) 行「\(name)」列: 不是文本单元格", en: "row \(row.number), column \(name): not a text cell"))
                        }
                    }
                }
                guard index < manifest.persons.count else { index += 1; continue }
                let person = manifest.persons[index]
                let id = row.cells[safe: idColumn]?.displayText ?? "", name = row.cells[safe: nameColumn]?.displayText ?? ""
                if id != person.idNumber || name != person.name {
                    if problems.count < 50 {
                        let here = "\(MaskKind.document.mask(id)) \(name)", there = "\(MaskKind.document.mask(person.idNumber)) \(person.name)"
                        problems.append(Message(zh: "第 \(row.number) 行: \(here)，清单第 \(person.row) 行为 \(there)",
                                                en: "row \(row.number): \(here), the manifest's row \(person.row) is \(there)"))
                    }
                }
                index += 1
            }
            if index != manifest.persons.count {
                problems.append(Message(zh: "有 \(index) 行人员，清单列出 \(manifest.persons.count) 人",
                                        en: "\(index) person rows, the manifest lists \(manifest.persons.count)"))
            }
        } catch {
            problems.append(Message(zh: "无法读取: \(error.message.zh)", en: "cannot be read: \(error.message.en)"))
        }
        return problems
    }
}

/// Reads manifest.xml back into a `BatchManifest`.
enum ManifestReader {
    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    static func parse(_ bytes: [UInt8]) throws -> BatchManifest {
        let reader = try XMLStreamReader(source: MemorySource(bytes), documentName: "manifest.xml")
        var manifest = BatchManifest(id: "", createdAt: "", employerCode: "", employerName: "", sheetBytes: 0, sheetSHA256: "", persons: [])
        while let event = try reader.next() {
            guard case .startElement = event else { continue }
            switch reader.localName {
            case "batch":
                manifest.id = reader.attribute("id") ?? ""
                manifest.createdAt = reader.attribute("created_at") ?? ""
            case "employer":
                manifest.employerCode = reader.attribute("code") ?? ""
                manifest.employerName = reader.attribute("name") ?? ""
            case "sheet":
                manifest.sheetBytes = reader.attribute("bytes").flatMap { Int($0) } ?? -1
                manifest.sheetSHA256 = reader.attribute("sha256") ?? ""
            case "person":
                manifest.persons.append(.init(row: reader.attribute("row").flatMap { Int($0) } ?? 0,
                                              idType: reader.attribute("id_type") ?? "", idNumber: reader.attribute("id_number") ?? "",
                                              name: reader.attribute("name") ?? "", files: []))
            case "file":
                guard !manifest.persons.isEmpty else { throw Invalid(description: "a file outside any person") }
                manifest.persons[manifest.persons.count - 1].files.append(.init(
                    kind: reader.attribute("kind") ?? "", path: reader.attribute("path") ?? "",
                    bytes: reader.attribute("bytes").flatMap { Int($0) } ?? -1, sha256: reader.attribute("sha256") ?? ""))
            default: break
            }
        }
        return manifest
    }
}

extension BatchVerifier {
    /// A batch zip that cannot be opened, and the fix.
    static func zipReason(_ error: any Error) -> Message {
        let reason = WorkbookReasons.archive(error)
        return Message(zh: reason.zh + "；请向生成该批次的一方索取完整的文件", en: reason.en + "; ask whoever made the batch for the whole file")
    }
}
