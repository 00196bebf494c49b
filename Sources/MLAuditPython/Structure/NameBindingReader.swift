/// What one Python module binds and which names it reads at run time, from its tokens (no AST, nothing recurses).
///
/// Bindings are collected over every scope (imports, `def`/`class` names, parameters of functions and lambdas,
/// assignment / `for` / comprehension / `with … as` / `except … as` targets, walrus, `global`/`nonlocal`, `del`,
/// `match` capture patterns, `type X = …`). Uses are name loads in run-time positions: not annotations (parameter,
/// return and variable annotations), not attribute names after `.`, not keyword-argument names, not strings.
public struct PythonNameUse: Hashable, Sendable {
    public var name: String
    public var line: Int
    /// The function scope the use is in (0: the module; see `PythonNameBindings.scopeParent`).
    public var scope: Int
    /// Inside a `try` body whose handlers catch NameError (or Exception, BaseException, a bare `except`).
    public var isGuarded: Bool
}

public struct PythonNameBindings: Sendable {
    /// Names bound anywhere in the module (any scope).
    public var bound: Set<String> = []
    /// Function scopes (index 0: the module), each with its enclosing function scope (-1 for the module) and the
    /// names it binds. Class bodies, lambdas and comprehensions are read as part of the function (or module) they
    /// are in, so a scope's names are a superset of what Python binds there: a name is only ever found unbound when
    /// Python would not find it either.
    public var scopeParent: [Int] = [-1]
    public var scopeBound: [Set<String>] = [[]]
    /// Run-time loads in source order (names that are Python keywords never appear).
    public var uses: [PythonNameUse] = []
    /// `from m import *` anywhere.
    public var hasStarImport = false
    /// `def __getattr__` at module level.
    public var hasModuleGetattr = false
    /// The module can add names no statement shows: `exec`, `globals()`, argument-less `vars()`/`locals()`,
    /// `__builtins__`, `builtins.X = …`, `sys.modules[…]`.
    public var hasDynamicNamespace = false
    /// The tokens are not Python 3 (a tokenizer error, two operands side by side as in `print "x"`, or
    /// `except E, e:`): no claim about such a file.
    public var isUnparsable = false
    /// Jinja / cookiecutter template syntax (`{{`, `{%`).
    public var isTemplate = false
    /// String entries of literal `__all__` lists/tuples at module level, with their lines.
    public var exported: [(name: String, line: Int)] = []
    /// `__all__` is built at module level by something other than literals (a call, another module's list).
    public var hasComputedExports = false

    /// A name read at run time that no visible scope binds.
    public struct Unbound: Sendable {
        public var name: String
        public var lines: [Int]
        /// Bound somewhere in the module, only in functions the use cannot see.
        public var boundElsewhere: Bool

        public init(name: String, lines: [Int], boundElsewhere: Bool) {
            self.name = name
            self.lines = lines
            self.boundElsewhere = boundElsewhere
        }
    }

    /// Names read where no enclosing function scope nor the module binds them, in order of first unguarded use,
    /// excluding `ignoring`.
    public func unbound(ignoring known: Set<String>) -> [Unbound] {
        var order: [String] = []
        var lines: [String: [Int]] = [:]
        for u in uses where !u.isGuarded && !known.contains(u.name) && !isVisible(u.name, from: u.scope) {
            if lines[u.name] == nil { order.append(u.name) }
            lines[u.name, default: []].append(u.line)
        }
        return order.map { Unbound(name: $0, lines: lines[$0] ?? [], boundElsewhere: bound.contains($0)) }
    }

    func isVisible(_ name: String, from scope: Int) -> Bool {
        guard bound.contains(name) else { return false }
        var s = scope
        while s >= 0, s < scopeBound.count {
            if scopeBound[s].contains(name) { return true }
            s = scopeParent[s]
        }
        return false
    }
}

public enum PythonNameBindingReader {
    public static func read(source: [UInt8]) -> PythonNameBindings {
        source.withUnsafeBufferPointer { read(buffer: $0) }
    }

    public static func read(buffer: UnsafeBufferPointer<UInt8>) -> PythonNameBindings {
        read(tokenization: PythonTokenizer.tokenize(buffer: buffer))
    }

    /// From the module's tokens (`PythonTokenizer.tokenize`), when they are already taken.
    public static func read(tokenization t: PythonTokenization) -> PythonNameBindings {
        var r = NameScan()
        if t.error != nil { r.out.isUnparsable = true }
        // The scan leaves ERRORTOKENs out of its lines: the structure reader's lines serve unless the file has one.
        var lines = t.lines
        if lines.hasErrorToken {
            r.out.isUnparsable = true
            lines = PythonLogicalLines(t.tokens, keepErrorTokens: false)
        }
        r.consume(lines)
        return r.out
    }

    /// Hard keywords of Python 3 (never names).
    static let keywords = ShortWordSet([
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ])
    /// Names every module can read without binding them: the builtins of any Python 3 version (3.10-3.13, plus
    /// `WindowsError`) and the module and class dunders the interpreter provides (`__file__`, `__class__` in methods).
    public static let builtins: Set<String> = [
        "ArithmeticError", "AssertionError", "AttributeError", "BaseException", "BaseExceptionGroup",
        "BlockingIOError", "BrokenPipeError", "BufferError", "BytesWarning", "ChildProcessError",
        "ConnectionAbortedError", "ConnectionError", "ConnectionRefusedError", "ConnectionResetError",
        "DeprecationWarning", "EOFError", "Ellipsis", "EncodingWarning", "EnvironmentError", "Exception",
        "ExceptionGroup", "False", "FileExistsError", "FileNotFoundError", "FloatingPointError", "FutureWarning",
        "GeneratorExit", "IOError", "ImportError", "ImportWarning", "IndentationError", "IndexError",
        "InterruptedError", "IsADirectoryError", "KeyError", "KeyboardInterrupt", "LookupError", "MemoryError",
        "ModuleNotFoundError", "NameError", "None", "NotADirectoryError", "NotImplemented", "NotImplementedError",
        "OSError", "OverflowError", "PendingDeprecationWarning", "PermissionError", "ProcessLookupError",
        "PythonFinalizationError", "RecursionError", "ReferenceError", "ResourceWarning", "RuntimeError",
        "RuntimeWarning", "StopAsyncIteration", "StopIteration", "SyntaxError", "SyntaxWarning", "SystemError",
        "SystemExit", "TabError", "TimeoutError", "True", "TypeError", "UnboundLocalError", "UnicodeDecodeError",
        "UnicodeEncodeError", "UnicodeError", "UnicodeTranslateError", "UnicodeWarning", "UserWarning", "ValueError",
        "Warning", "WindowsError", "ZeroDivisionError", "_IncompleteInputError", "__annotations__", "__build_class__",
        "__builtins__", "__cached__", "__class__", "__debug__", "__dict__", "__doc__", "__file__", "__import__",
        "__loader__", "__module__", "__name__", "__package__", "__path__", "__qualname__", "__spec__", "abs", "aiter",
        "all", "anext", "any", "ascii", "bin", "bool", "breakpoint", "bytearray", "bytes", "callable", "chr",
        "classmethod", "compile", "complex", "copyright", "credits", "delattr", "dict", "dir", "divmod", "enumerate",
        "eval", "exec", "exit", "filter", "float", "format", "frozenset", "getattr", "globals", "hasattr", "hash",
        "help", "hex", "id", "input", "int", "isinstance", "issubclass", "iter", "len", "license", "list", "locals",
        "map", "max", "memoryview", "min", "next", "object", "oct", "open", "ord", "pow", "print", "property", "quit",
        "range", "repr", "reversed", "round", "set", "setattr", "slice", "sorted", "staticmethod", "str", "sum",
        "super", "tuple", "type", "vars", "zip",
    ]
    /// Keywords that may stand where an operand stands (`x = None`, `f(True)`).
    static let operandKeywords = ShortWordSet(["False", "None", "True"])
}

/// The scan itself: logical lines in, bindings and uses out.
struct NameScan {
    var out = PythonNameBindings()
    /// Open `try` statements: their depth, where their body's uses start, and where the body ended (first handler).
    var tries: [(depth: Int, start: Int, end: Int?)] = []
    /// Open function scopes (indices into `out.scopeParent`) with the depth of their `def` line.
    var scopes: [(index: Int, depth: Int)] = [(0, -1)]
    var scope: Int { scopes[scopes.count - 1].index }
    /// Set after `raise` / `return` / `continue` / `break` at this depth: the rest of the block never runs, so its
    /// reads are not claims (bindings there still count).
    var deadDepth: Int? = nil

    /// Statements after which the rest of their block never runs.
    static let blockEnders: Set<String> = ["raise", "return", "continue", "break"]
    /// Keywords that open a compound statement (`match` / `case` are soft, decided by `isSoftCompound`).
    static let compound: Set<String> = [
        "if", "elif", "else", "while", "for", "try", "except", "finally", "with", "def", "class", "async",
    ]
    /// Operators after `match` / `case` that make it a name, not a statement.
    static let notSoftKeywordFollowers: Set<String> = ["=", ".", ":", ",", ")", "]", "+=", "-=", "*=", "/="]

    /// `)`, `]` or `}` (read on the bytes: asked once per token).
    static func isCloser(_ text: String) -> Bool {
        let u = text.utf8
        guard u.count == 1, let c = u.first else { return false }
        return c == UInt8(ascii: ")") || c == UInt8(ascii: "]") || c == UInt8(ascii: "}")
    }

    /// `*` or `**` before a parameter name, or the bare `/` marker.
    static func isParameterMarker(_ text: String) -> Bool {
        text == "*" || text == "**" || text == "/"
    }

    mutating func consume(_ lines: PythonLogicalLines) {
        for k in 0..<lines.count { line(lines.line(k), depth: lines.depth(k)) }
    }

    // MARK: statements

    private mutating func line(_ l: LogicalLine, depth: Int) {
        checkSyntax(l)
        while scopes.count > 1, depth <= scopes[scopes.count - 1].depth { scopes.removeLast() }
        // A `try` whose handlers are all read once a line at its depth that is not a handler arrives.
        while let last = tries.last, depth < last.depth || (depth == last.depth && !isHandler(l)) {
            tries.removeLast()
        }
        if let d = deadDepth, depth < d { deadDepth = nil }
        statement(l, 0, l.count, depth: depth)
        if deadDepth == nil, l.count > 0, l.tokens[0].kind == .name, Self.blockEnders.contains(l.tokens[0].text) {
            deadDepth = depth
        }
    }

    private func isHandler(_ l: LogicalLine) -> Bool {
        l.isName(0, "except") || l.isName(0, "else") || l.isName(0, "finally")
    }

    /// One statement (simple or compound) from `i` up to `end`.
    mutating func statement(_ l: LogicalLine, _ i: Int, _ end: Int, depth: Int) {
        guard i < end else { return }
        let first = l.tokens[i]
        if l.isOp(i, "@") {
            expr(l, i + 1, end)
            return
        }
        let word = first.kind == .name ? first.text : ""
        let soft = (word == "match" || word == "case") && isSoftCompound(l, i, end)
        guard Self.compound.contains(word) || soft else {
            for (a, b) in simpleStatements(l, i, end) { simple(l, a, b, depth: depth) }
            return
        }
        guard let colon = headerColon(l, i, end) else {
            expr(l, i, end)
            return
        }
        header(l, i, colon, depth: depth)
        for (a, b) in simpleStatements(l, colon + 1, end) { statement(l, a, b, depth: depth + 1) }
    }

    /// `match x:` / `case p:` rather than a call or assignment to a name `match` / `case`.
    private func isSoftCompound(_ l: LogicalLine, _ i: Int, _ end: Int) -> Bool {
        guard i + 1 < end, l.isOp(end - 1, ":") || headerColon(l, i, end) != nil else { return false }
        let next = l.tokens[i + 1]
        if next.kind == .op, Self.notSoftKeywordFollowers.contains(next.text) {
            return false
        }
        return true
    }

    /// The `:` ending a compound statement's header: the first at bracket depth 0 outside lambdas.
    private func headerColon(_ l: LogicalLine, _ i: Int, _ end: Int) -> Int? {
        l.positions(of: ":", in: i..<end, skipLambdaColons: true).first
    }

    /// Splits `a; b; c` at depth-0 semicolons.
    func simpleStatements(_ l: LogicalLine, _ i: Int, _ end: Int) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        var a = i
        for s in l.positions(of: ";", in: i..<end) {
            out.append((a, s))
            a = s + 1
        }
        if a < end { out.append((a, end)) }
        return out
    }

    private mutating func header(_ l: LogicalLine, _ i: Int, _ colon: Int, depth: Int) {
        var i = i
        if l.isName(i, "async") { i += 1 }
        guard i < colon else { return }
        switch l.tokens[i].text {
        case "if", "elif", "while":
            expr(l, i + 1, colon)
        case "try":
            tries.append((depth: depth, start: out.uses.count, end: nil))
        case "except":
            handler(l, i + 1, colon, depth: depth)
        case "else", "finally":
            if let k = tries.indices.last, tries[k].depth == depth, tries[k].end == nil {
                tries[k].end = out.uses.count
            }
        case "for":
            let inAt = nameIndex(l, "in", i + 1, colon) ?? colon
            target(l, i + 1, inAt)
            expr(l, inAt + 1, colon)
        case "with":
            withItems(l, i + 1, colon)
        case "def":
            function(l, i + 1, colon, depth: depth)
        case "class":
            guard i + 1 < colon, l.tokens[i + 1].kind == .name else { return }
            bind(l.tokens[i + 1].text)
            if i + 2 < colon, l.isOp(i + 2, "(") { expr(l, i + 3, max(i + 3, l.skipGroup(i + 2, limit: colon) - 1)) }
        case "match":
            expr(l, i + 1, colon)
        case "case":
            let guardAt = nameIndex(l, "if", i + 1, colon)
            pattern(l, i + 1, guardAt ?? colon)
            if let g = guardAt { expr(l, g + 1, colon) }
        default:
            expr(l, i, colon)
        }
    }

    /// `except E as e:`: the exception expression is read, `e` bound, and the enclosing `try` guarded when it
    /// catches NameError (or a class NameError derives from, or everything).
    private mutating func handler(_ l: LogicalLine, _ i: Int, _ colon: Int, depth: Int) {
        let asAt = nameIndex(l, "as", i, colon)
        if l.positions(of: ",", in: i..<(asAt ?? colon)).count > 0, asAt == nil, !l.isOp(i, "(") {
            out.isUnparsable = true  // `except E, e:` is Python 2
        }
        expr(l, i, asAt ?? colon)
        if let a = asAt, a + 1 < colon, l.tokens[a + 1].kind == .name { bind(l.tokens[a + 1].text) }
        guard let k = tries.indices.last, tries[k].depth == depth else { return }
        if tries[k].end == nil { tries[k].end = out.uses.count }
        let caught = l.tokens[i..<(asAt ?? colon)].filter { $0.kind == .name }.map(\.text)
        let broad: Set<String> = ["NameError", "Exception", "BaseException"]
        if caught.isEmpty || caught.contains(where: broad.contains), let e = tries[k].end {
            for u in tries[k].start..<e { out.uses[u].isGuarded = true }
        }
    }

    func nameIndex(_ l: LogicalLine, _ name: String, _ i: Int, _ end: Int) -> Int? {
        var k = i
        while k < end {
            if l.isOpening(k) {
                k = l.skipGroup(k, limit: end)
                continue
            }
            if l.isName(k, name) { return k }
            if l.tokens[k].kind == .op, Self.isCloser(l.tokens[k].text) { return nil }
            k += 1
        }
        return nil
    }

    private mutating func withItems(_ l: LogicalLine, _ i: Int, _ end: Int) {
        var i = i
        var end = end
        // `with (a as b, c as d):` reads like the unparenthesized form.
        if l.isOp(i, "("), l.match[i] == end - 1, nameIndex(l, "as", i + 1, end - 1) != nil {
            i += 1
            end -= 1
        }
        var a = i
        for c in l.positions(of: ",", in: i..<end) + [end] {
            if let asAt = nameIndex(l, "as", a, c) {
                expr(l, a, asAt)
                target(l, asAt + 1, c)
            } else {
                expr(l, a, c)
            }
            a = c + 1
        }
    }

    /// `name(params) -> ret`: the name and parameters bound, defaults read, annotations skipped.
    private mutating func function(_ l: LogicalLine, _ i: Int, _ colon: Int, depth: Int) {
        guard i < colon, l.tokens[i].kind == .name else { return }
        bind(l.tokens[i].text)
        // The function's own scope: parameters and body. (Default values are read there too, which can only make
        // a name visible that Python looks up outside: never a false report.)
        out.scopeParent.append(scope)
        out.scopeBound.append([])
        scopes.append((out.scopeParent.count - 1, depth))
        if l.tokens[i].text == "__getattr__", l.tokens[0].start.column == 0 || l.isName(0, "async") {
            out.hasModuleGetattr = true
        }
        var open = i + 1
        if l.isOp(open, "[") { open = l.skipGroup(open, limit: colon) }  // 3.12 type parameters
        guard l.isOp(open, "(") else { return }
        let close = l.skipGroup(open, limit: colon) - 1
        parameters(l, open + 1, close, lambda: false)
    }

    /// Parameters between `i` and `end` (a def's parentheses or a lambda's head): names bound, default values read,
    /// annotations skipped (a lambda has none).
    mutating func parameters(_ l: LogicalLine, _ i: Int, _ end: Int, lambda: Bool) {
        var a = i
        for c in l.positions(of: ",", in: i..<end) + [end] {
            var k = a
            while k < c, l.tokens[k].kind == .op, Self.isParameterMarker(l.tokens[k].text) { k += 1 }
            if k < c, l.tokens[k].kind == .name { bind(l.tokens[k].text) }
            if let eq = l.positions(of: "=", in: k..<c).first { expr(l, eq + 1, c) }
            a = c + 1
        }
    }

    /// `case` patterns: bare names capture (bound), dotted names are values (their first part read), names before
    /// `=` or `(` in class patterns are attribute and class names (the class read).
    private mutating func pattern(_ l: LogicalLine, _ i: Int, _ end: Int) {
        var k = i
        while k < end {
            let t = l.tokens[k]
            if t.kind == .name, !PythonNameBindingReader.keywords.contains(t.text), !l.isOp(k - 1, ".") {
                if l.isOp(k + 1, ".") || l.isOp(k + 1, "(") {
                    use(t)
                } else if !l.isOp(k + 1, "=") {
                    bind(t.text)
                }
            }
            k += 1
        }
    }
}
