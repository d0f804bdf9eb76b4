import XCTest
@testable import SSCardKit

extension XCTestCase {
    /// Every row a source yields.
    func drain(_ source: any RowSource) throws(SSCardError) -> [RawRow] {
        var rows: [RawRow] = []
        while let row = try source.nextRow() { rows.append(row) }
        return rows
    }

    /// The SSCardError `body` throws, or nil (any other error fails the test).
    func caught(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> SSCardError? {
        do {
            try body()
            return nil
        } catch let error as SSCardError {
            return error
        } catch {
            XCTFail("not an SSCardError: \(error)", file: file, line: line)
            return nil
        }
    }
}

/// What reading a whole roster gave: the rows read, then the error that stopped it (if any).
struct ReadOutcome {
    var rows: [RawRow] = []
    var error: SSCardError?
}

enum ReaderFixtures {
    /// A file of Tests/SSCardKitTests/Fixtures (written by scripts/make-fixtures.py).
    static func path(_ name: String) -> String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Support
            .deletingLastPathComponent()  // SSCardKitTests
            .appendingPathComponent("Fixtures")
            .appendingPathComponent(name)
            .path
    }

    /// Opens and reads every row, keeping what was read before a failure.
    static func read(_ path: String, sheet: String? = nil, limits: ReaderLimits = ReaderLimits(),
                     encoding: TextEncoding = .auto) -> ReadOutcome {
        var outcome = ReadOutcome()
        var options = RosterOpenOptions(encoding: encoding, sheet: sheet)
        options.limits = limits
        do {
            let source = try RosterFile.open(path: path, options: options)
            while let row = try source.nextRow() { outcome.rows.append(row) }
        } catch {
            outcome.error = error
        }
        return outcome
    }
}
