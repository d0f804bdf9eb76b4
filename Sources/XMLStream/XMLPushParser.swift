internal import CLibXML2
#if canImport(Glibc)
internal import Glibc
#endif

/// An element or attribute name seen by the push parser; valid only during the callback.
public struct XMLName {
    let pointer: UnsafePointer<xmlChar>

    /// Whether the name equals `name` (no allocation).
    public func equals(_ name: StaticString) -> Bool {
        name.withUTF8Buffer { expected in
            var index = 0
            while index < expected.count {
                if pointer[index] != expected[index] { return false }
                index += 1
            }
            return pointer[index] == 0
        }
    }

    public var string: String { String(cString: pointer) }
}

/// A run of bytes (an attribute value or a piece of text); valid only during the callback.
public struct XMLText {
    let start: UnsafePointer<xmlChar>
    public let count: Int

    public var string: String { String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self) }
    public subscript(index: Int) -> UInt8 { start[index] }

    /// The value as a non-negative decimal integer, if it is one and fits in an Int (never traps).
    public var integer: Int? {
        guard count > 0 else { return nil }
        var value = 0
        for index in 0..<count {
            let byte = start[index]
            guard byte >= 48, byte <= 57 else { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(Int(byte - 48))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    /// Unicode scalars in the run (UTF-8 lead bytes).
    public var characterCount: Int {
        var scalars = 0
        for index in 0..<count where start[index] & 0xC0 != 0x80 { scalars += 1 }
        return scalars
    }

    /// Appends the bytes to a buffer.
    public func append(to buffer: inout [UInt8]) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: start, count: count))
    }
}

/// The attributes of an element; valid only during the callback.
public struct XMLAttributes {
    let pointer: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    let count: Int

    /// The value of the attribute with this local name.
    public func value(_ name: StaticString) -> XMLText? {
        guard let pointer else { return nil }
        for index in 0..<count {
            let base = index * 5
            guard let local = pointer[base], XMLName(pointer: local).equals(name),
                  let start = pointer[base + 3], let end = pointer[base + 4] else { continue }
            return XMLText(start: start, count: end - start)
        }
        return nil
    }
}

/// Receives what the push parser finds.
public protocol XMLPushDelegate: AnyObject {
    func startElement(_ name: XMLName, attributes: XMLAttributes)
    func endElement(_ name: XMLName)
    func characters(_ text: XMLText)
}

/// libxml2's SAX2 push parser fed chunk by chunk: the fastest way through a large sheet, no tree
/// at all. No network, no DTD: a DOCTYPE stops the parse; entities are never declared, so never expanded.
public final class XMLPushParser {
    private var context: xmlParserCtxtPtr?
    private let box: PushContext
    private var buffer = [UInt8](repeating: 0, count: 256 * 1024)
    public let documentName: String

    public init(documentName: String, delegate: any XMLPushDelegate) throws(XMLStreamError) {
        XMLLibrary.initializeOnce()
        self.documentName = documentName
        box = PushContext(delegate: delegate)
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = pushStart
        handler.endElementNs = pushEnd
        handler.characters = pushCharacters
        handler.internalSubset = pushDoctype
        handler.serror = pushError
        let opaque = Unmanaged.passUnretained(box).toOpaque()
        guard let context = xmlCreatePushParserCtxt(&handler, opaque, nil, 0, documentName) else {
            throw .malformed(document: documentName, line: 0, message: "cannot create the XML parser")
        }
        xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue))
        box.parser = context
        self.context = context
    }

    deinit {
        if let context {
            if let document = context.pointee.myDoc { xmlFreeDoc(document) }
            xmlFreeParserCtxt(context)
        }
    }

    /// Reads one chunk from `source` and parses it; returns false at the end of the document.
    public func feed(from source: any XMLByteSource) throws(XMLStreamError) -> Bool {
        XMLLibrary.initializeOnce()  // the feeding thread may not be the one that made the parser
        let count: Int
        do {
            count = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
        } catch {
            throw .source(document: documentName, underlying: error)
        }
        let status = buffer.withUnsafeBytes { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                xmlParseChunk(context, chars.baseAddress, Int32(count), count == 0 ? 1 : 0)
            }
        }
        if box.sawDoctype { throw .doctypeForbidden(document: documentName) }
        if status != 0 || box.errorMessage != nil {
            throw .malformed(document: documentName, line: box.errorLine, message: box.errorMessage ?? "malformed XML (code \(status))")
        }
        return count > 0
    }
}

private final class PushContext {
    // The parser object owns the context and outlives every callback; the delegate outlives the parser.
    unowned(unsafe) let delegate: any XMLPushDelegate
    var sawDoctype = false
    var parser: xmlParserCtxtPtr?
    var errorMessage: String?
    var errorLine = 0
    init(delegate: any XMLPushDelegate) { self.delegate = delegate }
}

private func box(_ opaque: UnsafeMutableRawPointer?) -> PushContext {
    Unmanaged<PushContext>.fromOpaque(opaque!).takeUnretainedValue()
}

private let pushStart: startElementNsSAX2Func = { opaque, localName, _, _, _, _, attributeCount, _, attributes in
    guard let localName else { return }
    box(opaque).delegate.startElement(XMLName(pointer: localName), attributes: XMLAttributes(pointer: attributes, count: Int(attributeCount)))
}

private let pushEnd: endElementNsSAX2Func = { opaque, localName, _, _ in
    guard let localName else { return }
    box(opaque).delegate.endElement(XMLName(pointer: localName))
}

private let pushCharacters: charactersSAXFunc = { opaque, bytes, length in
    guard let bytes, length > 0 else { return }
    box(opaque).delegate.characters(XMLText(start: bytes, count: Int(length)))
}

private let pushDoctype: internalSubsetSAXFunc = { opaque, _, _, _ in
    let context = box(opaque)
    context.sawDoctype = true
    if let parser = context.parser { xmlStopParser(parser) }
}

private let pushError: xmlStructuredErrorFunc = { opaque, error in
    guard let opaque, let error else { return }
    let context = Unmanaged<PushContext>.fromOpaque(opaque).takeUnretainedValue()
    guard context.errorMessage == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
    var message = error.pointee.message.map { String(cString: $0) } ?? "malformed XML"
    while message.last == "\n" { message.removeLast() }
    context.errorMessage = message
    context.errorLine = Int(error.pointee.line)
    if let parser = error.pointee.ctxt?.assumingMemoryBound(to: xmlParserCtxt.self) { xmlStopParser(parser) }
}
