import Foundation

/// Where an image for the form comes from: bytes in hand (the export has them) or a file in
/// the store's image folder (read when the page is drawn, so a long run keeps memory flat).
public enum FormImage: Sendable {
    case bytes([UInt8])
    case file(String)

    func load() -> [UInt8]? {
        switch self {
        case .bytes(let bytes): return bytes
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return nil }
            return [UInt8](data)
        }
    }
}

/// One stored person, as the registration form needs them.
public struct FormRecord: Sendable {
    public var idNumber: String
    /// Stored fields by key (`PersonFields`: defaults, derived values and `*_code` keys filled in).
    public var fields: [String: String]
    /// The submission time (office-local), also the document's date unless a batch time is given.
    public var submittedAt: CivilDateTime
    /// The store's submission id: the QR code names it when the person is in no batch.
    public var submissionID: Int64?
    /// The batch holding the person, if exported.
    public var batchID: String?
    public var photo: FormImage?
    public var idCardPortrait: FormImage?
    public var idCardEmblem: FormImage?

    public init(idNumber: String, fields: [String: String], submittedAt: CivilDateTime, submissionID: Int64? = nil, batchID: String? = nil,
                photo: FormImage? = nil, idCardPortrait: FormImage? = nil, idCardEmblem: FormImage? = nil) {
        self.idNumber = idNumber; self.fields = fields; self.submittedAt = submittedAt; self.submissionID = submissionID
        self.batchID = batchID; self.photo = photo; self.idCardPortrait = idCardPortrait; self.idCardEmblem = idCardEmblem
    }

    public var name: String { fields[Field.name.rawValue] ?? "" }
}
