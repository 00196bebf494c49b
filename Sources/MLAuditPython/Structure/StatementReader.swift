/// Reads one simple statement (a token range of a logical line): imports, assignments, raise/return
/// messages, and the summary the stub classification of function bodies needs.
enum StatementReader {
    enum Summary: Equatable {
        case docstring, pass, ellipsis, raiseNotImplemented, placeholder, bareReturn, other
    }

    static let augmentedAssignments: Set<String> = [
        "+=", "-=", "*=", "/=", "//=", "%=", "@=", "&=", "|=", "^=", "<<=", ">>=", "**=",
    ]
    static let logNames: Set<String> = [
        "print", "warn", "warning", "info", "error", "debug", "critical", "exception", "log",
    ]
    /// Keywords that start a simple statement which cannot be an assignment.
    static let nonAssignmentStarts: Set<String> = [
        "import", "from", "return", "raise", "del", "assert", "global", "nonlocal", "pass", "break",
        "continue", "yield", "await", "lambda", "not",
    ]

    // MARK: imports

    /// The imports of an `import`/`from` statement, nil when the statement is neither.
    static func imports(_ line: LogicalLine, _ r: Range<Int>, lineNumber: Int) -> [PythonImport]? {
        guard !r.isEmpty else { return nil }
        if line.isName(r.lowerBound, "import") {
            var out: [PythonImport] = []
            for part in line.split((r.lowerBound + 1)..<r.upperBound, by: ",") {
                let (module, next) = dotted(line, from: part.lowerBound, limit: part.upperBound)
                guard !module.isEmpty else { continue }
                var alias: String? = nil
                if line.isName(next, "as"), next + 1 < part.upperBound { alias = line.tokens[next + 1].text }
                out.append(
                    PythonImport(module: module, level: 0, isFrom: false, names: [], line: lineNumber, alias: alias))
            }
            return out
        }
        guard line.isName(r.lowerBound, "from") else { return nil }
        var k = r.lowerBound + 1
        var level = 0
        while k < r.upperBound, line.tokens[k].kind == .op, line.tokens[k].text == "." || line.tokens[k].text == "..." {
            level += line.tokens[k].text.count
            k += 1
        }
        let (module, next) = dotted(line, from: k, limit: r.upperBound)
        guard line.isName(next, "import") else { return [] }
        var names: [ImportedName] = []
        var start = next + 1
        var end = r.upperBound
        if line.isOp(start, "(") {
            end = line.match[start] > start ? min(line.match[start], end) : end
            start += 1
        }
        for part in line.split(start..<end, by: ",") where !part.isEmpty {
            if line.isOp(part.lowerBound, "*") {
                names.append(ImportedName(name: "*"))
                continue
            }
            let name = line.tokens[part.lowerBound].text
            var alias: String? = nil
            if line.isName(part.lowerBound + 1, "as"), part.lowerBound + 2 < part.upperBound {
                alias = line.tokens[part.lowerBound + 2].text
            }
            names.append(ImportedName(name: name, alias: alias))
        }
        return [PythonImport(module: module, level: level, isFrom: true, names: names, line: lineNumber)]
    }

    /// A dotted name starting at `from` (`a.b.c`), and the index after it.
    static func dotted(_ line: LogicalLine, from: Int, limit: Int) -> (String, Int) {
        var text = ""
        var k = from
        while k < limit {
            let t = line.tokens[k]
            if t.kind == .name, t.text != "as", t.text != "import" {
                text += t.text
                k += 1
            } else {
                break
            }
            if k < limit, line.isOp(k, ".") {
                text += "."
                k += 1
            } else {
                break
            }
        }
        return (text, k)
    }

    // MARK: assignments

    static func assignments(_ line: LogicalLine, _ r: Range<Int>, enclosingFunction: String?) -> [PythonAssignment] {
        guard !r.isEmpty else { return [] }
        let first = line.tokens[r.lowerBound]
        if first.kind == .name, nonAssignmentStarts.contains(first.text) { return [] }
        var equals: [Int] = []
        var augmented: Int? = nil
        var colon: Int? = nil
        var i = r.lowerBound
        scan: while i < r.upperBound {
            if line.isOpening(i) {
                i = line.skipGroup(i, limit: r.upperBound)
                continue
            }
            let t = line.tokens[i]
            if t.kind == .name, t.text == "lambda" { break scan }
            if t.kind == .op {
                if t.text == "=" {
                    equals.append(i)
                } else if equals.isEmpty, colon == nil, augmentedAssignments.contains(t.text) {
                    augmented = i
                    break scan
                } else if t.text == ":", equals.isEmpty, colon == nil {
                    colon = i
                }
            }
            i += 1
        }
        let lineNumber = first.start.line
        func make(_ targets: Range<Int>, _ value: Range<Int>) -> [PythonAssignment] {
            let valueText = value.isEmpty ? "" : line.text(value)
            return targetElements(line, targets).map {
                PythonAssignment(
                    target: line.text($0), valueText: valueText, line: lineNumber, enclosingFunction: enclosingFunction)
            }
        }
        if let a = augmented { return make(r.lowerBound..<a, (a + 1)..<r.upperBound) }
        if let c = colon {
            let value = equals.first.map { ($0 + 1)..<r.upperBound } ?? r.upperBound..<r.upperBound
            let target = r.lowerBound..<c
            return target.isEmpty
                ? []
                : [
                    PythonAssignment(
                        target: line.text(target), valueText: value.isEmpty ? "" : line.text(value),
                        line: lineNumber, enclosingFunction: enclosingFunction)
                ]
        }
        guard let last = equals.last else { return [] }
        var out: [PythonAssignment] = []
        var start = r.lowerBound
        for e in equals {
            out += make(start..<e, (last + 1)..<r.upperBound)
            start = e + 1
        }
        return out
    }

    /// Target ranges of `a, (b, c), *d` -> a, b, c, d (tuple/list targets unpacked, at most 8 levels).
    static func targetElements(_ line: LogicalLine, _ r: Range<Int>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var work: [(Range<Int>, Int)] = [(r, 0)]
        while let (range, level) = work.popLast() {
            for var p in line.split(range, by: ",").reversed() where !p.isEmpty {
                if line.isOp(p.lowerBound, "*") {
                    p = (p.lowerBound + 1)..<p.upperBound
                    if p.isEmpty { continue }
                }
                let o = p.lowerBound
                if level < 8, line.isOp(o, "(") || line.isOp(o, "["), line.match[o] == p.upperBound - 1 {
                    work.append(((o + 1)..<(p.upperBound - 1), level + 1))
                } else {
                    out.append(p)
                }
            }
        }
        return out.sorted { $0.lowerBound < $1.lowerBound }
    }

    // MARK: messages, raise, return

    /// String literal contents at the top level of `r` or directly inside a top-level parenthesis (call or group).
    static func message(_ line: LogicalLine, _ r: Range<Int>) -> String {
        var out = ""
        var previous = -2
        func add(_ k: Int) {
            let t = line.tokens[k]
            var s = LogicalLine.stringContent(t.text)
            if LogicalLine.isFString(t.text) { s = LogicalLine.withoutReplacementFields(s) }
            if !out.isEmpty, previous != k - 1 { out += " " }
            out += s
            previous = k
        }
        var i = r.lowerBound
        while i < r.upperBound, out.utf8.count < 400 {
            if line.isOpening(i) {
                let end = line.skipGroup(i, limit: r.upperBound)
                if line.isOp(i, "(") {
                    let stop = line.match[i] > i ? line.match[i] : end
                    var k = i + 1
                    while k < stop {
                        if line.isOpening(k) {
                            k = line.skipGroup(k, limit: stop)
                            continue
                        }
                        if line.tokens[k].kind == .string { add(k) }
                        k += 1
                    }
                }
                i = end
                continue
            }
            if line.tokens[i].kind == .string { add(i) }
            i += 1
        }
        return out.count > 200 ? String(out.prefix(200)) : out
    }

    static func raise(_ line: LogicalLine, _ r: Range<Int>, enclosingFunction: String?) -> PythonRaise {
        let (exception, _) = dottedExpression(line, from: r.lowerBound + 1, limit: r.upperBound)
        return PythonRaise(
            exception: exception, message: message(line, (r.lowerBound + 1)..<r.upperBound),
            text: line.text(r), line: line.tokens[r.lowerBound].start.line,
            enclosingFunction: enclosingFunction)
    }

    static func dottedExpression(_ line: LogicalLine, from: Int, limit: Int) -> (String, Int) {
        var text = ""
        var k = from
        while k < limit, line.tokens[k].kind == .name || line.isOp(k, ".") {
            if line.isName(k, "from") { break }
            text += line.tokens[k].text
            k += 1
        }
        return (text, k)
    }

    static func isNotImplemented(_ exception: String) -> Bool {
        let last = exception.split(separator: ".").last.map(String.init) ?? exception
        return last == "NotImplementedError" || last == "NotImplemented"
    }

    /// A `return` of a computed value (a test, a comparison, a conditional) returns code, whatever literals it
    /// compares with: `return x.is_placeholder and status in ('ok', 'placeholder')` returns no message.
    static func returnsComputedValue(_ line: LogicalLine, _ r: Range<Int>) -> Bool {
        ((r.lowerBound + 1)..<r.upperBound).contains { k in
            let t = line.tokens[k]
            switch t.kind {
            case .name: return computingNames.contains(t.text)
            case .op: return comparisons.contains(t.text)
            default: return false
            }
        }
    }
    static let computingNames: Set<String> = ["and", "or", "in", "not", "is", "if"]
    static let comparisons: Set<String> = ["==", "!=", "<", ">", "<=", ">="]

    /// The summary of a simple statement, for function-body classification.
    static func summarize(_ line: LogicalLine, _ r: Range<Int>) -> Summary {
        guard !r.isEmpty else { return .other }
        let first = line.tokens[r.lowerBound]
        if r.count == 1 {
            if first.kind == .name, first.text == "pass" { return .pass }
            if first.kind == .op, first.text == "..." { return .ellipsis }
            if first.kind == .name, first.text == "return" { return .bareReturn }
        }
        if r.allSatisfy({ line.tokens[$0].kind == .string }) { return .docstring }
        if first.kind == .name, first.text == "raise" {
            let (exception, _) = dottedExpression(line, from: r.lowerBound + 1, limit: r.upperBound)
            if isNotImplemented(exception) { return .raiseNotImplemented }
            return StubMarkers.isPlaceholderMessage(
                message(line, (r.lowerBound + 1)..<r.upperBound), bareKeywordCounts: true)
                ? .placeholder : .other
        }
        if first.kind == .name, first.text == "return" {
            if r.count == 2, line.isName(r.lowerBound + 1, "None") { return .bareReturn }
            if returnsComputedValue(line, r) { return .other }
            return StubMarkers.isPlaceholderMessage(message(line, (r.lowerBound + 1)..<r.upperBound))
                ? .placeholder : .other
        }
        // A lone print/log/warn call whose message says "not implemented".
        if first.kind == .name, line.isOp(r.upperBound - 1, ")") {
            let open = line.match[r.upperBound - 1]
            if open > r.lowerBound {
                let (callee, end) = dottedExpression(line, from: r.lowerBound, limit: open)
                let last = callee.split(separator: ".").last.map(String.init) ?? callee
                if end == open, logNames.contains(last),
                    StubMarkers.isPlaceholderMessage(message(line, open..<r.upperBound))
                {
                    return .placeholder
                }
            }
        }
        return .other
    }
}

// MARK: expression statements, literal identities

extension StatementReader {
    /// `a.b` alone (at least one dot) or `a.b(...)` alone: the statement's range holds nothing else.
    static func expressionStatement(_ line: LogicalLine, _ r: Range<Int>, enclosingFunction: String?)
        -> PythonExpressionStatement?
    {
        guard !r.isEmpty, line.tokens[r.lowerBound].kind == .name,
            !CallReader.keywords.contains(line.tokens[r.lowerBound].text)
        else { return nil }
        // The run `dottedExpression` reads, checked on its tokens (most statements are no such shape, so the text
        // is built only for one that is): no "." at its end, no two in a row, at least one for a reference.
        var next = r.lowerBound
        var dots = 0
        var lastDot = false
        while next < r.upperBound, line.tokens[next].kind == .name || line.isOp(next, ".") {
            if line.isName(next, "from") { break }
            let dot = line.tokens[next].kind != .name
            if dot {
                if lastDot { return nil }
                dots += 1
            }
            lastDot = dot
            next += 1
        }
        guard next > r.lowerBound, !lastDot else { return nil }
        let lineNumber = line.tokens[r.lowerBound].start.line
        if next == r.upperBound {
            guard dots > 0 else { return nil }
            return PythonExpressionStatement(
                shape: .reference, expression: dottedExpression(line, from: r.lowerBound, limit: next).0,
                line: lineNumber, enclosingFunction: enclosingFunction)
        }
        guard line.isOp(next, "("), line.match[next] == r.upperBound - 1 else { return nil }
        return PythonExpressionStatement(
            shape: .call, expression: dottedExpression(line, from: r.lowerBound, limit: next).0, line: lineNumber,
            enclosingFunction: enclosingFunction)
    }

    /// `is` / `is not` with a str, bytes or number literal on either side.
    static func literalIdentities(_ line: LogicalLine, _ r: Range<Int>) -> [PythonLiteralIdentity] {
        var out: [PythonLiteralIdentity] = []
        func isLiteral(_ k: Int) -> Bool {
            k >= r.lowerBound && k < r.upperBound && (line.tokens[k].kind == .string || line.tokens[k].kind == .number)
        }
        for i in r where line.isName(i, "is") {
            let negated = line.isName(i + 1, "not") && i + 1 < r.upperBound
            let right = negated ? i + 2 : i + 1
            let literal = isLiteral(right) ? right : (isLiteral(i - 1) ? i - 1 : nil)
            guard let literal else { continue }
            out.append(
                PythonLiteralIdentity(
                    literal: line.tokens[literal].text, negated: negated, line: line.tokens[i].start.line))
        }
        return out
    }
}
