import Foundation

/// The registration forms of a placed batch: DIR/forms/<batch id>/<id>.pdf and forms-all.pdf,
/// with the batch id in each QR code and the batch's time as the printed date. The batch is
/// already complete when this runs; a failure here is reported and never undoes it.
enum BatchForms {
    static func write(_ batch: BatchRecord, store: Store, directory: String, request: ExportRequest,
                      progress: (@Sendable (Int, Int) -> Void)? = nil) throws(SSCardError) {
        let office = request.profile.officeClock
        let records = try store.formRecords(status: .exported, unit: nil, batch: batch.id, at: request.now,
                                            windowHours: request.profile.amendmentHours, office: office)
        let context = try FormContext.load(profile: request.profile, schemas: SchemaDirectory.locate())
        let forms = (directory as NSString).appendingPathComponent("forms")
        if mkdir(forms, 0o700) != 0 && errno != EEXIST { throw .fileWriteFailed(path: forms, step: .folder, code: errno) }
        let folder = (forms as NSString).appendingPathComponent(batch.id)
        _ = try FormRenderer.writeFolder(records: records, batchID: batch.id, date: CivilDateTime(parsing: batch.createdAt) ?? request.now,
                                         directory: folder, context: context, progress: progress)
    }
}
