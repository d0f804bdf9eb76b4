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
