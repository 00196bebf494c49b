import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditRender
import MLAuditReport
import MLAuditRules

extension Auditor {
    /// The SARIF 2.1.0 log of `report`, redacted like every other output.
    public static func sarif(_ report: AuditReport) -> String {
        SecretScanner.redact(SARIFRenderer.render(report, rules: ToolRules.sarif))
    }
}

extension Auditor {
    /// A delta as the JSON report's `delta` object (what `mlaudit diff --format json` prints).
    public static func deltaJSON(_ delta: ReportDelta) -> String {
        SecretScanner.redact(JSONDeltaParts.delta(delta).serialized())
    }
}
