import MLAuditKit
import MLAuditReport

/// The lines under the numbered findings: how many more the JSON twin carries, and what the repository silenced.
enum FindingsFooter {
    /// Findings the Markdown numbers; the JSON twin carries all of them.
    static let shown = 20

    static func lines(_ r: AuditReport) -> [String] {
        var out: [String] = []
        if r.findings.count > shown {
            out.append(
                "   - \(r.findings.count - shown) more finding(s) of lower rank are in the JSON twin (`findings`).")
        }
        if !r.suppressed.isEmpty {
            let listed = r.suppressed.prefix(10).map { s in
                "\(MarkdownEscaping.code(s.code.rawValue)) "
                    + (s.path.map { MarkdownEscaping.code("\($0):\(s.line ?? 0)") } ?? "(repository-wide)")
                    + " by \(MarkdownEscaping.code(s.by))"
            }
            let more =
                r.suppressed.count > 10 ? "; \(r.suppressed.count - 10) more in the JSON twin (`suppressed`)" : ""
            out.append(
                "   - Suppressed: \(r.suppressed.count) finding location(s) silenced by the repository: "
                    + listed.joined(separator: "; ") + more + ".")
        }
        return out
    }
}
