import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// An `assert` that can never fail, or that checks less than it says:
/// - `assert "NEVA pipeline size has a bug"` / `assert f"Weird name {p}"`: a non-empty string is always true (the
///   condition was dropped and the message left behind);
/// - `assert (x > 0, "x must be positive")`: a non-empty tuple is always true (CPython warns "assertion is always
///   true, perhaps remove parentheses?");
/// - `assert config["batch_size"], 16`: a number as the message where a comparison was meant (`== 16`): only the
///   truthiness of the left side is checked.
/// Read from tokens, in product code and tests.
package struct VacuousAssertCheck: FindingCheck {
    package let code = FindingCode.mla155
    package let severity = Severity.medium
    package let summary =
        "An `assert` on a string, a tuple, or with a number as its message checks nothing it means to."
    package let why =
        "`assert \"message\"` and `assert (cond, \"message\")` are always true, and `assert x, 16` only checks that `x` is truthy: the invariant or test expectation written there is never checked, so the failure it guards against passes silently."
    package let fix =
        "Write the condition: `assert cond, \"message\"` (no parentheses around both), and `assert x == 16` where a value was meant."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "pkg/model.py":
                        "def build(cfg, path):\n    if cfg.pp > 1:\n        assert \"pipeline size has a bug for now\"\n    assert f\"Weird name {path}\"\n    assert (\n        cfg.pp > 0,\n        'pp must be positive',\n    )\n",
                    "tests/test_cfg.py": "def test_batch(acc):\n    assert acc.config['train_batch_size'], 16\n",
                ], needsPythonReader: true)
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "pkg/model.py":
                        "def build(cfg, a, b):\n    assert cfg.pp > 0, 'pp must be positive'\n    assert (a, b) == (1, 2)\n    assert ()\n    assert (cfg.pp > 0), 'x'\n    assert cfg.size == 16, 16\n    assert not cfg, 0\n    assert ''\n    assert 'a' in cfg\n    assert (\n        cfg.pp > 0\n    ), 'x'\n"
                ], needsPythonReader: true)
        ]
    }

    package enum Kind: String, Sendable {
        case string = "on a string"
        case tuple = "on a tuple"
        case numberMessage = "with a number as the message"
    }

    package struct Site: Sendable {
        package var path: String
        package var line: Int
        package var kind: Kind
    }

    static let comparisons: Set<String> = ["==", "!=", "<", ">", "<=", ">="]

    /// Sites of one file's logical lines.
    package static func sites(path: String, _ lines: [PythonStatementTokens]) -> [Site] {
        var out: [Site] = []
        for line in lines {
            let t = line.tokens
            for i in t.indices where line.depth[i] == 0 && line.isName(i, "assert") {
                guard i == 0 || line.isOp(i - 1, ":") || line.isOp(i - 1, ";") else { continue }
                var end = i + 1
                while end < t.count, !(line.depth[end] == 0 && (line.isOp(end, ",") || line.isOp(end, ";"))) {
                    end += 1
                }
                let test = i + 1..<end
                guard !test.isEmpty else { continue }
                let n = t[i].start.line
                // A non-empty string literal (or several adjacent ones) as the whole test.
                if test.allSatisfy({ t[$0].kind == .string }),
                    test.contains(where: { t[$0].text.count > t[$0].stringPrefix.count + 2 })
                {
                    out.append(Site(path: path, line: n, kind: .string))
                    continue
                }
                // `(a, b)` as the whole test: a tuple with a top-level comma inside.
                if line.isOp(i + 1, "("), line.closing(i + 1) == end - 1,
                    (i + 2..<end - 1).contains(where: { line.depth[$0] == 1 && line.isOp($0, ",") })
                {
                    out.append(Site(path: path, line: n, kind: .tuple))
                    continue
                }
                // `assert x, 16`: the message is one number and the test compares nothing.
                if end < t.count, line.isOp(end, ","), end + 2 == t.count || line.isOp(end + 2, ";"),
                    end + 1 < t.count, t[end + 1].kind == .number,
                    !test.contains(where: {
                        line.depth[$0] == 0
                            && ((t[$0].kind == .op && comparisons.contains(t[$0].text))
                                || (t[$0].kind == .name && ["in", "is", "not", "and", "or"].contains(t[$0].text)))
                    })
                {
                    out.append(Site(path: path, line: n, kind: .numberMessage))
                }
            }
        }
        return out
    }

    package static func sites(_ context: FindingContext) -> [Site] {
        context.statementSites.vacuousAssert
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let sites = Self.sites(context)
        guard !sites.isEmpty else { return [] }
        let evidence = sites.map { context.facts.evidence($0.path, $0.line) }.productFirst
        let kinds = Set(sites.map(\.kind.rawValue)).sorted().joined(separator: ", ")
        return [
            FindingHit(
                title:
                    "\(sites.count) `assert` statement(s) that check nothing they state (\(kinds)) (\(evidence.citationSummary))",
                evidence: evidence, strength: .code)
        ]
    }
}
