import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct HostedCIFilesCheck: FindingCheck {
    package let code = FindingCode.mla106
    /// A statement of policy, not a defect: reported only in the `codex` preset (whose template keeps every gate
    /// local), once, in neutral words; never in the default preset.
    package let severity = Severity.low
    package let capability: Capability? = .internalCITest
    package let summary = "The repository runs hosted-CI pipelines (reported in the codex preset only)."
    package let why =
        "The codex template keeps every gate of this report local; the repository's own hosted pipelines are its choice and are not changed."
    package let fix = "Nothing to change in the repository; the local gates in section 5 are the ones this report runs."
    package var triggering: [FindingExample] {
        [FindingExample([".github/workflows/test.yml": "on: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n"])]
    }
    package var clean: [FindingExample] {
        [FindingExample(["noxfile.py": "import nox\n", ".github/ISSUE_TEMPLATE/bug.md": "Bug\n"])]
    }

    package static func isHostedCI(_ path: String) -> Bool { HostedCI.isHostedCI(path) }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let files = context.facts.files.filter { Self.isHostedCI($0.path) }
        guard !files.isEmpty else { return [] }
        let evidence = files.map { f -> Evidence in
            let trigger =
                context.firstLine(f.path) { $0.hasPrefix("on:") || $0.hasPrefix("\"on\":") || $0.hasPrefix("trigger:") }
                ?? 1
            return context.facts.evidence(f.path, trigger)
        }
        return [
            FindingHit(
                title:
                    "\(files.count) hosted-CI pipeline file(s) (\(evidence.citationSummary)); this report's gates stay local",
                evidence: evidence, strength: .configuration)
        ]
    }
}
