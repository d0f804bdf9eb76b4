import Foundation
import PDFCanvas

/// One run of `writeFolder`: what job n draws (0: forms-all.pdf, n: the n-th person's file).
struct FormRun: @unchecked Sendable {
    let records: [FormRecord]
    let serials: [Int]
    let batchID: String?
    let date: CivilDateTime?
    let directory: String
    let context: FormContext
    let shared: FontFaces

    func path(_ job: Int) -> String {
        (directory as NSString).appendingPathComponent(job == 0 ? "forms-all.pdf" : FormRenderer.fileName(records[job - 1].idNumber) + ".pdf")
    }

    /// Draws and writes the job's file (atomically, mode 0600).
    func draw(_ job: Int) -> ResultBox.Entry {
        var warnings: [FormWarning] = []
        let path = path(job)
        do throws(SSCardError) {
            let bytes = job == 0
                ? try FormRenderer.document(records, serials: serials, batchID: batchID, date: date, context: context, shared: shared,
                                            warnings: &warnings)
                : try FormRenderer.document([records[job - 1]], serials: [job], batchID: batchID, date: date, context: context,
                                            shared: shared, warnings: &warnings)
            try writePrivateFile(Data(bytes), to: path)
            return (path, .success(bytes.count), warnings)
        } catch {
            return (path, .failure(error), warnings)
        }
    }
}

/// Hands out job numbers in order; a job a worker process could not finish comes back for this
/// process to draw.
final class JobQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let total: Int
    private var returned: [Int] = []

    init(total: Int) { self.total = total }

    func take() -> Int? {
        lock.lock(); defer { lock.unlock() }
        if let job = returned.popLast() { return job }
        guard next < total else { return nil }
        next += 1
        return next - 1
    }

    func giveBack(_ job: Int) { lock.lock(); returned.append(job); lock.unlock() }

    func takeReturned() -> Int? { lock.lock(); defer { lock.unlock() }; return returned.popLast() }
}
