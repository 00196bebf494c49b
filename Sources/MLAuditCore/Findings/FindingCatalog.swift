/// High-Signal Findings: checks with stable codes, ranked by severity then evidence strength.
public enum FindingCatalog {
    public static func findings(facts: RepositoryFacts, capabilities: [CapabilityAssessment]) -> [Finding] { [] }
}
