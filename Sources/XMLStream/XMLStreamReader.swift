internal import CLibXML2
#if canImport(Glibc)
internal import Glibc
#endif

/// Supplies the bytes of an XML document piece by piece (a zip entry being inflated, say).
public protocol XMLByteSource: AnyObject {
    /// Fills `buffer` with the next bytes and returns their count; 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Why an XML document was refused.
public enum XMLStreamError: Error, Sendable {
    /// The document declares a DTD. Spreadsheet parts never do; a DTD is how XXE and
    /// entity-expansion attacks start, so it is refused before anything is expanded.
    case doctypeForbidden(document: String)
    /// The XML is not well-formed (or exceeds libxml2's built-in size limits).
    case malformed(document: String, line: Int, message: String)
    /// The byte source failed; the underlying error is kept.
    case source(document: String, underlying: any Error)
}

/// What the reader is positioned on after `next()`.
public enum XMLEvent: Equatable, Sendable {
    /// An opening tag; `isEmpty` is true for `<x/>`, which gets no matching `.endElement`.
    case startElement(isEmpty: Bool)
    case endElement
    case text
}

/// A forward-only pull reader over libxml2's xmlTextReader: no DOM, no network, no DTD,
/// no entity substitution. Confine one instance to one task.
public final class XMLStreamReader {
    private let reader: xmlTextReaderPtr
    private let context: ReaderContext
    public let documentName: String

    /// - Parameters:
    ///   - source: where the bytes come from.
    ///   - documentName: used in error messages only.
    public init(source: any XMLByteSource, documentName: String) throws(XMLStreamError) {
        XMLLibrary.initializeOnce()
        let context = ReaderContext(source: source)
        let opaque = Unmanaged.passRetained(context).toOpaque()
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue)
        guard let reader = xmlReaderForIO(readCallback, closeCallback, opaque, documentName, nil, options) else {
            Unmanaged<ReaderContext>.fromOpaque(opaque).release()
            throw .malformed(document: documentName, line: 0, message: "cannot create the XML reader")
        }
        xmlTextReaderSetStructuredErrorHandler(reader, errorCallback, opaque)
        self.reader = reader
        self.context = context
        self.documentName = documentName
    }

    deinit { xmlFreeTextReader(reader) }

    /// Advances to the next element boundary or text; nil at the end of the document.
    public func next() throws(XMLStreamError) -> XMLEvent? {
        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { return nil }
            if status < 0 { throw failure() }
            switch xmlTextReaderNodeType(reader) {
            case 1: return .startElement(isEmpty: xmlTextReaderIsEmptyElement(reader) == 1)
            case 15: return .endElement
            case 3, 4, 14: return .text
            case 10: throw .doctypeForbidden(document: documentName)
            case 5, 6, 17: throw .doctypeForbidden(document: documentName)  // entity nodes only exist with a DTD
            default: continue
            }
        }
    }

    /// Depth of the current node (the root element is 0).
    public var depth: Int { Int(xmlTextReaderDepth(reader)) }

    /// Whether the current node's local name equals `name` (no allocation).
    public func isNamed(_ name: StaticString) -> Bool {
        guard let local = xmlTextReaderConstLocalName(reader) else { return false }
        return name.withUTF8Buffer { expected in
            var index = 0
            while index < expected.count {
                if local[index] != expected[index] { return false }
                index += 1
            }
            return local[index] == 0
        }
    }

    /// The current node's local name.
    public var localName: String {
        xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
    }

    /// The value of an attribute of the current element (by qualified name), or nil.
    public func attribute(_ name: StaticString) -> String? {
        let found = name.withUTF8Buffer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlTextReaderMoveToAttribute(reader, UnsafeRawPointer(chars.baseAddress!).assumingMemoryBound(to: xmlChar.self))
            }
        }
        guard found == 1 else { return nil }
        defer { xmlTextReaderMoveToElement(reader) }
        return xmlTextReaderConstValue(reader).map { String(cString: $0) }
    }

    /// The value of an attribute of the current element by local name and namespace URI, whatever
    /// prefix the document binds to that namespace, or nil.
    public func attribute(_ localName: StaticString, namespace: StaticString) -> String? {
        let found = localName.withUTF8Buffer { local in
            namespace.withUTF8Buffer { uri in
                xmlTextReaderMoveToAttributeNs(reader, UnsafeRawPointer(local.baseAddress!).assumingMemoryBound(to: xmlChar.self),
                                               UnsafeRawPointer(uri.baseAddress!).assumingMemoryBound(to: xmlChar.self))
            }
        }
        guard found == 1 else { return nil }
        defer { xmlTextReaderMoveToElement(reader) }
        return xmlTextReaderConstValue(reader).map { String(cString: $0) }
    }

    /// Calls `body` with the bytes of an attribute value (valid only during the call), or nil.
    public func withAttributeBytes<R>(_ name: StaticString, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
        let found = name.withUTF8Buffer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlTextReaderMoveToAttribute(reader, UnsafeRawPointer(chars.baseAddress!).assumingMemoryBound(to: xmlChar.self))
            }
        }
        guard found == 1 else { return body(nil) }
        defer { xmlTextReaderMoveToElement(reader) }
        guard let value = xmlTextReaderConstValue(reader) else { return body(nil) }
        return body(UnsafeBufferPointer(start: value, count: strlen(value)))
    }

    /// The text of the current text node.
    public var text: String {
        xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
    }

    /// Line the parser has reached (for messages).
    public var line: Int { Int(xmlTextReaderGetParserLineNumber(reader)) }

    private func failure() -> XMLStreamError {
        if let error = context.sourceError { return .source(document: documentName, underlying: error) }
        if context.sawDoctype { return .doctypeForbidden(document: documentName) }
        return .malformed(document: documentName, line: context.errorLine, message: context.errorMessage ?? "malformed XML")
    }
}

/// Process-wide libxml2 set-up: done once, before any reader exists.
public enum XMLLibrary {
    /// Where libxml2's generic error channel writes: some failures (encoding conversion, I/O) are
    /// printed there straight to stderr, in English and with raw input bytes. The parsers still
    /// learn of them through their structured handlers or status codes.
    nonisolated(unsafe) private static let sink = fopen("/dev/null", "w")

    private static let initialized: Bool = {
        xmlInitParser()
        // No entity, DTD or schema location is ever loaded from disk or network.
        xmlSetExternalEntityLoader(denyLoader)
        xmlThrDefSetGenericErrorFunc(UnsafeMutableRawPointer(sink), nil)
        return true
    }()

    /// Initialises libxml2 once and silences its generic error channel on the calling thread
    /// (libxml2 keeps it per thread); safe to call many times.
    public static func initializeOnce() {
        _ = initialized
        xmlSetGenericErrorFunc(UnsafeMutableRawPointer(sink), nil)
    }
}

private let denyLoader: xmlExternalEntityLoader = { _, _, _ in nil }

private final class ReaderContext {
    let source: any XMLByteSource
    var sourceError: (any Error)?
    var errorMessage: String?
    var errorLine = 0
    /// An error was raised while the document had a DTD (libxml2 parses ahead of the DOCTYPE node).
    var sawDoctype = false
    init(source: any XMLByteSource) { self.source = source }
}

private let readCallback: xmlInputReadCallback = { opaque, buffer, length in
    guard let opaque, let buffer else { return -1 }
    let context = Unmanaged<ReaderContext>.fromOpaque(opaque).takeUnretainedValue()
    do {
        return Int32(try context.source.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: Int(length))))
    } catch {
        context.sourceError = error
        return -1
    }
}

private let closeCallback: xmlInputCloseCallback = { opaque in
    guard let opaque else { return 0 }
    Unmanaged<ReaderContext>.fromOpaque(opaque).release()
    return 0
}

private let errorCallback: xmlStructuredErrorFunc = { opaque, error in
    guard let opaque, let error else { return }
    let context = Unmanaged<ReaderContext>.fromOpaque(opaque).takeUnretainedValue()
    if error.pointee.domain == Int32(XML_FROM_PARSER.rawValue),
       let parser = error.pointee.ctxt?.assumingMemoryBound(to: xmlParserCtxt.self),
       parser.pointee.inSubset != 0 || parser.pointee.myDoc?.pointee.intSubset != nil {
        context.sawDoctype = true
    }
    guard context.errorMessage == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
    let message = error.pointee.message.map { String(cString: $0) } ?? "malformed XML"
    context.errorMessage = message.trimmingTrailingNewlines()
    context.errorLine = Int(error.pointee.line)
}

extension String {
    fileprivate func trimmingTrailingNewlines() -> String {
        var result = self
        while result.last == "\n" { result.removeLast() }
        return result
    }
}
