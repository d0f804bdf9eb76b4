/// Why a run could not go on: unusable input or usage (exit 2), or an internal failure (exit 3).
/// Problems inside rows are not errors but findings.
public enum SSCardError: Error, Sendable, Equatable {
    /// A usage mistake, said in both languages.
    case usage(Message)
    case fileNotFound(path: String)
    case isFolder(path: String)
    case unreadable(path: String, reason: Message)
    case unsupportedFormat(path: String)
    case csvUnterminatedQuote(path: String, line: Int)
    case csvUndecodable(path: String, line: Int, encoding: String)
    case xlsxDamaged(path: String, reason: Message)
    case xlsxHostile(path: String, part: String, reason: Message)
    case tooLarge(path: String, what: Message, limit: Int)
    case sheetNotFound(path: String, sheet: String, available: [String])
    case noHeaderRow(path: String, rowsSearched: Int)
    case missingColumns(path: String, headers: [String])
    /// Columns that give the same field, none of them under the field's own header: each set in full.
    case duplicateColumns(path: String, conflicts: [[String]])
    /// A workbook none of whose sheets has a header row: each sheet and what it held.
    case noHeaderInAnySheet(path: String, sheets: [SheetWithoutHeader])
    case profileInvalid(path: String, reason: Message)
    case schemasNotFound(searched: [String])
    case schemaUnreadable(path: String, reason: Message)
    case cannotWrite(path: String, reason: Message)
    case unsafeArchiveEntry(path: String, entry: String)
    case notAStore(path: String)
    case storeMissing(path: String)
    case storeLocked(path: String)
    case notInStore(id: String)
    case amendmentRefused(reason: Message)
    case imageConflict(slot: String, first: String, second: String)
    case `internal`(String)
    // h7-readers
    case encryptedWorkbook(path: String)
    case legacyWorkbook(path: String)
    case cellTooLarge(path: String, sheet: String, cell: String, limit: Int)
    case csvFieldTooLarge(path: String, line: Int, column: Int, limit: Int)
    case csvTooManyColumns(path: String, line: Int, limit: Int)
    case readFailed(path: String, reason: Message)
    // h8-clerk
    /// `discard` of something that is not an open rejected row (an accepted or exported record).
    case discardRefused(reason: Message)
    /// `discard FILE:ROW` or `discard ROW` names no open rejected row.
    case noRejectedRow(target: String)
    /// `amend --set F=A --set F=B`: a field set twice.
    case fieldSetTwice(field: String)
    // h7-reports
    case fileWriteFailed(path: String, step: FileWriteStep, code: Int32)
    // h9-export
    case exportLocked(lock: String, pid: String, since: String)
    case noSuchBatch(id: String)
    case batchRebuildMismatch(id: String, expected: String, actual: String)
    // h10-forms
    case fontMissing(path: String)
    /// libvips, opened on the first image operation, cannot be loaded (`reason`: the loader's words).
    case imageLibraryMissing(reason: String)

    /// 2 for unusable input or usage, 3 for internal failures.
    public var exitCode: Int32 {
        switch self {
        case .schemasNotFound, .schemaUnreadable, .internal: 3
        case .amendmentRefused: 1
        case .discardRefused: 1  // h8-clerk
        case .batchRebuildMismatch: 1  // h9-export
        case .fontMissing: 3  // h10-forms
        case .imageLibraryMissing: 3
        default: 2
        }
    }

    public var message: Message {
        switch self {
        case .usage(let message):
            message
        case .fileNotFound(let path):
            Message(zh: "\(path): 文件不存在；请检查路径", en: "\(path): no such file; check the path")
        case .isFolder(let path):
            Message(zh: "\(path): 这是一个文件夹；请给出花名册文件（.xlsx 或 .csv）", en: "\(path) is a folder; give a roster file (.xlsx or .csv)")
        case .unreadable(let path, let reason):
            Message(zh: "\(path): 无法读取（\(reason.zh)）", en: "\(path): cannot be read (\(reason.en))")
        case .unsupportedFormat(let path):
            Message(zh: "\(path): 不支持的花名册格式；请另存为 .xlsx 或 .csv",
                    en: "\(path): unsupported roster format; save it as .xlsx or .csv")
        case .csvUnterminatedQuote(let path, let line):
            Message(zh: "\(path) 第 \(line) 行: 引号未闭合，文件在引号内结束；请检查该行的双引号是否成对",
                    en: "\(path), line \(line): a quoted field is never closed; check that the quotes on this line come in pairs")
        case .csvUndecodable(let path, let line, let encoding):
            Message(zh: "\(path) 第 \(line) 行: 含有无法按 \(encoding) 解码的字节；请用「CSV UTF-8」另存或用 --encoding 指定编码（utf-8、gb18030、utf-16）",
                    en: "\(path), line \(line): bytes that are not valid \(encoding); save as \"CSV UTF-8\" or name the encoding with --encoding (utf-8, gb18030, utf-16)")
        case .xlsxDamaged(let path, let reason):
            Message(zh: "\(path): 不是可用的 XLSX 工作簿（\(reason.zh)）；请在 Excel 中打开后重新另存为 .xlsx",
                    en: "\(path): not a usable XLSX workbook (\(reason.en)); open it in Excel and save it again as .xlsx")
        case .xlsxHostile(let path, let part, let reason):
            Message(zh: "\(path): 已拒绝读取部件 \(part)（\(reason.zh)）；该文件可能被篡改，请从原始来源重新导出",
                    en: "\(path): refused to read part \(part) (\(reason.en)); the file may have been tampered with, export it again from its source")
        case .tooLarge(let path, let what, let limit):
            Message(zh: "\(path): \(what.zh) 超过上限 \(limit)；请拆分花名册后分批处理",
                    en: "\(path): \(what.en) exceeds the limit of \(limit); split the roster and process it in parts")
        case .sheetNotFound(let path, let sheet, let available):
            Message(zh: "\(path): 没有名为「\(sheet)」的工作表；现有: \(available.joined(separator: ", "))",
                    en: "\(path): no sheet named \"\(sheet)\"; the workbook has: \(available.joined(separator: ", "))")
        case .noHeaderRow(let path, let rows):
            Message(zh: "\(path): 前 \(rows) 行中找不到表头（应包含 姓名、证件号码 等列）；请使用标准表头（见 README 与 schemas/headers.tsv）",
                    en: "\(path): no header row in the first \(rows) rows (expected columns such as 姓名, 证件号码); use the standard headers (README, schemas/headers.tsv)")
        case .missingColumns(let path, let headers):
            Message(zh: "\(path): 缺少必需的列: \(headers.joined(separator: "、"))；请补上这些列后重试",
                    en: "\(path): required columns are missing: \(headers.joined(separator: ", ")); add them and try again")
        case .duplicateColumns(let path, let conflicts):
            Message(zh: "\(path): 以下各组列表示同一字段，且都不是标准表头: \(conflicts.map { $0.map { "「\($0)」" }.joined(separator: "与") }.joined(separator: "；"))；请每组只保留一列，或把要用的一列改成标准表头",
                    en: "\(path): each of these groups of columns means one field and none has the standard header: \(conflicts.map { $0.map { "\"\($0)\"" }.joined(separator: " and ") }.joined(separator: "; ")); keep one column of each group, or give the one to use its standard header")
        case .noHeaderInAnySheet(let path, let sheets):
            Message(zh: "\(path): 没有一个工作表含有表头（应包含 姓名、证件号码 等列）: \(sheets.map { "「\($0.name)」\($0.rowsRead == 0 ? "是空表" : "前 \($0.rowsRead) 行中没有表头")" }.joined(separator: "；"))；请用 --sheet 指定花名册所在的工作表，或使用标准表头（见 README 与 schemas/headers.tsv）",
                    en: "\(path): no sheet has a header row (expected columns such as 姓名, 证件号码): \(sheets.map { "\"\($0.name)\" \($0.rowsRead == 0 ? "is empty" : "has none in its first \($0.rowsRead) rows")" }.joined(separator: "; ")); name the roster's sheet with --sheet, or use the standard headers (README, schemas/headers.tsv)")
        case .profileInvalid(let path, let reason):
            Message(zh: "\(path): 配置文件无效（\(reason.zh)）", en: "\(path): invalid profile (\(reason.en))")
        case .schemasNotFound(let searched):
            Message(zh: "找不到数据表目录 schemas/（已查找: \(searched.joined(separator: ", "))）；请用 make install 安装（数据表位于 PREFIX/share/sscard/schemas，与 PREFIX/bin/sscard 相邻），或把 SSCARD_SCHEMAS 设为数据表目录",
                    en: "cannot find the schemas/ data folder (looked in: \(searched.joined(separator: ", "))); install with make install (the tables go to PREFIX/share/sscard/schemas beside PREFIX/bin/sscard) or set SSCARD_SCHEMAS to the folder")
        case .schemaUnreadable(let path, let reason):
            Message(zh: "\(path): 数据表无法读取（\(reason.zh)）", en: "\(path): data table unreadable (\(reason.en))")
        case .cannotWrite(let path, let reason):
            Message(zh: "\(path): 无法写入（\(reason.zh)）", en: "\(path): cannot be written (\(reason.en))")
        case .unsafeArchiveEntry(let path, let entry):
            Message(zh: "\(path): 压缩包中的条目「\(entry)」路径不安全（指向包外）；已拒绝该压缩包，请重新打包",
                    en: "\(path): the archive entry \"\(entry)\" points outside the archive; the archive is refused, pack it again")
        case .imageConflict(let slot, let first, let second):
            Message(zh: "\(slot) 有两个文件: \(first) 和 \(second)；请只保留一个",
                    en: "\(slot) is claimed by two files: \(first) and \(second); keep only one")
        case .notAStore(let path):
            Message(zh: "\(path): 不是 sscard 工作库（不是 SQLite 文件、已损坏或属于其他程序）；文件未被改动，请用 --store 指定正确的文件",
                    en: "\(path): not an sscard store (not SQLite, damaged, or another program's database); it was left untouched, name the right file with --store")
        case .storeMissing(let path):
            Message(zh: "\(path): 工作库不存在；请先用 sscard import 导入花名册，或用 --store 指定",
                    en: "\(path): no store there; import a roster first with sscard import, or name the store with --store")
        case .storeLocked(let path):
            Message(zh: "\(path): 工作库正被另一个进程占用（等待超时）；请稍后重试，或用 --wait 延长等待",
                    en: "\(path): the store is busy in another process (timed out waiting); try again later or wait longer with --wait")
        case .notInStore(let id):
            Message(zh: "工作库中没有证件号码为 \(id) 的人员；请用 sscard list 查看", en: "no one with ID number \(id) in the store; see sscard list")
        case .amendmentRefused(let reason):
            reason
        case .internal(let text):
            Message(zh: "内部错误: \(text)", en: "internal error: \(text)")
        // h7-readers
        case .encryptedWorkbook(let path):
            Message(zh: "\(path): 工作簿设置了打开密码（已加密），无法读取；请在 Excel 中打开，于「文件 › 信息 › 保护工作簿 › 用密码进行加密」中清空密码后另存为 .xlsx",
                    en: "\(path): the workbook is password-protected (encrypted) and cannot be read; open it in Excel, clear the password under File › Info › Protect Workbook › Encrypt with Password, and save it as .xlsx")
        case .legacyWorkbook(let path):
            Message(zh: "\(path): 这是旧版 Excel 97-2003 工作簿（.xls），无法读取；请在 Excel 或 WPS 中打开后另存为 .xlsx",
                    en: "\(path): this is a legacy Excel 97-2003 workbook (.xls), which cannot be read; open it in Excel or WPS and save it as .xlsx")
        case .cellTooLarge(let path, let sheet, let cell, let limit):
            Message(zh: "\(path) 工作表「\(sheet)」单元格 \(cell): 内容超过 \(limit) 个字符（Excel 单元格的上限）；请缩短该单元格的内容",
                    en: "\(path), sheet \"\(sheet)\", cell \(cell): holds more than \(limit) characters (Excel's limit for a cell); shorten that cell")
        case .csvFieldTooLarge(let path, let line, let column, let limit):
            Message(zh: "\(path) 第 \(line) 行第 \(column) 列: 内容超过 \(limit) 字节；请检查该行（可能缺少闭合引号或混入了其他文件的内容）",
                    en: "\(path), line \(line), column \(column): longer than \(limit) bytes; check that line (a closing quote may be missing, or other data pasted in)")
        case .csvTooManyColumns(let path, let line, let limit):
            Message(zh: "\(path) 第 \(line) 行: 超过 \(limit) 列；请检查分隔符（逗号）是否正确，或该行是否混入了其他内容",
                    en: "\(path), line \(line): more than \(limit) columns; check the separators (commas) on that line")
        case .readFailed(let path, let reason):
            Message(zh: "\(path): 无法读取（\(reason.zh)）", en: "\(path): cannot be read (\(reason.en))")
        // h8-clerk
        case .discardRefused(let reason):
            reason
        case .noRejectedRow(let target):
            Message(zh: "没有待处理的拒收行「\(target)」；请用 sscard list --status rejected 查看（可写证件号码、文件名:行号 或 行号）",
                    en: "no open rejected row '\(target)'; see sscard list --status rejected (give an ID number, FILE:ROW or ROW)")
        case .fieldSetTwice(let field):
            Message(zh: "--set 对「\(field)」给了两次；每个字段只能设置一次",
                    en: "--set gives '\(field)' twice; set each field once")
        // h7-reports
        case .fileWriteFailed(let path, let step, let code):
            Message(zh: "\(path): 无法写入（\(step.zh)失败: \(SystemError.zh(code))）；请检查该文件夹是否存在、可写且有剩余空间",
                    en: "\(path): cannot be written (\(step.en) failed: \(SystemError.en(code))); check that the folder exists, is writable and has space")
        // h9-export
        case .exportLocked(let lock, let pid, let since):
            Message(zh: "另一个 sscard export（进程 \(pid)，开始于 \(since)）正在运行（锁文件 \(lock)）；等待超时，请待其结束后重试，或用 --wait 延长等待",
                    en: "another sscard export (pid \(pid), started \(since)) is running (lock \(lock)); timed out waiting, try again when it ends or wait longer with --wait")
        case .noSuchBatch(let id):
            Message(zh: "工作库中没有批次 \(id)；请用 sscard batches 查看", en: "no batch \(id) in the store; see sscard batches")
        case .batchRebuildMismatch(let id, let expected, let actual):
            Message(zh: "批次 \(id) 重建后的 SHA-256 为 \(actual)，与记录的 \(expected) 不符",
                    en: "batch \(id) rebuilt with SHA-256 \(actual), not the recorded \(expected)")
        // h10-forms
        case .fontMissing(let path):
            Message(zh: "\(path): 缺少登记表所用字体；请安装 fonts-noto-cjk（sudo apt-get install fonts-noto-cjk），或用 SSCARD_FONTS 指定字体所在文件夹",
                    en: "\(path): the form's font is missing; install fonts-noto-cjk (sudo apt-get install fonts-noto-cjk) or name the folder holding it with SSCARD_FONTS")
        case .imageLibraryMissing(let reason):
            Message(zh: "无法加载图片库 libvips；照片和身份证图片都要用它，请安装 libvips42（sudo apt-get install libvips42）",
                    en: "the image library libvips cannot be loaded (\(reason)); photos and ID-card images need it: install libvips42 (sudo apt-get install libvips42)")
        }
    }
}

/// A sheet passed over because it has no header row (an instructions sheet, an empty one).
public struct SheetWithoutHeader: Sendable, Equatable {
    public let name: String
    /// Rows read while looking for a header (0: the sheet is empty).
    public let rowsRead: Int
}
