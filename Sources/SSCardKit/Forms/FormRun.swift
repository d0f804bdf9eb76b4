import Foundation
import PDFCanvas

/// One run of `writeFolder`: what job n makes (n: the n-th person's file; 0: forms-all.pdf, joined
/// from those files, or drawn again when they cannot be joined).
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

extension FormRun {
    /// The run for `records`, numbered 1…n, with one pair of font subsets holding every
    /// character its pages print (the main process and each worker make the same pair).
    static func make(records: [FormRecord], batchID: String?, date: CivilDateTime?, directory: String,
                     context: FormContext) throws(SSCardError) -> FormRun {
        let serials = Array(1...max(1, records.count))
        let shared: FontFaces
        do {
            let characters = try FormRenderer.characters(records, serials: serials, batchID: batchID,
                                                         date: FormRenderer.documentDate(records, date), context: context)
            shared = try FontFaces(fonts: context.fonts, characters: characters)
        } catch let error as SSCardError { throw error } catch { throw .internal("PDF: \(error)") }
        return FormRun(records: records, serials: serials, batchID: batchID, date: date, directory: directory, context: context,
                       shared: shared)
    }

    /// forms-all.pdf from the persons' files just written, read one at a time in order (written
    /// atomically, mode 0600); its byte count, or nil when the files are not ones `PDFJoiner`
    /// can copy (then nothing is written).
    func join() throws(SSCardError) -> Int? {
        let file = try PrivateFile(replacing: path(0))
        var joiner = PDFJoiner(info: FormRenderer.info(records, date: date))
        var total = 0
        func write(_ bytes: [UInt8]) throws(SSCardError) {
            try file.write(bytes)
            total += bytes.count
        }
        for job in 1...records.count {
            let bytes = try readWholeFile(path(job), maxBytes: 1 << 30, what: Message(zh: "登记表文件的大小", en: "the form file"))
            do { try joiner.append(bytes) } catch { return nil }
            try write(joiner.takeOutput())
        }
        do { try joiner.finish() } catch { return nil }
        try write(joiner.takeOutput())
        try file.commit()
        return total
    }
}

/// Hands out job numbers in order; a job a worker process could not finish comes back for this
/// process to draw.
final class JobQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var next: Int
    private let total: Int
    private var returned: [Int] = []

    /// Hands out `jobs`, in order.
    init(jobs: Range<Int>) { next = jobs.lowerBound; total = jobs.upperBound }

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
