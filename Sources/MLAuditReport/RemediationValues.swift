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
    /// Under `--run-gates`: the repository's own tests that import a touched module, run without and with the diff.
    public var testRun: DiffTestRun? = nil
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

/// The repository's own tests run against one diff (`diffs[].tests_run`, `--run-gates` only): the test files that
/// import a module the diff touches, run once on the unpatched copy and once with the diff applied.
public struct DiffTestRun: Sendable, Hashable {
    public enum Result: String, Sendable, Hashable {
        /// The tests pass with the diff applied.
        case passed
        /// The tests already fail without the diff: the run says nothing about the diff.
        case failsWithoutDiff = "fails_without_diff"
        /// The tests pass without the diff and fail with it (such a diff is dropped from the report).
        case broken
        /// No test file imports a module the diff touches.
        case noTests = "no_tests"
        /// The tests could not be run (no copy, no interpreter, a timeout).
        case notRun = "not_run"
    }
    public var result: Result
    public var command: String?
    public var tests: [String]
    public var exitBefore: Int?
    public var exitAfter: Int?
    /// The last lines of the run with the diff applied (redacted, the temporary path replaced).
    public var output: String?
    public init(
        result: Result, command: String? = nil, tests: [String] = [], exitBefore: Int? = nil, exitAfter: Int? = nil,
        output: String? = nil
    ) {
        self.result = result
        self.command = command
        self.tests = tests
        self.exitBefore = exitBefore
        self.exitAfter = exitAfter
        self.output = output
    }

    /// One sentence for the diff's Tests/docs line.
    public var summary: String {
        let files = tests.map { "`\($0)`" }.joined(separator: ", ")
        let one = tests.count == 1
        switch result {
        case .passed:
            return
                "Ran under --run-gates: \(files) (the test\(one ? " file" : "s") importing the touched module) pass\(one ? "es" : "") with the diff applied."
        case .failsWithoutDiff:
            return
                "Ran under --run-gates: \(files) already fail\(one ? "s" : "") without the diff (exit \(exitBefore.map(String.init) ?? "?")), so \(one ? "it says" : "they say") nothing about it."
        case .broken:
            return
                "Ran under --run-gates: \(files) pass\(one ? "es" : "") without the diff and fail\(one ? "s" : "") with it."
        case .noTests:
            return "Under --run-gates no test file imports the touched module, so no repository test ran against it."
        case .notRun:
            return
                "Under --run-gates the tests importing the touched module could not be run (\(output ?? "see Error Capture"))."
        }
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
