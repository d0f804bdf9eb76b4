import Foundation
import SQLiteRows

/// One checked row with everything the store writes for it that depends on the row alone: the
/// stored fields and the JSON of its columns. Made on the validating thread, so that the
/// database thread only looks up and writes (on two cores the two overlap).
struct PreparedRow: Sendable {
    let result: Validation.RowResult
    let errors: [Finding]
    let content: Content

    enum Content: Sendable {
        /// A rejected row: its cells by header (`raw`) and its findings, as stored JSON.
        case rejected(raw: String, findings: String)
        /// An accepted row: its stored fields, its warnings' JSON, and the values of its
        /// `PersonInsert` but the fields' JSON.
        case accepted(fields: StoredFields, warnings: String, insert: PackedRow)
    }

    init(_ row: Validation.RowResult, reference: ReferenceData, context: PersonInsert.Context) {
        result = row
        errors = row.findings.filter { $0.severity == .error }
        if errors.isEmpty {
            let fields = PersonFields.make(row, reference: reference)
            let warnings = StoreJSON.encode(row.findings.map(StoredFinding.init))
            let insert = PersonInsert.values(number: row.record.text(.idNumber) ?? "", name: row.record.text(.name) ?? "", fields: fields,
                                             warnings: warnings, row: row.record.row, context: context)
            content = .accepted(fields: fields, warnings: warnings, insert: insert)
        } else {
            let cells = row.record.rawCells
            let raw = zip(row.headers, (0..<row.headers.count).map { cells[safe: $0] ?? "" }).map { [$0.0, $0.1] }
            content = .rejected(raw: StoreJSON.encode(raw), findings: StoreJSON.encode(row.findings.map(StoredFinding.init)))
        }
    }
}

extension PreparedRow {
    /// Validates `request` on a thread of its own and hands its rows, prepared, to the caller in
    /// batches; a read or validation error surfaces after the rows before it.
    static func start(_ request: ValidationRequest, schemas: URL, reference: ReferenceData, context: PersonInsert.Context,
                      batchSize: Int = 256, capacity: Int = 4) -> BatchQueue<PreparedRow> {
        BatchQueue.start(capacity: capacity) { queue in
            let filler = BatchFiller(queue, size: batchSize)
            do throws(SSCardError) {
                try Validation.run(request, schemas: schemas, reference: reference) { (row: Validation.RowResult) throws(SSCardError) in
                    // The caller stopped (its own error ends the import): so does validation.
                    guard filler.add(PreparedRow(row, reference: reference, context: context)) else { throw .internal("the import stopped") }
                }
                filler.finish(nil)
            } catch {
                filler.finish(error)
            }
        }
    }
}
