import Foundation
import GRDB

/// `sscard amend`: changes a stored (or rejected) person within the amendment window, re-validating
/// the whole record first. Every outcome, refusals included, lands in the audit log.
public enum AmendJob {
    public struct Request: Sendable {
        public var idNumber: String
        /// FIELD=VALUE pairs; FIELD is a key (`phone`) or a header (`手机号码`). An empty value clears the field.
        public var sets: [(field: String, value: String)] = []
        public var photo: String?
        public var idCardFront: String?
        public var idCardBack: String?
        public var reason: String?
        public var profile = Profile.chengdu

        public init(idNumber: String) { self.idNumber = idNumber }
    }

    public struct Outcome: Sendable {
        public let idNumber: String
        public let changed: [String]
        /// Warnings that remain on the record.
        public let warnings: [Finding]
        /// The window closes then (a rejected row fixed now starts a new window).
        public let windowClosesAt: String
    }

    public static func run(_ request: Request, store: Store, at now: CivilDateTime, schemas: URL) throws(SSCardError) -> Outcome {
        let reference = try ReferenceData(directory: schemas, profile: request.profile)
        let number = Normalizer.normalize(request.idNumber, identifier: true)
        let user = OSUser.name
        let clock = EventClock(office: request.profile.officeClock, wall: now)
        var sets: [(Field, String)] = []
        for (name, value) in request.sets {
            guard let field = Field(rawValue: name) ?? reference.headers.field(forHeader: name) else {
                throw .usage(Message(zh: "--set \(name)=…: 没有这个字段；请用 phone 这样的字段名或 手机号码 这样的表头",
                                            en: "--set \(name)=…: unknown field; use a key such as phone or a header such as 手机号码"))
            }
            // h8-clerk: one value per field; two would silently lose one.
            if sets.contains(where: { $0.0 == field }) { throw .fieldSetTwice(field: name) }
            sets.append((field, value))
        }
        var images: [String: (bytes: [UInt8], name: String)] = [:]
        for (slot, path) in [("photo", request.photo), ("idcard_portrait", request.idCardFront), ("idcard_emblem", request.idCardBack)] {
            guard let path else { continue }
            guard let data = FileManager.default.contents(atPath: path) else { throw .fileNotFound(path: path) }
            images[slot] = ([UInt8](data), (path as NSString).lastPathComponent)
        }
        let imageStore = ImageStore(directory: store.imagesDirectory)
        let outcome: Result<Outcome, SSCardError>
        do {
            outcome = try write(request, number: number, sets: sets, images: images, reference: reference, store: store,
                                imageStore: imageStore, now: now, clock: clock, user: user)
        } catch {
            imageStore.removeCreated()
            throw error
        }
        return try outcome.get()
    }

    private static func write(_ request: Request, number: String, sets: [(Field, String)], images: [String: (bytes: [UInt8], name: String)],
                              reference: ReferenceData, store: Store, imageStore: ImageStore, now: CivilDateTime,
                              clock: EventClock, user: String) throws(SSCardError) -> Result<Outcome, SSCardError> {
        let office = clock.office
        return try store.write { db in
            let person = try Row.fetchOne(db, sql: "SELECT fields, submitted_at, batch_id, exported_at FROM person WHERE id_number = ?",
                                          arguments: [number])
            var fields: [Field: String] = [:]
            var keptImages: [String: (sha: String, name: String)] = [:]
            var closes = clock.asOf.adding(hours: request.profile.amendmentHours)
            if let person {
                let submitted = Instant(parsing: person["submitted_at"]) ?? clock.asOf
                closes = submitted.adding(hours: request.profile.amendmentHours)
                if let batch: String = person["batch_id"] {
                    return .failure(try refuse(db, number, user, clock, Message(
                        zh: "\(MaskKind.document.mask(number)) 已在批次 \(batch) 中报送，不能再修改",
                        en: "\(MaskKind.document.mask(number)) was exported in batch \(batch); it can no longer be amended")))
                }
                guard clock.asOf < closes else {
                    let closesText = office.wallClock(closes), submittedText = office.wallClock(submitted)
                    return .failure(try refuse(db, number, user, clock, Message(
                        zh: "修改期已于 \(closesText) 结束（提交于 \(submittedText)），不能再修改",
                        en: "the amendment window closed at \(closesText) (submitted \(submittedText)); the record is locked")))
                }
                for (key, value) in StoreJSON.decode([String: String].self, person["fields"]) ?? [:] {
                    if let field = Field(rawValue: key) { fields[field] = value }
                }
            } else {
                guard let rejected = try Row.fetchOne(db, sql: """
                    SELECT raw, findings, images FROM rejected_row WHERE id_number = ? AND resolved_at IS NULL ORDER BY id DESC LIMIT 1
                    """, arguments: [number]) else {
                    throw SSCardError.notInStore(id: MaskKind.document.mask(number))
                }
                let raw: String = rejected["raw"]
                // Images are not kept for rejected rows: a rejected image must come again with the amendment.
                let rules = (StoreJSON.decode([StoredFinding].self, rejected["findings"]) ?? []).filter { $0.severity == "error" }
                for (field, flag, slot) in [("photo", "--photo", "photo"), ("idcard_portrait", "--idcard-front", "idcard_portrait"),
                                            ("idcard_emblem", "--idcard-back", "idcard_emblem")]
                where images[slot] == nil && rules.contains(where: { $0.field == field }) {
                    let names = rules.filter { $0.field == field }.map(\.rule).joined(separator: ", ")
                    throw SSCardError.usage(Message(zh: "该行因图片被拒收（\(names)）；请用 \(flag) 文件 提供改正后的图片",
                                                          en: "the row was rejected for its image (\(names)); give a corrected one with \(flag) FILE"))
                }
                for (slot, image) in StoreJSON.decode([String: [String]].self, rejected["images"]) ?? [:]
                where image.count == 2 && images[slot] == nil {
                    keptImages[slot] = (image[0], image[1])
                }
                for pair in StoreJSON.decode([[String]].self, raw) ?? [] where pair.count == 2 {
                    if let field = reference.headers.field(forHeader: pair[0]), !pair[1].isEmpty { fields[field] = pair[1] }
                }
            }
            var changed: [String] = []
            for (field, value) in sets where fields[field] != value {
                if field == .idNumber && person != nil {
                    throw SSCardError.usage(Message(zh: "已接收记录的证件号码不能修改：它标识这条记录",
                                                          en: "the ID number of an accepted record cannot change; it identifies the record"))
                }
                fields[field] = value.isEmpty ? nil : value
                changed.append(field.rawValue)
            }
            // Re-validate the whole record, with the new images.
            let validator = RosterValidator(reference: reference, profile: request.profile, asOf: now.date, units: nil,
                                            columns: ColumnMap.synthetic(headers: reference.headers))
            var findings = validator.validate(RosterRecord(row: 0, fields: fields))
            if !images.isEmpty { try ImageLibrary.require() }
            for (slot, image) in images.sorted(by: { $0.key < $1.key }) {
                let problems = slot == "photo" ? PhotoInspector.inspect(image.bytes, profile: request.profile)
                    : IDCardInspector.inspect(image.bytes, profile: request.profile)
                findings += problems.map { Finding(row: 0, column: slot, field: slot, rule: $0.rule, severity: $0.severity,
                                                   message: $0.message, value: image.name, mask: .fileName) }
                changed.append(slot)
            }
            let errors = findings.filter { $0.severity == .error }
            if !errors.isEmpty {
                func text(_ f: Finding, _ language: Language) -> String {
                    f.message.render(language, value: f.mask.mask(f.value), original: f.mask == .none ? f.original : "…")
                }
                let list = errors.map { "\($0.column) [\($0.rule.rawValue)]: \(text($0, .zh))" }
                let listEn = errors.map { "\($0.column) [\($0.rule.rawValue)]: \(text($0, .en))" }
                return .failure(try refuse(db, number, user, clock, Message(
                    zh: "修改后的记录仍有错误，未保存:\n  " + list.joined(separator: "\n  "),
                    en: "the amended record still has errors; nothing was saved:\n  " + listEn.joined(separator: "\n  "))))
            }
            guard !changed.isEmpty else {
                return .success(Outcome(idNumber: number, changed: [], warnings: findings, windowClosesAt: office.wallClock(closes).description))
            }
            let finalNumber = Normalizer.normalize(fields[.idNumber] ?? number, identifier: true)
            let row = Validation.RowResult(record: RosterRecord(row: 0, fields: fields), findings: findings,
                                           identity: validator.lastIdentity, unit: nil, images: [:], headers: [])
            var stored = PersonFields.make(row, reference: reference)
            if person != nil, let old = try String.fetchOne(db, sql: "SELECT fields FROM person WHERE id_number = ?", arguments: [number]),
               let oldFields = StoreJSON.decode([String: String].self, old) {
                // Keep what the import derived from the units directory.
                for key in ["bank", "bank_branch", "bank_code"] where stored[key] == nil { stored[key] = oldFields[key] }
                if stored["unit"] == oldFields["unit"] { stored["unit_code"] = oldFields["unit_code"] }  // h8-clerk
                // h8-clerk: a value equal to the stored one once normalised (1988/4/12 for 1988-04-12) is no change.
                changed = changed.filter { key in images[key] != nil || stored[key] != oldFields[key] }
                if changed.isEmpty {
                    return .success(Outcome(idNumber: number, changed: [], warnings: findings.filter { $0.severity == .warning },
                                            windowClosesAt: office.wallClock(closes).description))
                }
            }
            var savedImages = keptImages
            for (slot, image) in images {
                savedImages[slot] = (try imageStore.save(image.bytes, db: db, at: clock), image.name)
            }
            let warnings = StoreJSON.encode(findings.map(StoredFinding.init))
            if person != nil {
                try db.execute(sql: """
                    UPDATE person SET name = ?, unit = ?, employer_code = ?, fields = ?, warnings = ?, updated_at = ? WHERE id_number = ?
                    """, arguments: [stored["name"] ?? "", stored["unit"] ?? "", stored["employer_code"] ?? "", StoreJSON.encode(stored),
                                     warnings, clock.stamp, number])
            } else {
                if try Int.fetchOne(db, sql: "SELECT count(*) FROM person WHERE id_number = ?", arguments: [finalNumber]) ?? 0 > 0 {
                    throw SSCardError.usage(Message(zh: "\(MaskKind.document.mask(finalNumber)) 已在工作库中；请修改那条记录",
                                                          en: "\(MaskKind.document.mask(finalNumber)) is already in the store; amend that record instead"))
                }
                try db.execute(sql: """
                    INSERT INTO person (id_number, id_type, name, unit, employer_code, fields, warnings, submitted_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [finalNumber, stored["id_type"], stored["name"] ?? "", stored["unit"] ?? "", stored["employer_code"] ?? "",
                                     StoreJSON.encode(stored), warnings, clock.stamp, clock.stamp])
                try db.execute(sql: "UPDATE rejected_row SET resolved_at = ? WHERE id_number IN (?, ?) AND resolved_at IS NULL",
                               arguments: [clock.stamp, number, finalNumber])
            }
            try ImportJob.saveImageSlots(db, finalNumber, savedImages)
            // An accepted amendment of the person resolves their open rejections (a duplicate row, say). // h8-clerk
            try db.execute(sql: "UPDATE rejected_row SET resolved_at = ? WHERE id_number = ? AND resolved_at IS NULL",
                           arguments: [clock.stamp, finalNumber])
            // The card photo and the ID-card sheet, derived as the images enter the store.
            if !savedImages.isEmpty {
                var inHand: [String: [UInt8]] = [:]
                for image in images.values { inHand[SHA256.hex(image.bytes)] = image.bytes }
                try BatchImages.deriveOnEntry(db, slots: try ImportJob.imageSlots(db, finalNumber), inHand: inHand,
                                              photoOnFile: stored[Field.photoOnFile.rawValue].flatMap(PhotoOnFile.init(text:)) == .yes,
                                              directory: store.imagesDirectory, profile: request.profile, at: clock, images: imageStore)
            }
            var detail = ["changed": changed.joined(separator: ","), "source": "amend"]
            if let reason = request.reason { detail["reason"] = reason }
            if person == nil { detail["resolved"] = "rejected row" }
            try Events.record(db, at: clock, user: user, kind: "amend", id: finalNumber, submission: nil, detail: StoreJSON.encode(detail))
            return .success(Outcome(idNumber: finalNumber, changed: changed, warnings: findings.filter { $0.severity == .warning },
                                    windowClosesAt: office.wallClock(person == nil ? clock.asOf.adding(hours: request.profile.amendmentHours) : closes).description))
        }
    }

    /// Logs the refusal (it must survive the failed amendment) and returns the error to report.
    private static func refuse(_ db: Database, _ number: String, _ user: String, _ now: EventClock, _ message: Message) throws -> SSCardError {
        try Events.record(db, at: now, user: user, kind: "refuse", id: number, submission: nil,
                          detail: StoreJSON.encode(["source": "amend", "reason": message.en]))
        return .amendmentRefused(reason: message)
    }
}
