import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct NoLocalGatesCheck: FindingCheck {
    package let code = FindingCode.mla119
    package let severity = Severity.medium
    package let capability: Capability? = .internalCITest
    package let subfeature: Subfeature? = .localGates
    package let summary = "No local gate runner (tox, nox, pre-commit, Makefile) is configured."
    package let why =
        "Gates must run locally (hosted CI is off-limits); without a runner each contributor runs a different subset of checks, or none."
    package let fix =
        "Add a noxfile.py (or tox.ini) with offline sessions for tests and lint, and a .pre-commit-config.yaml for fast hooks."
    package var triggering: [FindingExample] {
        [FindingExample(["train.py": "import torch\n", ".github/workflows/ci.yml": "on: push\n"])]
    }
    package var clean: [FindingExample] {
        [FindingExample(["train.py": "import torch\n", "noxfile.py": "import nox\n"])]
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        guard !context.files({ $0.kind == .python }).isEmpty else { return [] }
        if !context.files({ QualityGates.localGateNames.contains($0.name.lowercased()) }).isEmpty { return [] }
        let hosted = context.facts.files.filter { HostedCI.isHostedCI($0.path) }
        let evidence = hosted.map { context.facts.evidence($0.path, 1) }
        return [
            FindingHit(
                title: "no local gates (no tox.ini, noxfile.py, .pre-commit-config.yaml or Makefile)"
                    + (hosted.isEmpty ? "" : "; checks exist only in hosted CI"),
                evidence: evidence, strength: .absence)
        ]
    }
}
