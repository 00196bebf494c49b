/// Local Tests & Gates: the repository's offline gates, run only under `--run-gates`.
public enum GateDiscovery {
    public static func gates(facts: RepositoryFacts, settings: AuditSettings) -> [Gate] { [] }
}
