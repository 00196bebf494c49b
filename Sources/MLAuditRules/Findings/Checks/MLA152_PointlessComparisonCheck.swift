import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// `x == y` as a whole statement: the result is computed and dropped. In a test it is an assertion that never fails
/// (`assert` forgotten); in product code it is usually an assignment written with `==` (`s.mark == mark`), so the
/// value is never set. Statements inside `with pytest.raises(...)` / `assertRaises` / `warns` or a `try:` (where the
/// comparison is there to raise) are not reported, nor statements with `and`/`or`/`if` or several comparisons.
/// Candidate lines are found by a line scan; only files with a candidate are tokenized to confirm the statement.
package struct PointlessComparisonCheck: FindingCheck {
    package let code = FindingCode.mla152
    package let severity = Severity.medium
    package let summary = "A comparison `a == b` stands alone as a statement: its result is dropped."
    package let why =
        "The comparison is evaluated and thrown away: in a test the check never fails (an `assert` was forgotten), in product code an assignment written as `==` never sets the value."
    package let fix = "Add `assert` in a test; write `=` where an assignment was meant."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "tests/test_io.py":
                        "def test_roundtrip():\n    out = load()\n    out['a'].tolist() == [\n        3,\n    ]\n",
                    "pkg/fst.py": "def mark(s, m):\n    if s.name == 'x':\n        s.mark == m\n",
                ], needsPythonReader: true)
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "tests/test_io.py":
                        "import pytest\n\ndef test_x(module):\n    with pytest.raises(ValueError):\n        module == 1\n    try:\n        a == b\n    except TypeError:\n        pass\n    assert a == b\n    ok = a == b\n    f(a == b)\n    a == b or fail()\n    x = [\n        a == b\n    ]\n",
                    "pkg/a.py":
                        "if a == b:\n    pass\nwhile a == b: pass\nreturn_value == 1 if c else 2\nprint(a == b)\n",
                ], needsPythonReader: true)
        ]
    }

    package struct Site: Sendable {
        package var path: String
        package var line: Int
        package var isTest: Bool
    }

    static let keywords: Set<String> = [
        "assert", "return", "if", "elif", "while", "yield", "del", "raise", "lambda", "for", "with", "not", "await",
        "and", "or", "else", "in", "is", "import", "from", "global", "nonlocal", "print", "case", "match", "async",
    ]

    /// False only when `line.contains("==")` is certainly false: an ASCII line without two adjacent `=` bytes
    /// (Foundation's search, which the check uses, then agrees with a byte search).
    static func mayContainEquality(_ line: Substring) -> Bool {
        line.utf8.withContiguousStorageIfAvailable { b -> Bool in
            var previous: UInt8 = 0
            for c in b {
                if c >= 0x80 || (c == 0x3D && previous == 0x3D) { return true }
                previous = c
            }
            return false
        } ?? true
    }

    /// True when the stripped line could start a `name... == ...` expression statement.
    static func isCandidate(_ trimmed: Substring) -> Bool {
        guard let first = trimmed.first, first.isLetter || first == "_", let eq = trimmed.range(of: "==") else {
            return false
        }
        let head = trimmed.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        if keywords.contains(String(head)) { return false }
        // No assignment (or keyword argument) before the comparison.
        let before = trimmed[..<eq.lowerBound]
        let stripped = before.replacingOccurrences(of: "!=", with: "").replacingOccurrences(of: "<=", with: "")
            .replacingOccurrences(of: ">=", with: "")
        return !stripped.contains("=") && !stripped.contains("#")
    }

    /// Lines (1-based) where a logical line that is only one `==` comparison starts.
    static func statements(in tokens: [PythonToken], candidates: Set<Int>) -> [Int] {
        var out: [Int] = []
        var i = 0
        var atStart = true
        while i < tokens.count {
            let t = tokens[i]
            if t.kind == .newline || t.kind == .indent || t.kind == .dedent || t.kind == .nl || t.kind == .comment
                || t.kind == .encoding
            {
                if t.kind != .nl && t.kind != .comment { atStart = true }
                i += 1
                continue
            }
            guard atStart else {
                i += 1
                continue
            }
            atStart = false
            // Read the logical line from here to its NEWLINE.
            var j = i
            var depth = 0
            var comparisons = 0
            var plain = true
            while j < tokens.count, tokens[j].kind != .newline {
                let u = tokens[j]
                if u.kind == .op {
                    if ["(", "[", "{"].contains(u.text) { depth += 1 }
                    if [")", "]", "}"].contains(u.text) { depth -= 1 }
                    if depth == 0 {
                        if u.text == "==" { comparisons += 1 }
                        if u.text.hasSuffix("=") && u.text != "==" && u.text != "!=" && u.text != "<=" && u.text != ">="
                        {
                            plain = false
                        }
                        if [":", ";", ",", "<", ">", "!=", "<=", ">="].contains(u.text) { plain = false }
                    }
                } else if u.kind == .name, depth == 0, keywords.contains(u.text) || u.text == "if" {
                    plain = false
                }
                j += 1
            }
            if plain, comparisons == 1, candidates.contains(t.start.line), t.kind == .name || t.kind == .op {
                out.append(t.start.line)
            }
            i = j
        }
        return out
    }

    /// True when a block enclosing line `n` (by indentation) is a `with` expecting an error or a `try:`.
    static func expectsError(_ lines: [Substring], _ n: Int) -> Bool {
        func indent(_ s: Substring) -> Int { s.prefix { $0 == " " || $0 == "\t" }.count }
        var level = indent(lines[n - 1])
        var k = n - 2
        while k >= 0, level > 0 {
            let s = lines[k]
            let trimmed = s.drop { $0 == " " || $0 == "\t" }
            if !trimmed.isEmpty, !trimmed.hasPrefix("#"), indent(s) < level {
                level = indent(s)
                if trimmed.hasPrefix("try:") { return true }
                if trimmed.hasPrefix("with ") || trimmed.hasPrefix("async with "),
                    trimmed.contains("raises") || trimmed.contains("Raises") || trimmed.contains("warns")
                        || trimmed.contains("Warns")
                {
                    return true
                }
            }
            k -= 1
        }
        return false
    }

    /// One file's comparison statements (1-based lines), taken in the read pass (`SourceAnalysis`): only a file
    /// with a candidate line is tokenized.
    package struct Analysis: SourceAnalysis {
        package let name = "MLA152.comparisonStatements"
        package init() {}
        package func encode(_ v: [Int], into w: inout FactCodec.Writer) -> Bool {
            w.list(v) { $0.int($1) }
            return true
        }

        package func decode(_ r: inout FactCodec.Reader) -> [Int]? {
            r.list { r -> Int? in r.int().flatMap { $0 >= 1 ? $0 : nil } }
        }

        package func analyze(_ source: PythonSource) -> [Int] {
            guard source.content.containsBytes("==") else { return [] }
            let lines = source.lines
            var candidates = Set<Int>()
            for (i, raw) in lines.enumerated()
            where PointlessComparisonCheck.mayContainEquality(raw) && raw.contains("==") {
                if PointlessComparisonCheck.isCandidate(raw.drop { $0 == " " || $0 == "\t" }) {
                    candidates.insert(i + 1)
                }
            }
            guard !candidates.isEmpty else { return [] }
            return PointlessComparisonCheck.statements(in: source.tokenization.tokens, candidates: candidates).filter {
                !PointlessComparisonCheck.expectsError(lines, $0)
            }
        }
    }

    package static func sites(_ context: FindingContext) -> [Site] {
        let tests = Set(context.facts.code.tests.map(\.path))
        let analysis = Analysis()
        return context.productAndTestSources.flatMap { m in
            (context.facts.analysis(analysis, of: m.path) ?? []).map {
                Site(path: m.path, line: $0, isTest: tests.contains(m.path))
            }
        }
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let sites = Self.sites(context)
        guard !sites.isEmpty else { return [] }
        let evidence = sites.map { context.facts.evidence($0.path, $0.line) }.productFirst
        let inTests = sites.filter(\.isTest).count
        let split =
            inTests == 0 ? "" : inTests == sites.count ? ", all in tests: lost assertions" : ", \(inTests) in tests"
        return [
            FindingHit(
                title:
                    "\(sites.count) comparison(s) `a == b` standing alone as a statement, whose result is dropped\(split) (\(evidence.citationSummary))",
                evidence: evidence, strength: .code)
        ]
    }
}
