/// Deferred Items and the Codex-ready Task Sequence, derived from the audit's gaps, findings and diffs.
public enum RemediationPlanner {
    public static func deferred(capabilities: [CapabilityAssessment], diffs: [AtomicDiff]) -> [DeferredItem] { [] }
    public static func taskSequence(facts: RepositoryFacts, capabilities: [CapabilityAssessment], findings: [Finding],
                                    diffs: [AtomicDiff], gates: [Gate]) -> TaskSequence { TaskSequence(phases: []) }
}
