import XLSXWriter

/// The 填写说明 sheet: the rules clerks get wrong (from the platform guide), then every column.
struct TemplateGuide {
    let template: RosterTemplate

    var profile: Profile { template.profile }

    /// The photo cap as people say it: `1 MB`, `20 KB`.
    static func size(_ bytes: Int) -> String {
        if bytes % 1_048_576 == 0 { return "\(bytes / 1_048_576) MB" }
        if bytes % 1024 == 0 { return "\(bytes / 1024) KB" }
        if bytes % 1000 == 0 { return "\(bytes / 1000) KB" }
        return "\(bytes) B"
    }

    /// The seed's example of the validity window, moved by the profile's months.
    var windowExample: (entered: CivilDate, limit: CivilDate) {
        let entered = CivilDate(year: 2017, month: 6, day: 27)!
        return (entered, entered.adding(months: profile.expiryWindowMonths))
    }

    /// (topic, explanation) pairs, in the sheet's language.
    var rules: [(String, String)] {
        let months = profile.expiryWindowMonths
        let (entered, limit) = windowExample
        let cap = Self.size(profile.photoMaxBytes)
        let size = "\(profile.photoWidth)×\(profile.photoHeight)"
        if template.language == .zh {
            return [
                ("用途", "本工作簿用于批量采集社会保障卡数据。请在「花名册」工作表中每行填写一人，不要改动表头、不要插入标题行或合并单元格；填好后用 sscard validate 检查。带 * 的列为必填（橙色表头）；把鼠标停在表头上可看到填写说明和示例。"),
                ("证件类型", "中国国籍请选择「居民身份证(户口簿)」并填写身份证号码，国籍为「中国」；外籍人员选择「护照」或「外国人永久居留身份证」并选择国籍；港澳台居民选择「港澳台居民居住证」。"),
                ("证件号码", "证件号码、手机号码、邮政编码、社保号码等列已设为文本格式，请直接输入数字。不要把这些列改为「常规」或「数值」格式：Excel 只保留 15 位有效数字，18 位身份证号码的后几位会永久丢失（显示为 5.10107E+17）。"),
                ("证件有效期", "按身份证背面的「有效期限」分别填写起始日期和截止日期（如 2015-07-17 和 2035-07-17；长期证件截止日期填「长期」）。证件有效期在 \(months) 个月以内过期的，请先换领新证件再提交。例如：\(entered.year)年\(entered.month)月\(entered.day)日录入，则证件有效期必须在\(limit.year)年\(limit.month)月\(limit.day)日之后。"),
                ("现今工作单位", "必须填写且必须正确：它在登记表上对应「部门」，决定开户银行；不填将无法产生开户银行，即无法制卡；填错可能导致制成的社保卡无法发放到本人手中。"),
                ("照片", "已有照片填「是」的无需另交照片。需交照片的：白底、深色衣服、五官清晰的近期免冠证件照，\(size) 像素（宽×高），分辨率 \(profile.photoDPI) DPI，文件大小不超过 \(cap)，JPEG 格式。不合要求的照片可用 sscard photos fix 修正。"),
                ("照片文件名", "每张照片以证件号码命名：证件号码.jpg（如 11010519491231002X.jpg），全部放在一个文件夹或 zip 压缩包中。"),
                ("身份证图片文件名", "人像面（有照片、姓名、号码的一面）：证件号码_人像面.jpg（也可写 _正面、_front、_1）；国徽面（有签发机关、有效期限的一面）：证件号码_国徽面.jpg（也可写 _反面、_背面、_back、_2）。"),
                ("未成年人", "未满 \(profile.guardianAge) 周岁的申请人须填写监护人（或代办人）的姓名、证件类型、证件号码和手机号码。"),
                ("检查与导入", "sscard validate 花名册.xlsx --format xlsx -o 检查结果.xlsx 生成带标注的检查结果：红色单元格为错误，黄色为警告，批注中写明原因和改法。改正后用 sscard import 导入。"),
            ]
        }
        return [
            ("Purpose", "This workbook collects social security card data in bulk. Fill in one person per row of the 花名册 sheet; do not change the header row, insert title rows or merge cells; check the result with sscard validate. Columns marked * are required (orange headers); rest the pointer on a header to see what to enter and an example."),
            ("Document type", "Chinese nationals choose 居民身份证(户口簿) (resident ID card / household register), enter the ID number, and 中国 as nationality; foreigners choose 护照 (passport) or 外国人永久居留身份证 and pick their nationality; residents of Hong Kong, Macao and Taiwan choose 港澳台居民居住证."),
            ("ID number", "The ID number, mobile, postal code and social security number columns are text: type the digits as they are. Never turn these columns into General or Number: Excel keeps only 15 significant digits, so the last digits of an 18-digit ID are lost for good (shown as 5.10107E+17)."),
            ("Validity", "Copy the validity period (有效期限) from the back of the ID card into the start and end date columns (e.g. 2015-07-17 and 2035-07-17; 长期 as the end of a long-term card). A document that expires within \(months) months must be renewed before applying. For example, entered on \(entered), the card must be valid after \(limit)."),
            ("Work unit", "Required, and it must be right: it is the 部门 of the registration form and decides the bank. Without it no bank is assigned and no card is made; a wrong one may keep the card from reaching the person."),
            ("Photo", "No photo is needed where 已有照片 is 是. Otherwise: a recent ID photo on a white background, dark clothes, face clearly visible, \(size) pixels (width×height), \(profile.photoDPI) DPI, at most \(cap), JPEG. sscard photos fix repairs photos that miss the spec."),
            ("Photo file names", "Name each photo by the ID number: <ID number>.jpg (e.g. 11010519491231002X.jpg), all in one folder or zip archive."),
            ("ID-card image names", "Portrait side (photo, name, number): <ID number>_人像面.jpg (also _正面, _front, _1); emblem side (issuer, validity): <ID number>_国徽面.jpg (also _反面, _背面, _back, _2)."),
            ("Minors", "Applicants under \(profile.guardianAge) need the guardian's (or agent's) name, document type, document number and mobile number."),
            ("Check and import", "sscard validate roster.xlsx --format xlsx -o checked.xlsx writes an annotated copy: red cells are errors, yellow ones warnings, each with a note saying why and how to fix it. Import the corrected roster with sscard import."),
        ]
    }

    func write(_ sheet: XLSXWorksheetWriter, workbook: XLSXWorkbookWriter) throws(XLSXWriterError) {
        let zh = template.language == .zh
        let title = workbook.format(XLSXStyle(bold: true))
        let topic = workbook.format(XLSXStyle(bold: true, wrap: true, verticalTop: true))
        let body = workbook.format(XLSXStyle(numberFormat: "@", wrap: true, verticalTop: true))
        let required = workbook.format(XLSXStyle(bold: true, fontColor: 0x9C0006, fill: 0xFFD966, wrap: true, verticalTop: true))
        try sheet.setColumns(0, 0, width: 22)
        try sheet.setColumns(1, 1, width: 90)
        try sheet.setColumns(2, 3, width: 24)
        var row = 0
        try sheet.write(zh ? "社会保障卡数据采集花名册填写说明" : "How to fill in the social security card roster", row: row, column: 0, format: title)
        row += 2
        for (name, text) in rules {
            try sheet.write(name, row: row, column: 0, format: topic)
            try sheet.write(text, row: row, column: 1, format: body)
            row += 1
        }
        row += 1
        let headers = zh ? ["列", "填写说明", "是否必填", "示例"] : ["Column", "What to enter", "Required", "Example"]
        for (index, header) in headers.enumerated() { try sheet.write(header, row: row, column: index, format: title) }
        row += 1
        for field in template.columns {
            let guide = FieldGuide.of(field, profile: profile)
            let isRequired = template.isRequired(field)
            try sheet.write(template.header(field), row: row, column: 0, format: isRequired ? required : topic)
            try sheet.write(guide.text(template.language), row: row, column: 1, format: body)
            try sheet.write(isRequired ? (zh ? "必填" : "required") : (zh ? "选填" : "optional"), row: row, column: 2, format: body)
            try sheet.write(guide.example, row: row, column: 3, format: body)
            row += 1
        }
    }
}
