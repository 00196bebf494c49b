/// One finding location left out of the findings because the repository said so; the report counts and lists
/// every one (Markdown and JSON), so nothing disappears without a trace.
public struct SuppressedFinding: Sendable, Hashable {
    public var code: FindingCode
    public var severity: Severity
    public var title: String
    /// Nil for a finding without a location (silenced by a repository-wide `ignore`).
    public var path: String?
    public var line: Int?
    /// What silenced it: `# mlaudit: ignore[MLA101]`, `gitleaks:allow`, `.mlaudit.toml ignore`, ...
    public var by: String
    public var fingerprint: String
    public init(
        code: FindingCode, severity: Severity, title: String, path: String?, line: Int?, by: String, fingerprint: String
    ) {
        self.code = code
        self.severity = severity
        self.title = title
        self.path = path
        self.line = line
        self.by = by
        self.fingerprint = fingerprint
    }
}
