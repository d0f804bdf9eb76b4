import Foundation
import XCTest

/// Runs a Python script with openpyxl, the library most office scripts use to read and write
/// workbooks: the tests read our XLSX files back, and write into them as a clerk would.
enum Python {
    static let interpreter: URL? = ["/usr/bin/python3", "/usr/local/bin/python3"].map(URL.init(fileURLWithPath:))
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    /// Skips the test (saying why) when python3 or openpyxl is missing.
    static func requireOpenpyxl() throws {
        guard let interpreter else { throw XCTSkip("python3 is not installed") }
        let probe = try run(interpreter, ["-c", "import openpyxl"])
        if probe.status != 0 { throw XCTSkip("openpyxl is not installed (apt-get install python3-openpyxl, or pip install openpyxl)") }
    }

    /// Runs `script` with `arguments` (sys.argv[1...]); the script prints JSON on stdout.
    static func json(_ script: String, _ arguments: [String]) throws -> Any {
        guard let interpreter else { throw XCTSkip("python3 is not installed") }
        let run = try run(interpreter, ["-c", script] + arguments)
        guard run.status == 0 else {
            XCTFail("python failed (\(run.status)): \(run.stderr)")
            return [String: Any]()
        }
        return try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
    }

    static func run(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil) throws -> CommandRun {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandRun(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                          stderr: String(decoding: stderr, as: UTF8.self))
    }
}
