/// The single pass over a token stream that fills a `PythonModule`.
///
/// Reads the file's logical lines (`PythonLogicalLines`: tokens up to NEWLINE, each line with its block depth from
/// INDENT/DEDENT);
/// `def`/`class`/`if __name__ == "__main__"` open scopes whose body is every following line deeper than
/// the header, so a scope closes at the first line that is not (its end is the last line before that).
/// No AST is built and nothing recurses.
struct ModuleBuilder {
    private struct Scope {
        enum Kind { case function, classDef, mainBlock }
        var kind: Kind
        var index: Int
        var bodyDepth: Int
        var qualifiedName: String
        var headerLine: Int
        var statementCount = 0
        /// The first three direct statements: summary, line, text (text only for stub-like summaries).
        var first: [(StatementReader.Summary, Int, String)] = []
        var docstring: String? = nil
    }

    private(set) var module: PythonModule
    private var scopes: [Scope] = []
    private var pendingDecorators: [String] = []
    private var lastLineEnd = 0
    private var moduleStatements = 0

    init(path: String, lineCount: Int) {
        module = PythonModule(path: path, lineCount: lineCount)
    }

    // MARK: token stream

    /// Reads the file's logical lines (`lines`, cut from `tokens`) and the comments of `tokens`.
    mutating func consume(_ tokens: [PythonToken], lines: PythonLogicalLines) {
        for t in tokens where t.kind == .comment {
            module.comments.append(PythonComment(text: t.text, line: t.start.line))
        }
        for k in 0..<lines.count {
            let depth = lines.depth(k)
            closeScopes(deeperThan: depth)
            process(lines.line(k), depth: depth)
        }
        closeScopes(deeperThan: -1)
    }

    private var currentFunction: String? {
        scopes.last(where: { $0.kind == .function })?.qualifiedName
    }

    private var qualifiedPrefix: String {
        guard let s = scopes.last(where: { $0.kind != .mainBlock }) else { return "" }
        return s.qualifiedName + "."
    }

    // MARK: logical lines

    private mutating func process(_ line: LogicalLine, depth: Int) {
        let n = line.count
        let endLine = line.tokens[n - 1].end.line
        defer { lastLineEnd = max(lastLineEnd, endLine) }
        let outer = currentFunction
        if line.isOp(0, "@") {
            pendingDecorators.append(HeaderReader.decorator(line))
            record(line, 0..<n, enclosing: outer, docstring: false)
            return
        }
        guard let h = HeaderReader.header(line) else {
            pendingDecorators.removeAll()
            for statement in line.split(0..<n, by: ";") where !statement.isEmpty {
                simpleStatement(line, statement, depth: depth)
            }
            return
        }
        let headerRange = 0..<(h.colon + 1)
        countStatement(.other, line: line.tokens[0].start.line, text: "", depth: depth, docstring: nil)
        var pushed = false
        switch h.kind {
        case .function(let isAsync):
            record(line, headerRange, enclosing: outer, docstring: false)
            if let (nameIndex, group) = HeaderReader.nameAndGroup(line, h) {
                let name = line.tokens[nameIndex].text
                let qualified = qualifiedPrefix + name
                let owner = scopes.last(where: { $0.kind != .mainBlock })
                let f = PythonFunction(
                    name: name, qualifiedName: qualified,
                    enclosingClass: owner?.kind == .classDef ? owner?.qualifiedName : nil,
                    decorators: pendingDecorators,
                    parameters: group.map { HeaderReader.parameters(line, $0) } ?? [],
                    isAsync: isAsync, span: LineSpan(start: line.tokens[0].start.line, end: endLine),
                    docstring: nil, bodyKind: .implemented, bodyMarkerLine: nil)
                module.functions.append(f)
                scopes.append(
                    Scope(
                        kind: .function, index: module.functions.count - 1, bodyDepth: depth + 1,
                        qualifiedName: qualified, headerLine: line.tokens[0].start.line))
                pushed = true
            }
        case .classDef:
            record(line, headerRange, enclosing: outer, docstring: false)
            if let (nameIndex, group) = HeaderReader.nameAndGroup(line, h) {
                let name = line.tokens[nameIndex].text
                let qualified = qualifiedPrefix + name
                let (bases, keywords) = group.map { HeaderReader.bases(line, $0) } ?? ([], [:])
                module.classes.append(
                    PythonClass(
                        name: name, qualifiedName: qualified, bases: bases, keywords: keywords,
                        decorators: pendingDecorators, span: LineSpan(start: line.tokens[0].start.line, end: endLine),
                        docstring: nil))
                scopes.append(
                    Scope(
                        kind: .classDef, index: module.classes.count - 1, bodyDepth: depth + 1,
                        qualifiedName: qualified, headerLine: line.tokens[0].start.line))
                pushed = true
            }
        case .other(let word):
            // `match (x):` is not a call of `match`.
            let from = (word == "match" || word == "case") ? 1 : 0
            record(line, from..<(h.colon + 1), enclosing: outer, docstring: false)
            if depth == 0, HeaderReader.isMainGuard(line, h) {
                let start = line.tokens[0].start.line
                module.mainBlocks.append(LineSpan(start: start, end: endLine))
                scopes.append(
                    Scope(
                        kind: .mainBlock, index: module.mainBlocks.count - 1, bodyDepth: depth + 1,
                        qualifiedName: "", headerLine: start))
                pushed = true
            }
        }
        pendingDecorators.removeAll()
        let body = (h.colon + 1)..<n
        guard !body.isEmpty else { return }
        for statement in line.split(body, by: ";") where !statement.isEmpty {
            simpleStatement(line, statement, depth: depth + 1)
        }
        if pushed {
            lastLineEnd = max(lastLineEnd, endLine)
            closeScopes(deeperThan: depth)
        }
    }

    private mutating func simpleStatement(_ line: LogicalLine, _ r: Range<Int>, depth: Int) {
        let enclosing = currentFunction
        // Only the first statements of a function body are classified (the rest cannot make it a stub).
        let summary: StatementReader.Summary
        if let s = scopes.last, s.kind == .function, s.bodyDepth == depth, s.first.count < 3 {
            summary = StatementReader.summarize(line, r)
        } else {
            summary = r.allSatisfy({ line.tokens[$0].kind == .string }) ? .docstring : .other
        }
        let lineNumber = line.tokens[r.lowerBound].start.line
        let isDocstring = summary == .docstring && isFirstStatement(depth: depth)
        let text = summary == .other ? "" : line.text(r)
        // A docstring statement is only string tokens: their contents are taken once, for the scope's docstring and
        // the string literals (a one-token docstring, the usual case, is then one stored text, not two).
        let docstringParts = isDocstring ? r.map { LogicalLine.stringContent(line.tokens[$0].text) } : nil
        countStatement(
            summary, line: lineNumber, text: text, depth: depth,
            docstring: docstringParts.map { $0.count == 1 ? $0[0] : $0.joined() })
        record(line, r, enclosing: enclosing, docstring: isDocstring, contents: docstringParts)
        let first = line.tokens[r.lowerBound]
        if first.kind == .name, first.text == "import" || first.text == "from" {
            if let imports = StatementReader.imports(line, r, lineNumber: lineNumber) { module.imports += imports }
            return
        }
        if first.kind == .name, first.text == "raise" {
            module.raises.append(StatementReader.raise(line, r, enclosingFunction: enclosing))
            return
        }
        if first.kind == .name, first.text == "return" {
            guard !StatementReader.returnsComputedValue(line, r) else { return }
            let message = StatementReader.message(line, (r.lowerBound + 1)..<r.upperBound)
            if !message.isEmpty {
                module.stringReturns.append(
                    PythonReturn(
                        message: message, text: line.text(r), line: lineNumber,
                        enclosingFunction: enclosing))
            }
            return
        }
        if let e = StatementReader.expressionStatement(line, r, enclosingFunction: enclosing) {
            module.expressionStatements.append(e)
            return
        }
        module.assignments += StatementReader.assignments(line, r, enclosingFunction: enclosing)
    }

    /// Calls and string literals of a token range. `contents`, when given, holds the content of every token of `r`
    /// (all strings), already taken.
    private mutating func record(
        _ line: LogicalLine, _ r: Range<Int>, enclosing: String?, docstring: Bool, contents: [String]? = nil
    ) {
        module.calls += CallReader.calls(in: line, range: r, enclosingFunction: enclosing)
        module.literalIdentities += StatementReader.literalIdentities(line, r)
        for i in r where line.tokens[i].kind == .string {
            let t = line.tokens[i]
            module.strings.append(
                PythonStringLiteral(
                    value: contents?[i - r.lowerBound] ?? LogicalLine.stringContent(t.text), line: t.start.line,
                    isDocstring: docstring))
            if LogicalLine.isFString(t.text) {
                module.calls += FStringCalls.calls(in: t, enclosingFunction: enclosing)
            }
        }
    }

    private func isFirstStatement(depth: Int) -> Bool {
        if let s = scopes.last, s.bodyDepth == depth, s.kind != .mainBlock { return s.statementCount == 0 }
        return depth == 0 && moduleStatements == 0 && scopes.isEmpty
    }

    private mutating func countStatement(
        _ summary: StatementReader.Summary, line: Int, text: String, depth: Int,
        docstring: String?
    ) {
        if depth == 0 && scopes.isEmpty { moduleStatements += 1 }
        guard var s = scopes.last, s.bodyDepth == depth else { return }
        if s.statementCount == 0, let d = docstring { s.docstring = d }
        if s.first.count < 3 { s.first.append((summary, line, text)) }
        s.statementCount += 1
        scopes[scopes.count - 1] = s
    }

    // MARK: scopes

    private mutating func closeScopes(deeperThan depth: Int) {
        while let s = scopes.last, s.bodyDepth > depth {
            scopes.removeLast()
            let end = max(s.headerLine, lastLineEnd)
            switch s.kind {
            case .function:
                module.functions[s.index].span.end = end
                module.functions[s.index].docstring = s.docstring
                let (kind, marker) = ModuleBuilder.classify(s.first, count: s.statementCount)
                module.functions[s.index].bodyKind = kind
                module.functions[s.index].bodyMarkerLine = marker?.0
                module.functions[s.index].bodyMarkerText = marker?.1
            case .classDef:
                module.classes[s.index].span.end = end
                module.classes[s.index].docstring = s.docstring
            case .mainBlock:
                module.mainBlocks[s.index].end = end
            }
        }
    }

    /// Body kind from a function's first direct statements (after an optional docstring).
    static func classify(_ first: [(StatementReader.Summary, Int, String)], count: Int)
        -> (FunctionBodyKind, (Int, String)?)
    {
        var items = first
        var total = count
        var doc: (Int, String)? = nil
        if let f = items.first, f.0 == .docstring {
            doc = (f.1, f.2)
            items.removeFirst()
            total -= 1
        }
        if total == 0 { return doc.map { (.docstringOnly, $0) } ?? (.implemented, nil) }
        if total == 1, let only = items.first {
            switch only.0 {
            case .pass: return (.pass, (only.1, only.2))
            case .ellipsis: return (.ellipsis, (only.1, only.2))
            case .raiseNotImplemented: return (.raisesNotImplemented, (only.1, only.2))
            case .placeholder: return (.placeholderMessage, (only.1, only.2))
            default: return (.implemented, nil)
            }
        }
        if total == 2, items.count == 2 {
            let kinds = items.map { $0.0 }
            let filler: Set<StatementReader.Summary> = [.pass, .bareReturn, .placeholder, .raiseNotImplemented]
            guard kinds.allSatisfy({ filler.contains($0) }) else { return (.implemented, nil) }
            if let r = items.first(where: { $0.0 == .raiseNotImplemented }) {
                return (.raisesNotImplemented, (r.1, r.2))
            }
            if let p = items.first(where: { $0.0 == .placeholder }) { return (.placeholderMessage, (p.1, p.2)) }
        }
        return (.implemented, nil)
    }
}
