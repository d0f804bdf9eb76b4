internal import CXlsxWriter
import Foundation

/// Layout and annotations of a worksheet: frozen panes, filters, comments, visibility.
extension XLSXWorksheetWriter {
    /// Writes an empty cell that carries a format (a text cell waiting for typing).
    public func writeBlank(row: Int, column: Int, format: XLSXFormat) throws(XLSXWriterError) {
        try check(worksheet_write_blank(pointer, lxw_row_t(row), lxw_col_t(column), format.pointer))
    }

    /// A cell note (comment) shown when the pointer rests on the cell.
    public func comment(row: Int, column: Int, _ text: String, author: String? = nil,
                        width: Int? = nil, height: Int? = nil) throws(XLSXWriterError) {
        var options = lxw_comment_options()
        if let width { options.width = UInt16(clamping: width) }
        if let height { options.height = UInt16(clamping: height) }
        let status: lxw_error = if let author {
            author.withCString { name in
                options.author = UnsafeMutablePointer(mutating: name)
                return worksheet_write_comment_opt(pointer, lxw_row_t(row), lxw_col_t(column), text, &options)
            }
        } else {
            worksheet_write_comment_opt(pointer, lxw_row_t(row), lxw_col_t(column), text, &options)
        }
        try check(status)
    }

    /// Keeps the rows above `row` and the columns left of `column` in view.
    public func freeze(rows: Int, columns: Int = 0) {
        worksheet_freeze_panes(pointer, lxw_row_t(rows), lxw_col_t(columns))
    }

    /// An autofilter over the given range (0-based, inclusive).
    public func autofilter(rows firstRow: Int, _ lastRow: Int, columns firstColumn: Int, _ lastColumn: Int) throws(XLSXWriterError) {
        try check(worksheet_autofilter(pointer, lxw_row_t(firstRow), lxw_col_t(firstColumn), lxw_row_t(lastRow), lxw_col_t(lastColumn)))
    }

    /// Row height (points) and default format.
    public func setRow(_ row: Int, height: Double, format: XLSXFormat? = nil) throws(XLSXWriterError) {
        try check(worksheet_set_row(pointer, lxw_row_t(row), height, format?.pointer))
    }

    /// Hides the sheet's tab (a code sheet the drop-downs read from).
    public func hide() { worksheet_hide(pointer) }

    /// Makes this the sheet shown when the workbook opens.
    public func activate() { worksheet_activate(pointer) }

    /// Whether the sheet exists (libxlsxwriter refuses names over 31 characters, duplicates, `[]:*?/\`).
    public var isValid: Bool { pointer != nil }
}
