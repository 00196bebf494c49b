import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditFacts

/// Absent sub-features of capabilities that are otherwise working (status Partially Implemented).
/// Ranked after every other finding (`FindingCatalog.trailingCodes`): it restates the capability table's gap
/// text as a finding, so the specific checks go first and a sub-feature one of them already reports is skipped.
package struct PartialCapabilityGapCheck: FindingCheck {
    package let code = "MLA130"
    package let severity = Severity.low
    package let summary = "A sub-feature of a Partially Implemented capability is absent."
    package let why = "The capability works for the parts that exist, so the missing part is easy to overlook until a run needs it (a resume, a review, a reproduction)."
    package let fix = "Implement the absent sub-feature next to the capability's existing code the evidence points at; the capability table's Minimal Patch Plan lists the steps."

    /// Sub-features whose absence breaks exact resume or supply-chain safety: medium instead of low.
    package static let elevated: Set<String> = ["optimizer state", "scheduler state", "RNG state", "dependency locking", "secrets scanning"]

    /// Sub-features a more specific check reports (its finding is the actionable one), by capability then sub-feature.
    /// `namesSubfeature`: the specific check reports several sub-features, so it covers one only when its title names it.
    package static let coveredBy: [String: [String: (check: any FindingCheck, namesSubfeature: Bool)]] = [
        "Checkpointing & Resume": ["optimizer state": (IncompleteCheckpointCheck(), true), "scheduler state": (IncompleteCheckpointCheck(), true),
                                   "RNG state": (IncompleteCheckpointCheck(), true)],
        "Internal CI/Test": ["pytest targets": (NoTestsCheck(), false), "local gates": (NoLocalGatesCheck(), false),
                             "coverage enforcement": (NoCoverageThresholdCheck(), false)],
        "Security & Safety": ["dependency locking": (NoLockFileCheck(), false), "secrets scanning": (NoSecretScannerCheck(), false)],
        "Experiment Tracking": ["W&B offline mode": (WandbOfflineCheck(), false), "MLflow local tracking": (MLflowTrackingURICheck(), false)],
    ]

    /// Sub-features whose specific check is authoritative both ways: when it stays silent it has judged the code
    /// (e.g. `wandb.init(**kwargs)` can receive a mode; no MLflow in use), so the gap text would not hold.
    package static let decidedBySpecificCheck: Set<String> = ["W&B offline mode", "MLflow local tracking"]

    /// Framework knobs that implement a sub-feature. A repository whose code or configs name one (a library defining
    /// `save_top_k`, a trainer config setting `gradient_accumulation_steps`, a `StrategyRegistry`) has the feature even where the
    /// capability rule found no use of it, so its absence is not reported.
    package static let knobs: [String: [String]] = [
        "best-k retention": ["save_top_k", "save_total_limit", "max_to_keep", "keep_last_n", "checkpoints_total_limit", "keep_checkpoint_max"],
        "gradient accumulation": ["accumulate_grad_batches", "gradient_accumulation_steps", "grad_accum"],
        // name -> class lookups: registry classes/tables, or config-named components (Hydra `_target_`, torchtune `_component_`)
        "registry patterns": ["Registry", "REGISTRY", "_target_", "_component_"],
        // task metrics from an evaluation library
        "metrics API": ["torchmetrics", "lm_eval", "compute_metrics", "evaluate.load"],
    ]

    /// Where an absent sub-feature is a real gap; nil when it does not apply. Prompt safety guards generation, so it
    /// needs a `generate` call in product code (cited); LoRA/PEFT hooks adapt text models, so they need a tokenizer
    /// in use (Tokenization not Missing); a sub-feature whose knob the repository names is not absent.
    package static func applicability(_ sub: String, _ context: FindingContext) -> (applies: Bool, evidence: [Evidence]) {
        switch sub {
        case "prompt safety":
            let sites = context.methodCalls(["generate"])
            return (!sites.isEmpty, sites.prefix(1).map { context.evidence($0.0, $0.1) })
        case "LoRA/PEFT hooks":
            return (context.capabilities.first { $0.name == "Tokenization" }?.status != .missing, [])
        default:
            guard let names = knobs[sub] else { return (true, []) }
            let named = names.contains { knob in
                context.mentions(knob) { f in !f.isTest && [.python, .yaml, .toml, .json, .ini].contains(f.kind) }
            }
            return (!named, [])
        }
    }

    package var triggering: [FindingExample] {
        [FindingExample(["train.py": "x = 1\n"], capabilities: [Self.fixture("Data Handling", [("dataset splits", .present), ("caching", .absent)],
                                                                             gaps: ["caching: nothing is cached; cache the tokenized data in `train.py`"])]),
         FindingExample(["train.py": "x = 1\n"], capabilities: [Self.fixture("Checkpointing & Resume", [("weights", .present), ("RNG state", .absent)],
                                                                             gaps: ["RNG state: the RNG state is not saved in `train.py`"])]),
         FindingExample(["sample.py": "y = model.generate(x, max_new_tokens=10)\n"],
                        capabilities: [Self.fixture("Security & Safety", [("secrets scanning", .present), ("prompt safety", .absent)],
                                                    gaps: ["prompt safety: generation runs without a filter"])], needsPythonReader: true)]
    }
    package var clean: [FindingExample] {
        // Missing (not partial) capabilities belong to MLA127; stubs to MLA128.
        [FindingExample(["train.py": "x = 1\n"], capabilities: [Self.fixture("Data Handling", [("dataset splits", .absent), ("caching", .absent)],
                                                                             gaps: ["dataset splits: no split", "caching: nothing is cached"])]),
         FindingExample(["train.py": "x = 1\n"], capabilities: [Self.fixture("Data Handling", [("dataset splits", .present), ("caching", .stub)],
                                                                             gaps: ["caching: only a placeholder"])]),
         // Prompt safety of a repository that generates nothing is not a gap.
         FindingExample(["train.py": "model.fit(x)\n"], capabilities: [Self.fixture("Security & Safety", [("secrets scanning", .present), ("prompt safety", .absent)],
                                                                                    gaps: ["prompt safety: generation runs without a filter"])], needsPythonReader: true),
         // A library that defines the retention knob has best-k retention even if no config uses it.
         FindingExample(["ckpt.py": "def checkpoint(save_top_k=1):\n    return save_top_k\n"],
                        capabilities: [Self.fixture("Checkpointing & Resume", [("weights", .present), ("best-k retention", .absent)],
                                                    gaps: ["best-k retention: checkpoints are kept without bound"])]),
         // wandb.init(**kwargs) can receive a mode: MLA113 judged it, the gap text does not hold.
         FindingExample(["log.py": "import wandb\ndef start(**kwargs):\n    wandb.init(project='p', **kwargs)\n"],
                        capabilities: [Self.fixture("Experiment Tracking", [("MLflow local tracking", .present), ("W&B offline mode", .absent)],
                                                    gaps: ["W&B offline mode: wandb has no offline/disabled switch"])], needsPythonReader: true),
         // A test-less repository: MLA112 reports the missing tests, so the partial CI capability adds nothing.
         FindingExample(["train.py": "x = 1\n", "Makefile": "lint:\n\truff check .\n"],
                        capabilities: [Self.fixture("Internal CI/Test", [("pytest targets", .absent), ("local gates", .present)],
                                                    gaps: ["pytest targets: no tests"])])]
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        var specificTitles: [String: [String]] = [:]   // check code -> its hit titles, evaluated once
        func covered(_ cap: String, _ sub: String) -> Bool {
            guard let entry = Self.coveredBy[cap]?[sub] else { return false }
            let titles = specificTitles[entry.check.code] ?? entry.check.evaluate(context).map(\.title)
            specificTitles[entry.check.code] = titles
            return entry.namesSubfeature ? titles.contains { $0.contains(sub) } : !titles.isEmpty
        }
        var hits: [FindingHit] = []
        for cap in context.capabilities where cap.status == .partiallyImplemented {
            for sub in cap.subfeatures where sub.state == .absent && sub.override == nil {
                guard !Self.decidedBySpecificCheck.contains(sub.name),
                      let gap = cap.gaps.first(where: { $0.hasPrefix(sub.name + ": ") }) else { continue }
                let scope = Self.applicability(sub.name, context)
                guard scope.applies, !covered(cap.name, sub.name) else { continue }
                let evidence = scope.evidence.isEmpty ? Self.evidence(for: gap, in: cap, context) : scope.evidence
                hits.append(FindingHit(title: "\(cap.name) is Partially Implemented: \(gap)", evidence: evidence,
                                       strength: .absence, severity: Self.elevated.contains(sub.name) ? .medium : nil))
            }
        }
        return hits
    }

    /// The capability's strongest present evidence in the file the gap names, else that file, else the strongest evidence overall.
    package static func evidence(for gap: String, in cap: CapabilityAssessment, _ context: FindingContext) -> [Evidence] {
        let present = cap.subfeatures.filter { $0.state == .present }.flatMap(\.evidence).filter { !HostedCIFilesCheck.isHostedCI($0.path) }
        let named = gap.matchesAll(#"`([\w./-]+\.[A-Za-z]+)`"#).filter { context.facts.snapshot.file($0) != nil && !HostedCIFilesCheck.isHostedCI($0) }
        if let file = named.first {
            if let e = present.first(where: { $0.path == file }) { return [e] }
            return [context.facts.evidence(file, 1)]
        }
        return present.first.map { [$0] } ?? []
    }

    package static func fixture(_ name: String, _ subs: [(String, SubfeatureState)], gaps: [String]) -> CapabilityAssessment {
        var cap = CapabilityFixtures.make(name, subs)
        cap.gaps = gaps
        return cap
    }
}
