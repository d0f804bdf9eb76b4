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
