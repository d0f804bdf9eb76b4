import Foundation
import ZipArchive

/// One image file offered with `--photos` or `--idcards`: from a folder or read in place from a zip.
public struct ImageFile: Sendable, Hashable {
    /// Where it came from, for messages: `photos/510107….jpg` or `idcards.zip:张三/510107…_正面.jpg`.
    public let displayName: String
    /// The file name without folders.
    public let fileName: String
    let location: Location

    enum Location: Sendable, Hashable {
        case file(String)
        case zipEntry(archive: String, entry: String)
    }

    /// The bytes of the file (zip entries are inflated in memory, within a size cap).
    public func read(maxBytes: Int = 64 << 20) throws(SSCardError) -> [UInt8] {
        switch location {
        case .file(let path):
            return try readWholeFile(path, maxBytes: maxBytes, what: Message(zh: "图片文件的大小", en: "the image file"))
        case .zipEntry(let archivePath, let entry):
            do {
                let archive = try ZipArchive(path: archivePath, limits: ZipLimits(maxEntryBytes: maxBytes, maxRatio: 1000))
                return try archive.readAll(entry, maxBytes: maxBytes)
            } catch {
                throw .unreadable(path: displayName, reason: ImageFile.zipReason(error))
            }
        }
    }
}

extension ImageFile {
    /// The hex SHA-256 of the file (nil when it cannot be read); a file on disk is streamed, so
    /// hashing a folder of thousands of images holds one chunk at a time, not each image.
    var digest: String? {
        guard case .file(let path) = location else { return (try? read()).map(SHA256.hex) }
        return try? fileSHA256(path)
    }
}

/// Lists the image files of a folder (recursively) or a zip archive.
public enum ImageSource {
    static let imageExtensions: Set<String> = ["jpg", "jpeg", "jpe", "png", "heic", "heif", "webp", "tif", "tiff", "bmp", "gif"]

    public static func list(_ path: String) throws(SSCardError) -> [ImageFile] {
        var isDirectory = false
        guard fileExists(path, &isDirectory) else { throw .fileNotFound(path: path) }
        if isDirectory { return listFolder(path) }
        if path.lowercased().hasSuffix(".zip") { return try listZip(path) }
        return [ImageFile(displayName: path, fileName: (path as NSString).lastPathComponent, location: .file(path))]
    }

    static func isImageName(_ name: String) -> Bool {
        let ext = (name as NSString).pathExtension.lowercased()
        return imageExtensions.contains(ext) && !name.hasPrefix(".")
    }

    /// An image file not inside a hidden folder (`.thumbnails/`, `.@__thumb/`, `.git/`) or `__MACOSX/`: thumbnails there
    /// carry the same names as the photos and would claim the same slots.
    static func isImagePath(_ relative: String) -> Bool {
        let parts = relative.split(whereSeparator: { $0 == "/" || $0 == "\\" })
        guard let last = parts.last else { return false }
        let hiddenFolder = parts.dropLast().contains { ($0.hasPrefix(".") && $0 != "." && $0 != "..") || $0 == "__MACOSX" }
        return !hiddenFolder && isImageName(String(last))
    }

    private static func listFolder(_ path: String) -> [ImageFile] {
        let enumerator = FileManager.default.enumerator(atPath: path)
        var files: [ImageFile] = []
        while let relative = enumerator?.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            guard isImagePath(relative) else { continue }
            let full = (path as NSString).appendingPathComponent(relative)
            var isDirectory = false
            guard fileExists(full, &isDirectory), !isDirectory else { continue }
            files.append(ImageFile(displayName: full, fileName: name, location: .file(full)))
        }
        return files.sorted { $0.displayName < $1.displayName }
    }

    private static func listZip(_ path: String) throws(SSCardError) -> [ImageFile] {
        let archive: ZipArchive
        do { archive = try ZipArchive(path: path) } catch {
            throw .unreadable(path: path, reason: ImageFile.zipReason(error))
        }
        let names = archive.entryNames
        let raw = archive.rawEntryNames
        var files: [ImageFile] = []
        for (index, name) in names.enumerated() {
            let decoded = ZipNames.decode(raw[index], fallback: name)
            if ZipNames.isUnsafe(decoded) {
                throw .unsafeArchiveEntry(path: path, entry: decoded)
            }
            let fileName = (decoded as NSString).lastPathComponent
            guard isImagePath(decoded) else { continue }
            files.append(ImageFile(displayName: "\(path):\(decoded)", fileName: fileName, location: .zipEntry(archive: path, entry: name)))
        }
        return files.sorted { $0.displayName < $1.displayName }
    }
}

/// Zip entry names: UTF-8 when flagged or valid, else GB18030 as Chinese Windows writes them.
enum ZipNames {
    static func decode(_ raw: [UInt8], fallback: String) -> String {
        if let utf8 = String(validating: raw, as: UTF8.self) { return utf8 }
        if let decoder = try? IconvDecoder(path: "zip", outputCapacity: raw.count * 4), let bytes = try? decoder.convert(raw[...], isLast: true),
           let text = String(validating: bytes, as: UTF8.self) {
            return text
        }
        return fallback
    }

    /// `../x.jpg`, `/etc/x.jpg`, `C:\x.jpg`: names that would land outside a target folder.
    static func isUnsafe(_ name: String) -> Bool {
        if name.hasPrefix("/") || name.hasPrefix("\\") { return true }
        if name.count >= 2, name.dropFirst().first == ":" { return true }
        return name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).contains("..")
    }
}

extension ImageFile {
    /// An image zip or an entry in it that cannot be read, and the fix.
    static func zipReason(_ error: any Error) -> Message {
        let reason = WorkbookReasons.archive(error)
        return Message(zh: reason.zh + "；请重新打包图片后再试", en: reason.en + "; pack the images again")
    }
}
