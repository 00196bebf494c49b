import Foundation
import MLAuditPython

/// Builds capability assessments for examples and tests.
enum CapabilityFixtures {
    static func make(_ name: String, _ subs: [(String, SubfeatureState)]) -> CapabilityAssessment {
        CapabilityAssessment(name: name, label: name, subfeatures: subs.map { n, s in
            SubfeatureAssessment(name: n, ruleCode: "T", state: s, evidence: s == .absent ? [] : [Evidence(path: "train.py", line: 1)])
        }, artifacts: [], gaps: [], risks: [], patchPlan: "", rollback: "")
    }
}
