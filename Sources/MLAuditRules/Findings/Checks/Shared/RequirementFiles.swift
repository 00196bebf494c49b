import MLAuditFacts

extension Requirements {
    /// Requirements files (not pip-compile inputs, which are meant to hold ranges).
    package static func files(_ context: FindingContext) -> [RepoFile] {
        context.files { $0.kind == .requirements && !$0.isTest && !$0.path.hasSuffix(".in") }
    }
}
