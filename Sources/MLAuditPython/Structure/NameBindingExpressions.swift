/// Simple statements, expressions and assignment targets of `NameScan`.
extension NameScan {
    static let augmented: Set<String> = [
        "+=", "-=", "*=", "/=", "//=", "%=", "**=", ">>=", "<<=", "&=", "|=", "^=", "@=",
    ]

    mutating func simple(_ l: LogicalLine, _ a: Int, _ b: Int, depth: Int) {
        let first = l.tokens[a]
        if first.kind == .name {
            switch first.text {
            case "import":
                for (x, y) in items(l, a + 1, b) {
                    if let asAt = nameIndex(l, "as", x, y), asAt + 1 < y {
                        bind(l.tokens[asAt + 1].text)
                    } else if x < y, l.tokens[x].kind == .name {
                        bind(l.tokens[x].text)
                    }
                }
                return
            case "from":
                guard let imp = nameIndex(l, "import", a + 1, b) else { return }
                var x = imp + 1
                var y = b
                if l.isOp(x, "(") {
                    y = l.skipGroup(x, limit: b) - 1
                    x += 1
                }
                if l.isOp(x, "*") {
                    out.hasStarImport = true
                    return
                }
                for (p, q) in items(l, x, y) {
                    if let asAt = nameIndex(l, "as", p, q), asAt + 1 < q {
                        bind(l.tokens[asAt + 1].text)
                    } else if p < q, l.tokens[p].kind == .name {
                        bind(l.tokens[p].text)
                    }
                }
                return
            case "global", "nonlocal":
                for k in a + 1..<b where l.tokens[k].kind == .name {
                    bind(l.tokens[k].text)
                    out.scopeBound[0].insert(l.tokens[k].text)  // `global x` then `x = …` binds the module's x
                }
                return
            case "del":
                target(l, a + 1, b)
                return
            case "type"
            where a + 2 < b && l.tokens[a + 1].kind == .name
                && (l.isOp(a + 2, "=") || l.isOp(a + 2, "[")):
                bind(l.tokens[a + 1].text)
                if let eq = l.positions(of: "=", in: a + 2..<b).first { expr(l, eq + 1, b) }
                return
            case "__all__" where depth == 0:
                exports(l, a + 1, b)
            default:
                break
            }
        }
        let eqs = assignmentEquals(l, a, b)
        if let colon = l.positions(of: ":", in: a..<b, skipLambdaColons: true).first, colon < (eqs.first ?? b) {
            target(l, a, colon)  // `x: T = v`: the annotation is never read at run time by this reader
            if let eq = eqs.first { expr(l, eq + 1, b) }
            return
        }
        if let last = eqs.last {
            var s = a
            for e in eqs {
                target(l, s, e)
                s = e + 1
            }
            expr(l, last + 1, b)
            return
        }
        var k = a
        while k < b {
            if l.isOpening(k) {
                k = l.skipGroup(k, limit: b)
                continue
            }
            if l.tokens[k].kind == .op, Self.augmented.contains(l.tokens[k].text) {
                target(l, a, k)
                expr(l, k + 1, b)
                return
            }
            k += 1
        }
        expr(l, a, b)
    }

    /// The `=` of an assignment at bracket depth 0, not those of lambda parameter defaults.
    func assignmentEquals(_ l: LogicalLine, _ a: Int, _ b: Int) -> [Int] {
        var out: [Int] = []
        var k = a
        var inLambda = false
        while k < b {
            if l.isOpening(k) {
                k = l.skipGroup(k, limit: b)
                continue
            }
            if l.isName(k, "lambda") { inLambda = true }
            if inLambda, l.isOp(k, ":") { inLambda = false }
            if !inLambda, l.isOp(k, "=") { out.append(k) }
            k += 1
        }
        return out
    }

    /// Comma-separated items at bracket depth 0.
    func items(_ l: LogicalLine, _ a: Int, _ b: Int) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        var s = a
        for c in l.positions(of: ",", in: a..<b) + [b] {
            if s < c { out.append((s, c)) }
            s = c + 1
        }
        return out
    }

    /// `__all__ = [...]`, `+= [...]`, `.extend([...])`, `.append("x")`: literal strings are exported names; any
    /// name in the value (another module's `__all__`, a call) makes the list computed.
    mutating func exports(_ l: LogicalLine, _ a: Int, _ b: Int) {
        guard a < b else { return }
        if l.isOp(a, ":") {
            out.hasComputedExports = out.hasComputedExports || l.positions(of: "=", in: a..<b).isEmpty
        }
        let start: Int
        if let eq = l.positions(of: "=", in: a..<b).first {
            start = eq + 1
        } else if l.isOp(a, "+=") {
            start = a + 1
        } else if l.isOp(a, "."), a + 2 < b, ["extend", "append"].contains(l.tokens[a + 1].text), l.isOp(a + 2, "(") {
            start = a + 3
        } else {
            out.hasComputedExports = true
            return
        }
        for k in start..<b {
            let t = l.tokens[k]
            if t.kind == .name, !PythonNameBindingReader.keywords.contains(t.text) { out.hasComputedExports = true }
            guard t.kind == .string, let q = t.text.firstIndex(where: { $0 == "\"" || $0 == "'" }) else { continue }
            let prefix = t.text[..<q].lowercased()
            guard !prefix.contains("f"), !prefix.contains("b"), !l.isOp(k + 1, "%"), !l.isOp(k - 1, "%"),
                l.tokens[k + 1 < l.count ? k + 1 : k].kind != .string || k + 1 >= l.count,
                l.tokens[k > 0 ? k - 1 : k].kind != .string || k == 0
            else {
                out.hasComputedExports = true
                continue
            }
            let body = String(t.text[q...].filter { $0 != "\"" && $0 != "'" })
            if !body.isEmpty, body.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                out.exported.append((body, t.start.line))
            } else {
                out.hasComputedExports = true
            }
        }
    }

    /// An expression: names read, lambda parameters and comprehension targets bound, walrus targets bound,
    /// attribute names and keyword-argument names skipped.
    mutating func expr(_ l: LogicalLine, _ a: Int, _ b: Int) {
        var k = a
        while k < b {
            let t = l.tokens[k]
            guard t.kind == .name else {
                k += 1
                continue
            }
            if PythonNameBindingReader.keywords.contains(t.text) {
                if t.text == "lambda" {
                    var c = k + 1
                    while c < b, !l.isOp(c, ":") { c = l.isOpening(c) ? l.skipGroup(c, limit: b) : c + 1 }
                    parameters(l, k + 1, c, lambda: true)
                    k = c + 1
                    continue
                }
                if t.text == "for", let inAt = nameIndex(l, "in", k + 1, b) {
                    target(l, k + 1, inAt)
                    k = inAt + 1
                    continue
                }
                k += 1
                continue
            }
            if l.isOp(k - 1, ".") || l.isOp(k + 1, "=") {
                k += 1
                continue
            }
            if l.isOp(k + 1, ":=") { bind(t.text) } else { use(t) }
            k += 1
        }
    }

    /// Assignment, `for`, `with … as` and `del` targets: bare names (also starred, in tuples and lists) bound;
    /// the object of an attribute or subscript target read, with its index.
    mutating func target(_ l: LogicalLine, _ a: Int, _ b: Int) {
        var k = a
        while k < b {
            let t = l.tokens[k]
            if l.isOpening(k) {
                if k > a, isOperandEnd(l.tokens[k - 1]) {
                    let close = l.skipGroup(k, limit: b) - 1
                    expr(l, k + 1, max(k + 1, close))
                    k = close + 1
                    continue
                }
                k += 1
                continue
            }
            if t.kind == .name, !PythonNameBindingReader.keywords.contains(t.text), !l.isOp(k - 1, ".") {
                if l.isOp(k + 1, ".") || l.isOp(k + 1, "[") || l.isOp(k + 1, "(") { use(t) } else { bind(t.text) }
            }
            k += 1
        }
    }

    mutating func bind(_ name: String) {
        out.bound.insert(name)
        out.scopeBound[scope].insert(name)
    }

    mutating func use(_ t: PythonToken) {
        guard deadDepth == nil, !PythonNameBindingReader.builtins.contains(t.text) else { return }
        out.uses.append(PythonNameUse(name: t.text, line: t.start.line, scope: scope, isGuarded: false))
    }

    func isOperandEnd(_ t: PythonToken) -> Bool {
        switch t.kind {
        case .name:
            return !PythonNameBindingReader.keywords.contains(t.text)
                || PythonNameBindingReader.operandKeywords.contains(t.text)
        case .number, .string: return true
        case .op: return t.text == ")" || t.text == "]" || t.text == "}"
        default: return false
        }
    }

    private func isOperandStart(_ t: PythonToken, after a: PythonToken) -> Bool {
        switch t.kind {
        case .name:
            return !PythonNameBindingReader.keywords.contains(t.text)
                || PythonNameBindingReader.operandKeywords.contains(t.text)
        case .number: return true
        case .string: return a.kind != .string
        default: return false
        }
    }

    /// One pass over a logical line: Python 2 or otherwise unparsable token pairs, template syntax, and the calls
    /// and names through which a module gains names no statement binds.
    mutating func checkSyntax(_ l: LogicalLine) {
        let n = l.count
        for k in 0..<n {
            let t = l.tokens[k]
            if t.kind == .name {
                switch t.text {
                case "exec", "execfile", "globals", "__builtins__", "builtins":
                    out.hasDynamicNamespace = true
                case "vars" where l.isOp(k + 1, "(") && l.isOp(k + 2, ")"),
                    "locals" where l.isOp(k + 1, "(") && l.isOp(k + 2, ")"):
                    out.hasDynamicNamespace = true
                case "modules" where l.isOp(k - 1, ".") && l.isName(k - 2, "sys"):
                    out.hasDynamicNamespace = true
                default: break
                }
            } else if t.kind == .op, t.text == "{", l.isOp(k + 1, "{") || l.isOp(k + 1, "%") {
                out.isTemplate = true
            }
            guard k + 1 < n, isOperandEnd(t), isOperandStart(l.tokens[k + 1], after: t) else { continue }
            // Soft keywords open a statement: `match x:`, `case P:`, `type X = …`.
            if k == 0 || l.isOp(k - 1, ";") || l.isOp(k - 1, ":"), ["match", "case", "type"].contains(t.text) {
                continue
            }
            out.isUnparsable = true
        }
    }
}
