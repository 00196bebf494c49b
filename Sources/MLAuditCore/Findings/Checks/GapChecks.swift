import Foundation
import MLAuditPython

/// Gaps from the stub inventory and from the capability assessments.

struct PlaceholderImplementationCheck: FindingCheck {
    let code = "MLA116"
    let severity = Severity.medium
    let summary = "Product code has placeholder implementations (`raise NotImplementedError`, `pass`-only bodies, placeholder messages) that are not abstract declarations."
    let why = "A placeholder on a reachable path fails (or silently does nothing) only when that path is first exercised, often deep into a run."
    let fix = "Implement the function or delete it and its callers; mark genuine interfaces `@abstractmethod` so they read as declarations."
    var triggering: [FindingExample] { [FindingExample(["model.py": "def evaluate(model):\n    raise NotImplementedError\n"], needsPythonReader: true)] }
    var clean: [FindingExample] {
        [FindingExample(["model.py": "from abc import ABC, abstractmethod\nclass Base(ABC):\n    @abstractmethod\n    def forward(self):\n        raise NotImplementedError\n"], needsPythonReader: true),
         FindingExample(["data.py": "def load(name):\n    if name == 'a':\n        return 1\n    else:\n        raise NotImplementedError\n"], needsPythonReader: true)]
    }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        // Whole-function placeholders only: a `raise NotImplementedError` in an unsupported-option branch of a
        // working function is a guard, not a placeholder.
        let sites = context.facts.stubs.filter { s in
            guard !s.declaration, s.kind != .todoComment, context.facts.snapshot.file(s.path)?.countsAsProduct == true,
                  let f = context.facts.python[s.path]?.functions.first(where: { $0.qualifiedName == s.symbol }) else { return false }
            return f.bodyKind != .implemented
        }
        guard !sites.isEmpty else { return [] }
        let evidence = sites.map { context.facts.evidence($0.path, $0.line) }
        let symbols = sites.prefix(3).map(\.symbol).joined(separator: ", ")
        return [FindingHit(title: "\(sites.count) placeholder implementation(s) in product code (\(symbols)\(sites.count > 3 ? ", ..." : ""))",
                           evidence: evidence, strength: .code)]
    }
}

struct TodoMarkerCheck: FindingCheck {
    let code = "MLA117"
    let severity = Severity.low
    let summary = "TODO/FIXME/XXX/HACK markers in product code."
    let why = "Each marker is known-unfinished logic; without an owner or issue it stays unfinished and its risk is invisible in planning."
    let fix = "Turn each marker into a tracked issue (link it in the comment) or fix it; delete stale ones."
    var triggering: [FindingExample] { [FindingExample(["data.py": "def split(x):\n    # TODO: stratify the split\n    return x[:10], x[10:]\n"], needsPythonReader: true)] }
    var clean: [FindingExample] { [FindingExample(["data.py": "def split(x):\n    # stratified by label\n    return x[:10], x[10:]\n"], needsPythonReader: true)] }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        let sites = context.facts.stubs.filter { $0.kind == .todoComment && context.facts.snapshot.file($0.path)?.countsAsProduct == true }
        guard !sites.isEmpty else { return [] }
        let files = Set(sites.map(\.path)).count
        return [FindingHit(title: "\(sites.count) TODO/FIXME marker(s) across \(files) file(s)", evidence: sites.map { context.facts.evidence($0.path, $0.line) },
                           strength: .code)]
    }
}

struct CapabilityGapCheck: FindingCheck {
    let code = "MLA127"
    let severity = Severity.medium
    let summary = "A capability of the audit table is Missing or only Stubbed."
    let why = "A missing or stubbed capability is a readiness gap the rest of the pipeline silently depends on (no resume, no evaluation, no gates)."
    let fix = "Follow the capability's Minimal Patch Plan in the audit table; start with the sub-features listed as absent."
    /// Capabilities whose absence blocks production readiness.
    static let core: Set<String> = ["Training Engine", "Evaluation & Metrics", "Checkpointing & Resume", "Security & Safety", "Internal CI/Test", "Data Handling"]
    var triggering: [FindingExample] {
        [FindingExample(["train.py": "x = 1\n"], capabilities: [CapabilityFixtures.make("Checkpointing & Resume", [("weights", .absent), ("resume", .absent)])]),
         FindingExample(["train.py": "x = 1\n"], capabilities: [CapabilityFixtures.make("Evaluation & Metrics", [("validation loop", .stub), ("metrics API", .absent)])])]
    }
    var clean: [FindingExample] {
        [FindingExample(["train.py": "x = 1\n"], capabilities: [CapabilityFixtures.make("Checkpointing & Resume", [("weights", .present), ("resume", .absent)])])]
    }

    /// Capabilities whose gaps specific checks already report (the specific finding is the actionable one).
    static let coveredBy: [String: [any FindingCheck]] = [
        "Internal CI/Test": [NoTestsCheck(), NoLocalGatesCheck(), NoCoverageThresholdCheck()],
        "Security & Safety": [NoLockFileCheck(), NoSecretScannerCheck()],
        "Experiment Tracking": [WandbOfflineCheck(), MLflowTrackingURICheck()],
    ]

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        context.capabilities.compactMap { cap -> FindingHit? in
            if cap.status == .missing, let specific = Self.coveredBy[cap.name], specific.contains(where: { !$0.evaluate(context).isEmpty }) { return nil }
            switch cap.status {
            case .stubbed:
                let stubs = cap.subfeatures.filter { $0.state == .stub }
                return FindingHit(title: "\(cap.name) is Stubbed: \(stubs.map(\.name).joined(separator: ", ")) exist only as placeholders",
                                  evidence: stubs.flatMap { Array($0.evidence.prefix(2)) }, strength: .code, severity: .high, fix: Self.fix(cap))
            case .missing:
                let absent = cap.subfeatures.filter { $0.override == nil }.map(\.name)
                guard !absent.isEmpty else { return nil }
                return FindingHit(title: "\(cap.name) is Missing: no \(absent.joined(separator: ", "))", evidence: [], strength: .absence,
                                  severity: Self.core.contains(cap.name) ? .medium : .low, fix: Self.fix(cap))
            default:
                return nil
            }
        }
    }

    static func fix(_ cap: CapabilityAssessment) -> String? {
        cap.patchPlan.isEmpty ? nil : cap.patchPlan
    }
}

struct StubbedSubfeatureCheck: FindingCheck {
    let code = "MLA128"
    let severity = Severity.medium
    let summary = "A sub-feature of an otherwise working capability is only a stub."
    let why = "The capability looks present in the table, but the stubbed part (e.g. resume, metrics) fails the first time it is used."
    let fix = "Implement the stubbed function the evidence points at, with a test that exercises it."
    var triggering: [FindingExample] {
        [FindingExample(["train.py": "x = 1\n"], capabilities: [CapabilityFixtures.make("Checkpointing & Resume", [("weights", .present), ("resume", .stub)])])]
    }
    var clean: [FindingExample] {
        [FindingExample(["train.py": "x = 1\n"], capabilities: [CapabilityFixtures.make("Checkpointing & Resume", [("weights", .present), ("resume", .absent)])])]
    }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        var hits: [FindingHit] = []
        for cap in context.capabilities where cap.status == .partiallyImplemented {
            for sub in cap.subfeatures where sub.state == .stub {
                let place = sub.evidence.first.map { " at \($0.citation)" } ?? ""
                hits.append(FindingHit(title: "\(cap.name): \(sub.name) is a stub\(place)", evidence: sub.evidence, strength: .code))
            }
        }
        return hits
    }
}

/// Builds capability assessments for examples and tests.
enum CapabilityFixtures {
    static func make(_ name: String, _ subs: [(String, SubfeatureState)]) -> CapabilityAssessment {
        CapabilityAssessment(name: name, label: name, subfeatures: subs.map { n, s in
            SubfeatureAssessment(name: n, ruleCode: "T", state: s, evidence: s == .absent ? [] : [Evidence(path: "train.py", line: 1)])
        }, artifacts: [], gaps: [], risks: [], patchPlan: "", rollback: "")
    }
}
