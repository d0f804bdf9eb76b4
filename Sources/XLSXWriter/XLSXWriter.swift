internal import CXlsxWriter
#if canImport(Glibc)
internal import Glibc
#endif

/// Why a workbook could not be written.
public enum XLSXWriterError: Error, Equatable, Sendable {
    case cannotCreate(path: String)
    case write(String)
}

/// A cell style, created by the workbook that uses it.
public struct XLSXFormat {
    let pointer: UnsafeMutablePointer<lxw_format>?
}

/// A workbook being written with libxlsxwriter. In constant-memory mode rows must be written
/// in order; memory stays flat whatever the row count. Confine one instance to one task.
public final class XLSXWorkbookWriter {
    var workbook: UnsafeMutablePointer<lxw_workbook>?
    public let path: String

    public init(path: String, constantMemory: Bool = true, temporaryDirectory: String? = nil) throws(XLSXWriterError) {
        var options = lxw_workbook_options()
        options.constant_memory = constantMemory ? 1 : 0
        let created: UnsafeMutablePointer<lxw_workbook>? = if let temporaryDirectory {
            temporaryDirectory.withCString { directory in
                options.tmpdir = UnsafeMutablePointer(mutating: directory)
                return workbook_new_opt(path, &options)
            }
        } else {
            workbook_new_opt(path, &options)
        }
        guard let created else { throw .cannotCreate(path: path) }
        workbook = created
        self.path = path
    }

    deinit { if let workbook { workbook_close(workbook) } }

    /// Whether `name` is one of libxlsxwriter's temporary files (its `tmpfileplus`: `tmp.` and
    /// ten ASCII letters or digits, in `temporaryDirectory`). Each is removed as soon as it is
    /// opened, but a process killed in that instant leaves it behind, with the sheet's data.
    public static func isTemporaryFileName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard bytes.count == 14, name.hasPrefix("tmp.") else { return false }
        return bytes[4...].allSatisfy { $0 &- 48 < 10 || ($0 | 0x20) &- 97 < 26 }
    }

    /// A format showing its cells as text (`@`): IDs and phones keep every digit.
    public func textFormat() -> XLSXFormat { format(numberFormat: "@") }

    /// A format with a custom number format code (`yyyy-mm-dd`, `0.00`, …).
    public func format(numberFormat: String, bold: Bool = false) -> XLSXFormat {
        let format = workbook_add_format(workbook)
        format_set_num_format(format, numberFormat)
        if bold { format_set_bold(format) }
        return XLSXFormat(pointer: format)
    }

    /// Document properties. `created` (seconds since 1970, UTC) is what docProps/core.xml
    /// states; setting it makes the same cells give the same bytes (libxlsxwriter takes the
    /// clock otherwise). Call before `close()`.
    public func setProperties(title: String? = nil, author: String? = nil, company: String? = nil, created: Int) throws(XLSXWriterError) {
        let strings = [title, author, company].map { text in text.map { strdup($0) } ?? nil }
        defer { for pointer in strings { free(pointer) } }
        var properties = lxw_doc_properties()
        properties.title = strings[0]
        properties.author = strings[1]
        properties.company = strings[2]
        properties.created = time_t(created)
        // libxlsxwriter copies the strings.
        let status = workbook_set_properties(workbook, &properties)
        guard status == LXW_NO_ERROR else { throw .write(String(cString: lxw_strerror(status))) }
    }

    /// A bold format for headers.
    public func boldFormat() -> XLSXFormat {
        let format = workbook_add_format(workbook)
        format_set_bold(format)
        return XLSXFormat(pointer: format)
    }

    /// A bold text (`@`) format, for header cells of text columns.
    public func boldTextFormat() -> XLSXFormat { format(numberFormat: "@", bold: true) }

    public func addWorksheet(name: String) -> XLSXWorksheetWriter {
        XLSXWorksheetWriter(pointer: workbook_add_worksheet(workbook, name), owner: self)
    }

    /// Finishes the file; nothing is on disk until this returns.
    public func close() throws(XLSXWriterError) {
        guard let workbook else { return }
        self.workbook = nil
        let status = workbook_close(workbook)
        guard status == LXW_NO_ERROR else { throw .write(String(cString: lxw_strerror(status))) }
    }
}

/// One worksheet of a workbook being written.
public final class XLSXWorksheetWriter {
    let pointer: UnsafeMutablePointer<lxw_worksheet>?
    private let owner: XLSXWorkbookWriter

    fileprivate init(pointer: UnsafeMutablePointer<lxw_worksheet>?, owner: XLSXWorkbookWriter) {
        self.pointer = pointer
        self.owner = owner
    }

    public func write(_ text: String, row: Int, column: Int, format: XLSXFormat? = nil) throws(XLSXWriterError) {
        try check(worksheet_write_string(pointer, lxw_row_t(row), lxw_col_t(column), text, format?.pointer))
    }

    public func write(_ number: Double, row: Int, column: Int, format: XLSXFormat? = nil) throws(XLSXWriterError) {
        try check(worksheet_write_number(pointer, lxw_row_t(row), lxw_col_t(column), number, format?.pointer))
    }

    public func write(_ flag: Bool, row: Int, column: Int) throws(XLSXWriterError) {
        try check(worksheet_write_boolean(pointer, lxw_row_t(row), lxw_col_t(column), flag ? 1 : 0, nil))
    }

    /// Column width and default format (a text format makes later typing stay text).
    public func setColumns(_ first: Int, _ last: Int, width: Double, format: XLSXFormat? = nil) throws(XLSXWriterError) {
        try check(worksheet_set_column(pointer, lxw_col_t(first), lxw_col_t(last), width, format?.pointer))
    }

    /// Keeps the rows above `row` and the columns left of `column` in view while scrolling.
    public func freezePanes(row: Int, column: Int) {
        worksheet_freeze_panes(pointer, lxw_row_t(row), lxw_col_t(column))
    }

    /// Filter buttons on the header row over the given range.
    public func autofilter(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) throws(XLSXWriterError) {
        try check(worksheet_autofilter(pointer, lxw_row_t(firstRow), lxw_col_t(firstColumn), lxw_row_t(lastRow), lxw_col_t(lastColumn)))
    }

    func check(_ status: lxw_error) throws(XLSXWriterError) {
        guard status == LXW_NO_ERROR else { throw .write(String(cString: lxw_strerror(status))) }
    }
}

extension XLSXWriterError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .cannotCreate(let path): "cannot create \(path)"
        case .write(let reason): reason
        }
    }
}
