/// A stub site per the rubric's "Stubs" section.
public enum StubKind: String, Hashable, Sendable, CaseIterable {
    case notImplemented = "not_implemented"
    case pass
    case ellipsis
    case docstringOnly = "docstring_only"
    case placeholderMessage = "placeholder_message"
    case todoComment = "todo_comment"
}

public struct StubSite: Hashable, Sendable {
    public var path: String
    public var line: Int
    public var kind: StubKind
    /// Qualified symbol ("Base.forward"), or "<module>" for a module-level comment.
    public var symbol: String
    /// True for abstract declarations (the rubric's "declaration, not a gap").
    public var declaration: Bool
    /// Short text shown in the report (the comment, the raise line), already trimmed.
    public var text: String
    /// True for a todo_comment whose marker is not uppercase ("# torch distributed hack"): listed, but a weaker
    /// signal than `# TODO`. Always false for the other kinds.
    public var borderline: Bool
    public init(
        path: String, line: Int, kind: StubKind, symbol: String, declaration: Bool, text: String,
        borderline: Bool = false
    ) {
        self.path = path
        self.line = line
        self.kind = kind
        self.symbol = symbol
        self.declaration = declaration
        self.text = text
        self.borderline = borderline
    }
}
