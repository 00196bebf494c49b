import MLAuditKit
import MLAuditReport

/// The Status Update in the mandated template (`spec/status-update-template.md`), as valid CommonMark:
/// tagged opening fences, bare closing fences.
public enum MarkdownRenderer {
    package static let objectivePrefix =
        "> Traverse the repository and provide a comprehensive status audit. The goal is to assess **modularity**, **reproducibility**, and **production readiness** of "
    package static let objectiveSuffix = ", following best practices in ML systems design."
    package static let reminder =
        "> **Reminder:** Outstanding automation questions remain tracked in `docs/status_update_outstanding_questions.md`. Reference that ledger when relevant, but embedding the entire table in the daily status update is no longer required under the 2025-09-22 template."
    /// Error Capture blocks shown in full; the rest are summarised (the JSON keeps them all).
    package static let maxErrorBlocks = 40

    public static func render(_ r: AuditReport) -> String {
        var out = MarkdownWriter()
        preamble(r, &out)
        // The name is restricted to [A-Za-z0-9._-] when the preamble is made (`FetchPreamble.safeName`), so it is written
        // as is: the template fixes the title byte for byte ("# 📍_codex_: ...").
        out.line("# 📍\(r.preamble.displayName): Status Update (\(r.date))")
        out.blank()
        RepoMapSection.render(r, &out)
        CapabilitySection.render(r, &out)
        FindingsSection.render(r, &out)
        DiffsSection.render(r, &out)
        GatesSection.render(r, &out)
        ReproSection.render(r, &out)
        DeferredSection.render(r, &out)
        ErrorSection.render(r, &out)
        out.line("---")
        out.blank()
        TaskSequenceSection.render(r, &out)
        out.line(reminder)
        return out.text
    }

    package static func preamble(_ r: AuditReport, _ out: inout MarkdownWriter) {
        let url = r.preamble.repositoryURL
        out.line("Check for must recent active branch:")
        out.line("//fetch \(url)/activity?time_period=day")
        out.blank()
        out.line("Branches:")
        out.line("//fetch \(url)")
        for b in r.preamble.branches { out.line("//fetch \(url)/tree/\(b)") }
        out.blank()
        out.line("Objective:")
        out.line(objectivePrefix + r.preamble.environmentName + objectiveSuffix)
        out.line("---")
        out.blank()
        out.line("Audit Scope")
        out.blank()
    }
}

/// Accumulates lines; every section writes through it.
package struct MarkdownWriter {
    package private(set) var text = ""
    package mutating func line(_ s: String) {
        text.append(s)
        text.append("\n")
    }
    package mutating func blank() { text.append("\n") }
    /// A fenced block: tagged opening fence, bare closing fence long enough for the body.
    package mutating func fenced(_ body: String, info: String) {
        let body = TerminalText.fenceBody(body)
        let fence = MarkdownEscaping.fence(for: body)
        line(fence + info)
        var b = body
        if b.hasSuffix("\n") { b.removeLast() }
        line(b)
        line(fence)
    }
    package mutating func table(_ header: [String], _ rows: [[String]]) {
        line("| " + header.joined(separator: " | ") + " |")
        line("|" + header.map { _ in " --- |" }.joined())
        for r in rows { line("| " + r.map(MarkdownEscaping.cell).joined(separator: " | ") + " |") }
    }
}
