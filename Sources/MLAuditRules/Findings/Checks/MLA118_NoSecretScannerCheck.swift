import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct NoSecretScannerCheck: FindingCheck {
    package let code = FindingCode.mla118
    package let severity = Severity.medium
    package let capability: Capability? = .securitySafety
    package let subfeature: Subfeature? = .secretsScanning
    package let summary =
        "No secret scanner (detect-secrets, gitleaks, trufflehog, bandit) is configured as a local hook."
    package let why =
        "ML repositories routinely handle W&B, Hugging Face and cloud keys; without a pre-commit scanner one paste into a config file ends up in history."
    package let fix =
        "Add a local `detect-secrets` hook to .pre-commit-config.yaml (entry `detect-secrets-hook`, language `system`) and commit a baseline."
    package init() {}

    package var triggering: [FindingExample] {
        [
            FindingExample([
                "train.py": "import torch\n",
                ".pre-commit-config.yaml":
                    "repos:\n  - repo: https://github.com/psf/black\n    rev: 24.1.0\n    hooks:\n      - id: black\n",
            ])
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample([
                "train.py": "import torch\n",
                ".pre-commit-config.yaml":
                    "repos:\n  - repo: https://github.com/Yelp/detect-secrets\n    rev: v1.5.0\n    hooks:\n      - id: detect-secrets\n",
            ])
        ]
    }

    package static let scanners = [
        "detect-secrets", "gitleaks", "trufflehog", "bandit", "detect-private-key", "detect-aws-credentials",
    ]

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        guard !context.files({ $0.kind == .python }).isEmpty else { return [] }
        for f in context.files(QualityGates.isToolConfig) {
            if let t = context.facts.text(f.path)?.lowercased(), Self.scanners.contains(where: { t.contains($0) }) {
                return []
            }
        }
        let preCommit = context.files { $0.name.lowercased().hasPrefix(".pre-commit-config") }
        return [
            FindingHit(
                title: "no secret scanner configured"
                    + (preCommit.isEmpty ? " (and no pre-commit config)" : " in \(preCommit[0].path)"),
                evidence: preCommit.map { context.facts.evidence($0.path, 1) }, strength: .absence)
        ]
    }
}
