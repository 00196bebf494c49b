/// What the structure reader learns from one Python file (or a notebook's code cells).
/// Capability rules query these facts, never raw text.
public struct PythonModule: Sendable, Equatable {
    public var path: String
    public var lineCount: Int
    public var imports: [PythonImport] = []
    public var classes: [PythonClass] = []
    /// Every function and method, nested ones included, in source order.
    public var functions: [PythonFunction] = []
    public var calls: [PythonCall] = []
    public var assignments: [PythonAssignment] = []
    public var strings: [PythonStringLiteral] = []
    public var comments: [PythonComment] = []
    /// `if __name__ == "__main__":` blocks.
    public var mainBlocks: [LineSpan] = []
    /// Tokenizer or structure problems (the file is still read as far as possible).
    public var problems: [PythonReadProblem] = []
    /// Every `raise` statement.
    public var raises: [PythonRaise] = []
    /// `return` statements whose value carries a string message (see `PythonReturn`).
    public var stringReturns: [PythonReturn] = []
    /// Notebooks only: lines of markdown cells (line = line of the raw `.ipynb` file), trimmed, at most 300 characters.
    public var proseLines: [PythonComment] = []
    /// Expression statements that are only a dotted name or only one call of one (see `PythonExpressionStatement`).
    public var expressionStatements: [PythonExpressionStatement] = []
    /// Identity comparisons (`is`, `is not`) with a str, bytes or number literal.
    public var literalIdentities: [PythonLiteralIdentity] = []
    /// Syntax newer than Python 3.7 (`PythonSyntaxFeature`), in token order; empty for notebooks.
    package var syntaxUses: [PythonSyntaxFeature.Use] = []

    public init(path: String, lineCount: Int) {
        self.path = path
        self.lineCount = lineCount
    }
}

public struct LineSpan: Hashable, Sendable {
    public var start: Int
    public var end: Int
    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }
}

public struct PythonImport: Hashable, Sendable {
    /// `import a.b as c` -> module "a.b", names []; `from ..x import y as z` -> module "x", level 2, names [y as z].
    public var module: String
    public var level: Int
    public var isFrom: Bool
    public var names: [ImportedName]
    public var line: Int
    /// `import a.b as c` -> "c" (plain imports only; `from` imports carry aliases in `names`).
    public var alias: String?
    public init(module: String, level: Int, isFrom: Bool, names: [ImportedName], line: Int, alias: String? = nil) {
        self.module = module
        self.level = level
        self.isFrom = isFrom
        self.names = names
        self.line = line
        self.alias = alias
    }
}

public struct ImportedName: Hashable, Sendable {
    public var name: String  // "*" for star imports
    public var alias: String?
    public init(name: String, alias: String? = nil) {
        self.name = name
        self.alias = alias
    }
}

public struct PythonClass: Hashable, Sendable {
    public var name: String
    public var qualifiedName: String  // "Outer.Inner"
    public var bases: [String]  // dotted source text of each positional base: "nn.Module", "ABC"
    public var keywords: [String: String]  // metaclass=ABCMeta -> ["metaclass": "ABCMeta"]
    public var decorators: [String]  // dotted callee text without "@" or arguments: "dataclass"
    public var span: LineSpan  // class line .. last line of body
    public var docstring: String?
    public init(
        name: String, qualifiedName: String, bases: [String], keywords: [String: String],
        decorators: [String], span: LineSpan, docstring: String?
    ) {
        self.name = name
        self.qualifiedName = qualifiedName
        self.bases = bases
        self.keywords = keywords
        self.decorators = decorators
        self.span = span
        self.docstring = docstring
    }
}

/// How a function body reads, for the stub inventory.
public enum FunctionBodyKind: String, Hashable, Sendable {
    case implemented
    case pass  // only `pass` (after an optional docstring)
    case ellipsis  // only `...`
    case docstringOnly  // nothing but the docstring
    case raisesNotImplemented  // `raise NotImplementedError[...]` (after an optional docstring)
    // only raises/returns a message saying not implemented / placeholder / TODO / stub / coming soon
    case placeholderMessage
}

public struct PythonFunction: Hashable, Sendable {
    public var name: String
    public var qualifiedName: String  // "Class.method", "outer.inner"
    public var enclosingClass: String?  // qualified name of the class when this is a method
    public var decorators: [String]  // "staticmethod", "abc.abstractmethod", "overload", "app.route"
    public var parameters: [String]  // names, without * / ** markers
    public var isAsync: Bool
    public var span: LineSpan  // def line (not decorator line) .. last body line
    public var docstring: String?
    public var bodyKind: FunctionBodyKind
    /// Line of the stub marker (`pass`, `...`, `raise`, docstring) when bodyKind != .implemented.
    public var bodyMarkerLine: Int?
    /// Source text of the marker statement (whitespace-collapsed, at most 200 characters) when bodyKind != .implemented.
    public var bodyMarkerText: String?
    public init(
        name: String, qualifiedName: String, enclosingClass: String?, decorators: [String],
        parameters: [String], isAsync: Bool, span: LineSpan, docstring: String?,
        bodyKind: FunctionBodyKind, bodyMarkerLine: Int?, bodyMarkerText: String? = nil
    ) {
        self.name = name
        self.qualifiedName = qualifiedName
        self.enclosingClass = enclosingClass
        self.decorators = decorators
        self.parameters = parameters
        self.isAsync = isAsync
        self.span = span
        self.docstring = docstring
        self.bodyKind = bodyKind
        self.bodyMarkerLine = bodyMarkerLine
        self.bodyMarkerText = bodyMarkerText
    }
}

public struct PythonCall: Hashable, Sendable {
    /// Dotted callee as written: "torch.manual_seed", "self.log", "np.random.seed", "Trainer".
    /// Calls on call results keep the chain: "torch.Generator().manual_seed" is recorded as
    /// "torch.Generator().manual_seed". Subscripts read as "x[]".
    public var callee: String
    // Line and column as 32-bit numbers (a source file has fewer than 2^31 lines and columns): 8 bytes less per call.
    private var line32: Int32
    private var column32: Int32
    public var line: Int {
        get { Int(line32) }
        set { line32 = Int32(clamping: newValue) }
    }
    public var column: Int {
        get { Int(column32) }
        set { column32 = Int32(clamping: newValue) }
    }
    /// Keyword argument names in order ("**" for a `**kwargs` spread).
    public var keywords: [String]
    /// Source text of each keyword argument's value, aligned with `keywords` (the value of `keywords[i]` is
    /// `keywordTexts[i]`), whitespace-collapsed, at most 200 characters.
    public var keywordTexts: [String]
    /// Source text of positional arguments, whitespace-collapsed, each at most 200 characters.
    public var positionalArguments: [String]
    /// Qualified name of the function the call is inside, nil at module level.
    public var enclosingFunction: String?

    /// The value of each keyword, looked up by name (the first argument of a name given twice, as `**` can be).
    public var keywordValues: KeywordValues { KeywordValues(names: keywords, texts: keywordTexts) }

    public init(
        callee: String, line: Int, column: Int, keywords: [String], keywordTexts: [String],
        positionalArguments: [String], enclosingFunction: String?
    ) {
        precondition(keywords.count == keywordTexts.count, "one text per keyword")
        self.callee = callee
        self.line32 = Int32(clamping: line)
        self.column32 = Int32(clamping: column)
        self.keywords = keywords
        self.keywordTexts = keywordTexts
        self.positionalArguments = positionalArguments
        self.enclosingFunction = enclosingFunction
    }

    /// A call whose keyword values are given by name (each of `keywords` reads its value from `keywordValues`, ""
    /// when absent).
    public init(
        callee: String, line: Int, column: Int, keywords: [String], keywordValues: [String: String],
        positionalArguments: [String], enclosingFunction: String?
    ) {
        self.init(
            callee: callee, line: line, column: column, keywords: keywords,
            keywordTexts: keywords.map { keywordValues[$0] ?? "" }, positionalArguments: positionalArguments,
            enclosingFunction: enclosingFunction)
    }

    /// Appends a keyword argument.
    public mutating func appendKeyword(_ name: String, text: String) {
        keywords.append(name)
        keywordTexts.append(text)
    }
}

/// A call's keyword values by name: a view of its aligned `keywords` and `keywordTexts` (no dictionary per call).
public struct KeywordValues: Sendable, Equatable {
    let names: [String]
    let texts: [String]

    init(names: [String], texts: [String]) {
        self.names = names
        self.texts = texts
    }

    /// No keywords.
    public init() {
        self.init(names: [], texts: [])
    }

    /// The value of the first keyword argument named `name`, nil when there is none.
    public subscript(name: String) -> String? {
        // (both arrays are public on `PythonCall`: a caller that grew one alone reads nil, not a trap)
        guard let i = names.firstIndex(of: name), i < texts.count else { return nil }
        return texts[i]
    }

    /// The value of each distinct keyword name (its first argument), in source order.
    public var values: [String] {
        var out: [String] = []
        out.reserveCapacity(texts.count)
        for (i, name) in names.enumerated() where i < texts.count && names[..<i].firstIndex(of: name) == nil {
            out.append(texts[i])
        }
        return out
    }

    public var isEmpty: Bool { names.isEmpty }
    public var count: Int { values.count }

    /// The first value of each name, as a dictionary.
    public var dictionary: [String: String] {
        var out: [String: String] = [:]
        for (name, text) in zip(names, texts) where out[name] == nil { out[name] = text }
        return out
    }
}

/// `target = value`, `target: T = value`, `target += value`; targets dotted ("torch.backends.cudnn.deterministic")
/// or subscripted ("os.environ[\"WANDB_MODE\"]" reads as `os.environ["WANDB_MODE"]`).
public struct PythonAssignment: Hashable, Sendable {
    public var target: String
    public var valueText: String  // whitespace-collapsed, at most 200 characters
    public var line: Int
    public var enclosingFunction: String?
    public init(target: String, valueText: String, line: Int, enclosingFunction: String?) {
        self.target = target
        self.valueText = valueText
        self.line = line
        self.enclosingFunction = enclosingFunction
    }
}

public struct PythonStringLiteral: Hashable, Sendable {
    /// The decoded-ish content (prefix and quotes removed, escapes left as written).
    public var value: String
    // The line as a 32-bit number: stride 24 bytes, not 32.
    private var line32: Int32
    public var line: Int {
        get { Int(line32) }
        set { line32 = Int32(clamping: newValue) }
    }
    public var isDocstring: Bool
    public init(value: String, line: Int, isDocstring: Bool) {
        self.value = value
        self.line32 = Int32(clamping: line)
        self.isDocstring = isDocstring
    }
}

public struct PythonComment: Hashable, Sendable {
    public var text: String  // including the leading "#"
    public var line: Int
    public init(text: String, line: Int) {
        self.text = text
        self.line = line
    }
}

public struct PythonReadProblem: Hashable, Sendable {
    public var line: Int
    public var message: String
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
}

/// `raise X(...)`: the exception as written and the message its string literals carry.
public struct PythonRaise: Hashable, Sendable {
    /// Dotted exception expression before any call: "NotImplementedError", "ValueError"; "" for a bare `raise`.
    public var exception: String
    /// String literal contents at the top level of the raise or directly inside a call's parentheses, joined;
    /// f-string replacement fields removed; at most 200 characters. "" when there is none.
    public var message: String
    /// The statement's source text, whitespace-collapsed, at most 200 characters.
    public var text: String
    public var line: Int
    public var enclosingFunction: String?
    public init(exception: String, message: String, text: String, line: Int, enclosingFunction: String?) {
        self.exception = exception
        self.message = message
        self.text = text
        self.line = line
        self.enclosingFunction = enclosingFunction
    }
}

/// `return "..."` / `return Response("...")`: a return whose value carries a string message
/// (same extraction as `PythonRaise.message`; dict keys and nested containers are not messages).
public struct PythonReturn: Hashable, Sendable {
    public var message: String
    public var text: String
    public var line: Int
    public var enclosingFunction: String?
    public init(message: String, text: String, line: Int, enclosingFunction: String?) {
        self.message = message
        self.text = text
        self.line = line
        self.enclosingFunction = enclosingFunction
    }
}

/// An expression statement that is only a dotted name (`model.eval`) or only one call of a dotted name
/// (`ValueError("bad")`, `self.opt.step()`): the shapes whose value is thrown away on purpose or by mistake.
public struct PythonExpressionStatement: Hashable, Sendable {
    public enum Shape: String, Hashable, Sendable {
        /// `a.b.c` alone: nothing is called.
        case reference
        /// `a.b.c(...)` alone: the call's result is discarded.
        case call
    }
    public var shape: Shape
    /// The dotted name as written ("model.eval", "ValueError").
    public var expression: String
    public var line: Int
    public var enclosingFunction: String?
    public init(shape: Shape, expression: String, line: Int, enclosingFunction: String?) {
        self.shape = shape
        self.expression = expression
        self.line = line
        self.enclosingFunction = enclosingFunction
    }
}

/// `x is "a"`, `n is not 0`, `"a" is x`: an identity comparison with a str, bytes or number literal.
public struct PythonLiteralIdentity: Hashable, Sendable {
    /// The literal token as written (`"a"`, `0`, `b"x"`).
    public var literal: String
    /// `is not` rather than `is`.
    public var negated: Bool
    public var line: Int
    public init(literal: String, negated: Bool, line: Int) {
        self.literal = literal
        self.negated = negated
        self.line = line
    }
}
