import Foundation
import GRDB
import VipsKit

/// The images a batch packs for one person, by SHA-256 in the image store.
public struct PackedImages: Sendable, Equatable {
    /// The card photo (358×441, 350 DPI JPEG, no metadata, under the size cap); nil for 已有照片 = 是
    /// or when the record has no photo.
    public var photo: String?
    /// Portrait side above emblem side on one white sheet; nil when the record has no ID-card images.
    public var idCard: String?
}

/// Normalised images: a record's card photo and merged ID-card sheet, derived once from the
/// stored originals and kept in the image store (table image_derived), so the same store always
/// packs the same bytes. `import` and `amend` derive them as images enter the store; the export
/// derives whatever an older store lacks.
enum BatchImages {
    static let photoKind = "card_photo"
    static let idCardKind = "idcard_sheet"

    /// Why a person cannot be packed today (the record stays due).
    struct Blocked: Error, Sendable {
        let reason: Message
    }

    static func prepare(_ person: BatchPerson, store: Store, profile: Profile, at now: EventClock,
                        derive: Bool = true, checked: Checked? = nil) throws(SSCardError) -> Result<PackedImages, Blocked> {
        var packed = PackedImages()
        let onFile = person.fields[Field.photoOnFile.rawValue].flatMap(PhotoOnFile.init(text:)) == .yes
        if !onFile, let original = person.images["photo"] {
            switch try cardPhoto(original, store: store, profile: profile, at: now, derive: derive, checked: checked) {
            case .success(let sha): packed.photo = sha
            case .failure(let blocked): return .failure(blocked)
            }
        }
        if let portrait = person.images["idcard_portrait"], let emblem = person.images["idcard_emblem"] {
            switch try idCardSheet(portrait: portrait, emblem: emblem, store: store, profile: profile, at: now, derive: derive, checked: checked) {
            case .success(let sha): packed.idCard = sha
            case .failure(let blocked): return .failure(blocked)
            }
        } else if person.images["idcard_portrait"] != nil || person.images["idcard_emblem"] != nil {
            return .failure(Blocked(reason: Message(zh: "工作库中只有身份证的一面图片", en: "the store holds only one side of the ID card")))
        }
        return .success(packed)
    }

    /// Images already found intact in this run (many records share one image).
    final class Checked: @unchecked Sendable {
        var intact: Set<String> = []
        init() {}
    }

    /// Whether a stored image is intact, reading it only the first time in a run.
    static func check(_ sha: String, store: Store, checked: Checked?) throws(SSCardError) -> Blocked? {
        if let checked, checked.intact.contains(sha) { return nil }
        switch try intact(sha, store: store) {
        case .success: checked?.intact.insert(sha); return nil
        case .failure(let blocked): return blocked
        }
    }

    /// The stored bytes of an image, checked against their SHA-256.
    static func intact(_ sha: String, store: Store) throws(SSCardError) -> Result<[UInt8], Blocked> {
        guard let file = try store.imageFile(sha) else {
            return .failure(Blocked(reason: Message(zh: "工作库中缺少图片记录 \(sha.prefix(12))", en: "the store has no record of image \(sha.prefix(12))")))
        }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            return .failure(Blocked(reason: Message(zh: "图片文件 \(file.path) 不存在或无法读取", en: "image file \(file.path) is missing or unreadable")))
        }
        let bytes = [UInt8](data)
        guard SHA256.hex(bytes) == sha else {
            return .failure(Blocked(reason: Message(zh: "图片文件 \(file.path) 已损坏（摘要不符）", en: "image file \(file.path) is damaged (its SHA-256 does not match)")))
        }
        return .success(bytes)
    }

    private static func cardPhoto(_ original: String, store: Store, profile: Profile, at now: EventClock,
                                  derive: Bool, checked: Checked?) throws(SSCardError) -> Result<String, Blocked> {
        if let derived = try store.derivedImage(source: original, kind: photoKind) {
            if let blocked = try check(derived, store: store, checked: checked) { return .failure(blocked) }
            return .success(derived)
        }
        let bytes: [UInt8]
        switch try intact(original, store: store) {
        case .success(let data): bytes = data
        case .failure(let blocked): return .failure(blocked)
        }
        if !derive { return .success(original) }
        switch normalisedPhoto(bytes, profile: profile) {
        case .success(let jpeg):
            return .success(jpeg == bytes ? try store.saveDerivedImage(bytes, source: original, kind: photoKind, at: now)
                                          : try store.saveDerivedImage(jpeg, source: original, kind: photoKind, at: now))
        case .failure(let blocked): return .failure(blocked)
        }
    }

    /// The photo as the card needs it: unchanged when it already is a compliant JPEG, else fixed.
    static func normalisedPhoto(_ bytes: [UInt8], profile: Profile) -> Result<[UInt8], Blocked> {
        if isCardPhoto(bytes, profile: profile) { return .success(bytes) }
        switch PhotoFixer.fix(bytes, profile: profile) {
        case .fixed(let jpeg, _): return .success(jpeg)
        case .refused(let findings):
            let zh = findings.map { $0.message.zh }.joined(separator: "；"), en = findings.map { $0.message.en }.joined(separator: "; ")
            return .failure(Blocked(reason: Message(zh: "照片无法规范化: \(zh)", en: "the photo cannot be normalised: \(en)")))
        }
    }

    /// 358×441 (the profile's size), JPEG, JFIF at the profile's DPI, no metadata, under the size cap.
    static func isCardPhoto(_ bytes: [UInt8], profile: Profile) -> Bool {
        guard bytes.count <= profile.photoMaxBytes, let density = JFIF.density(bytes), density.units == 1,
              density.x == profile.photoDPI, density.y == profile.photoDPI else { return false }
        guard let image = try? VipsImage.load(data: bytes, maxPixels: profile.maxImagePixels) else { return false }
        return image.loader == "jpegload" && image.width == profile.photoWidth && image.height == profile.photoHeight
            && !image.hasMetadata && !image.hasAlpha && image.colourSpace == .srgb
    }

    private static func idCardSheet(portrait: String, emblem: String, store: Store, profile: Profile, at now: EventClock,
                                    derive: Bool, checked: Checked?) throws(SSCardError) -> Result<String, Blocked> {
        let source = portrait + "+" + emblem
        if let derived = try store.derivedImage(source: source, kind: idCardKind) {
            if let blocked = try check(derived, store: store, checked: checked) { return .failure(blocked) }
            return .success(derived)
        }
        var sides: [[UInt8]] = []
        for sha in [portrait, emblem] {
            switch try intact(sha, store: store) {
            case .success(let bytes): sides.append(bytes)
            case .failure(let blocked): return .failure(blocked)
            }
        }
        if !derive { return .success(source) }
        do {
            let sheet = try IDCardMerger.merge(portrait: sides[0], emblem: sides[1], profile: profile)
            return .success(try store.saveDerivedImage(sheet, source: source, kind: idCardKind, at: now))
        } catch {
            if case .internal = error { throw error }
            return .failure(Blocked(reason: Message(zh: "身份证图片无法合并: \(error.message.zh)", en: "the ID-card images cannot be merged: \(error.message.en)")))
        }
    }

    /// Derives the card photo and the ID-card sheet as images enter the store (`import`,
    /// `amend`), inside their transaction, so the export only packs bytes. `slots` are the
    /// record's images after the change (slot → SHA-256); `inHand` the bytes just received, by
    /// SHA-256. What cannot be derived now (an unfixable photo) is left for the export to report.
    static func deriveOnEntry(_ db: Database, slots: [String: String], inHand: [String: [UInt8]], photoOnFile: Bool,
                              directory: String, profile: Profile, at now: EventClock, images: ImageStore? = nil) throws {
        func bytes(_ sha: String) throws -> [UInt8]? {
            if let bytes = inHand[sha] { return bytes }
            guard let relative = try BatchStore.imagePath(db, sha),
                  let data = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(relative)) else { return nil }
            return [UInt8](data)
        }
        if !photoOnFile, let photo = slots["photo"], try BatchStore.derived(db, source: photo, kind: photoKind) == nil,
           let original = try bytes(photo), case .success(let jpeg) = normalisedPhoto(original, profile: profile) {
            _ = try BatchStore.saveDerived(db, jpeg, source: photo, kind: photoKind, directory: directory, at: now, images: images)
        }
        if let portrait = slots["idcard_portrait"], let emblem = slots["idcard_emblem"] {
            let source = portrait + "+" + emblem
            if try BatchStore.derived(db, source: source, kind: idCardKind) == nil, let front = try bytes(portrait), let back = try bytes(emblem),
               let sheet = try? IDCardMerger.merge(portrait: front, emblem: back, profile: profile) {
                _ = try BatchStore.saveDerived(db, sheet, source: source, kind: idCardKind, directory: directory, at: now, images: images)
            }
        }
    }
}
