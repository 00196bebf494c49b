/// The significant tokens of one logical line (NEWLINE-terminated statement), with bracket matching.
/// Positions are indices into `tokens`; every helper works on index ranges and never recurses,
/// so brackets nested 100,000 deep cost linear time and constant stack.
struct LogicalLine {
    let tokens: [PythonToken]
    /// For an opening bracket, the index of its closing bracket (and vice versa); -1 when unmatched or not a bracket.
    let match: [Int]

    init(tokens: [PythonToken]) {
        self.tokens = tokens
        var match = [Int](repeating: -1, count: tokens.count)
        var stack: [Int] = []
        for i in tokens.indices {
            guard tokens[i].kind == .op else { continue }
            let u = tokens[i].text.utf8
            guard u.count == 1, let c = u.first else { continue }
            switch c {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
                stack.append(i)
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                if let open = stack.last, LogicalLine.closer(of: tokens[open].text) == tokens[i].text {
                    stack.removeLast()
                    match[open] = i
                    match[i] = open
                }
            default:
                break
            }
        }
        self.match = match
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
        var out = ""
        var length = 0  // UTF-8 bytes: never less than the character count
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
                if p.end != t.start, !hug {
                    out += " "
                    length += 1
                }
            }
            if t.kind == .string, LogicalLine.hasLineBreak(t.text) {
                let piece = t.text.split(
                    omittingEmptySubsequences: false,
                    whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
                ).joined(separator: " ")
                out += piece
                length += piece.utf8.count
            } else {
                out += t.text
                length += t.text.utf8.count
            }
            if length >= limit { break }
            i += 1
        }
        if length > limit, out.unicodeScalars.count > limit {
            var cut = ""
            cut.unicodeScalars.append(contentsOf: out.unicodeScalars.prefix(limit))
            return cut
        }
        return out
    }

    static func hasLineBreak(_ s: String) -> Bool {
        s.utf8.contains { $0 == 0x0A || $0 == 0x0D }
    }

    /// The content of a STRING token: prefix and quotes removed, escapes left as written.
    static func stringContent(_ text: String) -> String {
        let u = Array(text.utf8)
        var i = 0
        while i < u.count, u[i] != 0x22, u[i] != 0x27 { i += 1 }
        guard i < u.count else { return text }
        let q = u[i]
        let triple = i + 2 < u.count && u[i + 1] == q && u[i + 2] == q && u.count - i >= 6
        let open = triple ? 3 : 1
        let start = i + open
        var end = u.count - open
        if end < start { end = start }
        // Unterminated strings (tokenizer error tails) keep what is there.
        if !(u.count >= start + open && u[u.count - 1] == q) { end = u.count }
        return String(decoding: u[start..<end], as: UTF8.self)
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
