/// A problem with one image file.
public struct ImageFinding: Sendable, Equatable {
    public let rule: RuleID
    public let severity: Severity
    public let message: Message
    /// Whether `sscard photos fix` can repair it by resampling and re-encoding.
    public let fixable: Bool

    init(_ rule: RuleID, _ message: Message, fixable: Bool = false, severity: Severity? = nil) {
        self.rule = rule
        self.severity = severity ?? rule.severity
        self.message = message
        self.fixable = fixable
    }
}
