import Foundation
import PDFCanvas

/// Worker processes for `writeFolder`. cairo draws one document at a time in a process (see
/// PDFCanvas' `cairoLock`), so a run uses the other cores through copies of `sscard` started as
/// `sscard form-worker`: each is sent the whole run (one JSON line), then job numbers one a line,
/// and answers each with a JSON line once the job's file is written (atomically, like any other).
public enum FormWorker {
    /// Starts one worker and feeds it jobs from `queue` until the queue is empty. If the worker
    /// cannot start, fails a job or dies, the job goes back to the queue and the worker is dropped.
    /// A worker that answers no job within `timeout` seconds (hung, stopped) is killed, and its
    /// job goes back to the queue.
    static func drive(command: [String], spec: Data, queue: JobQueue, timeout: Double, done: (Int, FormJobReply) -> Void) {
        guard let executable = command.first else { return }
        signal(SIGPIPE, SIG_IGN)  // a worker that died must not take this process with it
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(command.dropFirst())
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return }
        let send = input.fileHandleForWriting.fileDescriptor
        let reader = LineReader(output.fileHandleForReading.fileDescriptor)
        defer {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
        guard writeAll(send, spec + Data("\n".utf8)) else { return }
        while let job = queue.take() {
            guard writeAll(send, Data("\(job)\n".utf8)), let line = reader.line(timeout: timeout),
                  let reply = try? JSONDecoder().decode(FormJobReply.self, from: line), reply.job == job, reply.bytes != nil else {
                queue.giveBack(job)
                kill(process.processIdentifier, SIGKILL)  // a hung worker may ignore SIGTERM
                return
            }
            done(job, reply)
        }
    }

    /// The worker's side: reads the run from stdin, draws each job it is sent, answers on stdout.
    /// Returns when stdin ends.
    public static func serve(context: FormContext) throws(SSCardError) {
        let reader = LineReader(0)
        guard let first = reader.line() else { return }
        guard let spec = try? JSONDecoder().decode(FormRunSpec.self, from: first), let records = spec.formRecords, !records.isEmpty else {
            throw .internal("form-worker: unreadable run")
        }
        let run = try FormRun.make(records: records, batchID: spec.batchID, date: spec.date.flatMap { CivilDateTime(parsing: $0) },
                                   directory: spec.directory, context: context)
        while let line = reader.line() {
            guard let job = Int(String(decoding: line, as: UTF8.self)), job >= 0, job <= records.count else { throw .internal("form-worker: bad job") }
            let entry = run.draw(job)
            var reply = FormJobReply(job: job, bytes: nil, warnings: entry.warnings.map(FormJobReply.WireWarning.init))
            if case .success(let count) = entry.result { reply.bytes = count }
            guard let data = try? JSONEncoder().encode(reply), writeAll(1, data + Data("\n".utf8)) else { return }
        }
    }

    static func writeAll(_ descriptor: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return true }
            var written = 0
            while written < buffer.count {
                let count = write(descriptor, base + written, buffer.count - written)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return false }
                written += count
            }
            return true
        }
    }
}

/// Lines from a file descriptor (without the newline).
final class LineReader {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    init(_ descriptor: Int32) { self.descriptor = descriptor }

    /// The next line; nil at the end of the stream, or when nothing arrives for `timeout` seconds.
    func line(timeout: Double? = nil) -> Data? {
        while true {
            if let end = buffer[start...].firstIndex(of: 0x0A) {
                let line = Data(buffer[start..<end])
                start = end + 1
                if start > 1 << 16 { buffer.removeFirst(start); start = 0 }
                return line
            }
            if let timeout {
                var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                let waited = poll(&ready, 1, Int32(clamping: Int((timeout * 1000).rounded(.up))))
                if waited < 0, errno == EINTR { continue }
                guard waited > 0 else { return nil }
            }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }
}

extension FormJobReply.WireWarning {
    init(_ warning: FormWarning) {
        self.init(idNumber: warning.idNumber, name: warning.name, field: warning.field, image: warning.kind == .image)
    }
    var warning: FormWarning { FormWarning(idNumber: idNumber, name: name, field: field, kind: image ? .image : .cut) }
}
