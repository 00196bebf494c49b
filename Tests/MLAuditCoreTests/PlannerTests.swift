import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

final class PlannerTests: XCTestCase {
    private func sub(_ name: String, _ state: SubfeatureState, _ at: String? = nil, override: SubfeatureOverride? = nil)
        -> SubfeatureAssessment
    {
        let ev =
            at.map { a -> [Evidence] in
                let p = a.split(separator: ":")
                return [Evidence(path: String(p[0]), line: Int(p[1])!)]
            } ?? []
        return SubfeatureAssessment(
            subfeature: Subfeature(rawValue: name)!, state: state, evidence: ev, override: override)
    }

    private var capabilities: [CapabilityAssessment] {
        [
            CapabilityAssessment(
                capability: Capability(rawValue: "Modeling")!,
                subfeatures: [
                    sub("model init", .present, "model.py:3"), sub("dtype", .present, "model.py:4"),
                    sub("device placement", .present, "model.py:5"), sub("LoRA/PEFT hooks", .absent),
                ], artifacts: ["model.py"], gaps: [], risks: ["Full fine-tuning only."], patchPlan: "p", rollback: "r"),
            CapabilityAssessment(
                capability: Capability(rawValue: "Logging & Monitoring")!,
                subfeatures: [
                    sub("tracker logging", .present, "train.py:2"), sub("system metrics", .stub, "train.py:9"),
                ], artifacts: ["train.py"], gaps: [], risks: [], patchPlan: "p", rollback: "r"),
            CapabilityAssessment(
                capability: Capability(rawValue: "Experiment Tracking")!,
                subfeatures: [
                    sub("MLflow local tracking", .absent, override: .notApplicable(reason: "W&B only")),
                    sub("W&B offline mode", .absent),
                ], artifacts: [], gaps: [], risks: ["Runs need network."], patchPlan: "p", rollback: "r"),
            CapabilityAssessment(
                capability: Capability(rawValue: "Tokenization")!,
                subfeatures: [
                    sub("fast tokenizer", .present, "data.py:1"), sub("vocab", .present, "data.py:2"),
                    sub("encode/decode", .present, "data.py:3"), sub("padding/truncation", .present, "data.py:4"),
                ], artifacts: ["data.py"], gaps: [], risks: [], patchPlan: "p", rollback: "r"),
        ]
    }

    private let wandbDiff = AtomicDiff(
        title: "Guard wandb.init with an offline mode", why: "runs must work offline", risk: "low",
        rollback: "git revert", testsDocs: "tests/test_tracking.py", paths: ["train.py"],
        patch: "diff --git a/train.py b/train.py\n", applies: true,
        code: nil, findings: [.mla113], subfeatures: [.wandbOfflineMode])
    private let staleDiff = AtomicDiff(
        title: "Seed the data loader", why: "determinism", risk: "low", rollback: "git revert",
        testsDocs: "tests/test_data.py", paths: ["data.py"], patch: "diff --git a/data.py b/data.py\n", applies: false)

    func testDeferredItemsComeFromGapsNoDiffAddresses() {
        let items = RemediationPlanner.deferred(capabilities: capabilities, diffs: [wandbDiff])
        XCTAssertEqual(
            items.map(\.item),
            [
                "Modeling (Partially Implemented): LoRA/PEFT hooks (absent)",
                "Logging & Monitoring (Partially Implemented): system metrics (stub at train.py:9)",
            ],
            "W&B offline mode is addressed by a diff (declared, not read from its prose), MLflow is not applicable, Tokenization is complete; high complexity first"
        )
        let lora = items[0]
        XCTAssertTrue(lora.rationale.hasPrefix("Complexity: high"), lora.rationale)
        XCTAssertTrue(lora.rationale.contains("owner: model.py"), lora.rationale)
        XCTAssertFalse(lora.rationale.contains("Risk:"), "the risk is in the table row already")
        XCTAssertTrue(lora.plan.contains("get_peft_model"), lora.plan)

        let withoutDiff = RemediationPlanner.deferred(capabilities: capabilities, diffs: [])
        let tracking = withoutDiff.first { $0.item.hasPrefix("Experiment Tracking") }
        XCTAssertEqual(tracking?.item, "Experiment Tracking (Missing): W&B offline mode (absent)")
        XCTAssertTrue(tracking?.rationale.contains("no module owns it yet") ?? false)
        XCTAssertTrue(RemediationPlanner.deferred(capabilities: [], diffs: []).isEmpty)
    }

    func testTaskSequenceHasTheSixPhasesWithConcreteSteps() throws {
        let root = try GateFixtures.repo([
            "train.py": "import torch\n\nif __name__ == '__main__':\n    print('x')\n",
            "requirements.txt": "torch==2.3.0\n",
        ])
        defer { GateFixtures.remove(root) }
        let facts = GateFixtures.facts(root)
        let finding = Finding(
            code: .mla113, severity: .medium, title: "`wandb.init` without offline guard", why: "w",
            fix: "Pass mode=... to wandb.init", evidence: [facts.evidence("train.py", 1)])
        let other = Finding(
            code: .mla112, severity: .high, title: "no tests", why: "w", fix: "Add a pytest suite",
            evidence: [facts.evidence("train.py", 3)])
        let gates = [
            Gate(
                command: "python -m pytest -q", purpose: "Runs the suite", mlTestScore: [.model], ran: true,
                exitCode: 1,
                output: "1 failed", source: Evidence(path: "pyproject.toml", line: 4)),
            Gate(
                command: "python -m compileall -q .", purpose: "Proposed: byte-compiles",
                mlTestScore: [.infrastructure],
                ran: false, exitCode: nil, output: nil, source: nil, origin: .proposed),
            Gate(
                command: "make gpu",
                purpose:
                    "Makefile target gpu: pytest -m gpu (needs a GPU: selected tests are skipped or fail on a CPU-only machine)",
                mlTestScore: [.model], ran: false, exitCode: nil, output: nil,
                source: Evidence(path: "Makefile", line: 1),
                needsGPU: true),
        ]
        let seq = RemediationPlanner.taskSequence(
            facts: facts, capabilities: capabilities, findings: [other, finding],
            diffs: [wandbDiff, staleDiff], gates: gates)
        XCTAssertEqual(
            seq.phases.map(\.name),
            [
                "Preparation", "Search & Mapping", "Best-Effort Construction",
                "Controlled Pruning", "Error Capture", "Finalization",
            ])
        for p in seq.phases { XCTAssertGreaterThanOrEqual(p.steps.count, 2, p.name) }
        let text = { (i: Int) in seq.phases[i].steps.joined(separator: "\n") }
        let head = try XCTUnwrap(facts.git.head)
        XCTAssertTrue(text(0).contains(String(head.prefix(12))))
        XCTAssertTrue(text(0).contains("-r requirements.txt"))
        XCTAssertTrue(text(0).contains("python -m pytest -q"))
        XCTAssertTrue(
            text(1).contains("Open the cited lines of findings MLA112 (train.py:3); MLA113 (train.py:1)"), text(1))
        XCTAssertTrue(
            text(1).contains("Map Modeling (Partially Implemented): missing LoRA/PEFT hooks; start from model.py"),
            text(1))
        XCTAssertTrue(
            text(2).contains(
                "Review Atomic Diffs 1, then apply the ones you accept: python3 codex_remediation.py --apply 1"),
            text(2))
        XCTAssertFalse(text(2).contains("Diffs 1, 2"), "a diff that does not apply is pruned, not applied")
        XCTAssertTrue(text(2).contains("Add the missing gate `python -m compileall -q .`"))
        XCTAssertTrue(
            text(2).contains("Dry-run the generated script first (it changes nothing): python3 codex_remediation.py"))
        XCTAssertTrue(text(3).contains("Drop Atomic Diff 2 — Seed the data loader"), text(3))
        XCTAssertTrue(
            text(3).contains("Defer what section 7 lists: Modeling (Partially Implemented): LoRA/PEFT hooks (absent)"),
            text(3))
        let capture = seq.phases[4].steps[0]
        XCTAssertTrue(
            capture.contains(
                """
                :::
                Question for ChatGPT @codex 2026-11-25T00:00:00Z:
                While performing [STEP_NUMBER:STEP_DESCRIPTION], encountered the following error:
                [ERROR_MESSAGE]
                Context: [BRIEF_CONTEXT]
                What are the possible causes, and how can this be resolved while preserving intended functionality?
                :::
                """), capture)
        XCTAssertTrue(text(4).contains("Gate `python -m pytest -q` exited 1"), text(4))
        XCTAssertTrue(text(5).contains("Re-run the gates offline; all must pass: python -m pytest -q"), text(5))
        XCTAssertFalse(text(5).contains("compileall"), "proposed gates do not exist yet; only real gates are re-run")
        XCTAssertFalse(text(5).contains("make gpu"), "GPU-only gates cannot pass on a CPU-only machine")
    }

    func testTaskSequenceWithoutAnyFindingsStillGivesConcreteSteps() throws {
        let root = try GateFixtures.repo(["pkg/main.py": "print('hi')\n"], git: false)
        defer { GateFixtures.remove(root) }
        let seq = RemediationPlanner.taskSequence(
            facts: GateFixtures.facts(root), capabilities: [], findings: [], diffs: [], gates: [])
        XCTAssertEqual(seq.phases.count, 6)
        for p in seq.phases { XCTAssertFalse(p.steps.isEmpty, p.name) }
        XCTAssertTrue(seq.phases[0].steps[0].contains("git init"))
        XCTAssertTrue(seq.phases[1].steps.joined().contains("pkg/main.py"))
    }
}
