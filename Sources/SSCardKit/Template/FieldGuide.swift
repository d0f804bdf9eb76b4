/// What a clerk enters in each roster column, with an example: the template's header notes and
/// the column table of its 填写说明 sheet.
struct FieldGuide {
    let zh: String
    let en: String
    /// A made-up example ("" when an example would mislead).
    let example: String

    func text(_ language: Language) -> String { language == .zh ? zh : en }

    static func of(_ field: Field, profile: Profile) -> FieldGuide {
        switch field {
        case .name: FieldGuide(zh: "与证件上完全一致；少数民族或外籍姓名中的间隔号用「·」", en: "exactly as on the document; use the middle dot · in minority and foreign names", example: "张伟")
        case .idType: FieldGuide(zh: "从下拉列表选择；中国国籍请选择「居民身份证(户口簿)」", en: "pick from the list; Chinese nationals use 居民身份证(户口簿)", example: "居民身份证(户口簿)")
        case .idNumber: FieldGuide(zh: "18 位身份证号码，末位可为 X；本列为文本格式，请勿改成数字格式（Excel 只保留 15 位，后几位永久丢失）", en: "the 18-character ID number, possibly ending in X; this column is text: never make it a number column (Excel keeps only 15 digits)", example: "11010519491231002X")
        case .nationality: FieldGuide(zh: "从下拉列表选择；居民身份证持有人为「中国」", en: "pick from the list; resident ID holders are 中国 (China)", example: "中国")
        case .siNumber: FieldGuide(zh: "居民身份证可不填（默认同证件号码）；其他证件必填", en: "may stay empty for resident IDs (it defaults to the ID number); required for other documents", example: "")
        case .gender: FieldGuide(zh: "男 或 女；可不填，填写时须与身份证号码一致", en: "男 (male) or 女 (female); optional, but it must agree with the ID number", example: "男")
        case .birthDate: FieldGuide(zh: "日期，写成 1988-04-12 或 1988/4/12；可不填，填写时须与身份证号码一致", en: "a date, typed 1988-04-12 or 1988/4/12; optional, but it must agree with the ID number", example: "1988-04-12")
        case .ethnicity: FieldGuide(zh: "从下拉列表选择；可不填", en: "pick from the list; optional", example: "汉族")
        case .phone: FieldGuide(zh: "11 位大陆手机号码，以 13–19 开头", en: "an 11-digit mainland mobile number starting 13–19", example: "13800138000")
        case .employerCode: FieldGuide(zh: "参保单位编号（文本，保留前导 0）", en: "the employer's social-insurance code (text, leading zeros kept)", example: "325520")
        case .employerName: FieldGuide(zh: "参保单位全称", en: "the employer's full name", example: "成都示例科技有限公司")
        case .unit: FieldGuide(zh: "必填：现今工作单位决定开户银行，填错或不填将无法制卡或卡无法发放到本人手中", en: "required: the work unit decides the bank; without it, or with a wrong one, no card is made or it cannot be handed out", example: "研发中心")
        case .unit2: FieldGuide(zh: "现今工作单位下的二级单位（可不填）", en: "the second-level unit inside the work unit (optional)", example: "")
        case .unit3: FieldGuide(zh: "二级单位下的三级单位（可不填）", en: "the third-level unit inside the second-level unit (optional)", example: "")
        case .idIssuer: FieldGuide(zh: "身份证背面的「签发机关」", en: "the issuing authority (签发机关) on the back of the ID card", example: "成都市公安局武侯区分局")
        case .idValidity: FieldGuide(zh: "按证件背面写成 2015.07.17-2035.07.17 或 2015.07.17-长期", en: "as on the back of the card: 2015.07.17-2035.07.17 or 2015.07.17-长期", example: "2015.07.17-2035.07.17")
        case .idValidFrom: FieldGuide(zh: "证件背面「有效期限」的起始日期，写成 2015-07-17 或 2015/7/17", en: "the first day of the validity period on the back of the card, typed 2015-07-17 or 2015/7/17", example: "2015-07-17")
        case .idValidTo: FieldGuide(zh: "有效期限的截止日期，写成 2035-07-17；长期证件写「长期」。证件须在 \(profile.expiryWindowMonths) 个月后仍有效", en: "the last day of the validity period, typed 2035-07-17; 长期 for a long-term card. The card must still be valid \(profile.expiryWindowMonths) months from now", example: "2035-07-17")
        case .hukouAddress: FieldGuide(zh: "户口所在地详细地址", en: "the full household-registration (hukou) address", example: "四川省成都市武侯区科华北路65号")
        case .residenceAddress: FieldGuide(zh: "现在常住的详细地址", en: "the full address where the person lives now", example: "四川省成都市武侯区科华北路65号")
        case .postalCode: FieldGuide(zh: "6 位邮政编码（文本）", en: "the 6-digit postal code (text)", example: "610041")
        case .mailingAddress: FieldGuide(zh: "可不填（默认同常住地址）", en: "optional (defaults to the residence address)", example: "")
        case .occupation: FieldGuide(zh: profile.requireOccupation ? "从下拉列表选择" : "从下拉列表选择；可不填", en: profile.requireOccupation ? "pick from the list" : "pick from the list; optional", example: "专业技术人员")
        case .education: FieldGuide(zh: profile.requireEducation ? "从下拉列表选择" : "从下拉列表选择；可不填", en: profile.requireEducation ? "pick from the list" : "pick from the list; optional", example: "大学本科")
        case .bank: FieldGuide(zh: "六家发卡银行之一，从下拉列表选择", en: "one of the six card banks, from the list", example: "建设银行")
        case .bankBranch: FieldGuide(zh: "开户银行的网点（支行）", en: "the bank's branch", example: "科华路支行")
        case .photoOnFile: FieldGuide(zh: "采集平台已有本人证件照填「是」，否则填「否」并另交照片", en: "是 when the platform already holds the person's photo, else 否 and hand in a photo", example: "否")
        case .guardianName: FieldGuide(zh: "未满 \(profile.guardianAge) 周岁的申请人必填：监护人或代办人姓名", en: "required for applicants under \(profile.guardianAge): the guardian's or agent's name", example: "")
        case .guardianIdType: FieldGuide(zh: "监护人证件类型，从下拉列表选择", en: "the guardian's document type, from the list", example: "居民身份证(户口簿)")
        case .guardianIdNumber: FieldGuide(zh: "监护人证件号码（文本）", en: "the guardian's document number (text)", example: "")
        case .guardianPhone: FieldGuide(zh: "监护人 11 位手机号码", en: "the guardian's 11-digit mobile number", example: "")
        case .guardianRelation: FieldGuide(zh: "监护人与申请人的关系，如 父子、母女", en: "the guardian's relation to the applicant, e.g. 父子 (father and son)", example: "")
        case .studentDepartment: FieldGuide(zh: "学生：院系（可不填）", en: "students: faculty (optional)", example: "")
        case .studentMajor: FieldGuide(zh: "学生：专业（可不填）", en: "students: major (optional)", example: "")
        case .studentGrade: FieldGuide(zh: "学生：年级（可不填）", en: "students: year (optional)", example: "")
        case .studentClass: FieldGuide(zh: "学生：班级（可不填）", en: "students: class (optional)", example: "")
        case .serial: FieldGuide(zh: "序号（可不填，仅供核对）", en: "a serial number (optional, for your own checking)", example: "1")
        case .remark: FieldGuide(zh: "备注（可不填，不报送）", en: "remarks (optional, not sent to the bureau)", example: "")
        }
    }

    /// Column width in characters (Excel counts a Chinese character about twice).
    static func width(of field: Field) -> Double {
        switch field {
        case .idNumber, .siNumber, .guardianIdNumber: 22
        case .hukouAddress, .residenceAddress, .mailingAddress, .employerName: 34
        case .idIssuer, .unit, .unit2, .unit3, .nationality, .idType, .guardianIdType, .occupation, .education: 20
        case .phone, .guardianPhone, .birthDate, .idValidFrom, .idValidTo, .bankBranch, .guardianRelation: 15
        case .idValidity: 24
        default: 12
        }
    }
}
