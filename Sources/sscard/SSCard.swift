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
        subcommands: [Template.self, Validate.self, Import.self, List.self, Show.self, Status.self, Amend.self, Discard.self, Log.self, Photos.self, Merge.self,
                      Export.self, Batches.self, Verify.self, Form.self, FormWorkerCommand.self]
    )
}

/// Flags every command that prints messages shares.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Message language (default from LC_ALL, LC_MESSAGES or LANG).")
    var lang: Language?

    @Flag(name: .long, help: "No progress output.")
    var quiet = false

    /// A progress bar on stderr (count, rate, time left), drawn only on a terminal and not under `--quiet`.
    func progressBar(_ language: Language, label: (zh: String, en: String), total: @autoclosure () -> Int? = nil) -> ProgressBar {
        ProgressBar(label: language == .zh ? label.zh : label.en, unit: language == .zh ? "行" : "rows", total: total(),
                 language: language, options: ProgressBar.Options(quiet: quiet))
    }

    func language() -> Language { lang ?? Language.fromEnvironment(ProcessInfo.processInfo.environment) }
}

/// One path for every failure: problems with the arguments (found while parsing and in the
/// commands' `validate()`) exit 2; `SSCardError`s exit with their own code (2 unusable input,
/// 3 internal); anything else a command throws is unexpected and exits 3.
@main
enum Main {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let language = languageHint(arguments)
        var command: any ParsableCommand
        do {
            command = try SSCard.parseAsRoot(arguments)
        } catch {
            if SSCard.exitCode(for: error) == .success {
                SSCard.exit(withError: error)  // --help, --version
            }
            usageFailure(error, language, arguments)
        }
        do {
            try command.run()
        } catch let error as SSCardError {
            // Error messages name files and values: ID and mobile numbers in them are masked too.
            let text = error.message.text(language)
            printError(arguments.contains("--show-pii") ? text : PIIScrubber.scrub(text))
            exit(error.exitCode)
        } catch let error as ExitCode {
            exit(error.rawValue)
        } catch {
            switch SSCard.exitCode(for: error) {
            case .success:
                SSCard.exit(withError: error)  // --help, --version
            case .validationFailure:
                usageFailure(error, language, arguments)
            default:
                let text = SSCardError.internal(String(describing: error)).message.text(language)
                printError(arguments.contains("--show-pii") ? text : PIIScrubber.scrub(text))
                exit(3)
            }
        }
    }

    /// A problem with the arguments: one line naming it, exit 2.
    static func usageFailure(_ error: any Error, _ language: Language, _ arguments: [String]) -> Never {
        // Arguments can carry an ID or phone number (`show 5101…`): masked like every other output.
        var message = SSCard.message(for: error)
        if language == .zh, let chinese = UsageText.chinese(message) { message = chinese }
        let text = arguments.contains("--show-pii") ? message : PIIScrubber.scrub(message)
        printError("sscard: \(text)" + (language == .zh ? "（用 sscard --help 查看用法）" : " (see sscard --help)"))
        exit(2)
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
    FileHandle.standardError.write(Data(LocaleOutput().bytes(text.hasSuffix("\n") ? text : text + "\n")))  // h8-clerk: the locale's encoding
}
