/// The numbered analysis steps named in Error Capture blocks ("While performing [3:STUB_SCAN] ...").
public enum AuditStep: String, CaseIterable, Sendable {
    case snapshot = "1:REPOSITORY_SNAPSHOT"
    case git = "2:GIT_FACTS"
    case read = "3:FILE_READ"
    case python = "4:PYTHON_READ"
    case notebook = "5:NOTEBOOK_READ"
    case config = "6:CONFIG_READ"
    case capabilities = "7:CAPABILITY_AUDIT"
    case findings = "8:FINDINGS"
    case diffs = "9:ATOMIC_DIFFS"
    case gates = "10:LOCAL_GATES"
    case ledger = "11:QUESTIONS_LEDGER"
    case settings = "12:SETTINGS"

    public var code: String { rawValue }
    public var description: String {
        switch self {
        case .snapshot: return "listing the repository's files"
        case .git: return "reading git history and branches"
        case .read: return "reading a file"
        case .python: return "reading Python source"
        case .notebook: return "reading a notebook's code cells"
        case .config: return "parsing a configuration file"
        case .capabilities: return "rating the capabilities"
        case .findings: return "ranking findings"
        case .diffs: return "verifying atomic diffs with git apply --check"
        case .gates: return "discovering or running local gates"
        case .ledger: return "reading the outstanding-questions ledger"
        case .settings: return "reading .mlaudit.toml settings"
        }
    }
}
