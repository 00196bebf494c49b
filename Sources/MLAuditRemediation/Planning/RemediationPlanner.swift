import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditFacts
import MLAuditRules
/// Deferred Items and the Codex-ready Task Sequence, derived from the audit's gaps, findings and diffs.
public enum RemediationPlanner {
    /// One item per capability whose missing or stubbed sub-features no Atomic Diff addresses, with the pruning
    /// rationale (complexity, ownership, risk) and the smallest future plan. Most complex first, then rubric order.
    public static func deferred(capabilities: [CapabilityAssessment], diffs: [AtomicDiff]) -> [DeferredItem] {
        let diffText = diffs.map { ($0.title + " " + $0.why + " " + $0.testsDocs + " " + $0.paths.joined(separator: " ")).lowercased() }
        var ranked: [(DeferredCatalog.Complexity, Int, DeferredItem)] = []
        for (index, cap) in capabilities.enumerated() {
            let open = cap.subfeatures.filter { s in
                s.state != .present && s.override == nil && !diffText.contains { addresses($0, subfeature: s.name) }
            }
            guard !open.isEmpty else { continue }
            let entries = open.map { ($0, DeferredCatalog.entry($0.name)) }
            let hardest = entries.map(\.1.complexity).max() ?? .medium
            let names = open.map { "\($0.name) (\($0.state == .stub ? "stub at \($0.evidence.first?.citation ?? "?")" : "absent"))" }
            let why = entries.first { $0.1.complexity == hardest }.map { "\($0.0.name): \($0.1.why)" } ?? ""
            // The risk is in the table's row already; here what makes it deferrable and who would own it.
            let owner = cap.artifacts.isEmpty ? "no module owns it yet" : "owner: \(cap.artifacts.prefix(2).joined(separator: ", "))"
            let rationale = "Complexity: \(hardest.word) (\(why)); \(owner)."
            let plan = entries.prefix(2).map { "\($0.0.name): \($0.1.plan)" }.joined(separator: "; ")
                + (entries.count > 2 ? "; then the remaining \(entries.count - 2) the same way" : "") + "."
            ranked.append((hardest, index, DeferredItem(item: "\(cap.name) (\(cap.status.rawValue)): \(names.joined(separator: ", "))",
                                                        rationale: rationale, plan: plan)))
        }
        return ranked.sorted { ($0.0, -$0.1) > ($1.0, -$1.1) }.map(\.2)
    }

    /// Extra words by which a diff's text shows it addresses a sub-feature (the name itself always counts).
    package static let keywords: [String: [String]] = [
        "W&B offline mode": ["wandb", "w&b"], "MLflow local tracking": ["mlflow"], "RNG state": ["rng state", "rng_state", "get_rng_state"],
        "dependency locking": ["lock file", "requirements.lock", "pin "], "secrets scanning": ["detect-secrets", "gitleaks", "secret scan"],
        "pytest targets": ["pytest", "tests/test_"], "local gates": ["noxfile", "nox ", "tox.ini", "makefile"],
        "coverage enforcement": ["fail_under", "cov-fail-under"], "deterministic shuffling": ["generator", "worker_init_fn", "seed_worker"],
        "best-k retention": ["keep_last", "save_top_k", "best-k", "retention"], "resume": ["--resume", "resume"],
        "gradient accumulation": ["grad_accum", "accumulation"], "precision": ["autocast", "gradscaler", "bf16", "amp"],
        "Docker infra": ["dockerfile"], "CLI entry points": ["project.scripts", "console_scripts"],
        "structured config": ["dataclass config", "omegaconf", "hydra"], "system metrics": ["psutil", "nvml"],
        "tracker logging": ["tensorboard", "summarywriter"], "NDJSON/CSV logging": ["ndjson", "csv"],
    ]

    package static func addresses(_ diffText: String, subfeature: String) -> Bool {
        if diffText.contains(subfeature.lowercased()) { return true }
        return (keywords[subfeature] ?? []).contains { diffText.contains($0) }
    }

    public static func taskSequence(facts: RepositoryFacts, capabilities: [CapabilityAssessment], findings: [Finding],
                                    diffs: [AtomicDiff], gates: [Gate]) -> TaskSequence {
        TaskSequenceBuilder(facts: facts, capabilities: capabilities, findings: findings, diffs: diffs, gates: gates).build()
    }
}
