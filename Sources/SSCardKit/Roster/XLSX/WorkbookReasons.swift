import XMLStream
import ZipArchive

/// Library failures (libzip, libxml2) turned into bilingual errors a clerk can act on.
/// Library text may appear in the English reason only.
enum WorkbookReasons {
    static func zip(_ failure: ZipFailure) -> Message {
        switch failure {
        case .notAZip: Message(zh: "不是 zip 压缩格式，或文件不完整", en: "not a zip archive, or the file is incomplete")
        case .inconsistent: Message(zh: "zip 目录自相矛盾", en: "the zip directory contradicts itself")
        case .truncated: Message(zh: "文件不完整（提前结束）", en: "the file ends early (truncated)")
        case .crcMismatch: Message(zh: "数据校验（CRC）不符，文件已损坏", en: "a CRC check failed: the data is damaged")
        case .damagedData: Message(zh: "压缩数据已损坏", en: "the compressed data is damaged")
        case .unsupportedCompression: Message(zh: "使用了不支持的压缩方式", en: "an unsupported compression method")
        case .encrypted: Message(zh: "zip 条目已加密", en: "zip entries are encrypted")
        case .system(let code): SystemReason.message(errno: code)
        case .other(let code): Message(zh: "zip 读取错误（代码 \(code)）", en: "zip read error (code \(code))")
        }
    }

    static func entries(_ count: Int, limit: Int) -> Message {
        Message(zh: "含 \(count) 个条目，超过 \(limit)", en: "\(count) entries, more than \(limit)")
    }

    static func ratio(_ ratio: Int, limit: Int) -> Message {
        Message(zh: "解压比 \(ratio):1，超过 \(limit):1，是“压缩炸弹”的特征", en: "inflates \(ratio):1, beyond \(limit):1 — a zip bomb")
    }

    static func declared(_ declared: Int) -> Message {
        Message(zh: "解压后超过 zip 目录声明的 \(declared) 字节，是“压缩炸弹”的特征",
                en: "inflates past the \(declared) bytes its zip directory declares — a zip bomb")
    }

    /// Why a zip archive that is not a workbook (an image zip, a batch) cannot be read.
    static func archive(_ error: any Error) -> Message {
        guard let error = error as? ZipError else { return Message(zh: "压缩包无法读取", en: "\(error)") }
        switch error {
        case .cannotOpen(_, let failure): return zip(failure)
        case .readFailed(let name, let failure): return part(name, zip(failure))
        case .noSuchEntry(let name): return Message(zh: "缺少 \(name)", en: "\(name) is missing")
        case .tooManyEntries(let count, let limit): return entries(count, limit: limit)
        case .entryTooLarge(let name, let limit):
            return Message(zh: "\(name) 解压后超过 \(limit) 字节", en: "\(name) inflates past \(limit) bytes")
        case .compressionRatio(let name, let ratio, let limit): return part(name, self.ratio(ratio, limit: limit))
        case .declaredSizeExceeded(let name, let declared): return part(name, self.declared(declared))
        case .writeFailed(_, let reason): return SystemReason.library(reason)
        }
    }

    static func part(_ part: String, _ reason: Message) -> Message {
        part.isEmpty ? reason : Message(zh: "\(part): \(reason.zh)", en: "\(part): \(reason.en)")
    }

    /// Turns library failures into messages a clerk can act on.
    static func map(_ error: any Error, path: String, part: String) -> SSCardError {
        if let error = error as? SSCardError { return error }
        if let error = error as? ZipError {
            switch error {
            case .cannotOpen(_, let failure):
                return .xlsxDamaged(path: path, reason: zip(failure))
            case .tooManyEntries(let count, let limit):
                return .xlsxHostile(path: path, part: "", reason: entries(count, limit: limit))
            case .noSuchEntry(let name):
                return .xlsxDamaged(path: path, reason: Message(zh: "缺少 \(name)", en: "\(name) is missing"))
            case .entryTooLarge(let name, let limit):
                return .tooLarge(path: path, what: Message(zh: "\(name)（解压后）", en: "\(name) (inflated)"), limit: limit)
            case .compressionRatio(let name, let ratio, let limit):
                return .xlsxHostile(path: path, part: name, reason: self.ratio(ratio, limit: limit))
            case .readFailed(let name, let failure):
                return .xlsxDamaged(path: path, reason: self.part(name, zip(failure)))
            case .writeFailed(let file, let reason):
                return .cannotWrite(path: file, reason: SystemReason.library(reason))
            case .declaredSizeExceeded(let name, let declared):
                return .xlsxHostile(path: path, part: name, reason: self.declared(declared))
            }
        }
        if let error = error as? XMLStreamError {
            switch error {
            case .doctypeForbidden(let document):
                return .xlsxHostile(path: path, part: document, reason: Message(
                    zh: "声明了 DTD 或实体，正常的电子表格从不这样做",
                    en: "it declares a DTD or entities, which spreadsheets never do"))
            case .malformed(let document, let line, let message):
                return .xlsxDamaged(path: path, reason: Message(
                    zh: "\(document) 第 \(line) 行: XML 格式错误",
                    en: "\(document) line \(line): \(message)"))
            case .source(let document, let underlying):
                return map(underlying, path: path, part: document)
            }
        }
        return .xlsxDamaged(path: path, reason: self.part(part, Message(zh: "读取失败", en: "\(error)")))
    }
}
