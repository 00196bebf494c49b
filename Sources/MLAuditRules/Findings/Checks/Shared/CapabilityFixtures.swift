import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Builds capability assessments for examples and tests.
package enum CapabilityFixtures {
    package static func make(_ capability: Capability, _ subs: [(Subfeature, SubfeatureState)]) -> CapabilityAssessment
    {
        CapabilityAssessment(
            capability: capability,
            subfeatures: subs.map { n, s in
                SubfeatureAssessment(
                    subfeature: n, state: s,
                    evidence: s == .absent ? [] : [Evidence(path: "train.py", line: 1)])
            }, artifacts: [], gaps: [], risks: [], patchPlan: "", rollback: "")
    }
}
