/// The images given with `--photos` and `--idcards`, indexed by the document number in their
/// file names, so that each roster row can claim its own and the rest show up as orphans.
public final class ImageCatalog {
    public enum Slot: Sendable, Hashable {
        case photo
        case idCard(CardSide)
    }

    private var files: [String: [Slot: [ImageFile]]] = [:]
    private var claimed: Set<ImageFile> = []
    /// Files whose names carry no document number (or no card side).
    public private(set) var unnamed: [ImageFile] = []
    public let hasPhotos: Bool
    public let hasIDCards: Bool

    /// - Parameters:
    ///   - photosGiven, idCardsGiven: whether the option was given at all; an empty folder still
    ///     means every row needs its images.
    public init(photos: [ImageFile], idCards: [ImageFile], frontIsPortrait: Bool,
                photosGiven: Bool? = nil, idCardsGiven: Bool? = nil) {
        hasPhotos = photosGiven ?? !photos.isEmpty
        hasIDCards = idCardsGiven ?? !idCards.isEmpty
        for file in photos {
            guard let name = ImageNaming.parse(fileName: file.fileName, idCard: false) else { unnamed.append(file); continue }
            files[name.documentNumber, default: [:]][.photo, default: []].append(file)
        }
        for file in idCards {
            guard let name = ImageNaming.parse(fileName: file.fileName, idCard: true, frontIsPortrait: frontIsPortrait),
                  let side = name.side else { unnamed.append(file); continue }
            files[name.documentNumber, default: [:]][.idCard(side), default: []].append(file)
        }
    }

    /// Convenience: list the folders or zips and index them.
    public convenience init(photosPath: String?, idCardsPath: String?, profile: Profile) throws(SSCardError) {
        try ImageLibrary.require()
        let photos = try photosPath.map { path throws(SSCardError) in try ImageSource.list(path) } ?? []
        let cards = try idCardsPath.map { path throws(SSCardError) in try ImageSource.list(path) } ?? []
        self.init(photos: photos, idCards: cards, frontIsPortrait: profile.frontIsPortrait,
                  photosGiven: photosPath != nil, idCardsGiven: idCardsPath != nil)
    }

    /// The files offered for one person's slot; marks them as claimed.
    public func claim(_ number: String, _ slot: Slot) -> [ImageFile] {
        let found = files[number]?[slot] ?? []
        claimed.formUnion(found)
        return found
    }

    /// Every file that no row claimed, plus the unnamed ones, in name order.
    public var orphans: [ImageFile] {
        let unclaimed = files.values.flatMap { $0.values.flatMap { $0 } }.filter { !claimed.contains($0) }
        return (unclaimed + unnamed).sorted { $0.displayName < $1.displayName }
    }

    /// Every indexed document number and slot, for commands that work without a roster (merge).
    public var entries: [(number: String, slot: Slot, files: [ImageFile])] {
        files.flatMap { number, slots in slots.map { (number, $0.key, $0.value) } }
            .sorted { ($0.number, "\($0.slot)") < ($1.number, "\($1.slot)") }
    }
}
