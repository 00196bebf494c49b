import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct TrackedEnvFileCheck: FindingCheck {
    package let code = FindingCode.mla122
    package let severity = Severity.high
    package let capability: Capability? = .securitySafety
    package let subfeature: Subfeature? = .secretsScanning
    package let summary = "A `.env` file (environment secrets) is part of the repository."
    package let why =
        "`.env` files hold API keys and tracking credentials by convention; once committed they are shared with every clone."
    package let fix =
        "Remove the file from git (`git rm --cached`), add `.env` to .gitignore and commit a `.env.example` with empty values."
    package var triggering: [FindingExample] {
        [FindingExample([".env": "WANDB_PROJECT=demo\n", "train.py": "x = 1\n"])]
    }
    package var clean: [FindingExample] {
        [FindingExample([".env.example": "WANDB_API_KEY=\n", "train.py": "x = 1\n"])]
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let files = context.files { f in
            let name = f.name.lowercased()
            return name == ".env"
                || (name.hasPrefix(".env.")
                    && !["example", "sample", "template", "dist", "defaults"].contains { name.hasSuffix($0) })
                || (name.hasSuffix(".env") && !name.hasPrefix("."))
        }
        guard !files.isEmpty else { return [] }
        return [
            FindingHit(
                title: "environment file(s) committed: \(files.map(\.path).prefix(3).joined(separator: ", "))",
                evidence: files.map { context.facts.evidence($0.path, 1) }, strength: .configuration)
        ]
    }
}
