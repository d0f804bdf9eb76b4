import ArgumentParser
import Foundation
import SSCardKit

extension SSCard {
    /// h8-clerk
    struct Discard: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Discard a rejected row nobody will fix (audited); accepted and exported records cannot be discarded.",
            discussion: "TARGET: an ID number (all its open rejected rows), FILE:ROW, or ROW of the latest import. Exit 0: discarded; 1: refused; 2: no such row."
        )
        @Argument(help: "An ID number, FILE:ROW, or ROW.") var target: String
        @Option(name: .long, help: "Why, for the audit log (required).") var reason: String
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var profile: ProfileOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            let language = output.language()
            let profile = try self.profile.load()
            let store = try storeOptions.open(create: false)
            let discarded = try DiscardJob.run(target: target, reason: reason, store: store, at: storeOptions.now(profile.officeClock), profile: profile)
            printOut(StoreRenderer.discarded(discarded, style: storeOptions.style(language), json: storeOptions.json))
        }
    }
}
