import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// Deferred Items and the Codex-ready Task Sequence, derived from the audit's gaps, findings and diffs.
public enum RemediationPlanner {
    /// One item per capability whose missing or stubbed sub-features no Atomic Diff addresses, with the pruning
    /// rationale (complexity, ownership, risk) and the smallest future plan. Most complex first, then rubric order.
    /// `alsoAddressed`: sub-features tackled another way (the task sequence's findings).
    public static func deferred(
        capabilities: [CapabilityAssessment], diffs: [AtomicDiff],
        alsoAddressed: Set<Subfeature> = []
    ) -> [DeferredItem] {
        let addressed = alsoAddressed.union(diffs.flatMap(\.subfeatures))
        var ranked: [(Deferral.Complexity, Int, DeferredItem)] = []
        for (index, cap) in capabilities.enumerated() {
            let open = cap.subfeatures.filter { s in
                s.state != .present && s.override == nil && !addressed.contains(s.subfeature)
            }
            guard !open.isEmpty else { continue }
            let entries = open.map {
                ($0, RuleCatalog.rule(for: $0.subfeature)?.description.deferral ?? .unknown)
            }
            let hardest = entries.map(\.1.complexity).max() ?? .medium
            let names = open.map {
                "\($0.name) (\($0.state == .stub ? "stub at \($0.evidence.first?.citation ?? "?")" : "absent"))"
            }
            let why = entries.first { $0.1.complexity == hardest }.map { "\($0.0.name): \($0.1.why)" } ?? ""
            // The risk is in the table's row already; here what makes it deferrable and who would own it.
            let owner =
                cap.artifacts.isEmpty
                ? "no module owns it yet" : "owner: \(cap.artifacts.prefix(2).joined(separator: ", "))"
            let rationale = "Complexity: \(hardest.word) (\(why)); \(owner)."
            let plan =
                entries.prefix(2).map { "\($0.0.name): \($0.1.plan)" }.joined(separator: "; ")
                + (entries.count > 2 ? "; then the remaining \(entries.count - 2) the same way" : "") + "."
            ranked.append(
                (
                    hardest, index,
                    DeferredItem(
                        item: "\(cap.name) (\(cap.status.rawValue)): \(names.joined(separator: ", "))",
                        rationale: rationale, plan: plan)
                ))
        }
        return ranked.sorted { ($0.0, -$0.1) > ($1.0, -$1.1) }.map(\.2)
    }

    public static func taskSequence(
        facts: RepositoryFacts, capabilities: [CapabilityAssessment], findings: [Finding],
        diffs: [AtomicDiff], gates: [Gate]
    ) -> TaskSequence {
        TaskSequenceBuilder(facts: facts, capabilities: capabilities, findings: findings, diffs: diffs, gates: gates)
            .build()
    }
}
