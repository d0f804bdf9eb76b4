import Foundation
import XCTest

/// Completions and the man page: generated from the command definitions, covering every command.
final class ConventionsTests: XCTestCase {
    func sscard(_ arguments: [String]) throws -> CommandRun {
        try CommandRun.sscard(arguments, environment: ["LANG": "C.UTF-8"])
    }

    func commands() throws -> [String] {
        let run = try sscard(["--experimental-dump-help"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] ?? [:]
        let root = object["command"] as? [String: Any] ?? [:]
        var names: [String] = []
        func walk(_ command: [String: Any], _ path: [String]) {
            for sub in command["subcommands"] as? [[String: Any]] ?? [] {
                // (Hidden commands, such as the internal form-worker, are not on the page.)
                guard let name = sub["commandName"] as? String, name != "help", sub["shouldDisplay"] as? Bool != false else { continue }
                names.append((path + [name]).joined(separator: " "))
                walk(sub, path + [name])
            }
        }
        walk(root, ["sscard"])
        return names
    }

    func testCompletionScriptsForEveryShell() throws {
        for shell in ["bash", "zsh", "fish"] {
            let run = try sscard(["--generate-completion-script", shell])
            XCTAssertEqual(run.status, 0, shell + run.stderr)
            XCTAssertTrue(run.stdout.contains("template"), shell)
            XCTAssertTrue(run.stdout.contains("validate"), shell)
        }
    }

    /// docs/sscard.1 is generated (`make man`); this fails when a command was added without regenerating it.
    func testManPageCoversEveryCommand() throws {
        let page = try String(contentsOf: BinaryTests.root.appendingPathComponent("docs/sscard.1"), encoding: .utf8)
        XCTAssertTrue(page.hasPrefix(".\\\" Generated"), "generated, not hand-written")
        let commands = try commands()
        XCTAssertTrue(commands.contains("sscard template"))
        XCTAssertTrue(commands.contains("sscard photos fix"))
        for command in commands {
            XCTAssertTrue(page.contains(".SS " + command.replacingOccurrences(of: "-", with: "\\-")), "\(command) is missing from docs/sscard.1: run make man")
        }
        XCTAssertTrue(page.contains("\\-\\-format"), "options are listed")
    }

    /// The page is exactly what `make man` writes from this binary's command definitions: a flag
    /// added or changed without regenerating it fails here too.
    func testManPageIsWhatMakeManWrites() throws {
        let page = try String(contentsOf: BinaryTests.root.appendingPathComponent("docs/sscard.1"), encoding: .utf8)
        let generated = try CommandRun.run(URL(fileURLWithPath: "/usr/bin/python3"),
                                           [BinaryTests.root.appendingPathComponent("scripts/gen-man.py").path, BinaryTests.binary.path],
                                           environment: ["LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"], in: BinaryTests.root)
        XCTAssertEqual(generated.status, 0, generated.stderr)
        XCTAssertTrue(generated.stdout.contains("\\-\\-no\\-forms"), "the generator reads the flags")
        XCTAssertTrue(page == generated.stdout, "docs/sscard.1 is out of date: run make man")
    }
}
