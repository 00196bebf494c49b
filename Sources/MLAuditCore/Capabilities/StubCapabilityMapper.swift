import MLAuditPython

/// Which capability a stub site belongs to.
public enum StubCapabilityMapper {
    public static func capability(for site: StubSite, facts: RepositoryFacts) -> String? { nil }
}
