import ArgumentParser
import Foundation
import MLAuditCore
import MLAuditFacts
import MLAuditKit
import MLAuditRender
import MLAuditReport
import MLAuditRules

/// The finding checks in `mlaudit rules` and `mlaudit explain MLA1xx`: code, severity, summary, why, fix, the
/// suppression markers that silence it, and its own examples.
enum FindingRulesText {
    static func list(short: Bool) -> String {
        var out = short ? "" : "Findings (silence one with `# mlaudit: ignore[CODE]`; see `mlaudit explain CODE`)\n"
        for c in FindingCatalog.checks.sorted(by: { $0.code < $1.code }) {
            if short {
                out += "\(c.code)\tFindings\t\(c.severity.rawValue)\n"
            } else {
                out += "  \(c.code)  [\(c.severity.rawValue)]\n" + RulesText.wrap(c.summary, indent: "      ") + "\n"
            }
        }
        return out
    }

    static func explain(_ c: any FindingCheck) -> String {
        var s = "\(c.code)  finding, default severity \(c.severity.rawValue)\n"
        s += "  Looks for:\n" + RulesText.wrap(c.summary, indent: "    ") + "\n"
        s += "  Why it matters:\n" + RulesText.wrap(c.why, indent: "    ") + "\n"
        s += "  Fix:\n" + RulesText.wrap(c.fix, indent: "    ") + "\n"
        var markers = ["`# mlaudit: ignore[\(c.code)]` on the line or the line above"]
        if SuppressionMarker.secretCodes.contains(c.code.rawValue) {
            markers.append("`# pragma: allowlist secret` (detect-secrets) or `gitleaks:allow` on the line")
        }
        if SuppressionMarker.unsafeLoadCodes.contains(c.code.rawValue) {
            markers.append("`# nosec` (bandit) on the line")
        }
        if let rules = SuppressionMarker.ruffBanditCodes[c.code.rawValue] {
            markers.append("`# noqa: \(rules.sorted().joined(separator: "`/`"))` (ruff, flake8-bandit) on the line")
        }
        markers.append("`ignore = [\"\(c.code)\"]` or `[per_file_ignores]` in .mlaudit.toml / [tool.mlaudit]")
        s += "  Silenced by:\n" + markers.map { RulesText.wrap($0, indent: "    ") + "\n" }.joined()
        s += "  Triggering examples:\n" + c.triggering.map(example).joined()
        s += "  Non-triggering examples:\n" + c.clean.map(example).joined()
        return s
    }

    /// What the check found in an audited repository, and what the repository silenced.
    static func inRepository(_ code: FindingCode, _ r: AuditReport) -> String {
        let found = r.findings.filter { $0.code == code }
        let silenced = r.suppressed.filter { $0.code == code }
        var s = "  In this repository: \(found.isEmpty ? "no finding" : "\(found.count) finding(s)")\n"
        for f in found {
            s += "    \(f.title)\n"
            for e in f.evidence { s += "      \(e.citation)  \(e.text ?? "")\n" }
        }
        for x in silenced {
            s += "    suppressed: \(x.path.map { "\($0):\(x.line ?? 0)" } ?? "(repository-wide)") by \(x.by)\n"
        }
        return s
    }

    static func example(_ e: FindingExample) -> String {
        var s = "    ->\n"
        for (path, content) in e.files.sorted(by: { $0.key < $1.key }) {
            s += "       \(path):\n"
            for line in content.split(separator: "\n", omittingEmptySubsequences: false).dropLast(
                content.hasSuffix("\n") ? 1 : 0)
            {
                s += "         | \(line)\n"
            }
        }
        return s
    }
}
