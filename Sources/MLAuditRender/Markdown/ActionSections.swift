import MLAuditKit
import MLAuditReport

/// Sections 5-8, the task sequence and the script.
package enum GatesSection {
    package static let header = ["Command", "Purpose", "Example Output", "ML Test Score Coverage"]
    package static func render(_ r: AuditReport, _ out: inout MarkdownWriter) {
        out.line("5. **Local Tests & Gates**")
        out.blank()
        let rows = r.gates.map { g -> [String] in
            let output: String
            if g.ran {
                let trimmed = (g.output ?? "").split(separator: "\n").suffix(3).joined(separator: " / ")
                output = "exit \(g.exitCode.map(String.init) ?? "?")" + (trimmed.isEmpty ? "" : ": \(trimmed)")
            } else {
                output = "not run (repository code runs only on request): `mlaudit audit --run-gates` records it"
            }
            let source = g.source.map { " (defined at \(MarkdownEscaping.code($0.citation)))" } ?? ""
            return [
                MarkdownEscaping.code(g.command), g.purpose + source, output,
                g.mlTestScore.isEmpty ? "none inferred" : g.mlTestScore.map(\.rawValue).joined(separator: ", "),
            ]
        }
        out.table(
            header,
            rows.isEmpty
                ? [["none found", "no pytest, nox, tox, Makefile or pre-commit gate in the repository", "n/a", "none"]]
                : rows)
        out.blank()
    }
}

package enum ReproSection {
    package static func render(_ r: AuditReport, _ out: inout MarkdownWriter) {
        out.line("6. **Reproducibility Checklist**")
        out.blank()
        let rows = r.reproducibility.map { i -> [String] in
            let mark = i.status == .present ? "✅ present" : i.status == .partial ? "⚠️ partial" : "❌ missing"
            let ev = i.evidence.prefix(3).map { MarkdownEscaping.code($0.citation) }.joined(separator: ", ")
            return [i.item, mark, i.notes + (ev.isEmpty ? "" : " Evidence: \(ev).")]
        }
        out.table(["Item", "Status", "Notes"], rows)
        out.blank()
    }
}

package enum DeferredSection {
    package static func render(_ r: AuditReport, _ out: inout MarkdownWriter) {
        out.line("7. **Deferred Items**")
        for d in r.deferred.prefix(5) {
            out.line(
                "   - **\(prose(d.item)).** Pruning rationale: \(prose(d.rationale)) Minimal future plan: \(prose(d.plan))"
            )
        }
        if r.deferred.count > 5 {
            out.line(
                "   - \(r.deferred.count - 5) more in the JSON twin (`deferred`), each with its rationale and plan.")
        }
        if r.deferred.isEmpty { out.line("   - Nothing deferred: every gap found has a diff or a planned task above.") }
        out.blank()
    }
}

package enum ErrorSection {
    package static func render(_ r: AuditReport, _ out: inout MarkdownWriter) {
        out.line("8. **Error Capture Blocks**")
        if r.errors.isEmpty {
            out.line("   - No analysis step failed in this run, so no block was recorded.")
        } else {
            let shown = min(r.errors.count, MarkdownRenderer.maxErrorBlocks)
            var summary =
                "   - \(r.errors.count) analysis step\(r.errors.count == 1 ? "" : "s") failed; the audit went on without the affected inputs."
            if shown < r.errors.count { summary += " The first \(shown) are shown; all are in the JSON `errors[]`." }
            out.line(summary)
            out.blank()
            for e in r.errors.prefix(shown) {
                block(e, &out)
                out.blank()
            }
        }
        if let ledger = r.ledger {
            out.blank()
            out.line("## Outstanding Automation Questions")
            out.blank()
            if ledger.openRows.isEmpty { out.line("- `\(ledger.path)` has no open row.") }
            for row in ledger.openRows { out.line("- " + MarkdownEscaping.inline(row)) }
        }
        out.blank()
    }

    package static func block(_ e: CapturedError, _ out: inout MarkdownWriter) {
        for l in questionLines(timestamp: e.timestamp, step: "[\(e.step.code)]", error: e.error, context: e.context) {
            out.line(l)
        }
    }

    /// The template's five-line question, between `:::` lines. `step` is mlaudit's own label ("[4:PYTHON_READ]"),
    /// written as is; the error and context may hold repository text and are escaped.
    public static func questionLines(timestamp: String, step: String, error: String, context: String) -> [String] {
        ErrorCaptureTemplate.lines(
            timestamp: timestamp, step: step, error: MarkdownEscaping.inline(error),
            context: MarkdownEscaping.inline(context))
    }
}

package enum TaskSequenceSection {
    package static func render(_ r: AuditReport, _ out: inout MarkdownWriter) {
        out.line("## Codex-ready Task Sequence")
        var body = "Codex-ready Task Sequence:\n"
        for (i, phase) in r.taskSequence.phases.enumerated() {
            let steps = phase.steps.map { $0.replacingOccurrences(of: "\n", with: "\n       ") }
            body += "  \(i + 1). \(phase.name): \(steps.first ?? "")\n"
            for s in steps.dropFirst() { body += "     - \(s)\n" }
        }
        out.fenced(body, info: "text")
        out.line("**Additional Deliverable — Executable Script**")
        out.fenced(r.script, info: "python")
        out.blank()
    }
}
