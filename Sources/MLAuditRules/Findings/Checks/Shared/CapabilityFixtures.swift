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

    /// A capability row's gap as the cell writer builds it: "<sub-feature>: <sentence>", with the files it names.
    package static func gap(_ subfeature: Subfeature, _ sentence: String, files: [String] = []) -> CapabilityGap {
        CapabilityGap(subfeature: subfeature, text: "\(subfeature): \(sentence)", files: files)
    }
}
