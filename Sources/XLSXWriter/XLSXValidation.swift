internal import CXlsxWriter
import Foundation

/// A data-validation rule for a range of cells: a drop-down, a date range or a formula,
/// with the input message shown on selection and the alert shown on a wrong entry.
public struct XLSXValidation: Sendable {
    public enum Kind: Sendable {
        /// A short inline list (Excel caps it at 255 characters including commas).
        case list([String])
        /// A list taken from a range or formula: `=代码表!$A$2:$A$250`.
        case listFormula(String)
        /// A date between two days (year, month, day).
        case dateBetween(from: (Int, Int, Int), to: (Int, Int, Int))
        /// A formula that must be true for the top-left cell, relative references moving with the cell.
        case custom(String)
    }

    /// What Excel does on a wrong entry: refuse it, ask, or only inform.
    public enum Alert: Sendable { case stop, warning, information }

    public var kind: Kind
    public var inputTitle: String?
    public var inputMessage: String?
    public var errorTitle: String?
    public var errorMessage: String?
    public var alert: Alert = .stop
    public var ignoreBlank = true

    public init(_ kind: Kind, inputTitle: String? = nil, inputMessage: String? = nil, errorTitle: String? = nil,
                errorMessage: String? = nil, alert: Alert = .stop) {
        self.kind = kind
        self.inputTitle = inputTitle
        self.inputMessage = inputMessage
        self.errorTitle = errorTitle
        self.errorMessage = errorMessage
        self.alert = alert
    }
}

extension XLSXWorksheetWriter {
    /// Applies `validation` to rows `firstRow...lastRow` of columns `firstColumn...lastColumn` (0-based).
    /// Titles are cut to Excel's 32 characters and messages to 255.
    public func validate(rows firstRow: Int, _ lastRow: Int, columns firstColumn: Int, _ lastColumn: Int,
                         _ validation: XLSXValidation) throws(XLSXWriterError) {
        var strings: [UnsafeMutablePointer<CChar>] = []
        defer { strings.forEach { free($0) } }
        func c(_ text: String?, limit: Int) -> UnsafeMutablePointer<CChar>? {
            guard let text else { return nil }
            guard let copy = strdup(String(text.prefix(limit))) else { return nil }
            strings.append(copy)
            return copy
        }
        var rule = lxw_data_validation()
        rule.input_title = c(validation.inputTitle, limit: 32)
        rule.input_message = c(validation.inputMessage, limit: 255)
        rule.error_title = c(validation.errorTitle, limit: 32)
        rule.error_message = c(validation.errorMessage, limit: 255)
        rule.ignore_blank = UInt8(validation.ignoreBlank ? LXW_VALIDATION_ON.rawValue : LXW_VALIDATION_OFF.rawValue)
        rule.error_type = switch validation.alert {
        case .stop: UInt8(LXW_VALIDATION_ERROR_TYPE_STOP.rawValue)
        case .warning: UInt8(LXW_VALIDATION_ERROR_TYPE_WARNING.rawValue)
        case .information: UInt8(LXW_VALIDATION_ERROR_TYPE_INFORMATION.rawValue)
        }
        var list: [UnsafeMutablePointer<CChar>?] = []
        switch validation.kind {
        case .list(let items):
            rule.validate = UInt8(LXW_VALIDATION_TYPE_LIST.rawValue)
            list = items.map { c($0, limit: 255) } + [nil]
        case .listFormula(let formula):
            rule.validate = UInt8(LXW_VALIDATION_TYPE_LIST_FORMULA.rawValue)
            rule.value_formula = c(formula, limit: 8192)
        case .dateBetween(let from, let to):
            rule.validate = UInt8(LXW_VALIDATION_TYPE_DATE.rawValue)
            rule.criteria = UInt8(LXW_VALIDATION_CRITERIA_BETWEEN.rawValue)
            rule.minimum_datetime = lxw_datetime(year: Int32(from.0), month: Int32(from.1), day: Int32(from.2), hour: 0, min: 0, sec: 0)
            rule.maximum_datetime = lxw_datetime(year: Int32(to.0), month: Int32(to.1), day: Int32(to.2), hour: 0, min: 0, sec: 0)
        case .custom(let formula):
            rule.validate = UInt8(LXW_VALIDATION_TYPE_CUSTOM_FORMULA.rawValue)
            rule.value_formula = c(formula, limit: 8192)
        }
        let status: lxw_error = list.withUnsafeMutableBufferPointer { buffer in
            if !buffer.isEmpty { rule.value_list = buffer.baseAddress }
            return worksheet_data_validation_range(pointer, lxw_row_t(firstRow), lxw_col_t(firstColumn),
                                                   lxw_row_t(lastRow), lxw_col_t(lastColumn), &rule)
        }
        try check(status)
    }
}
