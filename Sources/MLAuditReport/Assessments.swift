/// The audit's judgements: capability assessments and findings.

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

/// A `.mlaudit.toml` override of a sub-feature's rule (`subfeatures[].override`, written as `text`).
public enum SubfeatureOverride: Sendable, Hashable {
    /// `[subfeatures."NAME"] not_applicable = "REASON"`.
    case notApplicable(reason: String)
    /// `[subfeatures."NAME"] paths`/`patterns` extend what the rule accepts.
    case extendedBySettings

    /// The contract's text ("not applicable: inference-only repository").
    public var text: String {
        switch self {
        case .notApplicable(let reason): return "not applicable: \(reason)"
        case .extendedBySettings: return "extended by .mlaudit.toml paths/patterns"
        }
    }

    public var isNotApplicable: Bool {
        if case .notApplicable = self { return true }
        return false
    }

    /// The same override with `transform` applied to its free text (redaction).
    public func mappingText(_ transform: (String) -> String) -> SubfeatureOverride {
        switch self {
        case .notApplicable(let reason): return .notApplicable(reason: transform(reason))
        case .extendedBySettings: return self
        }
    }
}

public struct SubfeatureAssessment: Sendable, Hashable {
    public var subfeature: Subfeature
    public var state: SubfeatureState
    public var evidence: [Evidence]  // strongest first; non-empty for present/stub
    /// Set when `.mlaudit.toml` overrides the rule (e.g. "not applicable: inference-only repository").
    public var override: SubfeatureOverride?
    /// The contract's sub-feature name (`subfeatures[].name`).
    public var name: String { subfeature.rawValue }
    /// The rule that judged it (`subfeatures[].rule`).
    public var ruleCode: RuleCode { subfeature.ruleCode }
    public init(
        subfeature: Subfeature, state: SubfeatureState, evidence: [Evidence], override: SubfeatureOverride? = nil
    ) {
        self.subfeature = subfeature
        self.state = state
        self.evidence = evidence
        self.override = override
    }
}

/// One gap of a capability row: the sub-feature, the sentence the table shows, and the repository files the
/// sentence names (carried as data, so nothing has to read them back out of the sentence).
public struct CapabilityGap: Sendable, Hashable {
    public var subfeature: Subfeature
    public var text: String
    public var files: [String]
    public init(subfeature: Subfeature, text: String, files: [String]) {
        self.subfeature = subfeature
        self.text = text
        self.files = files
    }
}

public struct CapabilityAssessment: Sendable {
    public var capability: Capability
    public var subfeatures: [SubfeatureAssessment]
    public var artifacts: [String]
    public var gaps: [CapabilityGap]
    public var risks: [String]
    public var patchPlan: String
    public var rollback: String
    public var status: CapabilityStatus { CapabilityStatus.from(states: subfeatures.map(\.state)) }
    /// The JSON's short name: "Modeling".
    public var name: String { capability.rawValue }
    /// The template's label: "ChatGPT Codex Modeling (model init, dtype, ...)".
    public var label: String { capability.label }
    public init(
        capability: Capability, subfeatures: [SubfeatureAssessment], artifacts: [String], gaps: [CapabilityGap],
        risks: [String], patchPlan: String, rollback: String
    ) {
        self.capability = capability
        self.subfeatures = subfeatures
        self.artifacts = artifacts
        self.gaps = gaps
        self.risks = risks
        self.patchPlan = patchPlan
        self.rollback = rollback
    }
}

public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
    case critical, high, medium, low
    package var rank: Int {
        switch self {
        case .critical: 0
        case .high: 1
        case .medium: 2
        case .low: 3
        }
    }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

public struct Finding: Sendable, Hashable {
    public var code: FindingCode
    public var severity: Severity
    public var title: String
    public var why: String
    public var fix: String
    public var evidence: [Evidence]
    /// The capability and sub-feature the finding concerns (`findings[].capability`, `.subfeature`; null when none).
    public var capability: Capability?
    public var subfeature: Subfeature?
    /// `FindingFingerprint` of each evidence location (one for a finding without evidence); set when findings are assembled.
    public var fingerprints: [String] = []
    /// Listed only to reach the template's minimum of ten: true but below the bar of consequence for this kind of
    /// repository (`findings[].filler`). Set when findings are assembled.
    public var filler = false
    public init(
        code: FindingCode, severity: Severity, title: String, why: String, fix: String, evidence: [Evidence],
        capability: Capability? = nil, subfeature: Subfeature? = nil
    ) {
        self.code = code
        self.severity = severity
        self.title = title
        self.why = why
        self.fix = fix
        self.evidence = evidence
        self.capability = capability
        self.subfeature = subfeature
    }
}
