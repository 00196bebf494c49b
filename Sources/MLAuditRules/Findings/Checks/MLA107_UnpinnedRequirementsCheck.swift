import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct UnpinnedRequirementsCheck: FindingCheck {
    package let code = FindingCode.mla107
    package let severity = Severity.medium
    package let capability: Capability? = .securitySafety
    package let subfeature: Subfeature? = .dependencyLocking
    package let summary = "Requirements files list packages without an exact `==` version."
    package let why =
        "An unpinned requirement installs whatever is newest on the day: a training run cannot be rebuilt, and an upstream release can break it silently."
    package let fix =
        "Pin exact versions (`pkg==X.Y.Z`), or keep ranges in requirements.in and generate a hashed lock with `pip-compile --generate-hashes`."
    package var triggering: [FindingExample] {
        [FindingExample(["requirements.txt": "torch>=2.0\nnumpy\ntqdm==4.66.1\n"])]
    }
    package var clean: [FindingExample] {
        [
            FindingExample([
                "requirements.txt": "# locked\ntorch==2.1.0\nnumpy==1.26.0 ; python_version >= \"3.9\"\n-r base.txt\n"
            ]),
            FindingExample(["requirements.in": "torch>=2.0\n"]),
        ]
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        var evidence: [Evidence] = []
        var total = 0
        for f in Requirements.files(context) {
            let entries = Requirements.entries(context.facts.lines(f.path))
            total += entries.count
            evidence += entries.filter { !$0.pinned }.map { context.facts.evidence(f.path, $0.line) }
        }
        guard !evidence.isEmpty else { return [] }
        return [
            FindingHit(
                title: "\(evidence.count) of \(total) requirements unpinned (\(evidence.citationSummary))",
                evidence: evidence, strength: .configuration)
        ]
    }
}
