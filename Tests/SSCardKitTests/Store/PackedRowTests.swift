import GRDB
import SQLiteRows
import XCTest

/// The packed values bind as what they are: text (an empty one as '', not NULL), integers and
/// NULL, in order; a failing step throws SQLite's error and leaves the statement usable.
final class PackedRowTests: XCTestCase {
    func testValuesBindInOrderAsTheirTypes() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (a TEXT, b TEXT NOT NULL, c INTEGER, d, e TEXT NOT NULL)")
            let insert = try db.makeStatement(sql: "INSERT INTO t VALUES (?, ?, ?, ?, ?)")
            var values = PackedRow()
            values.append("张三 \"quoted\"")
            values.append("")
            values.append(Int64(-42))
            values.appendNull()
            values.append(utf8: Array("{\"k\":\"值\"}".utf8))
            XCTAssertEqual(values.count, 5)
            try values.execute(insert)
            try values.execute(insert)  // reset and rebound
            let rows = try Row.fetchAll(db, sql: "SELECT a, b, typeof(b) AS tb, c, typeof(d) AS td, e, typeof(e) AS te FROM t")
            XCTAssertEqual(rows.count, 2)
            for row in rows {
                XCTAssertEqual(row["a"] as String?, "张三 \"quoted\"")
                XCTAssertEqual(row["b"] as String?, "")
                XCTAssertEqual(row["tb"] as String?, "text")
                XCTAssertEqual(row["c"] as Int?, -42)
                XCTAssertEqual(row["td"] as String?, "null")
                XCTAssertEqual(row["e"] as String?, "{\"k\":\"值\"}")
                XCTAssertEqual(row["te"] as String?, "text")
            }
        }
    }

    func testAFailingStepThrowsSQLitesErrorAndTheStatementRunsAgain() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (a TEXT NOT NULL, b INTEGER)")
            let insert = try db.makeStatement(sql: "INSERT INTO t VALUES (?, ?)")
            var bad = PackedRow()
            bad.appendNull()
            bad.append(Int64(1))
            XCTAssertThrowsError(try bad.execute(insert)) { error in
                let database = error as? DatabaseError
                XCTAssertEqual(database?.resultCode, .SQLITE_CONSTRAINT)
                XCTAssertTrue(database?.message?.contains("NOT NULL") ?? false, "\(error)")
            }
            var short = PackedRow()
            short.append("only one")
            XCTAssertThrowsError(try short.execute(insert)) { error in
                XCTAssertEqual((error as? DatabaseError)?.resultCode, .SQLITE_MISUSE, "\(error)")
            }
            var good = PackedRow()
            good.append("x")
            good.append(Int64(2))
            try good.execute(insert)
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT b FROM t WHERE a = 'x'"), 2)
        }
    }
}
