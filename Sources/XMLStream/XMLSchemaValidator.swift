internal import CLibXML2

/// One reason a document does not satisfy a schema (or is not well-formed XML).
public struct XMLSchemaProblem: Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let message: String
    public var description: String { line > 0 ? "line \(line): \(message)" : message }
}

/// An XSD 1.0 schema compiled once from memory (libxml2 xmlschemas), validating documents held
/// in memory. Documents are parsed without network, DTD loading or entity substitution, and a
/// document that declares a DTD is refused. Confine one instance to one task.
public final class XMLSchemaValidator {
    private let schema: xmlSchemaPtr

    /// - Throws: `.malformed` when the schema itself does not compile.
    public init(schema text: [UInt8], name: String = "schema.xsd") throws(XMLStreamError) {
        XMLLibrary.initializeOnce()
        let collector = ProblemCollector()
        let parsed: xmlSchemaPtr? = text.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { base in
                guard let context = xmlSchemaNewMemParserCtxt(base, Int32(buffer.count)) else { return nil }
                defer { xmlSchemaFreeParserCtxt(context) }
                let opaque = Unmanaged.passUnretained(collector).toOpaque()
                xmlSchemaSetParserStructuredErrors(context, collect, opaque)
                return xmlSchemaParse(context)
            }
        }
        guard let parsed else {
            let first = collector.problems.first
            throw .malformed(document: name, line: first?.line ?? 0, message: first?.message ?? "the schema does not compile")
        }
        schema = parsed
    }

    deinit { xmlSchemaFree(schema) }

    /// The problems of `document` against the schema; empty when it is valid.
    public func validate(_ document: [UInt8], name: String) -> [XMLSchemaProblem] {
        let collector = ProblemCollector()
        let opaque = Unmanaged.passUnretained(collector).toOpaque()
        // The parse reports through the (thread-local) structured handler, set only for this call.
        xmlSetStructuredErrorFunc(opaque, collect)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue)
        let doc: xmlDocPtr? = document.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                    xmlReadMemory(chars, Int32(buffer.count), name, "UTF-8", options)
                }
            } ?? nil
        }
        guard let doc else {
            return collector.problems.isEmpty ? [XMLSchemaProblem(line: 0, message: "not well-formed XML")] : collector.problems
        }
        defer { xmlFreeDoc(doc) }
        if doc.pointee.intSubset != nil || doc.pointee.extSubset != nil {
            return [XMLSchemaProblem(line: 0, message: "the document declares a DTD, which is not allowed")]
        }
        guard let context = xmlSchemaNewValidCtxt(schema) else { return [XMLSchemaProblem(line: 0, message: "out of memory")] }
        defer { xmlSchemaFreeValidCtxt(context) }
        xmlSchemaSetValidStructuredErrors(context, collect, opaque)
        let status = xmlSchemaValidateDoc(context, doc)
        if status == 0 { return [] }
        if collector.problems.isEmpty { return [XMLSchemaProblem(line: 0, message: "invalid (libxml2 code \(status))")] }
        return collector.problems
    }
}

private final class ProblemCollector {
    var problems: [XMLSchemaProblem] = []
}

private let collect: xmlStructuredErrorFunc = { opaque, error in
    guard let opaque, let error else { return }
    let collector = Unmanaged<ProblemCollector>.fromOpaque(opaque).takeUnretainedValue()
    guard error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue, collector.problems.count < 100 else { return }
    var message = error.pointee.message.map { String(cString: $0) } ?? "invalid"
    while message.last == "\n" { message.removeLast() }
    collector.problems.append(XMLSchemaProblem(line: Int(error.pointee.line), message: message))
}
