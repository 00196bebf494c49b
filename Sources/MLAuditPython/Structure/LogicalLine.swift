/// The significant tokens of one logical line (NEWLINE-terminated statement), with bracket matching.
/// Positions are indices into `tokens`; every helper works on index ranges and never recurses,
/// so brackets nested 100,000 deep cost linear time and constant stack.
///
/// A line is a window on arrays it shares (a file's `PythonLogicalLines`, or its own for a lone line): making one
/// copies no token.
struct LogicalLine {
    let tokens: Tokens
    /// For an opening bracket, the index of its closing bracket (and vice versa); -1 when unmatched or not a bracket.
    let match: Matches

    /// `count` tokens of `base`, indexed from 0: the tokens at `positions[offset...]`.
    struct Tokens: RandomAccessCollection {
        let base: [PythonToken]
        let positions: [Int32]
        let offset: Int
        let count: Int
        var startIndex: Int { 0 }
        var endIndex: Int { count }
        // Inlined always: a token's field read through here is a load, not a copy of the token.
        subscript(i: Int) -> PythonToken {
            @inline(__always) get { base[Int(positions[offset + i])] }
        }
    }

    /// Bracket matches (line-relative indices) of the tokens of a `Tokens` window, indexed as the window is.
    struct Matches {
        let base: [Int32]
        let offset: Int
        subscript(i: Int) -> Int {
            @inline(__always) get { Int(base[offset + i]) }
        }
    }

    /// A line of its own tokens (all significant, none NEWLINE).
    init(tokens: [PythonToken]) {
        var match = [Int32](repeating: -1, count: tokens.count)
        LogicalLine.writeMatches(tokens.count, { LogicalLine.bracket(tokens[$0]) }, to: &match, at: 0)
        self.tokens = Tokens(
            base: tokens, positions: (0..<Int32(tokens.count)).map { $0 }, offset: 0, count: tokens.count)
        self.match = Matches(base: match, offset: 0)
    }

    /// The tokens `all[positions[range]]`, whose bracket matches (relative to the line's first token) `match`
    /// holds at the same positions.
    init(all: [PythonToken], positions: [Int32], match: [Int32], range: Range<Int>) {
        self.tokens = Tokens(base: all, positions: positions, offset: range.lowerBound, count: range.count)
        self.match = Matches(base: match, offset: range.lowerBound)
    }

    /// The bracket an OP token is (its one byte: `(`, `)`, `[`, `]`, `{`, `}`), else 0.
    @inline(__always)
    static func bracket(_ t: PythonToken) -> UInt8 {
        guard t.kind == .op else { return 0 }
        let u = t.text.utf8
        guard u.count == 1, let c = u.first else { return 0 }
        switch c {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"),
            UInt8(ascii: "}"):
            return c
        default:
            return 0
        }
    }

    /// Writes the bracket matches of `count` tokens, token `i` being the bracket `bracket(i)` (0: none), into
    /// `match[at...]` (already -1), relative to the first token.
    static func writeMatches(_ count: Int, _ bracket: (Int) -> UInt8, to match: inout [Int32], at: Int) {
        var stack: [(index: Int, closer: UInt8)] = []
        for i in 0..<count {
            let c = bracket(i)
            switch c {
            case UInt8(ascii: "("):
                stack.append((i, UInt8(ascii: ")")))
            case UInt8(ascii: "["):
                stack.append((i, UInt8(ascii: "]")))
            case UInt8(ascii: "{"):
                stack.append((i, UInt8(ascii: "}")))
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                if let open = stack.last, open.closer == c {
                    stack.removeLast()
                    match[at + open.index] = Int32(i)
                    match[at + i] = Int32(open.index)
                }
            default:
                break
            }
        }
    }

    static func closer(of open: String) -> String {
        switch open {
        case "(": return ")"
        case "[": return "]"
        default: return "}"
        }
    }

    var count: Int { tokens.count }

    func isOp(_ i: Int, _ text: String) -> Bool {
        i >= 0 && i < tokens.count && tokens[i].kind == .op && tokens[i].text == text
    }

    func isName(_ i: Int, _ text: String) -> Bool {
        i >= 0 && i < tokens.count && tokens[i].kind == .name && tokens[i].text == text
    }

    func isOpening(_ i: Int) -> Bool {
        guard i >= 0, i < tokens.count, tokens[i].kind == .op else { return false }
        let t = tokens[i].text
        return t == "(" || t == "[" || t == "{"
    }

    /// Index just past the bracket group opened at `i` (or `limit` when unmatched).
    func skipGroup(_ i: Int, limit: Int) -> Int {
        let m = match[i]
        return m > i && m < limit ? m + 1 : limit
    }

    /// Indices in `range` at bracket depth `level` (relative to the line) holding op `text`.
    /// Colons of lambdas at that level are skipped when `skipLambdaColons` is set.
    func positions(of text: String, in range: Range<Int>, skipLambdaColons: Bool = false) -> [Int] {
        var out: [Int] = []
        var i = range.lowerBound
        var inLambda = false
        while i < range.upperBound {
            if isOpening(i) {
                i = skipGroup(i, limit: range.upperBound)
                continue
            }
            let t = tokens[i]
            if skipLambdaColons, t.kind == .name, t.text == "lambda" { inLambda = true }
            if t.kind == .op, t.text == text {
                if inLambda && text == ":" { inLambda = false } else { out.append(i) }
            } else if inLambda, t.kind == .op, t.text == ":" {
                inLambda = false
            }
            i += 1
        }
        return out
    }

    /// Splits `range` at top-level separators `sep`; commas of lambda parameters do not split.
    func split(_ range: Range<Int>, by sep: String) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var start = range.lowerBound
        var i = range.lowerBound
        var inLambda = false
        while i < range.upperBound {
            if isOpening(i) {
                i = skipGroup(i, limit: range.upperBound)
                continue
            }
            let t = tokens[i]
            if t.kind == .name, t.text == "lambda" { inLambda = true }
            if t.kind == .op {
                if t.text == ":" { inLambda = false }
                if t.text == sep, !(inLambda && sep == ",") {
                    parts.append(start..<i)
                    start = i + 1
                }
            }
            i += 1
        }
        if start < range.upperBound { parts.append(start..<range.upperBound) }
        return parts
    }

    /// Source text of `range` with whitespace collapsed to single spaces, at most `limit` characters.
    /// Line breaks right inside brackets or before a comma vanish: `f(\n a,\n b\n)` reads `f(a, b)`.
    func text(_ range: Range<Int>, limit: Int = 200) -> String {
        guard !range.isEmpty, range.lowerBound >= 0, range.lowerBound < tokens.count else { return "" }
        if range.count == 1 {  // the common case: a name, a number, a one-line string
            let t = tokens[range.lowerBound]
            if t.text.utf8.count <= limit, !(t.kind == .string && LogicalLine.hasLineBreak(t.text)) { return t.text }
        }
        // Built as UTF-8 bytes (token texts are valid UTF-8), made a String once.
        var out: [UInt8] = []
        out.reserveCapacity(min(limit, 64) + 8)
        var i = range.lowerBound
        while i < range.upperBound, i < tokens.count {
            let t = tokens[i]
            if i > range.lowerBound {
                let p = tokens[i - 1]
                let crossesLine = p.end.line != t.start.line
                let hug =
                    crossesLine
                    && ((p.kind == .op && (p.text == "(" || p.text == "[" || p.text == "{"))
                        || (t.kind == .op && (t.text == ")" || t.text == "]" || t.text == "}" || t.text == ",")))
                if p.end != t.start, !hug { out.append(UInt8(ascii: " ")) }
            }
            if t.kind == .string, LogicalLine.hasLineBreak(t.text) {
                // Each line break ("\r\n" is one, as a Character) reads as one space.
                var previous: UInt8 = 0
                for b in t.text.utf8 {
                    if b == 0x0A && previous == 0x0D {
                        previous = b
                        continue
                    }
                    out.append(b == 0x0A || b == 0x0D ? UInt8(ascii: " ") : b)
                    previous = b
                }
            } else {
                out.append(contentsOf: t.text.utf8)
            }
            // UTF-8 bytes: never less than the character count
            if out.count >= limit { break }
            i += 1
        }
        if out.count > limit {
            // At most `limit` Unicode scalars: cut where scalar `limit` starts (a byte that is no continuation byte).
            var scalars = 0
            for (k, b) in out.enumerated() where b & 0xC0 != 0x80 {
                if scalars == limit {
                    out.removeSubrange(k...)
                    break
                }
                scalars += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hasLineBreak(_ s: String) -> Bool {
        s.utf8.contains { $0 == 0x0A || $0 == 0x0D }
    }

    /// The content of a STRING token: prefix and quotes removed, escapes left as written.
    static func stringContent(_ text: String) -> String {
        var text = text
        // native strings are contiguous UTF-8: the bytes are read in place, not copied into an array first
        return text.withUTF8 { stringContent(bytes: $0) }
    }

    private static func stringContent(bytes u: UnsafeBufferPointer<UInt8>) -> String {
        var i = 0
        while i < u.count, u[i] != 0x22, u[i] != 0x27 { i += 1 }
        guard i < u.count else { return String(decoding: u, as: UTF8.self) }
        let q = u[i]
        let triple = i + 2 < u.count && u[i + 1] == q && u[i + 2] == q && u.count - i >= 6
        let open = triple ? 3 : 1
        let start = i + open
        var end = u.count - open
        if end < start { end = start }
        // Unterminated strings (tokenizer error tails) keep what is there.
        if !(u.count >= start + open && u[u.count - 1] == q) { end = u.count }
        return String(decoding: UnsafeBufferPointer(rebasing: u[start..<end]), as: UTF8.self)
    }

    static func isFString(_ text: String) -> Bool {
        for c in text.utf8 {
            if c == 0x22 || c == 0x27 { return false }
            if c == 0x66 || c == 0x46 { return true }
        }
        return false
    }

    /// f-string content with `{...}` replacement fields removed (`{{`/`}}` read as braces).
    static func withoutReplacementFields(_ s: String) -> String {
        let chars = Array(s)
        var out = ""
        var depth = 0
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if depth == 0 {
                if c == "{" || c == "}", i + 1 < chars.count, chars[i + 1] == c {
                    out.append(c)
                    i += 2
                    continue
                }
                if c == "{" { depth = 1 } else { out.append(c) }
            } else if c == "{" {
                depth += 1
            } else if c == "}" {
                depth -= 1
            }
            i += 1
        }
        return out
    }
}
