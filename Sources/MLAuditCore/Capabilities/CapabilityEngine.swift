/// Rates the 14 capabilities from evidence rules, one rule per rubric sub-feature.
public enum CapabilityEngine {
    public static func assess(facts: RepositoryFacts, settings: AuditSettings) -> [CapabilityAssessment] { [] }
}
