internal import CXlsxWriter

/// What a cell looks like: number format, font and fill. Colours are RGB (`0xFFC7CE`).
public struct XLSXStyle: Sendable, Equatable {
    public var numberFormat: String?
    public var bold = false
    public var fontColor: UInt32?
    public var fill: UInt32?
    public var wrap = false
    public var verticalTop = false

    public init(numberFormat: String? = nil, bold: Bool = false, fontColor: UInt32? = nil, fill: UInt32? = nil,
                wrap: Bool = false, verticalTop: Bool = false) {
        self.numberFormat = numberFormat
        self.bold = bold
        self.fontColor = fontColor
        self.fill = fill
        self.wrap = wrap
        self.verticalTop = verticalTop
    }

    /// Text (`@`): Excel and WPS keep every digit of what is typed.
    public static let text = XLSXStyle(numberFormat: "@")
}

extension XLSXWorkbookWriter {
    /// A format for `style`; create each once and reuse it (the workbook keeps them all).
    public func format(_ style: XLSXStyle) -> XLSXFormat {
        let format = workbook_add_format(workbook)
        if let numberFormat = style.numberFormat { format_set_num_format(format, numberFormat) }
        if style.bold { format_set_bold(format) }
        if let color = style.fontColor { format_set_font_color(format, lxw_color_t(color)) }
        if let fill = style.fill {
            format_set_pattern(format, UInt8(LXW_PATTERN_SOLID.rawValue))
            format_set_bg_color(format, lxw_color_t(fill))
        }
        if style.wrap { format_set_text_wrap(format) }
        if style.verticalTop { format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue)) }
        return XLSXFormat(pointer: format)
    }

    /// A workbook-level name (`代码表!$A$1:$A$9`), usable in validations and formulas.
    public func defineName(_ name: String, formula: String) throws(XLSXWriterError) {
        let status = workbook_define_name(workbook, name, formula)
        guard status == LXW_NO_ERROR else { throw .write("name \(name): " + String(cString: lxw_strerror(status))) }
    }
}
