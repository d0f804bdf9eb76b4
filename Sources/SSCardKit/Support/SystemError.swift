import Foundation

/// Which step of writing a file failed (named in the error, with the step's own errno).
public enum FileWriteStep: String, Sendable, Equatable {
    case create, write, sync, rename, read
    // audit-7-11: folders sscard makes (export --out, photos fix, merge) and files it opens (the store).
    case folder, open

    var zh: String {
        switch self {
        case .create: "创建临时文件"
        case .write: "写入"
        case .sync: "同步到磁盘"
        case .rename: "把临时文件改名为目标文件"
        case .read: "读回暂存文件"
        // audit-7-11
        case .folder: "创建文件夹"
        case .open: "打开"
        }
    }

    var en: String {
        switch self {
        case .create: "creating the temporary file"
        case .write: "writing"
        case .sync: "syncing to disk"
        case .rename: "renaming the temporary file into place"
        case .read: "reading the spool file back"
        // audit-7-11
        case .folder: "creating the folder"
        case .open: "opening"
        }
    }
}

/// An errno in words a clerk can act on, in both languages, with its symbolic name (`EACCES`).
enum SystemError {
    static func name(_ code: Int32) -> String {
        let names: [Int32: String] = [
            EPERM: "EPERM", ENOENT: "ENOENT", EIO: "EIO", EBADF: "EBADF", EACCES: "EACCES", EBUSY: "EBUSY", EEXIST: "EEXIST",
            EXDEV: "EXDEV", ENOTDIR: "ENOTDIR", EISDIR: "EISDIR", EINVAL: "EINVAL", EMFILE: "EMFILE", ENFILE: "ENFILE",
            EFBIG: "EFBIG", ENOSPC: "ENOSPC", EROFS: "EROFS", EMLINK: "EMLINK", EPIPE: "EPIPE", ENAMETOOLONG: "ENAMETOOLONG",
            ENOTEMPTY: "ENOTEMPTY", ELOOP: "ELOOP", EDQUOT: "EDQUOT", ETXTBSY: "ETXTBSY",
        ]
        return names[code] ?? "errno \(code)"
    }

    static func zh(_ code: Int32) -> String {
        let text: String = switch code {
        case EACCES, EPERM: "没有权限"
        case ENOENT: "文件夹不存在"
        case ENOTDIR: "路径中有一段不是文件夹"
        case EISDIR: "目标是一个文件夹"
        case ENOTEMPTY: "目标是一个非空文件夹"
        case EXDEV: "临时文件与目标不在同一文件系统"
        case ENOSPC: "磁盘已满"
        case EDQUOT: "超出磁盘配额"
        case EROFS: "只读文件系统"
        case EIO: "磁盘读写错误"
        case EBUSY, ETXTBSY: "目标正被占用"
        case ENAMETOOLONG: "文件名过长"
        case ELOOP: "路径中的符号链接过多"
        case EEXIST: "无法取得新的临时文件名"
        case EFBIG: "文件过大"
        case EMFILE, ENFILE: "打开的文件过多"
        default: "系统错误"
        }
        return "\(text)，\(name(code))"
    }

    static func en(_ code: Int32) -> String { "\(String(cString: strerror(code))), \(name(code))" }
}
