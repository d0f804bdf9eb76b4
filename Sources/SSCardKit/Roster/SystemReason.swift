import Foundation

/// Operating-system failures in our own words, both languages (no strerror text in Chinese).
enum SystemReason {
    static func message(errno code: Int32) -> Message {
        switch code {
        case EACCES, EPERM: Message(zh: "没有读取权限", en: "permission denied")
        case ENOENT: Message(zh: "文件不存在", en: "no such file")
        case EISDIR: Message(zh: "这是一个文件夹", en: "it is a folder")
        case EIO: Message(zh: "磁盘读写错误", en: "input/output error")
        case ENOMEM: Message(zh: "内存不足", en: "out of memory")
        case EMFILE, ENFILE: Message(zh: "打开的文件过多", en: "too many open files")
        case ELOOP: Message(zh: "符号链接循环", en: "too many levels of symbolic links")
        case ENAMETOOLONG: Message(zh: "路径过长", en: "path too long")
        default: Message(zh: "系统错误 \(code)", en: "system error \(code): \(String(cString: strerror(code)))")
        }
    }
}

extension SystemReason {
    /// A failure while creating, writing, syncing or renaming a file: Chinese in our own words,
    /// English the system's own text (as the messages have always said it).
    static func writing(errno code: Int32) -> Message {
        let zh: String = switch code {
        case ENOSPC: "磁盘已满"
        case EDQUOT: "超出磁盘配额"
        case EACCES, EPERM: "没有写入权限"
        case EROFS: "只读文件系统"
        case ENOENT: "文件夹不存在"
        case ENOTDIR: "路径中有一段不是文件夹"
        case EISDIR: "目标是一个文件夹"
        case EEXIST: "目标已存在"
        case ENOTEMPTY: "目标是一个非空文件夹"
        case EXDEV: "临时文件与目标不在同一文件系统"
        case EIO: "磁盘读写错误"
        case EBUSY, ETXTBSY: "目标正被占用"
        case EFBIG: "文件过大"
        case ENAMETOOLONG: "路径过长"
        case ELOOP: "路径中的符号链接过多"
        case EMFILE, ENFILE: "打开的文件过多"
        case ENOMEM: "内存不足"
        default: "系统错误 \(code)"
        }
        return Message(zh: zh, en: String(cString: strerror(code)))
    }

    /// A failure while reading a file back: Chinese as `message(errno:)`, English the system's own text.
    static func reading(errno code: Int32) -> Message {
        Message(zh: message(errno: code).zh, en: String(cString: strerror(code)))
    }
}

extension SystemReason {
    /// A library's own (English) account of a failed write: Chinese says what to check,
    /// English keeps the library's detail.
    static func library(_ detail: String) -> Message {
        Message(zh: "写入失败；请检查磁盘空间和文件夹权限", en: detail)
    }
}
