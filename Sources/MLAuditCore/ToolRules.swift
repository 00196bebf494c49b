import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditRender
import MLAuditReport
import MLAuditRules

/// Every rule mlaudit reports under, for `rules`, `explain` and the SARIF driver: the finding checks (MLA1xx)
/// and the capability rules (CAP-...).
public enum ToolRules {
    public static var sarif: [SARIFRenderer.Rule] {
        let checks = FindingCatalog.checks.sorted { $0.code.rawValue < $1.code.rawValue }.map { c in
            SARIFRenderer.Rule(
                id: c.code.rawValue, name: ruleName(c), shortDescription: c.summary,
                fullDescription: c.summary + " " + c.why,
                help: "\(c.why) Fix: \(c.fix)", level: SARIFRenderer.level(c.severity),
                tags: ["finding", c.severity.rawValue]
                    + (SuppressionMarker.secretCodes.contains(c.code.rawValue)
                        || SuppressionMarker.unsafeLoadCodes.contains(c.code.rawValue) ? ["security"] : []))
        }
        let caps = RuleCatalog.all.map { r in
            let d = r.description
            return SARIFRenderer.Rule(
                id: d.code.rawValue,
                name: "capability/" + d.subfeature.rawValue.replacingOccurrences(of: " ", with: "-"),
                shortDescription: "\(d.capability.rawValue) / \(d.subfeature.rawValue): \(d.summary)",
                fullDescription: d.rationale,
                help:
                    "\(d.rationale) When absent: \(d.gap.replacingOccurrences(of: "{anchor}", with: "the module where it belongs"))",
                level: "note", tags: ["capability", d.capability.rawValue])
        }
        return checks + caps
    }

    /// "MLA102" -> "torch-load-without-weights-only" from the check's type name.
    static func ruleName(_ c: any FindingCheck) -> String {
        var name = String(describing: type(of: c))
        if name.hasSuffix("Check") { name.removeLast(5) }
        let chars = Array(name)
        var out = ""
        for (i, ch) in chars.enumerated() {
            let prevLower = i > 0 && chars[i - 1].isLowercase
            let startsWord = i > 1 && chars[i - 1].isUppercase && i + 1 < chars.count && chars[i + 1].isLowercase
            if ch.isUppercase && (prevLower || startsWord) { out += "-" }
            out += ch.lowercased()
        }
        return out
    }
}
