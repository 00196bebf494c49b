import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// A rule's documentation: what `mlaudit rules` and `mlaudit explain` print, and what the example test runs.
public struct RuleDescription: Sendable {
    public var subfeature: Subfeature
    public var code: RuleCode { subfeature.ruleCode }
    public var capability: Capability { subfeature.capability }
    public var summary: String  // what it looks for
    public var rationale: String  // why it matters
    /// Files that make the rule answer `present` (or `stub`, when `expect` says so).
    public var triggering: [RuleExample]
    /// Files that must leave the rule `absent`.
    public var nonTriggering: [RuleExample]
    /// Regular expression over stub symbols and texts that belong to this sub-feature ("lora|peft|adapter").
    public var stubTerms: String
    /// Gap sentence; `{anchor}` becomes the file where the fix belongs.
    public var gap: String
    /// The repository files the gap sentence names, in its order (MLA130 cites the first that exists).
    public var gapFiles: [NamedFile]
    public var risk: String
    /// Minimal patch step; `{anchor}` as above.
    public var patch: String
    /// The files the patch step creates or edits, in its order (the row's rollback names them).
    public var patchFiles: [NamedFile]
    /// How hard the missing sub-feature is to add, why, and the smallest plan (the Deferred Items section).
    public var deferral: Deferral
    /// Framework knobs that implement the sub-feature: a repository naming one in code or configs has it even where
    /// the rule found no use, so MLA130 does not report it absent.
    public var knobs: [String]

    public init(
        subfeature: Subfeature, summary: String, rationale: String,
        triggering: [RuleExample], nonTriggering: [RuleExample], stubTerms: String,
        gap: String, gapFiles: [NamedFile] = [], risk: String, patch: String, patchFiles: [NamedFile] = [],
        deferral: Deferral, knobs: [String] = []
    ) {
        self.subfeature = subfeature
        self.summary = summary
        self.rationale = rationale
        self.triggering = triggering
        self.nonTriggering = nonTriggering
        self.stubTerms = stubTerms
        self.gap = gap
        self.gapFiles = gapFiles
        self.risk = risk
        self.patch = patch
        self.patchFiles = patchFiles
        self.deferral = deferral
        self.knobs = knobs
    }
}

/// A file a rule's gap or patch sentence names: the anchor (where the fix belongs, `{anchor}` in the sentence,
/// known only per repository) or a fixed repository path.
public enum NamedFile: Sendable, Hashable {
    case anchor
    case path(String)

    /// The path in a repository whose anchor is `anchor`; nil for the anchor when the repository has none.
    public func resolved(anchor: String?) -> String? {
        switch self {
        case .anchor: return anchor
        case .path(let p): return p
        }
    }
}

/// Deferral estimate of a sub-feature: complexity, why, and the smallest future plan.
public struct Deferral: Sendable {
    public enum Complexity: Int, Comparable, Sendable {
        case low = 1
        case medium, high
        public static func < (a: Complexity, b: Complexity) -> Bool { a.rawValue < b.rawValue }
        public var word: String {
            switch self {
            case .low: return "low"
            case .medium: return "medium"
            case .high: return "high"
            }
        }
    }
    public var complexity: Complexity
    public var why: String
    public var plan: String
    public init(_ complexity: Complexity, why: String, plan: String) {
        self.complexity = complexity
        self.why = why
        self.plan = plan
    }

    /// For a sub-feature outside the catalogue.
    public static let unknown = Deferral(
        .medium, why: "no estimate for this sub-feature",
        plan: "add the smallest working implementation with a unit test")
}

/// A tiny repository (path -> content) and the state the rule must give it.
public struct RuleExample: Sendable {
    public var files: [String: String]
    public var expect: SubfeatureState
    public init(_ files: [String: String], _ expect: SubfeatureState = .present) {
        self.files = files
        self.expect = expect
    }
    /// One Jupyter notebook whose code cells hold `cells` (one source line per JSON line, as Jupyter saves them).
    public static func notebook(_ cells: [String], path: String = "explore.ipynb", _ expect: SubfeatureState = .present)
        -> RuleExample
    {
        func quoted(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\\n\""
        }
        let body = cells.map { cell -> String in
            let lines = cell.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter {
                !$0.isEmpty
            }
            return
                "  {\n   \"cell_type\": \"code\",\n   \"execution_count\": null,\n   \"metadata\": {},\n   \"outputs\": [],\n   \"source\": [\n"
                + lines.map { "    " + quoted($0) }.joined(separator: ",\n") + "\n   ]\n  }"
        }.joined(separator: ",\n")
        let json =
            "{\n \"cells\": [\n" + body + "\n ],\n \"metadata\": {},\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n"
        return RuleExample([path: json], expect)
    }

    /// One Python file.
    public static func py(_ source: String, path: String = "train.py", _ expect: SubfeatureState = .present)
        -> RuleExample
    {
        RuleExample([path: source], expect)
    }
}

/// One place a rule looked at, and its verdict.
public struct RuleCandidate: Sendable, Hashable {
    public enum Verdict: Sendable, Hashable {
        case accepted, stub
        case rejected(String)
    }
    public var evidence: Evidence
    /// Higher is stronger; the strongest accepted candidate is cited first.
    public var strength: Int
    public var verdict: Verdict
    /// What the candidate shows ("tiktoken encoding loaded").
    public var note: String

    public init(_ evidence: Evidence, strength: Int = 5, _ verdict: Verdict = .accepted, note: String = "") {
        self.evidence = evidence
        self.strength = strength
        self.verdict = verdict
        self.note = note
    }
}

/// A capability rule: one per rubric sub-feature.
public protocol CapabilityRule: Sendable {
    var description: RuleDescription { get }
    /// Every candidate the rule considered, accepted or not.
    func candidates(in ctx: RuleContext) -> [RuleCandidate]
}

/// The rule's answer after the engine folded in stubs and settings.
public struct RuleOutcome: Sendable {
    public var state: SubfeatureState
    public var evidence: [Evidence]
    public var candidates: [RuleCandidate]
    public var override: SubfeatureOverride?
}
