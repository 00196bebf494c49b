/// Shares the storage of equal texts and lists across the facts of many files, so a callee, an enclosing function
/// name or a keyword list repeated on thousands of calls is held once (a Swift `String` longer than 15 UTF-8 bytes
/// and every non-empty array or dictionary is its own heap allocation otherwise).
///
/// Interning never changes a value, only where it is stored: facts compare equal before and after, and the
/// output is the same whatever the interner has seen before. Not thread-safe: one interner per worker.
public final class FactInterner {
    private var texts: Set<String> = []
    private var lists: Set<[String]> = []
    private var tables: Set<[String: String]> = []

    public init() {}

    /// The number of distinct shared texts (for tests and traces).
    public var distinctTexts: Int { texts.count }

    /// `s`, stored once per interner. Short texts are stored inline by `String` and returned as they are.
    public func text(_ s: String) -> String {
        if s.utf8.count <= 15 { return s }
        // one hash: the stored equal text, or `s` now stored
        return texts.insert(s).memberAfterInsert
    }

    public func text(_ s: String?) -> String? { s.map { text($0) } }

    public func list(_ l: [String]) -> [String] {
        if l.isEmpty { return l }
        if let hit = lists.firstIndex(of: l) { return lists[hit] }
        let shared = l.map { text($0) }
        lists.insert(shared)
        return shared
    }

    public func table(_ t: [String: String]) -> [String: String] {
        if t.isEmpty { return t }
        if let hit = tables.firstIndex(of: t) { return tables[hit] }
        var shared: [String: String] = [:]
        shared.reserveCapacity(t.count)
        for (k, v) in t { shared[text(k)] = text(v) }
        tables.insert(shared)
        return shared
    }

    /// `module` with every repeated text and list stored once in this interner.
    /// (Not in place: the copies made as the arrays are written are at exact capacity, where the reader's appended
    /// arrays carry up to twice their size; interning in place measured 35 MB more peak on the 15-repository tree.)
    public func intern(_ module: PythonModule) -> PythonModule {
        var m = module
        // Consecutive calls, assignments, raises and returns mostly share their enclosing function's name: one
        // lookup per run of equal names (an equal name given again is usually the same storage, compared in O(1)).
        var lastScope: (given: String, shared: String)? = nil
        func scope(_ s: String?) -> String? {
            guard let s else { return nil }
            if let last = lastScope, last.given == s { return last.shared }
            let shared = text(s)
            lastScope = (s, shared)
            return shared
        }
        for i in m.imports.indices {
            m.imports[i].module = text(m.imports[i].module)
        }
        for i in m.classes.indices {
            m.classes[i].name = text(m.classes[i].name)
            m.classes[i].qualifiedName = text(m.classes[i].qualifiedName)
            m.classes[i].docstring = text(m.classes[i].docstring)
            m.classes[i].bases = list(m.classes[i].bases)
            m.classes[i].decorators = list(m.classes[i].decorators)
            m.classes[i].keywords = table(m.classes[i].keywords)
        }
        for i in m.functions.indices {
            m.functions[i].name = text(m.functions[i].name)
            m.functions[i].qualifiedName = text(m.functions[i].qualifiedName)
            // a copied method repeats its original's docstring (and a docstring is also a string literal below)
            m.functions[i].docstring = text(m.functions[i].docstring)
            m.functions[i].bodyMarkerText = text(m.functions[i].bodyMarkerText)
            m.functions[i].enclosingClass = text(m.functions[i].enclosingClass)
            m.functions[i].decorators = list(m.functions[i].decorators)
            m.functions[i].parameters = list(m.functions[i].parameters)
        }
        for i in m.calls.indices {
            m.calls[i].callee = text(m.calls[i].callee)
            m.calls[i].keywords = list(m.calls[i].keywords)
            m.calls[i].keywordTexts = list(m.calls[i].keywordTexts)
            m.calls[i].positionalArguments = list(m.calls[i].positionalArguments)
            m.calls[i].enclosingFunction = scope(m.calls[i].enclosingFunction)
        }
        for i in m.assignments.indices {
            m.assignments[i].target = text(m.assignments[i].target)
            m.assignments[i].valueText = text(m.assignments[i].valueText)
            m.assignments[i].enclosingFunction = scope(m.assignments[i].enclosingFunction)
        }
        for i in m.comments.indices {
            m.comments[i].text = text(m.comments[i].text)
        }
        for i in m.proseLines.indices {
            m.proseLines[i].text = text(m.proseLines[i].text)
        }
        for i in m.raises.indices {
            m.raises[i].exception = text(m.raises[i].exception)
            m.raises[i].message = text(m.raises[i].message)
            m.raises[i].text = text(m.raises[i].text)
            m.raises[i].enclosingFunction = scope(m.raises[i].enclosingFunction)
        }
        for i in m.stringReturns.indices {
            m.stringReturns[i].message = text(m.stringReturns[i].message)
            m.stringReturns[i].text = text(m.stringReturns[i].text)
            m.stringReturns[i].enclosingFunction = scope(m.stringReturns[i].enclosingFunction)
        }
        // String literals repeat across files (copied docstrings, messages, keys); a docstring's literal and its
        // scope's docstring are then one stored text again when the module came from the fact cache.
        for i in m.strings.indices {
            m.strings[i].value = text(m.strings[i].value)
        }
        for i in m.expressionStatements.indices {
            m.expressionStatements[i].expression = text(m.expressionStatements[i].expression)
            m.expressionStatements[i].enclosingFunction = scope(m.expressionStatements[i].enclosingFunction)
        }
        // The arrays written above are copies at exact capacity; the others keep the slack of appending (up to
        // twice their size) unless trimmed.
        m.literalIdentities = Self.exact(m.literalIdentities)
        m.mainBlocks = Self.exact(m.mainBlocks)
        m.problems = Self.exact(m.problems)
        m.syntaxUses = Self.exact(m.syntaxUses)
        return m
    }

    /// `a` in storage of (about) its own size: a copy when it holds more than an eighth of spare capacity.
    static func exact<T>(_ a: [T]) -> [T] {
        guard a.capacity - a.count > a.count / 8 else { return a }
        var out: [T] = []
        out.reserveCapacity(a.count)
        out.append(contentsOf: a)
        return out
    }
}
