import Foundation
import MLAuditPython
import MLAuditKit
import MLAuditReport
import MLAuditFacts

/// What rules query: the Python structure of product (and test) code, parsed configs and docs.
// @unchecked: lazy indexes and `positionsByRegex` are filled without a lock; the engine runs rules on one thread.
public final class RuleContext: @unchecked Sendable {
    public let facts: RepositoryFacts
    public let config: ConfigFacts
    /// Product modules: not tests, not vendored, not copied packages.
    public let product: [PythonModule]
    public let tests: [PythonModule]
    /// Config entries of product files.
    public let entries: [ConfigEntry]
    /// Names of product functions whose body is a placeholder (not an abstract declaration).
    public let stubFunctions: [String: PythonFunction]
    /// Classes defined in product code, by simple name.
    public let classes: [String: (module: String, cls: PythonClass)]
    /// The same classes in (path, line) order: walk this, never `classes.values`, whose order changes per run.
    public var classList: [(module: String, cls: PythonClass)] {
        classes.values.sorted { ($0.module, $0.cls.span.start, $0.cls.qualifiedName) < ($1.module, $1.cls.span.start, $1.cls.qualifiedName) }
    }

    public init(facts: RepositoryFacts, config: ConfigFacts? = nil) {
        self.facts = facts
        let config = config ?? ConfigFacts.build(facts: facts)
        self.config = config
        // prefixes built once, not per file checked
        let copiedPrefixes = VendoredCopyDetector.copiedPackageRoots(facts: facts).map { $0 + "/" }
        let counts: (String) -> Bool = { path in
            guard let f = facts.snapshot.file(path), f.countsAsProduct else { return false }
            return !copiedPrefixes.contains { path.hasPrefix($0) }
        }
        self.product = facts.python.values.filter { counts($0.path) }.sorted { $0.path < $1.path }
        self.tests = facts.python.values.filter { facts.snapshot.file($0.path)?.isTest == true && facts.snapshot.file($0.path)?.isVendored == false }
            .sorted { $0.path < $1.path }
        self.entries = config.entries.filter { counts($0.path) }
        var declarations: [String: Set<String>] = [:]
        for s in facts.stubs where s.declaration { declarations[s.path, default: []].insert(s.symbol) }
        var stubs: [String: PythonFunction] = [:]
        var classes: [String: (String, PythonClass)] = [:]
        for m in product {
            let declared = declarations[m.path] ?? []
            for f in m.functions where f.bodyKind != .implemented && !declared.contains(f.qualifiedName)
                && !f.decorators.contains(where: { $0.hasSuffix("abstractmethod") || $0.hasSuffix("overload") }) {
                stubs[f.name] = f
            }
            for c in m.classes where classes[c.name] == nil { classes[c.name] = (m.path, c) }
        }
        self.stubFunctions = stubs
        self.classes = classes
        self.isProductPath = counts
    }

    public let isProductPath: (String) -> Bool

    /// Stub sites of product code that are not declarations (what a sub-feature's placeholder can be).
    package lazy var productStubs: [StubSite] = facts.stubs.filter { !$0.declaration && isProductPath($0.path) }

    public func ev(_ path: String, _ line: Int) -> Evidence { facts.evidence(path, line) }

    public func lineText(_ path: String, _ line: Int) -> String {
        let l = facts.lines(path)
        return line >= 1 && line <= l.count ? l[line - 1].trimmingCharacters(in: .whitespaces) : ""
    }

    // MARK: Python queries

    /// Every product call with its module index and its callee with import aliases resolved (built once).
    package lazy var callIndex: [(module: Int, call: PythonCall, resolved: String)] = {
        var out: [(Int, PythonCall, String)] = []
        for (i, m) in product.enumerated() {
            var aliases: [String: String] = [:]
            for imp in m.imports {
                if !imp.isFrom, let a = imp.alias { aliases[a] = imp.module }
                if imp.isFrom { for n in imp.names { if let a = n.alias { aliases[a] = n.name } } }
            }
            for c in m.calls {
                var resolved = c.callee
                if !aliases.isEmpty, let head = c.callee.split(separator: ".").first, let original = aliases[String(head)] {
                    resolved = original + c.callee.dropFirst(head.count)
                }
                out.append((i, c, resolved))
            }
        }
        return out
    }()

    /// Every distinct callee text (as written and resolved): regexes run over these once, not over every call.
    package lazy var distinctCallees: [String] = Array(Set(callIndex.flatMap { [$0.call.callee, $0.resolved] }))

    /// Positions in `callIndex` by callee text (as written and resolved), and by their last components (built once).
    package lazy var positionsByCallee: [String: [Int]] = {
        var out: [String: [Int]] = [:]
        for (i, e) in callIndex.enumerated() {
            out[e.call.callee, default: []].append(i)
            if e.resolved != e.call.callee { out[e.resolved, default: []].append(i) }
        }
        return out
    }()
    package lazy var positionsByLastComponent: [String: [Int]] = {
        var out: [String: [Int]] = [:]
        for (i, e) in callIndex.enumerated() {
            let a = e.call.callee.lastComponent, b = e.resolved.lastComponent
            out[a, default: []].append(i)
            if b != a { out[b, default: []].append(i) }
        }
        return out
    }()
    /// `callIndex` positions whose callee matches a regex, per regex (rules repeat patterns).
    package var positionsByRegex: [String: [Int]] = [:]

    /// Every product assignment with its module index, and positions by the target's last component (built once).
    package lazy var assignmentIndex: [(module: Int, assignment: PythonAssignment)] =
        product.enumerated().flatMap { i, m in m.assignments.map { (i, $0) } }
    package lazy var assignmentPositionsByTarget: [String: [Int]] =
        Dictionary(grouping: assignmentIndex.indices, by: { assignmentIndex[$0].assignment.target.lastComponent })

    /// The calls at `positions` (any order, duplicates allowed), in `callIndex` order.
    package func calls(at positions: [Int]) -> [(module: PythonModule, call: PythonCall)] {
        Set(positions).sorted().map { (product[callIndex[$0].module], callIndex[$0].call) }
    }

    /// Repository classes that are models (see `computeModelClassNames`), computed once.
    package lazy var modelClassNames: Set<String> = computeModelClassNames()

    /// Product calls matching `pred`, with their module.
    public func calls(_ pred: (PythonCall) -> Bool) -> [(module: PythonModule, call: PythonCall)] {
        callIndex.filter { pred($0.call) }.map { (product[$0.module], $0.call) }
    }

    public func assignments(_ pred: (PythonAssignment) -> Bool) -> [(module: PythonModule, assignment: PythonAssignment)] {
        product.flatMap { m in m.assignments.filter(pred).map { (m, $0) } }
    }

    public func functions(_ pred: (PythonFunction) -> Bool) -> [(module: PythonModule, function: PythonFunction)] {
        product.flatMap { m in m.functions.filter(pred).map { (m, $0) } }
    }

    /// Candidate for a call: accepted, or `stub` when the callee is one of the repository's placeholder functions.
    public func candidate(_ m: PythonModule, _ c: PythonCall, strength: Int = 5, note: String) -> RuleCandidate {
        if let f = stubFunctions[c.callee.lastComponent], c.callee.lastComponent.count > 2 {
            return RuleCandidate(ev(m.path, c.line), strength: strength, .stub,
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
    package lazy var entriesByKey: [String: [ConfigEntry]] = Dictionary(grouping: entries, by: { $0.key.lowercased() })
    package lazy var entriesByPath: [String: [ConfigEntry]] = Dictionary(grouping: entries, by: \.path)

    /// Entries with one of `keys` (case-insensitive) that satisfy `pred`, in file order.
    public func entries(key keys: String..., where pred: (ConfigEntry) -> Bool = { _ in true }) -> [ConfigEntry] {
        keys.flatMap { entriesByKey[$0.lowercased()] ?? [] }.filter(pred).sorted { ($0.path, $0.line) < ($1.path, $1.line) }
    }

    public func candidate(_ e: ConfigEntry, strength: Int = 5, note: String) -> RuleCandidate {
        RuleCandidate(ev(e.path, e.line), strength: strength, note: note)
    }

    /// Product files of a kind.
    public func files(_ kind: FileKind) -> [RepoFile] { facts.files.filter { $0.kind == kind && isProductPath($0.path) } }

    /// The first non-blank line of a file (1 when the file is empty).
    public func firstLine(_ path: String) -> Int {
        let l = facts.lines(path)
        return (l.firstIndex { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? 0) + 1
    }
}

extension String {
    /// "a.b.c" -> "c"; calls on call results ("x().y") -> "y".
    public var lastComponent: String { String(split(separator: ".").last ?? Substring(self)) }
    package func matches(_ regex: String) -> Bool { containsMatch(regex) }
    package func imatches(_ regex: String) -> Bool { containsMatch(regex, caseInsensitive: true) }
}
