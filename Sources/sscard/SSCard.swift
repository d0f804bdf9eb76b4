import ArgumentParser
import Foundation
import SSCardKit

/// The root command: parsing and printing only; the work is in SSCardKit.
struct SSCard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sscard",
        abstract: "Collect employee data for the social security card (社会保障卡) in bulk.",
        discussion: """
        Exit codes: 0 no errors (warnings allowed unless --strict), 1 findings of severity error, \
        2 unusable input or usage, 3 internal failure.
        """,
        version: "0.1.0",
        subcommands: [Template.self, Validate.self, Import.self, List.self, Show.self, Status.self, Amend.self, Log.self, Photos.self, Merge.self]
    )
}

/// Flags every command that prints messages shares.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Message language: zh or en (default from LANG).")
    var lang: String?

    @Flag(name: .long, help: "No progress output.")
    var quiet = false

    /// A progress bar on stderr (count, rate, time left), drawn only on a terminal and not under `--quiet`.
    func progressBar(_ language: Language, label: (zh: String, en: String), total: Int? = nil) -> ProgressBar {
        ProgressBar(label: language == .zh ? label.zh : label.en, unit: language == .zh ? "行" : "rows", total: total,
                 language: language, options: ProgressBar.Options(quiet: quiet))
    }

    func language() throws -> Language {
        guard let lang else { return Language.fromEnvironment(ProcessInfo.processInfo.environment) }
        guard let language = Language(rawValue: lang.lowercased()) else {
            throw SSCardError.usage("--lang must be zh or en, not '\(lang)'")
        }
        return language
    }
}

@main
enum Main {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let language = languageHint(arguments)
        do {
            var command = try SSCard.parseAsRoot(arguments)
            try command.run()
        } catch let error as SSCardError {
            printError(error.message.text(language))
            exit(error.exitCode)
        } catch let error as ExitCode {
            exit(error.rawValue)
        } catch {
            let code = SSCard.exitCode(for: error)
            if code == .success {
                SSCard.exit(withError: error)  // --help, --version
            }
            let text = SSCard.message(for: error)
            printError("sscard: \(text)" + (language == .zh ? "（用 sscard --help 查看用法）" : " (see sscard --help)"))
            exit(2)
        }
    }

    static func languageHint(_ arguments: [String]) -> Language {
        if let index = arguments.firstIndex(of: "--lang"), index + 1 < arguments.count,
           let language = Language(rawValue: arguments[index + 1].lowercased()) {
            return language
        }
        if let inline = arguments.first(where: { $0.hasPrefix("--lang=") }), let language = Language(rawValue: String(inline.dropFirst(7)).lowercased()) {
            return language
        }
        return Language.fromEnvironment(ProcessInfo.processInfo.environment)
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}
