import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct CapabilityGapCheck: FindingCheck {
    package let code = FindingCode.mla127
    package let severity = Severity.medium
    package let summary = "A capability of the audit table is Missing or only Stubbed."
    package let why =
        "A missing or stubbed capability is a readiness gap the rest of the pipeline silently depends on (no resume, no evaluation, no gates)."
    package let fix =
        "Follow the capability's Minimal Patch Plan in the audit table; start with the sub-features listed as absent."
    /// Capabilities whose absence blocks production readiness.
    package static let core: Set<Capability> = [
        .trainingEngine, .evaluationMetrics, .checkpointingResume, .securitySafety, .internalCITest, .dataHandling,
    ]
    package var triggering: [FindingExample] {
        [
            FindingExample(
                ["train.py": "x = 1\n"],
                capabilities: [
                    CapabilityFixtures.make(.checkpointingResume, [(.weights, .absent), (.resume, .absent)])
                ]),
            FindingExample(
                ["train.py": "x = 1\n"],
                capabilities: [
                    CapabilityFixtures.make(.evaluationMetrics, [(.validationLoop, .stub), (.metricsAPI, .absent)])
                ]),
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                ["train.py": "x = 1\n"],
                capabilities: [
                    CapabilityFixtures.make(.checkpointingResume, [(.weights, .present), (.resume, .absent)])
                ])
        ]
    }

    /// Capabilities whose gaps specific checks already report (the specific finding is the actionable one).
    package static let coveredBy: [Capability: [any FindingCheck]] = [
        .internalCITest: [NoTestsCheck(), NoLocalGatesCheck(), NoCoverageThresholdCheck()],
        .securitySafety: [NoLockFileCheck(), NoSecretScannerCheck()],
        .experimentTracking: [WandbOfflineCheck(), MLflowTrackingURICheck()],
    ]

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        context.capabilities.compactMap { cap -> FindingHit? in
            if cap.status == .missing, let specific = Self.coveredBy[cap.capability],
                specific.contains(where: { !$0.evaluate(context).isEmpty })
            {
                return nil
            }
            switch cap.status {
            case .stubbed:
                let stubs = cap.subfeatures.filter { $0.state == .stub }
                return FindingHit(
                    title:
                        "\(cap.name) is Stubbed: \(stubs.map(\.name).joined(separator: ", ")) exist only as placeholders",
                    evidence: stubs.flatMap { Array($0.evidence.prefix(2)) }, strength: .code, severity: .high,
                    fix: Self.fix(cap),
                    capability: cap.capability)
            case .missing:
                let absent = cap.subfeatures.filter { $0.override == nil }.map(\.name)
                guard !absent.isEmpty else { return nil }
                return FindingHit(
                    title: "\(cap.name) is Missing: no \(absent.joined(separator: ", "))", evidence: [],
                    strength: .absence,
                    severity: Self.core.contains(cap.capability) ? .medium : .low, fix: Self.fix(cap),
                    capability: cap.capability)
            default:
                return nil
            }
        }
    }

    package static func fix(_ cap: CapabilityAssessment) -> String? {
        cap.patchPlan.isEmpty ? nil : cap.patchPlan
    }
}
