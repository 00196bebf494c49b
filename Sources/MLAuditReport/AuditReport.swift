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

    public init(date: String, preamble: FetchPreamble, repository: RepositoryInfo, repoMap: RepoMap,
                stubs: [StubEntry], capabilities: [CapabilityAssessment], findings: [Finding],
                diffs: [AtomicDiff], gates: [Gate], reproducibility: [ReproItem], deferred: [DeferredItem],
                errors: [CapturedError], taskSequence: TaskSequence, script: String, ledger: LedgerSummary?) {
        self.date = date; self.preamble = preamble; self.repository = repository; self.repoMap = repoMap
        self.stubs = stubs; self.capabilities = capabilities; self.findings = findings; self.diffs = diffs
        self.gates = gates; self.reproducibility = reproducibility; self.deferred = deferred; self.errors = errors
        self.taskSequence = taskSequence; self.script = script; self.ledger = ledger
    }
}

public struct ToolInfo: Sendable {
    public var name = "mlaudit"
    public var version = MLAuditVersion.value
}

public enum MLAuditVersion { public static let value = "0.1.0" }

/// The `//fetch` preamble, the Objective's subject and the H1 name.
public struct FetchPreamble: Sendable {
    public var repositoryURL: String        // https://github.com/OWNER/NAME
    public var branches: [String]           // /tree/<branch> lines, in order
    public var displayName: String          // H1: "# 📍<displayName>: Status Update (DATE)"
    public var environmentName: String      // "the Codex Environment for Ubuntu" / "<name>"
    public init(repositoryURL: String, branches: [String], displayName: String, environmentName: String) {
        self.repositoryURL = repositoryURL; self.branches = branches; self.displayName = displayName
        self.environmentName = environmentName
    }
}

public struct BranchInfo: Sendable, Hashable {
    public var name: String
    public var lastCommitDate: String       // YYYY-MM-DD
    public init(name: String, lastCommitDate: String) { self.name = name; self.lastCommitDate = lastCommitDate }
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
    public init(name: String, commit: String?, branch: String?, mostRecentActiveBranch: String?,
                branches: [BranchInfo], remoteURL: String?, isShallow: Bool, isDirty: Bool) {
        self.name = name; self.commit = commit; self.branch = branch; self.mostRecentActiveBranch = mostRecentActiveBranch
        self.branches = branches; self.remoteURL = remoteURL; self.isShallow = isShallow; self.isDirty = isDirty
    }
}

public struct DirectoryCount: Sendable, Hashable {
    public var path: String
    public var files: Int
    public init(path: String, files: Int) { self.path = path; self.files = files }
}

public struct RecentChange: Sendable, Hashable {
    public var commit: String               // abbreviated
    public var date: String                 // YYYY-MM-DD
    public var subject: String
    public init(commit: String, date: String, subject: String) { self.commit = commit; self.date = date; self.subject = subject }
}

public struct RepoMap: Sendable {
    public var directories: [DirectoryCount]
    public var rootFileCount: Int
    public var keyFiles: [String]
    public var recentChanges: [RecentChange]
    public var totalFiles: Int
    public var pythonFiles: Int
    public var skippedFiles: [SkippedFile]
    public init(directories: [DirectoryCount], rootFileCount: Int, keyFiles: [String], recentChanges: [RecentChange],
                totalFiles: Int, pythonFiles: Int, skippedFiles: [SkippedFile]) {
        self.directories = directories; self.rootFileCount = rootFileCount; self.keyFiles = keyFiles
        self.recentChanges = recentChanges; self.totalFiles = totalFiles; self.pythonFiles = pythonFiles
        self.skippedFiles = skippedFiles
    }
}

public struct SkippedFile: Sendable, Hashable {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) { self.path = path; self.reason = reason }
}

/// A `path:line` citation with the cited line's text (trimmed, redacted, at most 160 characters).
public struct Evidence: Sendable, Hashable {
    public var path: String
    public var line: Int
    public var text: String?
    public init(path: String, line: Int, text: String? = nil) { self.path = path; self.line = line; self.text = text }
    public var citation: String { "\(path):\(line)" }
}

public struct StubEntry: Sendable, Hashable {
    public var path: String
    public var line: Int
    public var kind: String                 // not_implemented | pass | ellipsis | docstring_only | placeholder_message | todo_comment
    public var symbol: String
    public var declaration: Bool
    public var capability: String?
    public var text: String
    /// A lowercase `todo`/`hack` marker: listed, but a reviewer may not call it a stub.
    public var borderline: Bool
    public init(path: String, line: Int, kind: String, symbol: String, declaration: Bool, capability: String?, text: String,
                borderline: Bool = false) {
        self.path = path; self.line = line; self.kind = kind; self.symbol = symbol; self.declaration = declaration
        self.capability = capability; self.text = text; self.borderline = borderline
    }
}

public enum SubfeatureState: String, Sendable, Hashable { case present, stub, absent }

public enum CapabilityStatus: String, Sendable, Hashable {
    case implemented = "Implemented"
    case partiallyImplemented = "Partially Implemented"
    case stubbed = "Stubbed"
    case missing = "Missing"

    /// The rubric rule: the only way a status is ever set.
    public static func from(states: [SubfeatureState]) -> CapabilityStatus {
        if !states.isEmpty && states.allSatisfy({ $0 == .present }) { return .implemented }
        if states.contains(.present) { return .partiallyImplemented }
        if states.contains(.stub) { return .stubbed }
        return .missing
    }
}

public struct SubfeatureAssessment: Sendable, Hashable {
    public var name: String
    public var ruleCode: String
    public var state: SubfeatureState
    public var evidence: [Evidence]         // strongest first; non-empty for present/stub
    /// Set when `.mlaudit.toml` overrides the rule (e.g. "not applicable: inference-only repository").
    public var override: String?
    public init(name: String, ruleCode: String, state: SubfeatureState, evidence: [Evidence], override: String? = nil) {
        self.name = name; self.ruleCode = ruleCode; self.state = state; self.evidence = evidence; self.override = override
    }
}

public struct CapabilityAssessment: Sendable {
    public var name: String                 // the JSON's short name: "Modeling"
    public var label: String                // the template's label: "ChatGPT Codex Modeling (model init, dtype, ...)"
    public var subfeatures: [SubfeatureAssessment]
    public var artifacts: [String]
    public var gaps: [String]
    public var risks: [String]
    public var patchPlan: String
    public var rollback: String
    public var status: CapabilityStatus { CapabilityStatus.from(states: subfeatures.map(\.state)) }
    public init(name: String, label: String, subfeatures: [SubfeatureAssessment], artifacts: [String], gaps: [String],
                risks: [String], patchPlan: String, rollback: String) {
        self.name = name; self.label = label; self.subfeatures = subfeatures; self.artifacts = artifacts; self.gaps = gaps
        self.risks = risks; self.patchPlan = patchPlan; self.rollback = rollback
    }
}

public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
    case critical, high, medium, low
    package var rank: Int { switch self { case .critical: 0; case .high: 1; case .medium: 2; case .low: 3 } }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

public struct Finding: Sendable, Hashable {
    public var code: String                 // MLA101
    public var severity: Severity
    public var title: String
    public var why: String
    public var fix: String
    public var evidence: [Evidence]
    public init(code: String, severity: Severity, title: String, why: String, fix: String, evidence: [Evidence]) {
        self.code = code; self.severity = severity; self.title = title; self.why = why; self.fix = fix; self.evidence = evidence
    }
}

public struct AtomicDiff: Sendable, Hashable {
    public var title: String
    public var why: String
    public var risk: String
    public var rollback: String
    public var testsDocs: String
    public var paths: [String]
    public var patch: String                // unified diff, `diff --git a/... b/...`
    public var applies: Bool
    /// An additive scaffold that fills the template's minimum, not a fix of a finding.
    public var scaffold: Bool
    public init(title: String, why: String, risk: String, rollback: String, testsDocs: String, paths: [String], patch: String, applies: Bool,
                scaffold: Bool = false) {
        self.title = title; self.why = why; self.risk = risk; self.rollback = rollback; self.testsDocs = testsDocs
        self.paths = paths; self.patch = patch; self.applies = applies; self.scaffold = scaffold
    }
}

public struct Gate: Sendable, Hashable {
    public var command: String
    public var purpose: String
    public var mlTestScore: [String]        // data | model | infrastructure | regression | performance
    public var ran: Bool
    public var exitCode: Int?
    public var output: String?
    public var source: Evidence?            // where the gate is defined
    public init(command: String, purpose: String, mlTestScore: [String], ran: Bool, exitCode: Int?, output: String?, source: Evidence?) {
        self.command = command; self.purpose = purpose; self.mlTestScore = mlTestScore; self.ran = ran
        self.exitCode = exitCode; self.output = output; self.source = source
    }
}

public struct ReproItem: Sendable, Hashable {
    public var item: String
    public var status: String               // present | partial | missing
    public var notes: String
    public var evidence: [Evidence]
    public init(item: String, status: String, notes: String, evidence: [Evidence]) {
        self.item = item; self.status = status; self.notes = notes; self.evidence = evidence
    }
}

public struct DeferredItem: Sendable, Hashable {
    public var item: String
    public var rationale: String
    public var plan: String
    public init(item: String, rationale: String, plan: String) { self.item = item; self.rationale = rationale; self.plan = plan }
}

/// One Error Capture block, one `errors[]` entry, one stderr line.
public struct CapturedError: Sendable, Hashable {
    public var timestamp: String            // ISO-8601 UTC, pinned by MLAUDIT_TIMESTAMP
    public var step: String                 // "3:STUB_SCAN"
    public var stepDescription: String      // "scanning Python files for stubs"
    public var error: String
    public var context: String
    public var path: String?
    public init(timestamp: String, step: String, stepDescription: String, error: String, context: String, path: String?) {
        self.timestamp = timestamp; self.step = step; self.stepDescription = stepDescription; self.error = error
        self.context = context; self.path = path
    }
}

public struct TaskSequence: Sendable {
    public struct Phase: Sendable {
        public var name: String             // Preparation, Search & Mapping, ...
        public var steps: [String]
        public init(name: String, steps: [String]) { self.name = name; self.steps = steps }
    }
    public var phases: [Phase]
    public init(phases: [Phase]) { self.phases = phases }
}

public struct LedgerSummary: Sendable {
    public var path: String
    public var openRows: [String]           // one line per open row, already trimmed
    public init(path: String, openRows: [String]) { self.path = path; self.openRows = openRows }
}
