import Foundation
import PDFCanvas

/// Something the reader of the forms should know: a value cut to fit its box, or an image
/// that could not be printed (its paste-here box was printed instead).
public struct FormWarning: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case cut, image }
    public let idNumber: String
    public let name: String
    /// The form's label for the box (邮寄地址, 照片 …).
    public let field: String
    public let kind: Kind

    public var message: Message {
        let who = "\(name) (\(MaskKind.document.mask(idNumber)))"
        switch kind {
        case .cut:
            return Message(zh: "\(who)：「\(field)」内容过长，已缩小字号并换行仍放不下，表上被截断（…）；请核对该项或手工补写完整内容",
                           en: "\(who): \(field) is too long for its box even at the smallest size and wrapped; it was cut with …; check the value")
        case .image:
            return Message(zh: "\(who)：「\(field)」图片无法读取，表上印的是粘贴框；请用 sscard amend 换一张图片",
                           en: "\(who): the \(field) image cannot be read; the form shows the paste-here box instead; replace it with sscard amend")
        }
    }
}

/// What a run of forms produced.
public struct FormOutcome: Sendable {
    public var files: [String] = []
    public var pages = 0
    public var bytes = 0
    public var warnings: [FormWarning] = []
    /// True when some value was cut (the command exits 1).
    public var anyCut: Bool { warnings.contains { $0.kind == .cut } }
}

/// What every form of a run shares: the fonts, the legends, the profile.
public struct FormContext: Sendable {
    public let fonts: FontLibrary
    public let legends: FormLegends
    public let profile: Profile
    /// How to start a worker process that draws forms (`sscard form-worker`); nil: this process only.
    public var workerCommand: [String]?
    /// How many worker processes beside this one: `SSCARD_FORM_WORKERS` (0 draws everything in
    /// this process), else one per further core, at most three.
    public var workers = FormContext.defaultWorkers(ProcessInfo.processInfo.environment)
    /// Seconds a worker may take for one file (the first includes its start) before it is
    /// killed and the file drawn here; a file takes milliseconds.
    public var workerTimeout = 60.0

    static func defaultWorkers(_ environment: [String: String]) -> Int {
        if let text = environment["SSCARD_FORM_WORKERS"], let count = Int(text), count >= 0 { return min(count, 16) }
        return min(3, max(0, ProcessInfo.processInfo.activeProcessorCount - 1))
    }

    public init(fonts: FontLibrary, legends: FormLegends, profile: Profile) {
        self.fonts = fonts; self.legends = legends; self.profile = profile
    }

    /// The Noto CJK fonts and the code tables of the profile's schemes.
    public static func load(profile: Profile, schemas: URL) throws(SSCardError) -> FormContext {
        try ImageLibrary.require()
        let reference = try ReferenceData(directory: schemas, profile: profile)
        return FormContext(fonts: try FormFonts.shared(), legends: FormLegends(occupations: reference.occupations.entries,
                                                                                 education: reference.education.entries), profile: profile)
    }
}

/// The registration forms (成都市社会保障卡申办登记表): one A4 page per person.
public enum FormRenderer {
    /// One PDF holding every record's page, in order (written atomically, mode 0600).
    /// - Parameters:
    ///   - batchID: named in the QR codes (else each record's own batch, else its submission id).
    ///   - date: the document date (CreationDate and the printed 日期); default the latest submission.
    public static func render(records: [FormRecord], batchID: String? = nil, date: CivilDateTime? = nil, to path: String,
                              context: FormContext) throws(SSCardError) -> FormOutcome {
        var outcome = FormOutcome()
        let bytes = try document(records, serials: Array(1...max(1, records.count)), batchID: batchID, date: date, context: context,
                                 warnings: &outcome.warnings)
        try writePrivateFile(Data(bytes), to: path)
        outcome.files = [path]
        outcome.pages = records.count
        outcome.bytes = bytes.count
        return outcome
    }

    /// `<id>.pdf` for every record plus `forms-all.pdf` with every page in order, in `directory`
    /// (made mode 0700 if missing). Files are drawn on all cores: by this process and, when
    /// `context.workerCommand` is set, by worker processes taking files from the same queue.
    public static func writeFolder(records: [FormRecord], batchID: String? = nil, date: CivilDateTime? = nil, directory: String,
                                   context: FormContext, progress: (@Sendable (Int, Int) -> Void)? = nil) throws(SSCardError) -> FormOutcome {
        try makeFolders(directory)
        guard !records.isEmpty else { return FormOutcome() }  // no one: no files (not an empty forms-all.pdf)
        let total = records.count + 1
        let results = ResultBox(count: total)
        // One pair of font subsets for the whole run, loaded once: every page draws with it.
        let run = try FormRun.make(records: records, batchID: batchID, date: date, directory: directory, context: context)
        // Job n is the n-th person's file; forms-all.pdf (job 0) is joined from them at the end.
        // cairo draws one document at a time per process, so the other cores get worker processes
        // (`workerCommand`) that take jobs from the same queue; a job a worker could not finish is
        // drawn here.
        let queue = JobQueue(jobs: 1..<total)
        @Sendable func finished(_ job: Int, _ entry: ResultBox.Entry) {
            results.set(job, entry)
            progress?(results.done, total)
        }
        let group = DispatchGroup()
        if let command = context.workerCommand, context.workers > 0 {
            let spec = FormRunSpec(records: records, batchID: batchID, date: date, directory: directory)
            if let line = try? JSONEncoder().encode(spec) {
                for _ in 0..<context.workers {
                    DispatchQueue.global().async(group: group) {
                        FormWorker.drive(command: command, spec: line, queue: queue, timeout: context.workerTimeout) { job, reply in
                            finished(job, (run.path(job), .success(reply.bytes ?? 0), reply.warnings.map(\.warning)))
                        }
                    }
                }
            }
            while let job = queue.take() { finished(job, run.draw(job)) }
        } else {
            DispatchQueue.concurrentPerform(iterations: max(1, ProcessInfo.processInfo.activeProcessorCount)) { _ in
                while let job = queue.take() { finished(job, run.draw(job)) }
            }
        }
        group.wait()
        while let job = queue.takeReturned() { finished(job, run.draw(job)) }
        var outcome = FormOutcome()
        let entries = results.entries
        for job in 1..<total {
            guard let entry = entries[job] else { throw .internal("form job \(job) did not finish") }
            let count = try entry.result.get()
            outcome.files.append(entry.path)
            outcome.bytes += count
            outcome.warnings += entry.warnings
            outcome.pages += 1
        }
        // The persons' pages as they were drawn, copied; drawn again only if they cannot be.
        let all: ResultBox.Entry = if let bytes = try run.join() { (run.path(0), .success(bytes), []) } else { run.draw(0) }
        finished(0, all)
        outcome.files.append(all.path)
        outcome.bytes += try all.result.get()
        return outcome
    }

    /// A file name from an ID number (which is letters and digits; anything else becomes _).
    static func fileName(_ idNumber: String) -> String {
        String(idNumber.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }

    /// The document date: the one asked for, else the latest submission.
    static func documentDate(_ records: [FormRecord], _ date: CivilDateTime?) -> CivilDateTime {
        date ?? records.map(\.submittedAt).max() ?? CivilDateTime(date: CivilDate(year: 2000, month: 1, day: 1)!)
    }

    /// What the QR code names: the batch, else the record's own batch, else its submission.
    static func reference(_ record: FormRecord, _ batchID: String?) -> String {
        batchID ?? record.batchID ?? record.submissionID.map { "\($0)" } ?? "-"
    }

    /// Every character the pages of `records` print, by face (images are not read for this). The
    /// labels' face always gets every digit, so that the run's subsets also hold each person's own
    /// 序号 and date.
    static func characters(_ records: [FormRecord], serials: [Int], batchID: String?, date: CivilDateTime,
                           context: FormContext) throws(SSCardError) -> [FontRole: Set<UInt32>] {
        var characters: [FontRole: Set<UInt32>] = [.serif: Set("0123456789".unicodeScalars.map(\.value))]
        for (record, serial) in zip(records, serials) {
            let page = try FormPage(record: record, serial: serial, reference: reference(record, batchID), date: date.date,
                                    legends: context.legends, images: FormPageImages(), code: false)
            for (role, set) in page.characters { characters[role, default: []].formUnion(set) }
        }
        return characters
    }

    /// Draws the pages of `records` into one PDF.
    /// - Parameter shared: font subsets made for a run that includes these records (else the
    ///   document makes its own).
    static func document(_ records: [FormRecord], serials: [Int], batchID: String?, date: CivilDateTime?, context: FormContext,
                         shared: FontFaces? = nil, warnings: inout [FormWarning]) throws(SSCardError) -> [UInt8] {
        let documentDate = documentDate(records, date)
        func reference(_ record: FormRecord) -> String { FormRenderer.reference(record, batchID) }
        // (Subsets made for the run already hold these pages' characters.)
        let characters = shared != nil ? [:] : try FormRenderer.characters(records, serials: serials, batchID: batchID, date: documentDate,
                                                                            context: context)
        let canvas: PDFDocument
        do {
            let faces = try shared ?? FontFaces(fonts: context.fonts, characters: characters)
            canvas = try PDFDocument(faces: faces, width: FormPage.pageWidth, height: FormPage.pageHeight, info: info(records, date: date))
        } catch { throw .internal("PDF: \(error)") }
        for (record, serial) in zip(records, serials) {
            var images = FormPageImages()
            func load(_ source: FormImage?, _ field: String, card: Bool) -> JPEGImage? {
                guard let source else { return nil }
                let bytes = source.load()
                let image = card ? FormImages.cardSide(bytes, profile: context.profile) : FormImages.photo(bytes, profile: context.profile)
                if image == nil { warnings.append(FormWarning(idNumber: record.idNumber, name: record.name, field: field, kind: .image)) }
                return image
            }
            images.photo = load(record.photo, "照片", card: false)
            images.portrait = load(record.idCardPortrait, "身份证人像面", card: true)
            images.emblem = load(record.idCardEmblem, "身份证国徽面", card: true)
            let page = try FormPage(record: record, serial: serial, reference: reference(record), date: documentDate.date,
                                    legends: context.legends, images: images)
            let drawn = canvas.draw(page: page.ops)
            var seen = Set<String>()
            for tag in drawn.cut where seen.insert(tag).inserted {
                warnings.append(FormWarning(idNumber: record.idNumber, name: record.name,
                                            field: tag.hasPrefix("label ") ? String(tag.dropFirst(6)) : tag, kind: .cut))
            }
        }
        do { return try canvas.finish() } catch { throw .internal("PDF: \(error)") }
    }

    /// The title and date of a document holding `records`' pages.
    static func info(_ records: [FormRecord], date: CivilDateTime?) -> DocumentInfo {
        let title = records.count == 1 ? "成都市社会保障卡申办登记表 \(records[0].name)" : "成都市社会保障卡申办登记表（\(records.count) 份）"
        return DocumentInfo(title: title, date: isoDate(documentDate(records, date)))
    }

    /// The office's local time with its offset (the store keeps office-local civil times; Chengdu is UTC+8).
    static func isoDate(_ time: CivilDateTime) -> String { time.description + "+08:00" }
}

/// Results of the concurrent jobs, by job number: the file, its size or the error, the warnings.
final class ResultBox: @unchecked Sendable {
    typealias Entry = (path: String, result: Result<Int, SSCardError>, warnings: [FormWarning])
    private let lock = NSLock()
    private var stored: [Entry?]
    private var finished = 0

    init(count: Int) { stored = Array(repeating: nil, count: count) }

    func set(_ job: Int, _ entry: Entry) {
        lock.lock(); defer { lock.unlock() }
        stored[job] = entry
        finished += 1
    }

    var entries: [Entry?] { lock.lock(); defer { lock.unlock() }; return stored }
    var done: Int { lock.lock(); defer { lock.unlock() }; return finished }
}
