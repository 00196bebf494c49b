/// The one value every renderer reads. Mirrors the JSON contract `mlaudit.report/1`
/// (`spec/report-json.md`); field names map to the contract's snake_case keys.
public struct AuditReport: Sendable {
    public static let schema = "mlaudit.report/1"
    public var tool = ToolInfo()
    public var date: String
    public var preamble: FetchPreamble
    public var repository: RepositoryInfo
    public var repoMap: RepoMap
    public var stubs: [StubEntry]
    public var capabilities: [CapabilityAssessment]
    public var findings: [Finding]
    public var diffs: [AtomicDiff]
    public var gates: [Gate]
    public var reproducibility: [ReproItem]
    public var deferred: [DeferredItem]
    public var errors: [CapturedError]
    public var taskSequence: TaskSequence
    public var script: String
    /// Open rows of `docs/status_update_outstanding_questions.md` when the audited repository has that ledger.
    public var ledger: LedgerSummary?
    /// Finding locations silenced by inline markers or settings (counted and listed, never dropped silently).
    public var suppressed: [SuppressedFinding] = []
    /// What changed since an earlier report (`--compare-to`, or the newest earlier report in `--out`).
    public var delta: ReportDelta?

    public init(
        date: String, preamble: FetchPreamble, repository: RepositoryInfo, repoMap: RepoMap,
        stubs: [StubEntry], capabilities: [CapabilityAssessment], findings: [Finding],
        diffs: [AtomicDiff], gates: [Gate], reproducibility: [ReproItem], deferred: [DeferredItem],
        errors: [CapturedError], taskSequence: TaskSequence, script: String, ledger: LedgerSummary?
    ) {
        self.date = date
        self.preamble = preamble
        self.repository = repository
        self.repoMap = repoMap
        self.stubs = stubs
        self.capabilities = capabilities
        self.findings = findings
        self.diffs = diffs
        self.gates = gates
        self.reproducibility = reproducibility
        self.deferred = deferred
        self.errors = errors
        self.taskSequence = taskSequence
        self.script = script
        self.ledger = ledger
    }
}

public struct ToolInfo: Sendable {
    public var name = "mlaudit"
    public var version = MLAuditVersion.value
}

public enum MLAuditVersion { public static let value = "0.1.0" }

/// The `//fetch` preamble, the Objective's subject and the H1 name.
public struct FetchPreamble: Sendable {
    public var repositoryURL: String  // https://github.com/OWNER/NAME
    public var branches: [String]  // /tree/<branch> lines, in order
    public var displayName: String  // H1: "# 📍<displayName>: Status Update (DATE)"
    public var environmentName: String  // "the Codex Environment for Ubuntu" / "<name>"
    public init(repositoryURL: String, branches: [String], displayName: String, environmentName: String) {
        self.repositoryURL = repositoryURL
        self.branches = branches
        self.displayName = displayName
        self.environmentName = environmentName
    }
}

public struct BranchInfo: Sendable, Hashable {
    public var name: String
    public var lastCommitDate: String  // YYYY-MM-DD
    public init(name: String, lastCommitDate: String) {
        self.name = name
        self.lastCommitDate = lastCommitDate
    }
}

public struct RepositoryInfo: Sendable {
    public var name: String
    public var commit: String?
    public var branch: String?
    public var mostRecentActiveBranch: String?
    public var branches: [BranchInfo]
    public var remoteURL: String?
    public var isShallow: Bool
    public var isDirty: Bool
    public init(
        name: String, commit: String?, branch: String?, mostRecentActiveBranch: String?,
        branches: [BranchInfo], remoteURL: String?, isShallow: Bool, isDirty: Bool
    ) {
        self.name = name
        self.commit = commit
        self.branch = branch
        self.mostRecentActiveBranch = mostRecentActiveBranch
        self.branches = branches
        self.remoteURL = remoteURL
        self.isShallow = isShallow
        self.isDirty = isDirty
    }
}

public struct DirectoryCount: Sendable, Hashable {
    public var path: String
    public var files: Int
    public init(path: String, files: Int) {
        self.path = path
        self.files = files
    }
}

public struct RecentChange: Sendable, Hashable {
    public var commit: String  // abbreviated
    public var date: String  // YYYY-MM-DD
    public var subject: String
    public init(commit: String, date: String, subject: String) {
        self.commit = commit
        self.date = date
        self.subject = subject
    }
}

public struct RepoMap: Sendable {
    public var directories: [DirectoryCount]
    public var rootFileCount: Int
    public var keyFiles: [String]
    public var recentChanges: [RecentChange]
    public var totalFiles: Int
    public var pythonFiles: Int
    public var skippedFiles: [SkippedFile]
    public init(
        directories: [DirectoryCount], rootFileCount: Int, keyFiles: [String], recentChanges: [RecentChange],
        totalFiles: Int, pythonFiles: Int, skippedFiles: [SkippedFile]
    ) {
        self.directories = directories
        self.rootFileCount = rootFileCount
        self.keyFiles = keyFiles
        self.recentChanges = recentChanges
        self.totalFiles = totalFiles
        self.pythonFiles = pythonFiles
        self.skippedFiles = skippedFiles
    }
}

public struct SkippedFile: Sendable, Hashable {
    /// Why a listed file was not read; `text` is the report's `reason`.
    public enum Cause: Sendable, Hashable {
        case notExamined(String)
        case unresolvedLink
        case linkInside
        case linkOutside
        case notRegularFile
        case timeBudget
        case overReadCap(size: Int, cap: Int)
        case binary
        case unreadable(String)
        case unreadableFolder(String)

        public var text: String {
            switch self {
            case .notExamined(let why): return "not examined: \(why)"
            case .unresolvedLink: return "symbolic link that does not resolve (dangling or a loop): not followed"
            case .linkInside:
                return "symbolic link inside the repository: not followed (its target is audited in place)"
            case .linkOutside: return "symbolic link pointing outside the repository: not followed"
            case .notRegularFile: return "not a regular file (FIFO, socket or device): not opened"
            case .timeBudget: return "not read: the --time-budget ran out"
            case .overReadCap(let size, let cap):
                return "\(size) bytes, over the \(cap)-byte read cap (--max-file-bytes)"
            case .binary: return "binary content (NUL bytes) under a text file name"
            case .unreadable(let why): return "unreadable: \(why)"
            case .unreadableFolder(let why): return "unreadable folder: \(why)"
            }
        }

        /// The same cause with `transform` applied to its free text (redaction).
        public func mappingText(_ transform: (String) -> String) -> Cause {
            switch self {
            case .notExamined(let why): return .notExamined(transform(why))
            case .unreadable(let why): return .unreadable(transform(why))
            case .unreadableFolder(let why): return .unreadableFolder(transform(why))
            default: return self
            }
        }
    }
    public var path: String
    public var cause: Cause
    /// `repo_map.skipped[].reason`.
    public var reason: String { cause.text }
    public init(path: String, cause: Cause) {
        self.path = path
        self.cause = cause
    }
}

/// A `path:line` citation with the cited line's text (trimmed, redacted, at most 160 characters).
public struct Evidence: Sendable, Hashable {
    public var path: String
    public var line: Int
    public var text: String?
    public init(path: String, line: Int, text: String? = nil) {
        self.path = path
        self.line = line
        self.text = text
    }
    public var citation: String { "\(path):\(line)" }
}

public struct StubEntry: Sendable, Hashable {
    /// `stubs[].kind`: the rubric's stub kinds.
    public enum Kind: String, CaseIterable, Sendable, Hashable {
        case notImplemented = "not_implemented"
        case pass
        case ellipsis
        case docstringOnly = "docstring_only"
        case placeholderMessage = "placeholder_message"
        case todoComment = "todo_comment"
    }
    public var path: String
    public var line: Int
    public var kind: Kind
    public var symbol: String
    public var declaration: Bool
    public var capability: Capability?
    public var text: String
    /// A lowercase `todo`/`hack` marker: listed, but a reviewer may not call it a stub.
    public var borderline: Bool
    public init(
        path: String, line: Int, kind: Kind, symbol: String, declaration: Bool, capability: Capability?, text: String,
        borderline: Bool = false
    ) {
        self.path = path
        self.line = line
        self.kind = kind
        self.symbol = symbol
        self.declaration = declaration
        self.capability = capability
        self.text = text
        self.borderline = borderline
    }
}

extension StubEntry.Kind: CustomStringConvertible { public var description: String { rawValue } }
