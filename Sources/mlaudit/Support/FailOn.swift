import ArgumentParser
import Foundation
import MLAuditCore
import MLAuditFacts
import MLAuditKit
import MLAuditRender
import MLAuditReport
import MLAuditRules

/// `--fail-on`: the threshold at which `check` (default `high`) and `audit` (default: never) exit 1.
enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case critical, high, medium, low
    /// The report carries an Error Capture entry (an unreadable file, a malformed setting).
    case error

    var severity: Severity? { Severity(rawValue: rawValue) }

    /// Findings at or above the threshold (none for `error`).
    func gating(_ findings: [Finding]) -> [Finding] {
        guard let severity else { return [] }
        return findings.filter { $0.severity <= severity }
    }

    func fails(_ report: AuditReport) -> Bool {
        self == .error ? !report.errors.isEmpty : !gating(report.findings).isEmpty
    }
}
