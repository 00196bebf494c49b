import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct StubbedSubfeatureCheck: FindingCheck {
    package let code = FindingCode.mla128
    package let severity = Severity.medium
    package let summary = "A sub-feature of an otherwise working capability is only a stub."
    package let why =
        "The capability looks present in the table, but the stubbed part (e.g. resume, metrics) fails the first time it is used."
    package let fix = "Implement the stubbed function the evidence points at, with a test that exercises it."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                ["train.py": "x = 1\n"],
                capabilities: [CapabilityFixtures.make(.checkpointingResume, [(.weights, .present), (.resume, .stub)])])
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

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        var hits: [FindingHit] = []
        for cap in context.capabilities where cap.status == .partiallyImplemented {
            for sub in cap.subfeatures where sub.state == .stub {
                let place = sub.evidence.first.map { " at \($0.citation)" } ?? ""
                hits.append(
                    FindingHit(
                        title: "\(cap.name): \(sub.name) is a stub\(place)", evidence: sub.evidence, strength: .code,
                        capability: cap.capability, subfeature: sub.subfeature))
            }
        }
        return hits
    }
}
