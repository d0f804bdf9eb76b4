import GRDB
import GRDBSQLite

/// The values of one statement execution, their text kept in one byte buffer: built on one
/// thread, bound and stepped on the database's. Binding a `PackedRow` costs a pointer per
/// value, where GRDB's arguments box every value and bind each inside a closure of its own
/// (a fifth of an import's time on the database thread).
public struct PackedRow: Sendable {
    private enum Value: Sendable {
        case text(start: Int32, end: Int32)
        case integer(Int64)
        case null
    }

    /// Starts with one byte that belongs to no value: never empty, so an empty text binds as ''
    /// (a null pointer would bind NULL).
    private var bytes: [UInt8] = [0]
    private var values: [Value] = []

    public init(capacity: Int = 1024, values count: Int = 16) {
        bytes.reserveCapacity(capacity)
        values.reserveCapacity(count)
    }

    /// Text, as its UTF-8 bytes.
    public mutating func append(_ text: String) {
        let start = Int32(bytes.count)
        bytes.append(contentsOf: text.utf8)
        values.append(.text(start: start, end: Int32(bytes.count)))
    }

    /// Text already in UTF-8 (the caller vouches that it is valid).
    public mutating func append(utf8 text: [UInt8]) {
        let start = Int32(bytes.count)
        bytes.append(contentsOf: text)
        values.append(.text(start: start, end: Int32(bytes.count)))
    }

    public mutating func append(_ number: Int64) { values.append(.integer(number)) }

    public mutating func appendNull() { values.append(.null) }

    public var count: Int { values.count }

    /// Binds the values to `statement` in order, steps it to the end, and leaves it reset with no
    /// bindings. `statement` must not be a cached statement that GRDB binds too. Errors are GRDB's
    /// `DatabaseError`, as `execute` throws them (`SQLITE_MISUSE` when the count of values is not
    /// the statement's count of parameters).
    public func execute(_ statement: Statement) throws {
        let handle = statement.sqliteStatement
        let parameters = Int(sqlite3_bind_parameter_count(handle))
        guard parameters == values.count else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "\(values.count) values for \(parameters) parameters", sql: statement.sql)
        }
        let (code, message) = bytes.withUnsafeBufferPointer { raw -> (CInt, String?) in
            let base = raw.baseAddress!
            defer {
                sqlite3_reset(handle)
                sqlite3_clear_bindings(handle)  // the pointers die with the buffer
            }
            for (offset, value) in values.enumerated() {
                let index = CInt(offset + 1)
                let bound: CInt
                switch value {
                case .text(let start, let end):
                    // SQLITE_STATIC (a nil destructor): SQLite reads the bytes in place until the reset.
                    bound = sqlite3_bind_text(handle, index, UnsafeRawPointer(base + Int(start)).assumingMemoryBound(to: CChar.self),
                                              end - start, nil)
                case .integer(let number): bound = sqlite3_bind_int64(handle, index, number)
                case .null: bound = sqlite3_bind_null(handle, index)
                }
                guard bound == SQLITE_OK else { return (bound, Self.lastMessage(handle)) }
            }
            var step = sqlite3_step(handle)
            while step == SQLITE_ROW { step = sqlite3_step(handle) }
            return (step, step == SQLITE_DONE ? nil : Self.lastMessage(handle))
        }
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }

    /// The connection's message for the last error, read before the reset.
    private static func lastMessage(_ handle: OpaquePointer) -> String? {
        sqlite3_errmsg(sqlite3_db_handle(handle)).map { String(cString: $0) }
    }
}
