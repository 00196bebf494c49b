/// Finds calls in a token range of a logical line: every `(` that follows a callable expression.
enum CallReader {
    /// Hard keywords: a `(` after one of these opens a parenthesized expression, not a call.
    static let keywords = ShortWordSet([
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
        "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
        "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ])

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
                line.isName(i - 2, "def") || line.isName(i - 2, "class")
            {
                continue
            }
            let (callee, start) = callee(line, before: i, lowerBound: range.lowerBound)
            let close = line.match[i] > i ? line.match[i] : range.upperBound
            var call = PythonCall(
                callee: callee, line: line.tokens[start].start.line,
                column: line.tokens[start].start.column, keywords: [], keywordTexts: [],
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
    /// Calls in the chain read "()", subscripts "[]", other atoms "<expr>"; a parenthesized chain reads as the
    /// chain (`(a.b).c` -> "a.b.c", as CPython's ast has it). Iterative: nested parentheses use a stack.
    static func callee(_ line: LogicalLine, before open: Int, lowerBound: Int) -> (String, Int) {
        var parts: [String] = []
        /// Open parentheses of groups being read as chains, with the parts count when each was entered.
        var groups: [(open: Int, partsBefore: Int)] = []
        var j = open - 1
        var start = j
        var segments = 0
        walk: while j >= lowerBound {
            segments += 1
            if segments > maxChainSegments {
                parts.append("…")
                break
            }
            let floor = groups.last.map { $0.open + 1 } ?? lowerBound
            let t = line.tokens[j]
            var complete = false
            if t.kind == .name, !keywords.contains(t.text) {
                parts.append(t.text)
                start = j
                if j - 2 >= floor, line.isOp(j - 1, ".") {
                    parts.append(".")
                    j -= 2
                    continue
                }
                complete = true
            } else if t.kind == .op, t.text == ")" || t.text == "]", line.match[j] >= floor, line.match[j] < j {
                let m = line.match[j]
                if m - 1 >= floor, isCallable(line, m - 1) {
                    parts.append(t.text == ")" ? "()" : "[]")
                    start = m
                    j = m - 1
                    continue
                }
                if t.text == ")", m + 1 < j {
                    groups.append((m, parts.count))
                    j -= 1
                    continue
                }
                parts.append("<expr>")
                start = m
                complete = true
            } else {
                start =
                    (t.kind == .op && t.text == "}" && line.match[j] >= floor && line.match[j] < j) ? line.match[j] : j
                parts.append("<expr>")
                complete = true
            }
            guard complete else { continue }
            // The chain ended at `start`: close enclosing groups; a group is a chain only if it ends at its '('.
            while let g = groups.popLast() {
                if start != g.open + 1 {
                    parts.removeLast(parts.count - g.partsBefore)
                    parts.append("<expr>")
                }
                start = g.open
            }
            break walk
        }
        if !groups.isEmpty, let g = groups.first {
            parts.removeLast(parts.count - g.partsBefore)
            parts.append("<expr>")
            start = g.open
        }
        return (parts.reversed().joined(), max(start, lowerBound))
    }

    static func readArguments(_ line: LogicalLine, _ range: Range<Int>, into call: inout PythonCall) {
        guard !range.isEmpty else { return }
        for arg in line.split(range, by: ",") where !arg.isEmpty {
            let s = arg.lowerBound
            if arg.count >= 2, line.tokens[s].kind == .name, line.isOp(s + 1, "=") {
                call.appendKeyword(line.tokens[s].text, text: line.text((s + 2)..<arg.upperBound))
            } else if line.isOp(s, "**") {
                call.appendKeyword("**", text: line.text((s + 1)..<arg.upperBound))
            } else {
                call.positionalArguments.append(line.text(arg))
            }
        }
    }
}
