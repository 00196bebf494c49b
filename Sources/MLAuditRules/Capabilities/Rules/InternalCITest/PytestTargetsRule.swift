import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct PytestTargetsRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .pytestTargets,
        summary: "A pytest suite: test modules with `test_*` functions or `Test*` classes.",
        rationale: "Tests are the only guard against regressions when training code changes.",
        triggering: [RuleExample(["tests/test_data.py": "def test_split():\n    assert 1 + 1 == 2\n"])],
        nonTriggering: [
            RuleExample(["tests/helpers.py": "def make_batch():\n    return []\n"], .absent),
            RuleExample(["tests/test_x.py": "def test_todo():\n    pass\n"], .stub),
        ],
        stubTerms: "",
        gap: "no pytest suite; add `tests/` with smoke tests for data loading and one training step",
        risk: "Any refactor can break training or data handling without a signal.",
        patch:
            "Add `tests/test_smoke.py` (tiny config: build model, one train step, one eval step) runnable with `python -m pytest -q`.",
        patchFiles: [.path("tests/test_smoke.py")],
        deferral: Deferral(
            .low, why: "new test files only",
            plan:
                "add tests/test_smoke.py (tiny model forward, one data batch) runnable offline with python -m pytest -q"
        ))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out: [RuleCandidate] = []
        for m in ctx.tests {
            let testClasses = Set(
                m.classes.filter { $0.name.hasPrefix("Test") || $0.bases.contains { $0.hasSuffix("TestCase") } }.map(
                    \.qualifiedName))
            for f in m.functions
            where f.name.hasPrefix("test") && (f.enclosingClass == nil || testClasses.contains(f.enclosingClass!)) {
                out.append(
                    f.bodyKind == .implemented
                        ? RuleCandidate(ctx.ev(m.path, f.span.start), strength: 7, note: "test `\(f.qualifiedName)`")
                        : RuleCandidate(
                            ctx.ev(m.path, f.bodyMarkerLine ?? f.span.start), strength: 1, .stub,
                            note: "empty test `\(f.qualifiedName)`"))
            }
        }
        return out
    }
}
