import Foundation
import MLAuditPython
import MLAuditKit
import MLAuditReport
import MLAuditFacts

/// Builds capability assessments for examples and tests.
package enum CapabilityFixtures {
    package static func make(_ name: String, _ subs: [(String, SubfeatureState)]) -> CapabilityAssessment {
        CapabilityAssessment(name: name, label: name, subfeatures: subs.map { n, s in
            SubfeatureAssessment(name: n, ruleCode: "T", state: s, evidence: s == .absent ? [] : [Evidence(path: "train.py", line: 1)])
        }, artifacts: [], gaps: [], risks: [], patchPlan: "", rollback: "")
    }
}
