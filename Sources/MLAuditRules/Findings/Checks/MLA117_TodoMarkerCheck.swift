import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct TodoMarkerCheck: FindingCheck {
    package let code = FindingCode.mla117
    package let severity = Severity.low
    package let summary = "TODO/FIXME/XXX/HACK markers in product code."
    package let why =
        "Each marker is known-unfinished logic; without an owner or issue it stays unfinished and its risk is invisible in planning."
    package let fix = "Turn each marker into a tracked issue (link it in the comment) or fix it; delete stale ones."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                ["data.py": "def split(x):\n    # TODO: stratify the split\n    return x[:10], x[10:]\n"],
                needsPythonReader: true)
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                ["data.py": "def split(x):\n    # stratified by label\n    return x[:10], x[10:]\n"],
                needsPythonReader: true)
        ]
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let sites = context.facts.stubs.filter {
            $0.kind == .todoComment && context.facts.snapshot.file($0.path)?.countsAsProduct == true
        }
        guard !sites.isEmpty else { return [] }
        let files = Set(sites.map(\.path)).count
        return [
            FindingHit(
                title: "\(sites.count) TODO/FIXME marker(s) across \(files) file(s)",
                evidence: sites.map { context.facts.evidence($0.path, $0.line) },
                strength: .code)
        ]
    }
}
