import Foundation
import XCTest
@testable import SSCardKit

/// The errno reasons of reads and writes: Chinese in our own words, English the system's text.
final class SystemReasonTests: XCTestCase {
    static let codes: [Int32] = [EPERM, ENOENT, EIO, EACCES, EEXIST, EXDEV, ENOTDIR, EISDIR, EMFILE, ENFILE, EFBIG, ENOSPC,
                                 EROFS, ENAMETOOLONG, ENOTEMPTY, ELOOP, EDQUOT, EBUSY, ETXTBSY, ENOMEM, EINVAL, 9999]

    func testChineseReasonsHoldNoSystemText() {
        for code in Self.codes {
            for reason in [SystemReason.writing(errno: code), SystemReason.reading(errno: code)] {
                XCTAssertNil(reason.zh.range(of: "[A-Za-z]{2,}", options: .regularExpression), "errno \(code): \(reason.zh)")
                XCTAssertEqual(reason.en, String(cString: strerror(code)), "errno \(code)")
            }
        }
        XCTAssertEqual(SystemReason.writing(errno: ENOSPC).zh, "磁盘已满")
        XCTAssertEqual(SystemReason.writing(errno: EACCES).zh, "没有写入权限")
        XCTAssertEqual(SystemReason.writing(errno: EROFS).zh, "只读文件系统")
        XCTAssertEqual(SystemReason.writing(errno: ENOENT).zh, "文件夹不存在")
        XCTAssertEqual(SystemReason.reading(errno: EACCES).zh, "没有读取权限")
    }

    func testLibraryReasonsKeepTheDetailInEnglishOnly() {
        let library = SystemReason.library("xlsxwriter: error creating output file")
        XCTAssertEqual(library.en, "xlsxwriter: error creating output file")
        XCTAssertTrue(library.zh.contains("请检查磁盘空间和文件夹权限"), library.zh)
    }
}
