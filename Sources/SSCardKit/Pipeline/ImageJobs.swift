import Foundation
import VipsKit

/// A finding about one image file (for `photos check`, `photos fix` and `merge`).
public struct FileFinding: Sendable {
    /// Where the file came from (contains the document number: reports mask it).
    public let file: String
    public let finding: ImageFinding
}

/// What an image job did.
public struct ImageJobReport: Sendable {
    public var inputs: [String]
    public var files = 0
    /// Files without any error.
    public var cleanFiles = 0
    public var findings: [FileFinding] = []
    /// For fix and merge: the files written.
    public var written: [(source: String, output: String, bytes: Int, quality: Int)] = []

    public var errorCount: Int { findings.count { $0.finding.severity == .error } }
    public var warningCount: Int { findings.count { $0.finding.severity == .warning } }
}

/// `photos check`, `photos fix` and `merge`: many images, two at a time (libvips itself runs
/// one thread per image, so the two cores are not oversubscribed).
public enum ImageJobs {
    public static func checkPhotos(paths: [String], profile: Profile) throws(SSCardError) -> ImageJobReport {
        try ImageLibrary.require()
        var files: [ImageFile] = []
        for path in paths { files += try ImageSource.list(path) }
        var report = ImageJobReport(inputs: paths)
        report.files = files.count
        let results = parallelMap(files) { file -> [ImageFinding] in
            do throws(SSCardError) { return PhotoInspector.inspect(try file.read(), profile: profile) } catch {
                return [ImageFinding(.photoUnreadable, error.message)]
            }
        }
        for (file, findings) in zip(files, results) {
            if !findings.contains(where: { $0.severity == .error }) { report.cleanFiles += 1 }
            report.findings += findings.map { FileFinding(file: file.displayName, finding: $0) }
        }
        return report
    }

    /// Fixes every image of `input` (a file, folder or zip) into `output` (a folder, or a `.jpg` path for one file).
    /// `progress` is told (done, total) after each photo, from any thread.
    public static func fixPhotos(input: String, output: String, profile: Profile, maxBytes: Int?,
                                 progress: (@Sendable (Int, Int) -> Void)? = nil) throws(SSCardError) -> ImageJobReport {
        let files = try ImageSource.list(input)
        try ImageLibrary.require()
        var isDirectory = false
        // Output = input folder: refused even when no name collides (PNG or HEIC inputs would get JPEGs beside them).
        func resolved(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
        if fileExists(input, &isDirectory), isDirectory, resolved(input) == resolved(output) {
            throw .usage(Message(zh: "\(output) 就是输入文件夹；sscard 从不写入输入，请另选输出文件夹",
                                        en: "\(output) is the input folder; sscard never writes into its input, choose another output folder"))
        }
        let jpegSuffix = [".jpg", ".jpeg", ".jpe"].contains { output.lowercased().hasSuffix($0) }
        let singleTarget = files.count == 1 && jpegSuffix && !(fileExists(output, &isDirectory) && isDirectory)
        if !singleTarget {
            try makeFolders(output)
        }
        let inputPaths = Set(files.compactMap { file -> String? in
            if case .file(let path) = file.location { return URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
            return nil
        })
        var targets: [String] = []
        var seen: [String: String] = [:]
        for file in files {
            let stem = (file.fileName as NSString).deletingPathExtension
            let target = singleTarget ? output : (output as NSString).appendingPathComponent(stem + ".jpg")
            let resolved = URL(fileURLWithPath: target).standardizedFileURL.resolvingSymlinksInPath().path
            if inputPaths.contains(resolved) {
                throw .usage(Message(zh: "\(target) 是输入文件之一；sscard 从不覆盖输入，请另选输出文件夹",
                                            en: "\(target) is one of the inputs; sscard never overwrites an input, choose another output folder"))
            }
            if let earlier = seen[resolved] {
                throw .imageConflict(slot: target, first: earlier, second: file.displayName)
            }
            seen[resolved] = file.displayName
            targets.append(target)
        }
        var report = ImageJobReport(inputs: [input])
        report.files = files.count
        let done = DoneCounter()
        // Each photo is fixed, written and checked again on the thread that read it, so only
        // the findings of a run stay in memory, never its JPEGs.
        let outcomes = parallelMap(Array(files.indices)) { index -> Result<FixOutcome, SSCardError> in
            defer { progress?(done.increment(), files.count) }
            do throws(SSCardError) {
                switch PhotoFixer.fix(try files[index].read(), profile: profile, maxBytes: maxBytes) {
                case .refused(let reasons): return .success(.refused(reasons))
                case .fixed(let jpeg, let quality):
                    try writePrivateFile(Data(jpeg), to: targets[index])
                    // What the fix could not judge away (exposure, cast) is still worth a look.
                    return .success(.written(bytes: jpeg.count, quality: quality, findings: PhotoInspector.inspect(jpeg, profile: profile)))
                }
            } catch {
                return .failure(error)
            }
        }
        for (index, outcome) in outcomes.enumerated() {
            let file = files[index]
            switch outcome {
            case .failure(let error):
                if case .fileWriteFailed = error { throw error }  // the output folder, not the photo
                report.findings.append(FileFinding(file: file.displayName, finding: ImageFinding(.photoUnreadable, error.message)))
            case .success(.refused(let reasons)):
                report.findings += reasons.map { FileFinding(file: file.displayName, finding: $0) }
            case .success(.written(let bytes, let quality, let findings)):
                report.cleanFiles += 1
                report.findings += findings.map { FileFinding(file: targets[index], finding: $0) }
                report.written.append((file.displayName, targets[index], bytes, quality))
            }
        }
        return report
    }

    /// One photo of `fixPhotos`, done on its own thread: refused, or written and checked again
    /// (only the findings stay in memory, never the JPEG).
    private enum FixOutcome {
        case refused([ImageFinding])
        case written(bytes: Int, quality: Int, findings: [ImageFinding])
    }

    /// Composes each person's two sides into `output/<id>.jpg`.
    /// `progress` is told (done, total) after each person, from any thread.
    public static func mergeIDCards(input: String, output: String, profile: Profile,
                                    progress: (@Sendable (Int, Int) -> Void)? = nil) throws(SSCardError) -> ImageJobReport {
        try ImageLibrary.require()
        let catalog = ImageCatalog(photos: [], idCards: try ImageSource.list(input), frontIsPortrait: profile.frontIsPortrait)
        try makeFolders(output)
        var report = ImageJobReport(inputs: [input])
        let numbers = Array(Set(catalog.entries.map(\.number))).sorted()
        report.files = numbers.count
        struct Job { let number: String; let portrait: ImageFile; let emblem: ImageFile }
        var jobs: [Job] = []
        for number in numbers {
            let portrait = catalog.claim(number, .idCard(.portrait)), emblem = catalog.claim(number, .idCard(.emblem))
            let subject = (portrait + emblem).first?.displayName ?? number
            for (files, side) in [(portrait, CardSide.portrait), (emblem, CardSide.emblem)] where files.count != 1 {
                let rule: RuleID = files.isEmpty ? (side == .portrait ? .idcardMissingFront : .idcardMissingBack) : .fileConflict
                let names = files.map(\.displayName).joined(separator: ", ")
                report.findings.append(FileFinding(file: subject, finding: ImageFinding(rule, files.isEmpty
                    ? Message(zh: "缺少身份证\(side.rawValue)图片", en: "the \(side == .portrait ? "portrait side (人像面)" : "emblem side (国徽面)") is missing")
                    : Message(zh: "\(side.rawValue)有多个文件: \(names)；请只保留一个", en: "several files for the \(side.rawValue): \(names); keep one"))))
            }
            if portrait.count == 1, emblem.count == 1 { jobs.append(Job(number: number, portrait: portrait[0], emblem: emblem[0])) }
        }
        for orphan in catalog.unnamed {
            report.findings.append(FileFinding(file: orphan.displayName, finding: ImageFinding(.fileOrphan, Message(
                zh: "文件名中没有证件号码和面（如 证件号码_人像面.jpg），已跳过", en: "the name carries no ID number and side (e.g. <ID>_人像面.jpg); skipped"))))
        }
        let done = DoneCounter()
        let results = parallelMap(jobs) { job -> Result<[UInt8], SSCardError> in
            defer { progress?(done.increment(), jobs.count) }
            do throws(SSCardError) {
                return .success(try IDCardMerger.merge(portrait: job.portrait.read(), emblem: job.emblem.read(), profile: profile))
            } catch {
                return .failure(error)
            }
        }
        for (job, result) in zip(jobs, results) {
            switch result {
            case .success(let jpeg):
                let target = (output as NSString).appendingPathComponent(job.number + ".jpg")
                try writePrivateFile(Data(jpeg), to: target)
                report.cleanFiles += 1
                report.written.append((job.portrait.displayName, target, jpeg.count, 90))
            case .failure(let error):
                // Name the side that could not be read (IDCardMerger reports it as the "path" of .unreadable).
                var file = job.portrait.displayName
                if case .unreadable(let side, _) = error, side == CardSide.emblem.rawValue { file = job.emblem.displayName }
                report.findings.append(FileFinding(file: file, finding: ImageFinding(.idcardUnreadable, error.message)))
            }
        }
        return report
    }
}

/// Maps on two threads, keeping the order.
func parallelMap<Input, Output>(_ inputs: [Input], threads: Int = 2, _ transform: (Input) -> Output) -> [Output] {
    let slots = Slots<Output>(count: inputs.count)
    let next = Slots<Int>(count: 1)
    withoutActuallyEscaping(transform) { transform in
        let work = UnsafeSendable(value: (inputs, transform))
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, inputs.count))) { _ in
            while let index = next.claim(upTo: work.value.0.count) {
                slots.set(index, work.value.1(work.value.0[index]))
            }
        }
    }
    return slots.values()
}

/// Items finished so far, counted from several threads (for a progress bar).
final class DoneCounter: @unchecked Sendable {
    private var count = 0
    private let lock = NSLock()
    func increment() -> Int { lock.lock(); defer { lock.unlock() }; count += 1; return count }
}

private final class Slots<Value>: @unchecked Sendable {
    private var storage: [Value?]
    private var cursor = 0
    private let lock = NSLock()
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Value) { lock.lock(); storage[index] = value; lock.unlock() }
    func claim(upTo count: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard cursor < count else { return nil }
        cursor += 1
        return cursor - 1
    }
    func values() -> [Value] { storage.map { $0! } }
}

private struct UnsafeSendable<T>: @unchecked Sendable { let value: T }
