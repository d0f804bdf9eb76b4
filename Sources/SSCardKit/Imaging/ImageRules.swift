/// Photo and ID-card findings for one roster row (only when `--photos` / `--idcards` were given).
extension RosterValidator {
    func checkImages(identity: Identity) {
        guard let images, let value = record[.idNumber], !isExcelNumber(value) else { return }
        let number = value.text
        if images.hasPhotos {
            let files = images.claim(number, .photo)
            let onFile = record.text(.photoOnFile).flatMap(PhotoOnFile.init(text:)) == .yes
            if files.isEmpty {
                if !onFile {
                    reportImage(.photo, .photoMissing, Message(
                        zh: "没有找到照片（应命名为 证件号码.jpg）；请补交照片，或在「已有照片」填 是",
                        en: "no photo found (it should be named <ID number>.jpg); add it, or put 是 in 已有照片 if the platform has one"), file: "")
                }
            } else if let only = single(files, .photo) {
                inspect(only, slot: .photo) { PhotoInspector.inspect($0, profile: profile) }
            }
        }
        // ID-card images are the two sides of a resident ID card; other documents have none.
        if images.hasIDCards, identity.type == .resident {
            for side in CardSide.allCases {
                let files = images.claim(number, .idCard(side))
                if files.isEmpty {
                    let rule: RuleID = side == .portrait ? .idcardMissingFront : .idcardMissingBack
                    reportImage(.idCard(side), rule, Message(
                        zh: "没有找到身份证\(side.rawValue)图片（应命名为 证件号码_\(side.rawValue).jpg）；请补交",
                        en: "no image of the ID card's \(side == .portrait ? "portrait side (人像面)" : "emblem side (国徽面)") found (name it <ID number>_\(side.rawValue).jpg); add it"),
                        file: "")
                } else if let only = single(files, .idCard(side)) {
                    inspect(only, slot: .idCard(side)) { IDCardInspector.inspect($0, profile: profile) }
                }
            }
        }
    }

    /// Two files for one slot: an error naming both.
    private func single(_ files: [ImageFile], _ slot: ImageCatalog.Slot) -> ImageFile? {
        if files.count == 1 { return files[0] }
        let names = files.map(\.displayName).joined(separator: ", ")
        reportImage(slot, .fileConflict, Message(zh: "有 \(files.count) 个文件争用同一位置: {value}；请只保留一个",
                                                 en: "\(files.count) files claim the same slot: {value}; keep only one"), file: names)
        return nil
    }

    private func inspect(_ file: ImageFile, slot: ImageCatalog.Slot, _ check: ([UInt8]) -> [ImageFinding]) {
        lastImages[slot] = file
        let bytes: [UInt8]
        do { bytes = try file.read() } catch {
            reportImage(slot, slot == .photo ? .photoUnreadable : .idcardUnreadable, Message(
                zh: "无法读取 {value}", en: "cannot read {value}"), file: file.displayName)
            return
        }
        for finding in check(bytes) {
            reportImage(slot, finding.rule, finding.message, file: file.displayName, severity: finding.severity)
        }
    }

    func reportImage(_ slot: ImageCatalog.Slot, _ rule: RuleID, _ message: Message, file: String, severity: Severity? = nil) {
        let (column, field) = Self.column(for: slot)
        findings.append(Finding(row: record.row, column: column, field: field, rule: rule, severity: severity,
                                message: message, value: file, mask: .fileName))
    }

    static func column(for slot: ImageCatalog.Slot) -> (String, String) {
        switch slot {
        case .photo: ("照片", "photo")
        case .idCard(.portrait): ("身份证人像面", "idcard_portrait")
        case .idCard(.emblem): ("身份证国徽面", "idcard_emblem")
        }
    }
}
