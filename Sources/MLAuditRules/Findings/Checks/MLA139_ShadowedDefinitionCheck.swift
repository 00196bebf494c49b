import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// The same function or method defined twice in one scope (pyflakes F811) with no use between: the second definition
/// replaces the first, so the first is dead, and a duplicated `test_…` never runs (pytest collects one). Only
/// definitions directly in the module or class body (not under `if`/`try`), skipping `@overload`, properties and
/// their setters, registrations (`.register`), any first definition with a decorator that could register it, and
/// two definitions with the same body (nothing changes which one runs).
package struct ShadowedDefinitionCheck: FindingCheck {
    package let code = FindingCode.mla139
    package let severity = Severity.medium
    package let summary = "A function, method or test is defined twice in the same scope; the first never runs."
    package let why =
        "Python keeps only the last definition of a name: the first body is dead code, and for tests the first test is never collected, so what it checks is silently untested."
    package let fix =
        "Give the tests distinct names (both then run), or delete the definition that is not meant to be used."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "tests/test_model.py":
                        "import pytest\n\nclass TestModel:\n    def test_forward(self):\n        assert f(1) == 1\n\n    @pytest.mark.slow\n    def test_forward(self):\n        assert f(2) == 2\n",
                    "pkg/util.py": "def load(p):\n    return 1\n\n\ndef load(p):\n    return 2\n",
                ], needsPythonReader: true)
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "pkg/a.py":
                        "from typing import overload\n\n@overload\ndef f(x: int) -> int: ...\n@overload\ndef f(x: str) -> str: ...\ndef f(x):\n    return x\n\nclass A:\n    @property\n    def v(self):\n        return 1\n    @v.setter\n    def v(self, x):\n        pass\n\ntry:\n    def g():\n        return 1\nexcept ImportError:\n    def g():\n        return 2\n\n@app.route('/a')\ndef page():\n    return 1\n@app.route('/b')\ndef page():\n    return 2\n\ndef h():\n    return 1\nH = h\ndef h():\n    return 2\n\nclass B:\n    def m(self):\n        def inner():\n            return 1\n        def inner():\n            return 2\n        return inner\n",
                    "pkg/b.py": "def load(p):\n    return 1\n\n\ndef load(p):\n    return 1\n",
                    "pkg/c.py": "def load(p):\n    return 2\n",
                ], needsPythonReader: true)
        ]
    }

    /// A name defined twice: the shadowed definition and the one that replaces it.
    package struct Pair: Sendable {
        package var module: PythonModule
        package var first: PythonFunction
        package var second: PythonFunction
        package var isTest: Bool { first.name.hasPrefix("test") && second.name.hasPrefix("test") }
    }

    /// Decorators a first definition may carry and still be merely shadowed (none of them registers the function).
    static func isInert(_ decorator: String) -> Bool {
        let d = decorator
        return [
            "staticmethod", "classmethod", "abstractmethod", "abc.abstractmethod", "torch.no_grad",
            "torch.inference_mode", "unittest.skip", "unittest.skipIf", "unittest.skipUnless",
            "unittest.expectedFailure",
            "pytest.fixture", "fixture",
        ].contains(d) || d.hasPrefix("pytest.mark.") || d.hasPrefix("mark.")
            || d.hasPrefix("parameterized") || d.hasPrefix("unittest.mock.patch") || d.hasPrefix("mock.patch")
            || d.hasPrefix("patch")
    }

    /// Decorators that make a second definition of a name legitimate (overloads, property accessors, registrations).
    static func isSanctioned(_ decorator: String) -> Bool {
        let last = decorator.lastComponent
        return last == "overload" || last == "setter" || last == "getter" || last == "deleter" || last == "property"
            || last == "register" || last.contains("dispatch") || decorator.contains("register")
    }

    static func indentation(_ line: Substring) -> Int { line.prefix { $0 == " " || $0 == "\t" }.count }

    /// The indentation of a class's body: the first code line after the header's closing `:`.
    static func bodyIndentation(_ cls: PythonClass, _ lines: [Substring]) -> Int? {
        var n = cls.span.start
        while n <= min(lines.count, cls.span.end) {
            let code = lines[n - 1].split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            n += 1
            if code.trimmingCharacters(in: .whitespaces).hasSuffix(":") { break }
        }
        while n <= min(lines.count, cls.span.end) {
            let t = lines[n - 1].trimmingCharacters(in: .whitespaces)
            if !t.isEmpty, !t.hasPrefix("#") { return indentation(lines[n - 1]) }
            n += 1
        }
        return nil
    }

    /// Computed once per audit (the check and MLD225's proposer both ask).
    package static func pairs(_ context: FindingContext) -> [Pair] {
        context.facts.memo("MLA139.pairs") { computePairs(context) }
    }

    private static func computePairs(_ context: FindingContext) -> [Pair] {
        var out: [Pair] = []
        // Only a module defining one name twice can shadow a definition: the others' text is not read.
        for m in context.productAndTestSources where m.functions.count > 1 && Self.definesANameTwice(m) {
            let lines = context.facts.lines(m.path)
            var byScope: [String: [PythonFunction]] = [:]
            // Each class's body indentation, found once (by index in `m.classes`), not once per method.
            var bodyIndent: [Int: Int?] = [:]
            for f in m.functions {
                guard f.span.start >= 1, f.span.start <= lines.count else { continue }
                let indent = indentation(lines[f.span.start - 1])
                if let cls = f.enclosingClass {
                    guard f.qualifiedName == cls + "." + f.name,
                        let k = m.classes.firstIndex(where: {
                            $0.qualifiedName == cls && $0.span.start < f.span.start && f.span.end <= $0.span.end
                        })
                    else { continue }
                    let c = m.classes[k]
                    if bodyIndent[k] == nil { bodyIndent[k] = .some(bodyIndentation(c, lines)) }
                    guard bodyIndent[k]! == indent else { continue }
                    byScope["\(cls)@\(c.span.start).\(f.name)", default: []].append(f)
                } else {
                    guard indent == 0, f.qualifiedName == f.name else { continue }
                    byScope[f.name, default: []].append(f)
                }
            }
            for (_, defs) in byScope where defs.count > 1 {
                for (a, b) in zip(defs, defs.dropFirst()) {
                    guard a.decorators.allSatisfy(isInert), !b.decorators.contains(where: isSanctioned),
                        !a.decorators.contains(where: isSanctioned)
                    else { continue }
                    if isUsed(a.name, between: a.span.end, and: b.span.start, lines) { continue }
                    // The same body twice (a helper pasted again with its file) changes nothing: not worth a finding.
                    if body(a, lines) == body(b, lines) { continue }
                    out.append(Pair(module: m, first: a, second: b))
                }
            }
        }
        return out.sorted { ($0.module.path, $0.second.span.start) < ($1.module.path, $1.second.span.start) }
    }

    static func definesANameTwice(_ m: PythonModule) -> Bool {
        var seen = Set<String>()
        return m.functions.contains { !seen.insert($0.name).inserted }
    }

    /// The body lines after the `def` line, trimmed, blank lines dropped.
    package static func body(_ f: PythonFunction, _ lines: [Substring]) -> [Substring] {
        guard f.span.start >= 1, f.span.end <= lines.count, f.span.start < f.span.end else { return [] }
        return lines[f.span.start..<f.span.end].map { $0.trimmingCharacters(in: .whitespaces)[...] }
            .filter { !$0.isEmpty }
    }

    /// True when `name` occurs as a word on a line after `end` and before `start` (1-based, both exclusive), outside
    /// comments: the first definition was used (called, aliased, registered) before being replaced.
    static func isUsed(_ name: String, between end: Int, and start: Int, _ lines: [Substring]) -> Bool {
        guard end + 1 <= start - 1 else { return false }
        for n in (end + 1)...(start - 1) where n >= 1 && n <= lines.count {
            let code = lines[n - 1].split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            var rest = code[...]
            while let r = rest.range(of: name) {
                let before = rest[..<r.lowerBound].last
                let after = rest[r.upperBound...].first
                let isWord = { (c: Character?) in c.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
                if !isWord(before), !isWord(after) { return true }
                rest = rest[r.upperBound...]
            }
        }
        return false
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let pairs = Self.pairs(context)
        guard !pairs.isEmpty else { return [] }
        let evidence = pairs.flatMap {
            [
                context.facts.evidence($0.module.path, $0.first.span.start),
                context.facts.evidence($0.module.path, $0.second.span.start),
            ]
        }
        let tests = pairs.filter(\.isTest).count
        var unique: [String] = []
        for p in pairs where !unique.contains("`\(p.first.qualifiedName)`") {
            unique.append("`\(p.first.qualifiedName)`")
        }
        let names = unique.prefix(3).joined(separator: ", ")
        let title =
            tests > 0
            ? "\(pairs.count) name(s) defined twice in one scope, \(tests) of them tests that never run (\(names))"
            : "\(pairs.count) function(s) defined twice in one scope; the first definition is dead (\(names))"
        // A test that never runs loses coverage, and callers silently given a different implementation than the one
        // written first (a kernel replaced by a Python loop) get other behaviour: the check's severity. When every pair
        // is the same logic re-pasted with small edits, the first is dead code a reader may edit in vain: low.
        let consequential = tests > 0 || pairs.contains { !Self.sameLogic($0, context) }
        return [
            FindingHit(
                title: title + " (\(evidence.citationSummary))", evidence: evidence, strength: .code,
                severity: consequential ? nil : .low)
        ]
    }

    /// True when the two bodies share most of their names (Jaccard similarity of identifier sets at least
    /// `sameLogicSimilarity`): the second is an edited copy of the first, not another implementation.
    static func sameLogic(_ pair: Pair, _ context: FindingContext) -> Bool {
        let lines = context.facts.lines(pair.module.path)
        func names(_ f: PythonFunction) -> Set<Substring> {
            Set(
                body(f, lines).flatMap {
                    $0.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).filter {
                        $0.first.map { !$0.isNumber } ?? false
                    }
                })
        }
        let a = names(pair.first)
        let b = names(pair.second)
        let union = a.union(b).count
        guard union > 0 else { return true }
        return Double(a.intersection(b).count) / Double(union) >= sameLogicSimilarity
    }

    static let sameLogicSimilarity = 0.6
}
