import PDFCanvas

/// The page of 成都市社会保障卡申办登记表 for one person, laid out after the platform's form
/// (seed: the table from 邮寄地址 to the code legends): A4 portrait, measurements in millimetres.
struct FormPage {
    static let pageWidth = mm(210), pageHeight = mm(297)
    static let banks = ["工商银行", "农业银行", "建设银行", "邮政储蓄银行", "成都银行", "成都农村商业银行"]
    static let guardianTypes = ["身份证", "户口簿", "护照", "其他"]

    /// Sizes (pt): labels, values, the small print.
    static let labelSize = 9.0, valueSize = 10.0, minValueSize = 6.0, smallSize = 7.5

    let values: FormValues
    let checkCode: String
    let payload: String
    private(set) var ops: [DrawOp] = []

    /// - Parameters:
    ///   - serial: the 序号 (position in the batch or in the run).
    ///   - reference: the batch id, else the submission id (for the QR code).
    ///   - images: photo and card sides, ready to embed (nil: the paste-here box).
    ///   - code: false for a page only read for its text (no QR code is made or drawn).
    init(record: FormRecord, serial: Int, reference: String, date: CivilDate, legends: FormLegends, images: FormPageImages,
         code: Bool = true) throws(SSCardError) {
        values = FormValues(fields: record.fields)
        checkCode = values.checkCode
        payload = FormValues.qrPayload(reference: reference, idNumber: record.idNumber, checkCode: checkCode)
        var qr: QRCode?
        if code { do { qr = try QRCode(payload) } catch { throw .internal("QR code: \(error)") } }
        layout(serial: serial, date: date, legends: legends, images: images, qr: qr)
    }

    // MARK: drawing helpers (millimetres)

    private mutating func cell(_ x: Double, _ y: Double, _ w: Double, _ h: Double) {
        ops.append(.rect(Rect(x: mm(x), y: mm(y), width: mm(w), height: mm(h)), lineWidth: 0.6))
    }

    /// A printed label or sentence; `prose` wraps at its size before it shrinks.
    private mutating func label(_ text: String, _ x: Double, _ y: Double, _ w: Double, _ h: Double, size: Double = labelSize,
                                align: Alignment = .center, boxed: Bool = true, prose: Bool = false) {
        if boxed { cell(x, y, w, h) }
        ops.append(.text(TextBox(text, in: Rect(x: mm(x), y: mm(y), width: mm(w), height: mm(h)), role: .serif, size: size,
                                 minSize: 5, align: align, padding: 1.5, tag: "label " + text, prose: prose)))
    }

    /// A filled value; `field` is its form label, named when the value had to be cut.
    private mutating func value(_ key: String, _ field: String, _ x: Double, _ y: Double, _ w: Double, _ h: Double,
                                align: Alignment = .left, boxed: Bool = true, text: String? = nil) {
        if boxed { cell(x, y, w, h) }
        let shown = text ?? values[key]
        ops.append(.text(TextBox(shown, in: Rect(x: mm(x), y: mm(y), width: mm(w), height: mm(h)), role: .sans, size: FormPage.valueSize,
                                 minSize: FormPage.minValueSize, align: align, padding: 2.5, tag: field)))
    }

    private mutating func choice(_ text: String, filled: Bool, _ x: Double, _ y: Double, _ w: Double, _ h: Double) {
        ops.append(.circle(center: Point(x: mm(x + 2.2), y: mm(y + h / 2)), radius: mm(1.4), filled: filled, lineWidth: 0.6))
        ops.append(.text(TextBox(text, in: Rect(x: mm(x + 4), y: mm(y), width: mm(w - 4), height: mm(h)), role: .serif,
                                 size: FormPage.labelSize, minSize: 6, padding: 0.5, wrap: false, tag: "label " + text)))
    }

    private mutating func paste(_ text: String, _ frame: Rect, image: JPEGImage?) {
        if let image {
            ops.append(.jpeg(image, frame: frame))
        } else {
            ops.append(.rect(frame, lineWidth: 0.5, dash: true))
            ops.append(.text(TextBox(text, in: frame.inset(mm(3)), role: .serif, size: FormPage.labelSize, minSize: 6, align: .center, tag: "label " + text)))
        }
    }

    // MARK: the layout

    private mutating func layout(serial: Int, date: CivilDate, legends: FormLegends, images: FormPageImages, qr: QRCode?) {
        let left = 12.0, width = 186.0, row = 7.6
        // Title and the line above the table.
        ops.append(.text(TextBox("成都市社会保障卡申办登记表", in: Rect(x: mm(left), y: mm(9), width: mm(width), height: mm(11)), role: .serif,
                                 size: 20, minSize: 14, align: .center, wrap: false, tag: "label title")))
        label("序号：" + String(format4(serial)), left, 20, 60, 6, size: FormPage.labelSize, align: .left, boxed: false)
        label("日期：\(date.year)年\(pad2(date.month))月\(pad2(date.day))日", left + width - 60, 20, 60, 6, size: FormPage.labelSize,
              align: .right, boxed: false)

        // The applicant, with the photo on the right.
        var y = 26.0
        label("姓名", left, y, 16, row); value("name", "姓名", left + 16, y, 38, row)
        label("性别", left + 54, y, 14, row); value("gender", "性别", left + 68, y, 18, row, align: .center)
        label("民族", left + 86, y, 14, row); value("ethnicity", "民族", left + 100, y, 54, row)
        y += row
        label("国籍", left, y, 16, row); value("nationality", "国籍", left + 16, y, 38, row)
        label("出生日期", left + 54, y, 18, row); value("birth_date", "出生日期", left + 72, y, 28, row, align: .center)
        label("证件类型", left + 100, y, 18, row); value("id_type", "证件类型", left + 118, y, 36, row)
        y += row
        label("证件号码", left, y, 16, row); value("id_number", "证件号码", left + 16, y, 60, row)
        label("手机号码", left + 76, y, 18, row); value("phone", "手机号码", left + 94, y, 60, row)
        y += row
        label("社保编码", left, y, 16, row); value("si_number", "社保编码", left + 16, y, 60, row)
        label("参保单位编号", left + 76, y, 24, row); value("employer_code", "参保单位编号", left + 100, y, 54, row)
        y += row
        label("参保单位名称", left, y, 24, row); value("employer_name", "参保单位名称", left + 24, y, 130, row)
        y += row
        // The photo box: the photo at its true size, 358×441 px at 350 DPI = 25.98 × 32 mm.
        cell(left + 154, 26, 32, y - 26)
        let photoFrame = Rect(x: mm(left + 154 + (32 - 25.98) / 2), y: mm(26 + (y - 26 - 32) / 2), width: mm(25.98), height: mm(32))
        paste("请在此处粘贴照片", photoFrame, image: images.photo)

        let department = [values["unit"], values["unit2"], values["unit3"]].filter { !$0.isEmpty }.joined(separator: " / ")
        label("部门", left, y, 16, row); value("unit", "部门", left + 16, y, 170, row, text: department)
        y += row
        let occupation = [values["occupation_code"], values["occupation"]].filter { !$0.isEmpty }.joined(separator: " ")
        let education = [values["education_code"], values["education"]].filter { !$0.isEmpty }.joined(separator: " ")
        label("职业", left, y, 16, row); value("occupation", "职业", left + 16, y, 77, row, text: occupation)
        label("学历", left + 93, y, 16, row); value("education", "学历", left + 109, y, 77, row, text: education)
        y += row
        label("邮寄地址", left, y, 16, row); value("mailing_address", "邮寄地址", left + 16, y, 170, row)
        y += row
        label("开户银行", left, y, 16, row)
        cell(left + 16, y, 170, row)
        var x = left + 18
        for (bank, slot) in zip(FormPage.banks, [24.0, 24, 24, 30, 24, 42]) {
            choice(bank, filled: values["bank"] == bank, x, y, slot, row)
            x += slot
        }
        y += row
        let (branch, office) = FormPage.splitBranch(values["bank_branch"])
        label("银行网点", left, y, 16, row)
        value("bank_branch", "银行网点", left + 16, y, 62, row, align: .right, text: branch)
        label("支行", left + 78, y, 14, row)
        value("bank_branch", "银行网点", left + 92, y, 62, row, align: .right, text: office)
        label("分理处(储蓄所)", left + 154, y, 32, row)
        y += row

        // The contribution consent: the applicant blackens the circle by hand.
        cell(left, y, width, 10)
        ops.append(.circle(center: Point(x: mm(left + 4), y: mm(y + 5)), radius: mm(1.6), filled: false, lineWidth: 0.6))
        label("在银行激活社保卡金融账号后，使用该账户缴纳城镇职工个体养老、医疗保险及城乡居民养老、医疗保险费用（同意请涂黑）",
              left + 7, y, width - 8, 10, size: FormPage.labelSize, align: .left, boxed: false, prose: true)
        y += 10

        // Students.
        label("大学生/\n学生儿童", left, y, 22, 2 * row)
        label("院系", left + 22, y, 14, row); value("student_department", "院系", left + 36, y, 61, row)
        label("专业", left + 97, y, 14, row); value("student_major", "专业", left + 111, y, 75, row)
        label("年级", left + 22, y + row, 14, row); value("student_grade", "年级", left + 36, y + row, 61, row)
        label("班级", left + 97, y + row, 14, row); value("student_class", "班级", left + 111, y + row, 75, row)
        y += 2 * row

        // Guardian or agent.
        label("监护人/\n代办人", left, y, 22, 3 * row)
        label("证件类型", left + 22, y, 16, row)
        cell(left + 38, y, 148, row)
        let chosen = FormPage.guardianType(values["guardian_id_type"])
        x = left + 40
        for type in FormPage.guardianTypes {
            choice(type, filled: chosen == type, x, y, 22, row)
            x += 24
        }
        y += row
        label("姓名", left + 22, y, 16, row); value("guardian_name", "监护人姓名", left + 38, y, 38, row)
        label("手机号码", left + 76, y, 18, row); value("guardian_phone", "监护人手机号码", left + 94, y, 40, row)
        label("个人识别码", left + 134, y, 20, row); value("", "个人识别码", left + 154, y, 32, row, text: "")
        y += row
        label("证件号码", left + 22, y, 16, row); value("guardian_id_number", "监护人证件号码", left + 38, y, 72, row)
        label("与申请人关系", left + 110, y, 24, row); value("guardian_relation", "与申请人关系", left + 134, y, 52, row)
        y += row

        // The ID-card copy: both sides at the card's true size (ID-1, 85.6 × 54 mm).
        cell(left, y, width, 64)
        label("居民身份证复印件（人像面 / 国徽面）", left, y + 0.5, width, 5, size: FormPage.smallSize, boxed: false)
        let cardY = y + 6.5, gap = (width - 2 * 85.6) / 3
        paste("请在此处粘贴身份证人像面复印件", Rect(x: mm(left + gap), y: mm(cardY), width: mm(85.6), height: mm(54)), image: images.portrait)
        paste("请在此处粘贴身份证国徽面复印件", Rect(x: mm(left + 2 * gap + 85.6), y: mm(cardY), width: mm(85.6), height: mm(54)), image: images.emblem)
        y += 64
        label("住址", left, y, 16, row); value("hukou_address", "住址", left + 16, y, 90, row)
        label("签发机关", left + 106, y, 18, row); value("id_issuer", "签发机关", left + 124, y, 62, row)
        y += row
        label("公民身份号码", left, y, 24, row); value("id_number", "公民身份号码", left + 24, y, 82, row)
        label("有效期限", left + 106, y, 18, row); value("id_validity", "有效期限", left + 124, y, 62, row)
        y += row

        // The declarations, the signatures and the dates.
        let half = width / 2, box = 31.0
        cell(left, y, half, box); cell(left + half, y, half, box)
        label("本人在银行激活社保卡金融账户后，该账户作为社会保险待遇的唯一账户。", left + 1, y + 1, half - 2, 9, align: .left, boxed: false,
              prose: true)
        label("本采集表内容已经本人核对，真实、准确，由本人负责。", left + 1, y + 10, half - 2, 6, align: .left, boxed: false)
        label("申请人（监护人/代办人）签名：", left + 1, y + 17, half - 2, 6, align: .left, boxed: false)
        ops.append(.line(from: Point(x: mm(left + 50), y: mm(y + 22.5)), to: Point(x: mm(left + half - 4), y: mm(y + 22.5)), width: 0.5))
        label("年　　月　　日", left + 1, y + 24, half - 6, 6, align: .right, boxed: false)
        label("经审核，以上资料真实、准确、有效。", left + half + 1, y + 1, half - 2, 7, align: .left, boxed: false)
        label("审核人（签字或签章）：", left + half + 1, y + 9, half - 2, 6, align: .left, boxed: false)
        label("审核单位（盖章）：", left + half + 1, y + 16, half - 2, 6, align: .left, boxed: false)
        label("年　　月　　日", left + half + 1, y + 24, half - 6, 6, align: .right, boxed: false)
        y += box

        // The code legends of the profile's schemes, and the QR code for matching paper to store.
        let qrSide = 27.0
        label("职业代码：" + legends.occupation, left, y + 1, width - qrSide - 2, 10, size: FormPage.smallSize, align: .left, boxed: false,
              prose: true)
        label("学历代码：" + legends.education, left, y + 11, width - qrSide - 2, 10, size: FormPage.smallSize, align: .left, boxed: false,
              prose: true)
        // The platform's own warning (seed: 请勿涂改、折叠、裁剪登记表。请勿粘贴登记表或使用订书机。).
        label("*请勿涂改、折叠、裁剪登记表。请勿粘贴登记表或使用订书机。", left, y + 21, width - qrSide - 2, 5, size: 6.5, align: .left,
              boxed: false)
        if let qr { ops.append(.qr(qr, frame: Rect(x: mm(left + width - qrSide), y: mm(y), width: mm(qrSide), height: mm(qrSide)))) }
        ops.append(.text(TextBox("校验码 " + checkCode, in: Rect(x: mm(left + width - qrSide), y: mm(y + qrSide - 2.5), width: mm(qrSide),
                                 height: mm(4)), role: .sans, size: 6.5, minSize: 5, align: .center, padding: 0, wrap: false, tag: "校验码")))
    }

    /// 银行网点 split into the 支行 and 分理处(储蓄所) boxes: "金牛支行营业部" → ("金牛", "营业部"); a value
    /// without 支行 goes into the first box whole.
    static func splitBranch(_ text: String) -> (String, String) {
        guard let range = text.range(of: "支行") else { return (text, "") }
        var office = String(text[range.upperBound...])
        for suffix in ["分理处", "储蓄所"] where office.hasSuffix(suffix) { office = String(office.dropLast(suffix.count)) }
        return (String(text[..<range.lowerBound]), office)
    }

    /// Which of ○ 身份证 ○ 户口簿 ○ 护照 ○ 其他 the guardian's document is (nil: no guardian).
    static func guardianType(_ text: String) -> String? {
        if text.isEmpty { return nil }
        if text.contains("身份证") { return "身份证" }
        if text.contains("户口") { return "户口簿" }
        if text.contains("护照") { return "护照" }
        return "其他"
    }

    /// The text each face prints on this page (for the document's font subsets).
    var characters: [FontRole: Set<UInt32>] {
        var result: [FontRole: Set<UInt32>] = [:]
        for op in ops {
            if case .text(let box) = op { result[box.role, default: []].formUnion(box.text.unicodeScalars.map(\.value)) }
        }
        return result
    }
}

private func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
private func format4(_ n: Int) -> String { let text = "\(n)"; return String(repeating: "0", count: max(0, 4 - text.count)) + text }

/// The code legends printed at the foot of the form, from the profile's code tables.
public struct FormLegends: Sendable {
    public var occupation: String
    public var education: String

    public init(occupations: [CodeTable.Entry], education: [CodeTable.Entry]) {
        func legend(_ entries: [CodeTable.Entry]) -> String {
            // Long two-level schemes (GB/T 4658) print their major groups only.
            let shown = entries.count > 12 ? entries.filter { $0.code.hasSuffix("0") } : entries
            return shown.map { "\($0.code).\($0.name)" }.joined(separator: "；")
        }
        occupation = legend(occupations)
        self.education = legend(education)
    }
}

/// The images of one page, ready to embed (nil: the paste-here box is printed instead).
struct FormPageImages {
    var photo: JPEGImage?
    var portrait: JPEGImage?
    var emblem: JPEGImage?
}
