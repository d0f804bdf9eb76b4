import Foundation

/// What one run of the built binary printed and returned.
struct CommandRun {
    let status: Int32
    let stdout: String
    let stderr: String

    /// Runs `sscard` from the repository root with exactly `environment`.
    static func sscard(_ arguments: [String], environment: [String: String]) throws -> CommandRun {
        try run(BinaryTests.binary, arguments, environment: environment, in: BinaryTests.root)
    }

    /// Runs any program with exactly `environment`, in `folder`.
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String], in folder: URL) throws -> CommandRun {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
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
