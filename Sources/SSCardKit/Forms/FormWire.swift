import Foundation

/// What a form worker process is told (one JSON line on its stdin): the whole run, so that it
/// makes the same font subsets as every other worker; then job numbers, one a line.
struct FormRunSpec: Codable {
    var records: [WireRecord]
    var batchID: String?
    var date: String?
    var directory: String

    struct WireRecord: Codable {
        var idNumber: String
        var fields: [String: String]
        var submittedAt: String
        var submissionID: Int64?
        var batchID: String?
        var photo: WireImage?
        var idCardPortrait: WireImage?
        var idCardEmblem: WireImage?
    }

    /// Image bytes travel as base64 (Data's JSON form), files by path.
    struct WireImage: Codable {
        var file: String?
        var bytes: Data?
        init(_ image: FormImage) {
            switch image {
            case .file(let path): file = path
            case .bytes(let data): bytes = Data(data)
            }
        }
        var image: FormImage { file.map { .file($0) } ?? .bytes([UInt8](bytes ?? Data())) }
    }

    init(records: [FormRecord], batchID: String?, date: CivilDateTime?, directory: String) {
        self.records = records.map {
            WireRecord(idNumber: $0.idNumber, fields: $0.fields, submittedAt: $0.submittedAt.description, submissionID: $0.submissionID,
                       batchID: $0.batchID, photo: $0.photo.map(WireImage.init), idCardPortrait: $0.idCardPortrait.map(WireImage.init),
                       idCardEmblem: $0.idCardEmblem.map(WireImage.init))
        }
        self.batchID = batchID
        self.date = date?.description
        self.directory = directory
    }

    /// nil when a time does not read back.
    var formRecords: [FormRecord]? {
        var out: [FormRecord] = []
        for wire in records {
            guard let submitted = CivilDateTime(parsing: wire.submittedAt) else { return nil }
            out.append(FormRecord(idNumber: wire.idNumber, fields: wire.fields, submittedAt: submitted, submissionID: wire.submissionID,
                                  batchID: wire.batchID, photo: wire.photo?.image, idCardPortrait: wire.idCardPortrait?.image,
                                  idCardEmblem: wire.idCardEmblem?.image))
        }
        return out
    }
}

/// A worker's answer for one job (one JSON line on its stdout).
struct FormJobReply: Codable {
    var job: Int
    /// The file's size; nil when the job failed (the parent then draws it itself, for the error).
    var bytes: Int?
    var warnings: [WireWarning]

    struct WireWarning: Codable {
        var idNumber: String
        var name: String
        var field: String
        var image: Bool
    }
}
