/// Calls inside f-string replacement fields (`f"{torch.cuda.memory_allocated() / 1e9:.2f}"`).
/// CPython 3.11's tokenizer keeps an f-string as one STRING token, so each field's expression is cut out,
/// tokenized on its own and read with `CallReader`; positions are shifted back into the file.
/// Nested f-strings inside fields are read too, at most `maxNesting` levels deep.
enum FStringCalls {
    static let maxNesting = 3

    static func calls(in token: PythonToken, enclosingFunction: String?, nesting: Int = 0) -> [PythonCall] {
        guard nesting < maxNesting, token.kind == .string, LogicalLine.isFString(token.text) else { return [] }
        let scalars = Array(token.text.unicodeScalars)
        guard let q = scalars.firstIndex(where: { $0 == "\"" || $0 == "'" }) else { return [] }
        let quote = scalars[q]
        let triple =
            q + 2 < scalars.count && scalars[q + 1] == quote && scalars[q + 2] == quote && scalars.count - q >= 6
        let bodyStart = q + (triple ? 3 : 1)
        let bodyEnd = max(bodyStart, scalars.count - (triple ? 3 : 1))
        var out: [PythonCall] = []
        var i = bodyStart
        while i < bodyEnd {
            let c = scalars[i]
            if c == "{" {
                if i + 1 < bodyEnd, scalars[i + 1] == "{" {
                    i += 2
                    continue
                }
                let end = fieldEnd(scalars, from: i + 1, limit: bodyEnd)
                if end > i + 1 {
                    out += callsInExpression(
                        scalars, (i + 1)..<end, token: token, enclosingFunction: enclosingFunction,
                        nesting: nesting)
                }
                // Continue after the expression: a format spec's nested fields (`{x:>{width()}}`) are fields
                // too, and the closing braces and conversion (`!r`) are plain characters to this loop.
                i = max(end, i + 1)
                continue
            }
            i += 1
        }
        return out
    }

    /// End of a field's expression: the first `!` (not `!=`), `:` or `}` outside brackets and strings.
    private static func fieldEnd(_ s: [Unicode.Scalar], from: Int, limit: Int) -> Int {
        var depth = 0
        var i = from
        var inString: Unicode.Scalar? = nil
        while i < limit {
            let c = s[i]
            if let q = inString {
                if c == "\\" {
                    i += 2
                    continue
                }
                if c == q { inString = nil }
            } else if c == "\"" || c == "'" {
                inString = c
            } else if c == "(" || c == "[" || c == "{" {
                depth += 1
            } else if c == ")" || c == "]" || c == "}" {
                if depth == 0 { return i }
                depth -= 1
            } else if depth == 0, c == ":" || (c == "!" && !(i + 1 < limit && s[i + 1] == "=")) {
                return i
            }
            i += 1
        }
        return limit
    }

    private static func callsInExpression(
        _ s: [Unicode.Scalar], _ r: Range<Int>, token: PythonToken,
        enclosingFunction: String?, nesting: Int
    ) -> [PythonCall] {
        guard s[r].contains("(") else { return [] }
        var text = "("
        text.unicodeScalars.append(contentsOf: s[r])
        text += ")\n"
        let tokenization = PythonTokenizer.tokenize(Array(text.utf8))
        let significant = tokenization.tokens.filter {
            switch $0.kind {
            case .encoding, .nl, .newline, .comment, .indent, .dedent, .endmarker: return false
            default: return true
            }
        }
        guard !significant.isEmpty else { return [] }
        // Where the expression starts in the file: line and column of scalar r.lowerBound of the token.
        var line = token.start.line
        var column = token.start.column
        for k in 0..<r.lowerBound {
            if s[k] == "\n" {
                line += 1
                column = 0
            } else {
                column += 1
            }
        }
        func shift(_ p: SourcePosition) -> SourcePosition {
            // Line 1 of the snippet carries the "(" we added.
            p.line == 1
                ? SourcePosition(line: line, column: column + p.column - 1)
                : SourcePosition(line: line + p.line - 1, column: p.column)
        }
        let moved = significant.map { t -> PythonToken in
            var t = t
            t.start = shift(t.start)
            t.end = shift(t.end)
            return t
        }
        let logical = LogicalLine(tokens: moved)
        var out = CallReader.calls(in: logical, range: 0..<logical.count, enclosingFunction: enclosingFunction)
        for t in moved where t.kind == .string {
            out += calls(in: t, enclosingFunction: enclosingFunction, nesting: nesting + 1)
        }
        return out
    }
}
