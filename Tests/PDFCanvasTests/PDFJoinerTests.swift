import Foundation
import Testing
@testable import PDFCanvas

@Suite struct PDFJoinerTests {
    let info = DocumentInfo(title: "成都市社会保障卡申办登记表（3 份）", date: "2026-12-01T09:00:00+08:00")

    /// A one- or two-page document of our own, each page naming its person.
    func document(_ names: [String]) throws -> [UInt8] {
        let fonts = try #require(notoFonts)
        let title = "成都市社会保障卡申办登记表"
        let doc = try PDFDocument(fonts: fonts, characters: [.serif: scalars([title]), .sans: scalars(names)], width: 595.276,
                                  height: 841.89, info: DocumentInfo(title: names.joined(), date: "2026-12-01T09:00:00+08:00"))
        for name in names {
            _ = doc.draw(page: [.text(TextBox(title, in: Rect(x: 40, y: 40, width: 500, height: 30), role: .serif, size: 18)),
                                .text(TextBox(name, in: Rect(x: 40, y: 80, width: 300, height: 20), role: .sans, size: 10))])
        }
        return try doc.finish()
    }

    func join(_ inputs: [[UInt8]]) throws -> [UInt8] {
        var joiner = PDFJoiner(info: info)
        var bytes: [UInt8] = []
        for input in inputs {
            try joiner.append(input)
            bytes += joiner.takeOutput()
        }
        try joiner.finish()
        return bytes + joiner.takeOutput()
    }

    func write(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "/pdfjoin-\(UUID().uuidString).pdf"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func pagesFollowInOrderWithTheirOwnText() throws {
        let joined = try join([try document(["王伟杰"]), try document(["李芳娟", "张娜涛"]), try document(["刘敏·明"])])
        let path = try write(joined)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let details = try run("pdfinfo", [path])
        #expect(details.contains("Pages:           4"))
        #expect(details.contains("Title:           成都市社会保障卡申办登记表（3 份）"))
        #expect(details.contains("Creator:         sscard"))
        let pages = try run("pdftotext", ["-layout", path, "-"]).split(separator: "\u{0C}").map(String.init)
        #expect(pages.count >= 4)
        for (page, name) in zip(pages, ["王伟杰", "李芳娟", "张娜涛", "刘敏·明"]) {
            #expect(page.contains(name))
            #expect(page.contains("成都市社会保障卡申办登记表"))
        }
        // poppler reads every font as an embedded subset, and no object is broken.
        let fonts = try run("pdffonts", [path]).split(separator: "\n").dropFirst(2)
        #expect(fonts.count == 6)
        #expect(fonts.allSatisfy { $0.contains(" yes yes yes ") })
        // qpdf (make deps) reads every object and stream.
        #expect(try run("qpdf", ["--check", path]).contains("No syntax or stream encoding errors found"))
    }

    @Test func theSameInputsGiveTheSameBytes() throws {
        let inputs = [try document(["王伟杰"]), try document(["李芳娟"])]
        #expect(try join(inputs) == join(inputs))
    }

    @Test func refusesWhatItCannotCopy() throws {
        var joiner = PDFJoiner(info: info)
        #expect(throws: CanvasError.self) { try joiner.append(Array("not a pdf".utf8)) }
        // An incremental update (a second table with /Prev) is refused, not half-copied.
        var updated = try document(["王伟杰"])
        let text = String(decoding: updated, as: UTF8.self)
        let table = try #require(text.range(of: "startxref\n", options: .backwards))
        let offset = text[table.upperBound...].prefix { $0.isNumber }
        updated += Array("trailer\n<< /Size 3 /Prev \(offset) /Root 1 0 R >>\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 3 /Prev \(offset) /Root 1 0 R /Info 1 0 R >>\nstartxref\n\(updated.count + 49)\n%%EOF\n".utf8)
        #expect(throws: CanvasError.self) { try joiner.append(updated) }
        // A file cut short is refused.
        let whole = try document(["王伟杰"])
        #expect(throws: CanvasError.self) { try joiner.append(Array(whole.prefix(whole.count / 2))) }
        #expect(throws: CanvasError.self) { try joiner.finish() }  // nothing was joined
    }
}
