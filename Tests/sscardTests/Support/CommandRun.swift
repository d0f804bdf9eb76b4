import Foundation

/// What one run of the built binary printed and returned.
struct CommandRun {
    let status: Int32
    let stdout: String
    let stderr: String

    /// Runs `sscard` from the repository root with exactly `environment`.
    static func sscard(_ arguments: [String], environment: [String: String]) throws -> CommandRun {
        let process = Process()
        process.executableURL = BinaryTests.binary
        process.arguments = arguments
        process.currentDirectoryURL = BinaryTests.root
        process.environment = environment
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
