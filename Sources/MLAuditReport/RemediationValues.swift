/// What the audit proposes and records: atomic diffs, gates, the reproducibility checklist, deferred items,
/// captured errors, the task sequence and the questions ledger.

public struct AtomicDiff: Sendable, Hashable {
    public var title: String
    public var why: String
    public var risk: String
    public var rollback: String
    public var testsDocs: String
    public var paths: [String]
    public var patch: String  // unified diff, `diff --git a/... b/...`
    public var applies: Bool
    /// The proposer's stable code (`diffs[].code`); nil for a hand-built diff.
    public var code: DiffCode?
    /// The findings and sub-features the diff addresses (declared by its proposer, never read from its prose).
    public var findings: [FindingCode]
    public var subfeatures: [Subfeature]
    /// An additive scaffold that fills the template's minimum, not a fix of a finding.
    public var scaffold: Bool
    public init(
        title: String, why: String, risk: String, rollback: String, testsDocs: String, paths: [String], patch: String,
        applies: Bool,
        code: DiffCode? = nil, findings: [FindingCode] = [], subfeatures: [Subfeature] = [], scaffold: Bool = false
    ) {
        self.title = title
        self.why = why
        self.risk = risk
        self.rollback = rollback
        self.testsDocs = testsDocs
        self.paths = paths
        self.patch = patch
        self.applies = applies
        self.code = code
        self.findings = findings
        self.subfeatures = subfeatures
        self.scaffold = scaffold
    }
}

/// An ML Test Score category (Breck et al. 2017) a gate exercises (`gates[].ml_test_score`), in contract order.
public enum MLTestScoreCategory: String, CaseIterable, Sendable, Hashable, Comparable {
    case data, model, infrastructure, regression, performance

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: MLTestScoreCategory, b: MLTestScoreCategory) -> Bool { a.rank < b.rank }
}

extension MLTestScoreCategory: CustomStringConvertible { public var description: String { rawValue } }

public struct Gate: Sendable, Hashable {
    public var command: String
    public var purpose: String
    public var mlTestScore: [MLTestScoreCategory]
    public var ran: Bool
    public var exitCode: Int?
    public var output: String?
    public var source: Evidence?  // where the gate is defined
    /// Defined by the repository, or proposed by the audit (the repository lacks it).
    public var origin: Origin
    /// Its tests need a GPU: skipped or failing on a CPU-only machine.
    public var needsGPU: Bool
    /// It selects test paths the repository does not have.
    public var selectsAbsentPaths: Bool
    public enum Origin: String, Sendable, Hashable { case defined, proposed }
    public init(
        command: String, purpose: String, mlTestScore: [MLTestScoreCategory], ran: Bool, exitCode: Int?,
        output: String?,
        source: Evidence?,
        origin: Origin = .defined, needsGPU: Bool = false, selectsAbsentPaths: Bool = false
    ) {
        self.command = command
        self.purpose = purpose
        self.mlTestScore = mlTestScore
        self.ran = ran
        self.exitCode = exitCode
        self.output = output
        self.source = source
        self.origin = origin
        self.needsGPU = needsGPU
        self.selectsAbsentPaths = selectsAbsentPaths
    }
    /// Runs offline on a CPU-only machine as the repository stands.
    public var runsOffline: Bool { origin == .defined && !needsGPU && !selectsAbsentPaths }
}

/// A reproducibility checklist item's status (`reproducibility[].status`).
public enum ReproStatus: String, Sendable, Hashable { case present, partial, missing }

public struct ReproItem: Sendable, Hashable {
    public var item: String
    public var status: ReproStatus
    public var notes: String
    public var evidence: [Evidence]
    public init(item: String, status: ReproStatus, notes: String, evidence: [Evidence]) {
        self.item = item
        self.status = status
        self.notes = notes
        self.evidence = evidence
    }
}

public struct DeferredItem: Sendable, Hashable {
    public var item: String
    public var rationale: String
    public var plan: String
    public init(item: String, rationale: String, plan: String) {
        self.item = item
        self.rationale = rationale
        self.plan = plan
    }
}

/// One Error Capture block, one `errors[]` entry, one stderr line.
public struct CapturedError: Sendable, Hashable {
    public var timestamp: String  // ISO-8601 UTC, pinned by MLAUDIT_TIMESTAMP
    public var step: AuditStep  // its code ("6:CONFIG_READ") is the contract's `step`
    public var error: String
    public var context: String
    public var path: String?
    public var stepDescription: String { step.description }
    public init(timestamp: String, step: AuditStep, error: String, context: String, path: String?) {
        self.timestamp = timestamp
        self.step = step
        self.error = error
        self.context = context
        self.path = path
    }
}

public struct TaskSequence: Sendable {
    public struct Phase: Sendable {
        public var name: String  // Preparation, Search & Mapping, ...
        public var steps: [String]
        public init(name: String, steps: [String]) {
            self.name = name
            self.steps = steps
        }
    }
    public var phases: [Phase]
    public init(phases: [Phase]) { self.phases = phases }
}

public struct LedgerSummary: Sendable {
    public var path: String
    public var openRows: [String]  // one line per open row, already trimmed
    public init(path: String, openRows: [String]) {
        self.path = path
        self.openRows = openRows
    }
}
