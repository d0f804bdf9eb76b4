import Foundation
import Testing
@testable import PDFCanvas

/// The Debian fonts-noto-cjk faces the form uses.
let notoFonts: FontLibrary? = try? FontLibrary(
    serif: FontSource(path: "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", index: 2, family: "Noto Serif CJK SC"),
    sans: FontSource(path: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", index: 2, family: "Noto Sans CJK SC"))

func run(_ tool: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/" + tool)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

func scalars(_ texts: [String]) -> Set<UInt32> { Set(texts.flatMap { $0.unicodeScalars.map(\.value) }) }

@Suite struct PDFDocumentTests {
    func document(_ boxes: [TextBox]) throws -> (bytes: [UInt8], outcome: PageOutcome) {
        let fonts = try #require(notoFonts)
        var characters: [FontRole: Set<UInt32>] = [:]
        for box in boxes { characters[box.role, default: []].formUnion(scalars([box.text])) }
        let doc = try PDFDocument(fonts: fonts, characters: characters, width: 595.276, height: 841.89,
                                  info: DocumentInfo(title: "test", date: "2026-12-01T09:00:00+08:00"))
        let outcome = doc.draw(page: boxes.map { .text($0) })
        return (try doc.finish(), outcome)
    }

    func write(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "/pdfcanvas-\(UUID().uuidString).pdf"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func embedsSmallSubsetsAndIsReproducible() throws {
        let boxes = [TextBox("成都市社会保障卡申办登记表", in: Rect(x: 40, y: 40, width: 500, height: 30), role: .serif, size: 18),
                     TextBox("阿卜杜·热合曼 𠮷田", in: Rect(x: 40, y: 80, width: 300, height: 20), role: .sans, size: 10)]
        let first = try document(boxes)
        let second = try document(boxes)
        #expect(first.bytes == second.bytes)
        #expect(first.bytes.count < 40_000)
        let path = try write(first.bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fonts = try run("pdffonts", [path]).split(separator: "\n").dropFirst(2)
        #expect(fonts.count == 2)
        for line in fonts { #expect(line.contains("yes yes yes"), "\(line)"); #expect(line.contains("+Noto")) }
        let text = try run("pdftotext", [path, "-"])
        #expect(text.contains("成都市社会保障卡申办登记表"))
        #expect(text.contains("阿卜杜·热合曼 𠮷田"))
    }

    @Test func shrinksThenWrapsThenCuts() throws {
        let address = String(repeating: "成都市武侯区洗面桥横街", count: 6)  // 66 characters
        let fits = TextBox(address, in: Rect(x: 40, y: 40, width: 300, height: 30), role: .sans, size: 10, minSize: 6, tag: "wrapped")
        let cut = TextBox(address + address, in: Rect(x: 40, y: 100, width: 200, height: 12), role: .sans, size: 10, minSize: 6, tag: "cut")
        let result = try document([fits, cut])
        #expect(result.outcome.cut == ["cut"])
        let path = try write(result.bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = try run("pdftotext", [path, "-"]).replacingOccurrences(of: "\n", with: "")
        #expect(text.contains(address))
        // (cairo maps pango's ellipsis glyph to the text it replaces, so the cut text is still searchable.)
        #expect(!text.contains("00"))  // no hex boxes for missing glyphs
    }
}

@Suite struct ConcurrentDocumentTests {
    /// Many documents at once on every core (cairo's FreeType back end once crashed here when two
    /// threads opened or closed faces together).
    @Test func documentsOnSeveralThreadsAtOnce() throws {
        let fonts = try #require(notoFonts)
        let sizes = Sizes()
        DispatchQueue.concurrentPerform(iterations: 48) { index in
            let name = ["张三", "李四", "阿卜杜·热合曼", "𠮷田", "王五", "赵六"][index % 6] + "\(index)"
            let boxes = [TextBox("成都市社会保障卡申办登记表", in: Rect(x: 40, y: 40, width: 500, height: 30), role: .serif, size: 18),
                         TextBox(name, in: Rect(x: 40, y: 80, width: 300, height: 20), role: .sans, size: 10)]
            var characters: [FontRole: Set<UInt32>] = [:]
            for box in boxes { characters[box.role, default: []].formUnion(scalars([box.text])) }
            guard let doc = try? PDFDocument(fonts: fonts, characters: characters, width: 595.276, height: 841.89,
                                             info: DocumentInfo(title: name, date: "2026-12-01T09:00:00+08:00")) else { return }
            _ = doc.draw(page: boxes.map { .text($0) })
            if let bytes = try? doc.finish() { sizes.add(bytes.count) }
        }
        #expect(sizes.count == 48)
    }
}

final class Sizes: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int] = []
    func add(_ value: Int) { lock.lock(); values.append(value); lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return values.count }
}
