import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// One catalogue check (Ruff/Semgrep style): a stable code, a one-line summary, why it matters, the fix,
/// a severity, and examples that trigger it and examples that must not. `FindingExampleTests` runs
/// every example of every check, so a check cannot ship without proving both directions.
public protocol FindingCheck: Sendable {
    /// Stable code, `MLA1xx`; never reused for another meaning.
    var code: FindingCode { get }
    /// The capability and sub-feature the check's findings concern (nil: none in particular, or decided per hit).
    var capability: Capability? { get }
    var subfeature: Subfeature? { get }
    var severity: Severity { get }
    /// One line: what the check looks for.
    var summary: String { get }
    var why: String { get }
    var fix: String { get }
    /// Repositories (path -> content) that must yield at least one hit.
    var triggering: [FindingExample] { get }
    /// Repositories that must yield no hit.
    var clean: [FindingExample] { get }
    func evaluate(_ context: FindingContext) -> [FindingHit]
}

/// A fixture repository for a check's examples.
public struct FindingExample: Sendable {
    public var files: [String: String]
    /// Capability assessments to hand the check (capability-gap checks); empty for fact-based checks.
    public var capabilities: [CapabilityAssessment]
    /// True when the example needs the Python structure reader (calls, imports, assignments).
    public var needsPythonReader: Bool
    public init(_ files: [String: String], capabilities: [CapabilityAssessment] = [], needsPythonReader: Bool = false) {
        self.files = files
        self.capabilities = capabilities
        self.needsPythonReader = needsPythonReader
    }
}

/// How strongly the evidence supports a hit; ranks findings of equal severity.
public enum EvidenceStrength: Int, Sendable, Comparable {
    /// Inferred from something missing (no lock file, no seed call).
    case absence = 1
    /// Read from configuration or repository layout.
    case configuration = 2
    /// A code line that does the risky thing.
    case code = 3
    public static func < (a: EvidenceStrength, b: EvidenceStrength) -> Bool { a.rawValue < b.rawValue }
}

/// One result of a check; the catalogue turns it into a `Finding`.
public struct FindingHit: Sendable {
    public var title: String
    public var evidence: [Evidence]
    public var strength: EvidenceStrength
    /// Overrides the check's severity for this hit (e.g. a stubbed core capability).
    public var severity: Severity?
    /// Replaces the check's generic fix when the hit knows a more specific one.
    public var fix: String?
    /// The capability and sub-feature this hit concerns, when the check decides per hit.
    public var capability: Capability?
    public var subfeature: Subfeature?
    /// Every sub-feature the hit reports missing (a checkpoint hit may name several); other checks read this, not the title.
    public var covers: [Subfeature]
    public init(
        title: String, evidence: [Evidence], strength: EvidenceStrength, severity: Severity? = nil, fix: String? = nil,
        capability: Capability? = nil, subfeature: Subfeature? = nil, covers: [Subfeature] = []
    ) {
        self.title = title
        self.evidence = evidence
        self.strength = strength
        self.severity = severity
        self.fix = fix
        self.capability = capability
        self.subfeature = subfeature
        self.covers = covers
    }
}

extension FindingCheck {
    public var capability: Capability? { nil }
    public var subfeature: Subfeature? { nil }

    package func finding(from hit: FindingHit) -> Finding {
        let sub = hit.subfeature ?? subfeature
        return Finding(
            code: code, severity: hit.severity ?? severity, title: hit.title, why: why, fix: hit.fix ?? fix,
            evidence: Array(hit.evidence.prefix(FindingCatalog.maxEvidence)),
            capability: hit.capability ?? sub?.capability ?? capability, subfeature: sub)
    }
}
