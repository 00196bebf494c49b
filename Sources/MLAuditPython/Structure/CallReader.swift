/// Finds calls in a token range of a logical line: every `(` that follows a callable expression.
enum CallReader {
    /// Hard keywords: a `(` after one of these opens a parenthesized expression, not a call.
    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
        "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
        "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]

    /// Longest callee chain walked back from a `(`, in segments; longer chains are cut with "…".
    static let maxChainSegments = 64

    static func calls(in line: LogicalLine, range: Range<Int>, enclosingFunction: String?) -> [PythonCall] {
        var out: [PythonCall] = []
        var i = range.lowerBound
        while i < range.upperBound {
            defer { i += 1 }
            guard line.isOp(i, "("), i - 1 >= range.lowerBound, isCallable(line, i - 1) else { continue }
            // `def f(` and `class C(` are definitions.
            if line.tokens[i - 1].kind == .name, i - 2 >= range.lowerBound,
               line.isName(i - 2, "def") || line.isName(i - 2, "class") { continue }
            let (callee, start) = callee(line, before: i, lowerBound: range.lowerBound)
            let close = line.match[i] > i ? line.match[i] : range.upperBound
            var call = PythonCall(callee: callee, line: line.tokens[start].start.line,
                                  column: line.tokens[start].start.column, keywords: [], keywordValues: [:],
                                  positionalArguments: [], enclosingFunction: enclosingFunction)
            readArguments(line, (i + 1)..<min(close, range.upperBound), into: &call)
            out.append(call)
        }
        return out
    }

    /// True when the token at `i` can end the callee of a call that opens right after it.
    static func isCallable(_ line: LogicalLine, _ i: Int) -> Bool {
        let t = line.tokens[i]
        switch t.kind {
        case .name: return !keywords.contains(t.text)
        case .op: return (t.text == ")" || t.text == "]") && line.match[i] >= 0
        default: return false
        }
    }

    /// The dotted callee ending just before `open`, and the index of its first token.
    /// Calls in the chain read "()", subscripts "[]", other atoms "<expr>".
    static func callee(_ line: LogicalLine, before open: Int, lowerBound: Int) -> (String, Int) {
        var parts: [String] = []
        var j = open - 1
        var start = j
        var segments = 0
        while j >= lowerBound {
            segments += 1
            if segments > maxChainSegments { parts.append("…"); break }
            let t = line.tokens[j]
            if t.kind == .name, !keywords.contains(t.text) {
                parts.append(t.text)
                start = j
                if j - 2 >= lowerBound, line.isOp(j - 1, ".") {
                    parts.append(".")
                    j -= 2
                    continue
                }
                break
            }
            if t.kind == .op, t.text == ")" || t.text == "]", line.match[j] >= lowerBound, line.match[j] < j {
                let m = line.match[j]
                start = m
                if m - 1 >= lowerBound, isCallable(line, m - 1) {
                    parts.append(t.text == ")" ? "()" : "[]")
                    j = m - 1
                    continue
                }
                parts.append("<expr>")
                break
            }
            if t.kind == .op, t.text == "}", line.match[j] >= lowerBound, line.match[j] < j { start = line.match[j] } else { start = j }
            parts.append("<expr>")
            break
        }
        return (parts.reversed().joined(), max(start, lowerBound))
    }

    static func readArguments(_ line: LogicalLine, _ range: Range<Int>, into call: inout PythonCall) {
        guard !range.isEmpty else { return }
        for arg in line.split(range, by: ",") where !arg.isEmpty {
            let s = arg.lowerBound
            if arg.count >= 2, line.tokens[s].kind == .name, line.isOp(s + 1, "=") {
                let name = line.tokens[s].text
                call.keywords.append(name)
                if call.keywordValues[name] == nil { call.keywordValues[name] = line.text((s + 2)..<arg.upperBound) }
            } else if line.isOp(s, "**") {
                call.keywords.append("**")
                if call.keywordValues["**"] == nil { call.keywordValues["**"] = line.text((s + 1)..<arg.upperBound) }
            } else {
                call.positionalArguments.append(line.text(arg))
            }
        }
    }
}
