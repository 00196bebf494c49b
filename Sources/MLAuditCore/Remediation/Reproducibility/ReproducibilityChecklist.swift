/// Reproducibility Checklist: seeds, environment capture, code versioning, results determinism.
public enum ReproducibilityChecklist {
    public static func items(facts: RepositoryFacts, capabilities: [CapabilityAssessment]) -> [ReproItem] { [] }
}
