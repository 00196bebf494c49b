import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// `x is "train"`, `n is not 0`: identity compared with a str, bytes or number literal. Whether two equal strings or
/// numbers are the same object is an interpreter detail (interning, the small-int cache), so the test can be False
/// for equal values (a string read from a config or built at run time); CPython 3.8+ prints
/// `SyntaxWarning: "is" with a literal` on every import. `is None`, `is True` and `is ...` are not literals here.
package struct LiteralIdentityCheck: FindingCheck {
    package let code = FindingCode.mla137
    package let severity = Severity.medium
    package let summary = "`is` / `is not` compares with a string or number literal."
    package let why =
        "Identity of equal strings and numbers depends on interning: `mode is \"train\"` is False when `mode` was read from a config or built at run time, so the branch silently never runs; Python 3.8+ warns `SyntaxWarning: \"is\" with a literal`."
    package let fix = "Compare values: `==` / `!=` instead of `is` / `is not`."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "train.py":
                        "def step(mode, n):\n    if mode is 'train':\n        pass\n    while n is not 0:\n        n -= 1\n",
                    "tests/test_a.py": "def test_a():\n    assert out is \"ok\"\n",
                ], needsPythonReader: true)
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "train.py":
                        "def step(mode, n):\n    if mode == 'train' and n is not None:\n        pass\n    x = 'a is 1'\n    if flag is True or y is ...:\n        pass\n    # if z is 'x'\n",
                    "third_party/lib/a.py": "if a is 'x':\n    pass\n",
                ], needsPythonReader: true)
        ]
    }

    /// Every comparison, with its module, in path then line order.
    package static func sites(_ context: FindingContext) -> [(PythonModule, PythonLiteralIdentity)] {
        context.productAndTestSources.flatMap { m in m.literalIdentities.map { (m, $0) } }
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        var seen = Set<String>()
        let evidence = Self.sites(context).compactMap { m, s -> Evidence? in
            seen.insert("\(m.path):\(s.line)").inserted ? context.facts.evidence(m.path, s.line) : nil
        }
        guard !evidence.isEmpty else { return [] }
        let ordered = evidence.productFirst
        return [
            FindingHit(
                title:
                    "\(evidence.count) identity comparison(s) with a string or number literal (`is` where `==` is meant) (\(ordered.citationSummary))",
                evidence: ordered, strength: .code)
        ]
    }
}
