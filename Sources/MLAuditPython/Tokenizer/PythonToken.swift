/// A token of Python source, as CPython 3.11's `tokenize` module produces it.
///
/// Positions follow CPython: `line` is 1-based, `column` is 0-based and counts
/// Unicode scalar values (code points) of the decoded line.
public struct SourcePosition: Hashable, Comparable, Sendable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        a.line != b.line ? a.line < b.line : a.column < b.column
    }
}

/// Token kinds of CPython's `tokenize` (3.11). `op` tokens carry their exact type in `PythonToken.exactType`.
public enum PythonTokenKind: String, Sendable {
    case encoding = "ENCODING"
    case name = "NAME"
    case number = "NUMBER"
    case string = "STRING"
    case op = "OP"
    case comment = "COMMENT"
    case newline = "NEWLINE"
    case nl = "NL"
    case indent = "INDENT"
    case dedent = "DEDENT"
    case endmarker = "ENDMARKER"
    case errortoken = "ERRORTOKEN"
}

public struct PythonToken: Hashable, Sendable {
    public var kind: PythonTokenKind
    /// The token's text exactly as in the source (for ENCODING, the encoding name).
    public var text: String
    public var start: SourcePosition
    public var end: SourcePosition
    /// For `.op`: CPython's exact token name (`LPAR`, `COLONEQUAL`, `RARROW`, ..., or `OP` for an OP token
    /// that is no operator); else nil. Stored as a one-byte code; names outside CPython's set read back as `OP`.
    public var exactType: String? {
        get { OperatorTable.name(code: exactTypeCode) }
        set { exactTypeCode = OperatorTable.code(name: newValue) }
    }
    /// `exactType` as a code of `OperatorTable` (0: none).
    var exactTypeCode: UInt8

    public init(
        kind: PythonTokenKind, text: String, start: SourcePosition, end: SourcePosition, exactType: String? = nil
    ) {
        self.kind = kind
        self.text = text
        self.start = start
        self.end = end
        self.exactTypeCode = OperatorTable.code(name: exactType)
    }

    init(kind: PythonTokenKind, text: String, start: SourcePosition, end: SourcePosition, exactTypeCode: UInt8) {
        self.kind = kind
        self.text = text
        self.start = start
        self.end = end
        self.exactTypeCode = exactTypeCode
    }
}
