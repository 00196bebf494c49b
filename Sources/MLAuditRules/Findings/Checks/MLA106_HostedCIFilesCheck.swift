import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditFacts

package struct HostedCIFilesCheck: FindingCheck {
    package let code = "MLA106"
    package let severity = Severity.medium
    package let summary = "Hosted-CI pipeline files are present; every push starts a billed run."
    package let why = "The project's gates must run locally (pre-commit, nox/tox); hosted pipelines incur cost and duplicate or diverge from the local gates."
    package let fix = "Move each pipeline step to a local gate (pre-commit hook or nox/tox session) and disable the hosted pipeline; do not add new ones."
    package var triggering: [FindingExample] { [FindingExample([".github/workflows/test.yml": "on: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n"])] }
    package var clean: [FindingExample] { [FindingExample(["noxfile.py": "import nox\n", ".github/ISSUE_TEMPLATE/bug.md": "Bug\n"])] }

    package static func isHostedCI(_ path: String) -> Bool {
        let lower = path.lowercased()
        if lower.hasPrefix(".github/workflows/") && (lower.hasSuffix(".yml") || lower.hasSuffix(".yaml")) { return true }
        if [".gitlab-ci.yml", ".travis.yml", "azure-pipelines.yml", "bitbucket-pipelines.yml", "jenkinsfile"].contains(lower) { return true }
        return lower.hasPrefix(".circleci/") || lower.hasPrefix(".buildkite/")
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let files = context.facts.files.filter { Self.isHostedCI($0.path) }
        guard !files.isEmpty else { return [] }
        let evidence = files.map { f -> Evidence in
            let trigger = context.firstLine(f.path) { $0.hasPrefix("on:") || $0.hasPrefix("\"on\":") || $0.hasPrefix("trigger:") } ?? 1
            return context.facts.evidence(f.path, trigger)
        }
        return [FindingHit(title: "\(files.count) hosted-CI pipeline file(s) present (\(evidence.citationSummary))",
                           evidence: evidence, strength: .configuration)]
    }
}
