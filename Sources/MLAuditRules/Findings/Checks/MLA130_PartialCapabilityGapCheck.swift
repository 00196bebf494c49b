import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Absent sub-features of capabilities that are otherwise working (status Partially Implemented).
/// Ranked after every other finding (`FindingCatalog.trailingCodes`): it restates the capability table's gap
/// text as a finding, so the specific checks go first and a sub-feature one of them already reports is skipped.
package struct PartialCapabilityGapCheck: FindingCheck {
    package let code = FindingCode.mla130
    package let severity = Severity.low
    package let summary = "A sub-feature of a Partially Implemented capability is absent."
    package let why =
        "The capability works for the parts that exist, so the missing part is easy to overlook until a run needs it (a resume, a review, a reproduction)."
    package let fix =
        "Implement the absent sub-feature next to the capability's existing code the evidence points at; the capability table's Minimal Patch Plan lists the steps."

    /// Sub-features whose absence breaks exact resume or supply-chain safety: medium instead of low.
    package static let elevated: Set<Subfeature> = [
        .optimizerState, .schedulerState, .rngState, .dependencyLocking, .secretsScanning,
    ]

    /// Sub-features a more specific check reports (its finding is the actionable one), by capability then sub-feature.
    /// `namesSubfeature`: the specific check reports several sub-features, so it covers one only when a hit `covers` it.
    package static let coveredBy: [Subfeature: (check: any FindingCheck, namesSubfeature: Bool)] = [
        .optimizerState: (IncompleteCheckpointCheck(), true), .schedulerState: (IncompleteCheckpointCheck(), true),
        .rngState: (IncompleteCheckpointCheck(), true),
        .pytestTargets: (NoTestsCheck(), false), .localGates: (NoLocalGatesCheck(), false),
        .coverageEnforcement: (NoCoverageThresholdCheck(), false),
        .dependencyLocking: (NoLockFileCheck(), false), .secretsScanning: (NoSecretScannerCheck(), false),
        .wandbOfflineMode: (WandbOfflineCheck(), false), .mlflowLocalTracking: (MLflowTrackingURICheck(), false),
    ]

    /// Sub-features whose specific check is authoritative both ways: when it stays silent it has judged the code
    /// (e.g. `wandb.init(**kwargs)` can receive a mode; no MLflow in use), so the gap text would not hold.
    package static let decidedBySpecificCheck: Set<Subfeature> = [.wandbOfflineMode, .mlflowLocalTracking]

    /// Where an absent sub-feature is a real gap; nil when it does not apply. Prompt safety guards generation, so it
    /// needs a `generate` call in product code (cited); LoRA/PEFT hooks adapt text models, so they need a tokenizer
    /// in use (Tokenization not Missing); a sub-feature whose knob the repository names is not absent.
    package static func applicability(_ sub: Subfeature, _ context: FindingContext) -> (
        applies: Bool, evidence: [Evidence]
    ) {
        switch sub {
        case .promptSafety:
            let sites = context.methodCalls(["generate"])
            return (!sites.isEmpty, sites.prefix(1).map { context.evidence($0.0, $0.1) })
        case .loraPeftHooks:
            return (context.capabilities.first { $0.capability == .tokenization }?.status != .missing, [])
        default:
            guard let names = RuleCatalog.rule(for: sub)?.description.knobs, !names.isEmpty else { return (true, []) }
            let named = names.contains { knob in
                context.mentions(knob) { f in !f.isTest && [.python, .yaml, .toml, .json, .ini].contains(f.kind) }
            }
            return (!named, [])
        }
    }

    package var triggering: [FindingExample] {
        [
            FindingExample(
                ["train.py": "x = 1\n"],
                capabilities: [
                    Self.fixture(
                        .dataHandling, [(.datasetSplits, .present), (.caching, .absent)],
                        gaps: [
                            CapabilityFixtures.gap(
                                .caching, "nothing is cached; cache the tokenized data in `train.py`",
                                files: ["train.py"])
                        ])
                ]),
            FindingExample(
                ["train.py": "x = 1\n"],
                capabilities: [
                    Self.fixture(
                        .checkpointingResume, [(.weights, .present), (.rngState, .absent)],
                        gaps: [
                            CapabilityFixtures.gap(
                                .rngState, "the RNG state is not saved in `train.py`", files: ["train.py"])
                        ])
                ]),
            FindingExample(
                ["sample.py": "y = model.generate(x, max_new_tokens=10)\n"],
                capabilities: [
                    Self.fixture(
                        .securitySafety, [(.secretsScanning, .present), (.promptSafety, .absent)],
                        gaps: [CapabilityFixtures.gap(.promptSafety, "generation runs without a filter")])
                ], needsPythonReader: true),
        ]
    }
    package var clean: [FindingExample] {
        // Missing (not partial) capabilities belong to MLA127; stubs to MLA128.
        [
            FindingExample(
                ["train.py": "x = 1\n"],
                capabilities: [
                    Self.fixture(
                        .dataHandling, [(.datasetSplits, .absent), (.caching, .absent)],
                        gaps: [
                            CapabilityFixtures.gap(.datasetSplits, "no split"),
                            CapabilityFixtures.gap(.caching, "nothing is cached"),
                        ])
                ]),
            FindingExample(
                ["train.py": "x = 1\n"],
                capabilities: [
                    Self.fixture(
                        .dataHandling, [(.datasetSplits, .present), (.caching, .stub)],
                        gaps: [CapabilityFixtures.gap(.caching, "only a placeholder")])
                ]),
            // Prompt safety of a repository that generates nothing is not a gap.
            FindingExample(
                ["train.py": "model.fit(x)\n"],
                capabilities: [
                    Self.fixture(
                        .securitySafety, [(.secretsScanning, .present), (.promptSafety, .absent)],
                        gaps: [CapabilityFixtures.gap(.promptSafety, "generation runs without a filter")])
                ], needsPythonReader: true),
            // A library that defines the retention knob has best-k retention even if no config uses it.
            FindingExample(
                ["ckpt.py": "def checkpoint(save_top_k=1):\n    return save_top_k\n"],
                capabilities: [
                    Self.fixture(
                        .checkpointingResume, [(.weights, .present), (.bestKRetention, .absent)],
                        gaps: [CapabilityFixtures.gap(.bestKRetention, "checkpoints are kept without bound")])
                ]),
            // wandb.init(**kwargs) can receive a mode: MLA113 judged it, the gap text does not hold.
            FindingExample(
                ["log.py": "import wandb\ndef start(**kwargs):\n    wandb.init(project='p', **kwargs)\n"],
                capabilities: [
                    Self.fixture(
                        .experimentTracking, [(.mlflowLocalTracking, .present), (.wandbOfflineMode, .absent)],
                        gaps: [CapabilityFixtures.gap(.wandbOfflineMode, "wandb has no offline/disabled switch")])
                ], needsPythonReader: true),
            // A test-less repository: MLA112 reports the missing tests, so the partial CI capability adds nothing.
            FindingExample(
                ["train.py": "x = 1\n", "Makefile": "lint:\n\truff check .\n"],
                capabilities: [
                    Self.fixture(
                        .internalCITest, [(.pytestTargets, .absent), (.localGates, .present)],
                        gaps: [CapabilityFixtures.gap(.pytestTargets, "no tests")])
                ]),
        ]
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        var specificHits: [FindingCode: [FindingHit]] = [:]  // check code -> its hits, evaluated once
        func covered(_ sub: Subfeature) -> Bool {
            guard let entry = Self.coveredBy[sub] else { return false }
            let hits = specificHits[entry.check.code] ?? entry.check.evaluate(context)
            specificHits[entry.check.code] = hits
            return entry.namesSubfeature ? hits.contains { $0.covers.contains(sub) } : !hits.isEmpty
        }
        var hits: [FindingHit] = []
        for cap in context.capabilities where cap.status == .partiallyImplemented {
            for sub in cap.subfeatures where sub.state == .absent && sub.override == nil {
                let subfeature = sub.subfeature
                guard !Self.decidedBySpecificCheck.contains(subfeature),
                    let gap = cap.gaps.first(where: { $0.subfeature == subfeature })
                else { continue }
                let scope = Self.applicability(subfeature, context)
                guard scope.applies, !covered(subfeature) else { continue }
                let evidence = scope.evidence.isEmpty ? Self.evidence(for: gap, in: cap, context) : scope.evidence
                hits.append(
                    FindingHit(
                        title: "\(cap.name) is Partially Implemented: \(gap.text)", evidence: evidence,
                        strength: .absence, severity: Self.elevated.contains(subfeature) ? .medium : nil,
                        subfeature: subfeature))
            }
        }
        return hits
    }

    /// The capability's strongest present evidence in the file the gap names, else that file, else the strongest evidence overall.
    package static func evidence(for gap: CapabilityGap, in cap: CapabilityAssessment, _ context: FindingContext)
        -> [Evidence]
    {
        let present = cap.subfeatures.filter { $0.state == .present }.flatMap(\.evidence).filter {
            !HostedCI.isHostedCI($0.path)
        }
        let named = gap.files.filter {
            context.facts.snapshot.file($0) != nil && !HostedCI.isHostedCI($0)
        }
        if let file = named.first {
            if let e = present.first(where: { $0.path == file }) { return [e] }
            return [context.facts.evidence(file, 1)]
        }
        return present.first.map { [$0] } ?? []
    }

    package static func fixture(
        _ capability: Capability, _ subs: [(Subfeature, SubfeatureState)], gaps: [CapabilityGap]
    )
        -> CapabilityAssessment
    {
        var cap = CapabilityFixtures.make(capability, subs)
        cap.gaps = gaps
        return cap
    }
}
