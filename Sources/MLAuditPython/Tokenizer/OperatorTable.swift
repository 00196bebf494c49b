/// The operators of CPython 3.11's `token.EXACT_TOKEN_TYPES` and their exact type names.
/// `tokenize` tries them longest first, so matching is longest-match.
enum OperatorTable {
    static let exactTypes: [String: String] = [
        "!=": "NOTEQUAL", "%": "PERCENT", "%=": "PERCENTEQUAL", "&": "AMPER", "&=": "AMPEREQUAL",
        "(": "LPAR", ")": "RPAR", "*": "STAR", "**": "DOUBLESTAR", "**=": "DOUBLESTAREQUAL", "*=": "STAREQUAL",
        "+": "PLUS", "+=": "PLUSEQUAL", ",": "COMMA", "-": "MINUS", "-=": "MINEQUAL", "->": "RARROW",
        ".": "DOT", "...": "ELLIPSIS", "/": "SLASH", "//": "DOUBLESLASH", "//=": "DOUBLESLASHEQUAL",
        "/=": "SLASHEQUAL", ":": "COLON", ":=": "COLONEQUAL", ";": "SEMI", "<": "LESS", "<<": "LEFTSHIFT",
        "<<=": "LEFTSHIFTEQUAL", "<=": "LESSEQUAL", "=": "EQUAL", "==": "EQEQUAL", ">": "GREATER",
        ">=": "GREATEREQUAL", ">>": "RIGHTSHIFT", ">>=": "RIGHTSHIFTEQUAL", "@": "AT", "@=": "ATEQUAL",
        "[": "LSQB", "]": "RSQB", "^": "CIRCUMFLEX", "^=": "CIRCUMFLEXEQUAL", "{": "LBRACE", "|": "VBAR",
        "|=": "VBAREQUAL", "}": "RBRACE", "~": "TILDE",
    ]

    /// The exact type name of an OP token's text (`OP` when it is not an operator, e.g. a `\w+` match
    /// such as `½` that does not start like an identifier).
    static func exactType(of text: String) -> String {
        exactTypes[text] ?? "OP"
    }

    /// Length of the longest operator at `start`, or nil.
    static func matchLength(_ text: UnsafeBufferPointer<UInt8>, at start: Int, lineEnd: Int) -> Int? {
        let first = text[start]
        let second: UInt8 = start + 1 < lineEnd ? text[start + 1] : 0
        let third: UInt8 = start + 2 < lineEnd ? text[start + 2] : 0
        let equal: UInt8 = 0x3D
        switch first {
        case 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x2C, 0x3B, 0x7E: // ( ) [ ] { } , ; ~
            return 1
        case 0x2E: // .
            return second == 0x2E && third == 0x2E ? 3 : 1
        case 0x3A: // :
            return second == equal ? 2 : 1
        case 0x21: // !
            return second == equal ? 2 : nil
        case 0x2D: // -
            return second == 0x3E || second == equal ? 2 : 1
        case 0x2B, 0x25, 0x26, 0x40, 0x5E, 0x7C, 0x3D: // + % & @ ^ | =
            return second == equal ? 2 : 1
        case 0x2A, 0x2F, 0x3C, 0x3E: // * / < > (doubled forms and their augmented assignments)
            if second == first { return third == equal ? 3 : 2 }
            return second == equal ? 2 : 1
        default:
            return nil
        }
    }
}
