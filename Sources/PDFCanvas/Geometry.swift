/// Points (1/72 inch) from the top-left corner of the page, as cairo measures them.
public struct Rect: Sendable, Equatable {
    public var x: Double, y: Double, width: Double, height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    /// The rectangle shrunk by `d` on every side.
    public func inset(_ d: Double) -> Rect { Rect(x: x + d, y: y + d, width: max(0, width - 2 * d), height: max(0, height - 2 * d)) }
}

public struct Point: Sendable, Equatable {
    public var x: Double, y: Double
    public init(x: Double, y: Double) { self.x = x; self.y = y }
}

/// Millimetres to points.
public func mm(_ value: Double) -> Double { value * 72 / 25.4 }

/// The two faces a document uses: labels and titles (Song style) and filled values (Hei style).
public enum FontRole: Int, Sendable, CaseIterable {
    case serif, sans
}

public enum Alignment: Sendable { case left, center, right }

/// A text that must stay inside its frame: it shrinks down to `minSize`, then wraps, then
/// (only if it still does not fit) is cut with … — and the document reports the box's `tag`.
public struct TextBox: Sendable {
    public var text: String
    public var frame: Rect
    public var role: FontRole
    public var size: Double
    public var minSize: Double
    public var align: Alignment
    public var padding: Double
    /// Whether the text may go onto several lines (labels of fixed wording usually do not need it).
    public var wrap: Bool
    /// Named in the report when the text had to be cut (a field key, for instance).
    public var tag: String
    /// Prose wraps before it shrinks: one line is tried only down to this size (default `minSize`).
    public var singleLineMinSize: Double

    public init(_ text: String, in frame: Rect, role: FontRole, size: Double, minSize: Double? = nil,
                align: Alignment = .left, padding: Double = 2, wrap: Bool = true, tag: String = "", prose: Bool = false) {
        self.text = text; self.frame = frame; self.role = role; self.size = size
        self.minSize = min(size, minSize ?? size * 0.7); self.align = align; self.padding = padding; self.wrap = wrap; self.tag = tag
        singleLineMinSize = prose && wrap ? size : self.minSize
    }
}

/// One thing drawn on a page, in page order.
public enum DrawOp: Sendable {
    case text(TextBox)
    case line(from: Point, to: Point, width: Double)
    /// A rectangle's outline; `dash` draws it dashed (a paste-here area).
    case rect(Rect, lineWidth: Double, dash: Bool = false)
    /// A filled rectangle in grey (0 black … 1 white).
    case fill(Rect, gray: Double)
    /// A choice mark: ○ (empty) or ● (filled).
    case circle(center: Point, radius: Double, filled: Bool, lineWidth: Double)
    /// A JPEG placed as it is (no re-encoding), scaled to fit `frame` and centred.
    case jpeg(JPEGImage, frame: Rect)
    case qr(QRCode, frame: Rect)
}

/// What drawing a page found: the tags of the text boxes whose text had to be cut.
public struct PageOutcome: Sendable, Equatable {
    public var cut: [String] = []
}
