/// The Executable Script: a standard-library Python 3 script for this repository (dry run by default).
public enum ScriptGenerator {
    public static func script(facts: RepositoryFacts, capabilities: [CapabilityAssessment], findings: [Finding]) -> String { "" }
}
