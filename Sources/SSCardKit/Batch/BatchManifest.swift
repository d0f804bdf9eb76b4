import Foundation

/// manifest.xml: the batch's facts and, per person, every file with its size and SHA-256.
/// Written here, described by `schemas/batch-manifest.xsd`, read back by `verify`.
public struct BatchManifest: Sendable, Equatable {
    public static let namespace = "urn:sscard:batch:1"
    public static let generator = "sscard 0.1.0"

    public struct File: Sendable, Equatable {
        public let kind: String
        public let path: String
        public let bytes: Int
        public let sha256: String
    }

    public struct Person: Sendable, Equatable {
        public let row: Int
        public let idType: String
        public let idNumber: String
        public let name: String
        public var files: [File]
    }

    public var id: String
    public var createdAt: String
    public var employerCode: String
    public var employerName: String
    public var sheetBytes: Int
    public var sheetSHA256: String
    public var persons: [Person]

    /// Every entry the zip must hold besides manifest.xml, in zip order.
    public var entries: [File] {
        [File(kind: "sheet", path: "persons.xlsx", bytes: sheetBytes, sha256: sheetSHA256)]
            + persons.flatMap { $0.files.filter { $0.kind == "photo" } }
            + persons.flatMap { $0.files.filter { $0.kind == "idcard" } }
    }

    public func xml() -> [UInt8] {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<batch xmlns=\"\(Self.namespace)\" version=\"1\" id=\"\(escape(id))\" created_at=\"\(escape(createdAt))\" generator=\"\(Self.generator)\">\n"
        out += "  <employer code=\"\(escape(employerCode))\" name=\"\(escape(employerName))\"/>\n"
        out += "  <sheet path=\"persons.xlsx\" bytes=\"\(sheetBytes)\" sha256=\"\(sheetSHA256)\"/>\n"
        out += "  <persons count=\"\(persons.count)\">\n"
        for person in persons {
            out += "    <person row=\"\(person.row)\" id_type=\"\(escape(person.idType))\" id_number=\"\(escape(person.idNumber))\" name=\"\(escape(person.name))\""
            if person.files.isEmpty { out += "/>\n"; continue }
            out += ">\n"
            for file in person.files {
                out += "      <file kind=\"\(file.kind)\" path=\"\(escape(file.path))\" bytes=\"\(file.bytes)\" sha256=\"\(file.sha256)\"/>\n"
            }
            out += "    </person>\n"
        }
        out += "  </persons>\n</batch>\n"
        return Array(out.utf8)
    }

    private func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t": out += "&#9;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            default:
                // Characters XML 1.0 cannot carry are dropped (they never pass the roster rules anyway).
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The entry name of a person's file: `photos/<id>.jpg`, `idcards/<id>.jpg` (characters other
    /// than letters and digits become `_`).
    static func entryPath(_ folder: String, idNumber: String) -> String {
        let safe = String(String.UnicodeScalarView(idNumber.unicodeScalars.map { scalar in
            (scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar))) ? scalar : "_"
        }))
        return "\(folder)/\(safe).jpg"
    }
}
