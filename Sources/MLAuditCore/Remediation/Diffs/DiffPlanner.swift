/// Atomic Diffs: minimal unified diffs against the audited files, each verified with `git apply --check`.
public enum DiffPlanner {
    public static func diffs(facts: RepositoryFacts, capabilities: [CapabilityAssessment], findings: [Finding]) -> [AtomicDiff] { [] }
}
