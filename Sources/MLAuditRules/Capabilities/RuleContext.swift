import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// What rules query: the Python structure of product (and test) code, parsed configs and docs.
// @unchecked: the lazy indexes are filled by `prepareForConcurrentUse` before rules run concurrently (then only read);
// the memos are `LockedMemo`s.
public final class RuleContext: @unchecked Sendable {
    public let facts: RepositoryFacts
    public let config: ConfigFacts
    /// Product modules: not tests, not vendored, not copied packages.
    public let product: [PythonModule]
    public let tests: [PythonModule]
    /// Config entries of product files: a view of `config.entries`' product chunks, no entry copied.
    public let entries: ConfigEntryList
    /// Product functions whose body is a placeholder (not an abstract declaration), by path and qualified name.
    let stubFunctionKeys: Set<FunctionKey>
    /// The simple names of those functions.
    let stubFunctionNames: Set<String>
    struct FunctionKey: Hashable {
        var path: String
        var qualifiedName: String
    }
    /// Classes defined in product code, by simple name.
    public let classes: [String: (module: String, cls: PythonClass)]
    /// The same classes in (path, line) order: walk this, never `classes.values`, whose order changes per run.
    public var classList: [(module: String, cls: PythonClass)] {
        classes.values.sorted {
            ($0.module, $0.cls.span.start, $0.cls.qualifiedName) < ($1.module, $1.cls.span.start, $1.cls.qualifiedName)
        }
    }

    public init(facts: RepositoryFacts, config: ConfigFacts? = nil) {
        self.facts = facts
        let config = config ?? facts.config
        self.config = config
        let code = facts.code
        let counts: (String) -> Bool = { path in code.isProduct(path, file: facts.snapshot.file(path)) }
        self.product = code.product
        self.tests = code.tests
        // one product decision per file (a chunk holds one file's entries), not per entry
        self.entries = config.entries.chunks { counts($0[0].path) }
        var declarations: [String: Set<String>] = [:]
        for s in facts.stubs where s.declaration { declarations[s.path, default: []].insert(s.symbol) }
        var stubs: Set<FunctionKey> = []
        var stubNames: Set<String> = []
        var classes: [String: (String, PythonClass)] = [:]
        for m in product {
            let declared = declarations[m.path] ?? []
            for f in m.functions
            where f.bodyKind != .implemented && !declared.contains(f.qualifiedName)
                && !f.decorators.contains(where: { $0.hasSuffix("abstractmethod") || $0.hasSuffix("overload") })
            {
                stubs.insert(FunctionKey(path: m.path, qualifiedName: f.qualifiedName))
                stubNames.insert(f.name)
            }
            for c in m.classes where classes[c.name] == nil { classes[c.name] = (m.path, c) }
        }
        self.stubFunctionKeys = stubs
        self.stubFunctionNames = stubNames
        self.classes = classes
        self.isProductPath = counts
    }

    public let isProductPath: (String) -> Bool

    /// Memo of `readNames` (config keys product code reads), under the one key 0.
    let readNamesMemo = LockedMemo<Int, Set<String>>()
    /// Memo of `readsConfigKey`'s text scan, per key.
    let keyReadMemo = LockedMemo<String, Bool>()
    /// Every identifier written right after a `.` in product code's text (one pass over the files, on first ask).
    let attributeNamesMemo = LockedMemo<Int, Set<String>>()

    /// Whether each framework of `FrameworkKnowledge` is imported or declared (filled on first ask).
    let frameworkPresence = LockedMemo<String, Bool>()

    /// Fills every lazy index, so that rules running concurrently only read them.
    package func prepareForConcurrentUse() {
        _ = callTargets
        _ = productStubs
        _ = modelClassNames
        _ = entriesByKey
        _ = entriesByPath
        _ = calleeLeaves
        _ = gapStubs
        _ = calleeVocabulary
        _ = calleeLeafVocabulary
        _ = assignmentLeafVocabulary
        _ = argumentFlags
    }

    /// Sites per (query kind, regex) of `sites(calleeMatching:)` / `sites(leafMatching:)`.
    let siteMemo = LockedMemo<String, [Int32]>()
    /// Distinct last components of product callees (written and alias-renamed), sorted.
    package lazy var calleeLeaves: [String] = Set(code.namedCallees.map(\.lastComponent)).sorted()

    /// The vocabularies patterns are tested against, indexed by byte pairs (`VocabularyIndex`): written and
    /// alias-renamed callees (`code.namedCallees`), their last components (`calleeLeaves`), and assignment target
    /// leaves (sorted; queries sort the positions they give).
    package lazy var calleeVocabulary = VocabularyIndex(code.namedCallees)
    package lazy var calleeLeafVocabulary = VocabularyIndex(calleeLeaves)
    package lazy var assignmentLeafVocabulary = VocabularyIndex(code.assignmentTargetLeaves.keys.sorted())

    /// The `--flag` of each product `add_argument` call (`Self.argumentFlags`), read once, not once per framework
    /// entry that names a flag.
    package lazy var argumentFlags = Self.argumentFlags(callsNamed(["add_argument"]))

    /// Type-aware call resolution over product code (built once, on first use).
    lazy var callTargets = CallTargetResolver(modules: product)

    /// Stub sites of product code that are not declarations (what a sub-feature's placeholder can be).
    package lazy var productStubs: [StubSite] = facts.stubs.filter { !$0.declaration && isProductPath($0.path) }

    /// The product stubs that prove a gap (`StubProof.provesGap`), in `productStubs` order: decided once, not once
    /// per rule.
    package lazy var gapStubs: [StubSite] = productStubs.filter { StubProof.provesGap($0, in: facts.python[$0.path]) }

    public func ev(_ path: String, _ line: Int) -> Evidence { facts.evidence(path, line) }

    public func lineText(_ path: String, _ line: Int) -> String {
        facts.line(path, line)?.trimmingCharacters(in: .whitespaces) ?? ""
    }

    // MARK: Python queries

    /// Call sites (ordinals in product order) come from the code index's postings: written or alias-renamed
    /// callee, and their last components.
    package var code: CodeIndex { facts.code }
    /// Sites whose callee matches a regex, per regex (rules repeat patterns).
    package let positionsByRegex = LockedMemo<String, [Int32]>()

    /// The calls at `sites` (any order, duplicates allowed), in product order.
    package func calls(at sites: [Int32]) -> [(module: PythonModule, call: PythonCall)] {
        Set(sites).sorted().map { (code.module(ofSite: $0), code.call($0)) }
    }

    /// Repository classes that are models (see `computeModelClassNames`), computed once.
    package lazy var modelClassNames: Set<String> = computeModelClassNames()

    /// Product calls matching `pred`, with their module.
    public func calls(_ pred: (PythonCall) -> Bool) -> [(module: PythonModule, call: PythonCall)] {
        product.flatMap { m in m.calls.filter(pred).map { (m, $0) } }
    }

    public func assignments(_ pred: (PythonAssignment) -> Bool) -> [(
        module: PythonModule, assignment: PythonAssignment
    )] {
        product.flatMap { m in m.assignments.filter(pred).map { (m, $0) } }
    }

    public func functions(_ pred: (PythonFunction) -> Bool) -> [(module: PythonModule, function: PythonFunction)] {
        product.flatMap { m in m.functions.filter(pred).map { (m, $0) } }
    }

    /// Candidate for a call: accepted, or `stub` when the call provably runs one of the repository's placeholder
    /// functions (its receiver's type is known: see `CallTargetResolver`); a call into an external object never is.
    public func candidate(_ m: PythonModule, _ c: PythonCall, strength: Int = 5, note: String) -> RuleCandidate {
        if let f = placeholderTarget(of: c, in: m) {
            return RuleCandidate(
                ev(m.path, c.line), strength: strength, .stub,
                note: "calls `\(f.qualifiedName)`, whose body is only a placeholder (\(f.bodyKind.rawValue))")
        }
        return RuleCandidate(ev(m.path, c.line), strength: strength, note: note)
    }

    /// Whether the module imports `module` (or a submodule of it).
    public func imports(_ m: PythonModule, _ module: String) -> Bool {
        m.imports.contains { $0.module == module || $0.module.hasPrefix(module + ".") }
    }

    /// The innermost function containing `line`.
    public func function(in m: PythonModule, at line: Int) -> PythonFunction? {
        m.functions.filter { $0.span.start <= line && line <= $0.span.end }.max { $0.span.start < $1.span.start }
    }

    // MARK: config queries

    public func entries(_ pred: (ConfigEntry) -> Bool) -> [ConfigEntry] { entries.filter(pred) }

    /// Product config entries by lower-cased key and by file (built once).
    package lazy var entriesByKey: ConfigEntryIndex = {
        // lower-cased once per distinct key (millions of entries share a few thousand keys)
        var lower: [String: String] = [:]
        var out: [String: [Int32]] = [:]
        for (i, e) in entries.enumerated() {
            let k: String
            if let l = lower[e.key] {
                k = l
            } else {
                k = e.key.lowercased()
                lower[e.key] = k
            }
            out[k, default: []].append(Int32(i))
        }
        return ConfigEntryIndex(entries: entries, positions: out)
    }()
    package lazy var entriesByPath: ConfigEntryIndex = {
        var out: [String: [Int32]] = [:]
        for (i, e) in entries.enumerated() { out[e.path, default: []].append(Int32(i)) }
        return ConfigEntryIndex(entries: entries, positions: out)
    }()

    /// Entries with one of `keys` (case-insensitive) that satisfy `pred`, in file order.
    public func entries(key keys: String..., where pred: (ConfigEntry) -> Bool = { _ in true }) -> [ConfigEntry] {
        keys.flatMap { entriesByKey[$0.lowercased()] ?? [] }.filter(pred).sorted {
            ($0.path, $0.line) < ($1.path, $1.line)
        }
    }

    public func candidate(_ e: ConfigEntry, strength: Int = 5, note: String) -> RuleCandidate {
        RuleCandidate(ev(e.path, e.line), strength: strength, note: note)
    }

    /// Product files of a kind.
    public func files(_ kind: FileKind) -> [RepoFile] {
        facts.files.filter { $0.kind == kind && isProductPath($0.path) }
    }

    /// The first non-blank line of a file (1 when the file is empty).
    public func firstLine(_ path: String) -> Int {
        let l = facts.lines(path)
        return (l.firstIndex { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? 0) + 1
    }
}

extension String {
    /// Whether `regex` matches somewhere in the string; a text holding none of the pattern's literals (see
    /// `RegexLiteralSet`) is answered by a byte search, without the regex.
    package func matches(_ regex: String) -> Bool {
        if let set = RegexLiteralSets.shared.set(regex, caseInsensitive: false), !set.mayMatch(self) { return false }
        return containsMatch(regex)
    }
    package func imatches(_ regex: String) -> Bool {
        if let set = RegexLiteralSets.shared.set(regex, caseInsensitive: true), !set.mayMatch(self) { return false }
        return containsMatch(regex, caseInsensitive: true)
    }
}
