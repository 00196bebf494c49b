import MLAuditKit
import MLAuditReport

/// Sections 1-2: Repo Map and the Capability Audit Table.
package enum RepoMapSection {
    package static func render(_ r: AuditReport, _ out: inout MarkdownWriter) {
        let m = r.repoMap
        out.line("1. **Repo Map**")
        let dirs = m.directories.map { "\(MarkdownEscaping.code($0.path + "/")) (\($0.files))" }
        var dirText = dirs.isEmpty ? "none: every file is at the root" : dirs.joined(separator: ", ")
        dirText += "; \(m.rootFileCount) files at the root; \(m.totalFiles) files in all, \(m.pythonFiles) Python."
        out.line("   - **Top-level directories.** " + dirText)
        let keys = m.keyFiles.map(MarkdownEscaping.code)
        out.line(
            "   - **Key files.** "
                + (keys.isEmpty
                    ? "none found (no README, manifest, gate config or entry point)."
                    : keys.joined(separator: ", ") + "."))
        out.line("   - **Stubs & placeholders.** " + stubSummary(r))
        let changes = m.recentChanges.prefix(5).map {
            "\(MarkdownEscaping.code($0.commit)) \($0.date) \(MarkdownEscaping.inline($0.subject))"
        }
        out.line(
            "   - **Recent changes.** "
                + (changes.isEmpty
                    ? "no commit history (not a git repository, or no commits yet)."
                    : changes.joined(separator: "; ") + ".")
                + (r.delta.map { " " + MarkdownEscaping.inline($0.summary) } ?? ""))
        if !m.skippedFiles.isEmpty {
            let shown = m.skippedFiles.prefix(8).map {
                "\(MarkdownEscaping.code($0.path)) (\(MarkdownEscaping.inline($0.reason)))"
            }
            let more =
                m.skippedFiles.count > 8 ? "; \(m.skippedFiles.count - 8) more in the JSON `repo_map.skipped`" : ""
            out.line("   - **Skipped files.** " + shown.joined(separator: "; ") + more + ".")
        }
        out.blank()
    }

    package static func stubSummary(_ r: AuditReport) -> String {
        let gaps = r.stubs.filter { !$0.declaration }
        let decls = r.stubs.filter { $0.declaration }
        if r.stubs.isEmpty {
            return
                "no stub site (`raise NotImplementedError`, `pass`/`...`/docstring-only bodies, placeholder messages, TODO/FIXME/XXX/HACK comments) in product code."
        }
        var byKind: [StubEntry.Kind: Int] = [:]
        for s in gaps { byKind[s.kind, default: 0] += 1 }
        let kinds = byKind.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key)" }.joined(
            separator: ", ")
        var text = "\(gaps.count) stub sites (\(kinds.isEmpty ? "none" : kinds))"
        let top = gaps.prefix(6).map {
            "\(MarkdownEscaping.code("\($0.path):\($0.line)")) \(MarkdownEscaping.inline($0.symbol))"
        }
        if !top.isEmpty { text += ": " + top.joined(separator: ", ") + (gaps.count > 6 ? ", …" : "") }
        text += "; \(decls.count) abstract declarations listed separately (not gaps)."
        return text
    }
}

package enum CapabilitySection {
    package static let header = [
        "Capability", "Status", "Existing Artifacts", "Gaps", "Risks", "Minimal Patch Plan", "Rollback Plan",
    ]

    package static func render(_ r: AuditReport, _ out: inout MarkdownWriter) {
        out.line("2. **Capability Audit Table**")
        out.blank()
        // A repository without Python code gets one statement, not fourteen rows of "Missing" advice.
        if r.repoMap.pythonFiles == 0
            && r.capabilities.allSatisfy({ $0.subfeatures.allSatisfy { $0.state == .absent } })
        {
            out.line(
                "No Python ML code: none of the \(r.repoMap.totalFiles) files is Python, so there is nothing to rate and every row below reads Missing by construction. Audit an ML repository (for example `mlaudit audit examples/tiny-ml`)."
            )
            out.blank()
            let rows = r.capabilities.map { c -> [String] in
                [
                    r.preamble.displayName == FetchPreamble.codex.displayName
                        ? c.label : c.label.replacingOccurrences(of: "ChatGPT Codex ", with: ""),
                    c.status.rawValue, "none (no Python code)", "not assessed", "none", "none", "nothing to roll back",
                ]
            }
            out.table(header, rows)
            out.blank()
            return
        }
        let rows = r.capabilities.map { c -> [String] in
            let label =
                r.preamble.displayName == FetchPreamble.codex.displayName
                ? c.label : c.label.replacingOccurrences(of: "ChatGPT Codex ", with: "")
            let present = c.subfeatures.filter { $0.state != .absent }.map { s -> String in
                let ev = s.evidence.first.map { " " + MarkdownEscaping.code($0.citation) } ?? ""
                return
                    "\(s.name)\(s.state == .stub ? " (stub)" : "")\(ev)\(s.override.map { " [override: \($0.text)]" } ?? "")"
            }
            var artifacts = present
            if !c.artifacts.isEmpty {
                artifacts.append(
                    "files: " + c.artifacts.prefix(3).joined(separator: ", ")
                        + (c.artifacts.count > 3 ? " (+\(c.artifacts.count - 3) in the JSON)" : ""))
            }
            return [
                label, c.status.rawValue, nonEmpty(artifacts.joined(separator: "; "), "none found"),
                nonEmpty(c.gaps.map(\.text).joined(separator: "; "), "none: every sub-feature is present"),
                nonEmpty(c.risks.joined(separator: "; "), "low: no gap"), nonEmpty(c.patchPlan, "no change needed"),
                nonEmpty(c.rollback, "nothing to roll back"),
            ]
        }
        out.table(header, rows)
        out.blank()
    }

    package static func nonEmpty(_ s: String, _ fallback: String) -> String {
        s.trimmingCharacters(in: .whitespaces).isEmpty ? fallback : s
    }
}

/// Sections 3-4: findings and Atomic Diffs.
package enum FindingsSection {
    package static func render(_ r: AuditReport, _ out: inout MarkdownWriter) {
        out.line("3. **High-Signal Findings**")
        for (i, f) in r.findings.prefix(FindingsFooter.shown).enumerated() {
            let ev = f.evidence.prefix(3).map { MarkdownEscaping.code($0.citation) }.joined(separator: ", ")
            // The code's rationale (`why`) is the same sentence in every report: it stays in the JSON twin.
            out.line(
                "   \(i + 1). **\(f.filler ? "Lower signal — " : "")\(f.code.rawValue) (\(f.severity.rawValue)): \(prose(f.title))**"
                    + (ev.isEmpty ? "" : " Evidence: \(ev).") + " Fix: \(prose(f.fix))")
        }
        // Fewer than the template's ten: the open items of the Reproducibility Checklist, said once here as
        // quick wins (true statements with their evidence, not findings; the JSON keeps them in `reproducibility`).
        var n = min(r.findings.count, FindingsFooter.shown)
        for item in r.reproducibility where n < 10 && item.status != .present {
            let ev = item.evidence.prefix(2).map { MarkdownEscaping.code($0.citation) }.joined(separator: ", ")
            n += 1
            out.line(
                "   \(n). **Quick win (Reproducibility Checklist): \(prose(item.item)) is \(item.status == .partial ? "partial" : "missing")**"
                    + (ev.isEmpty ? "" : " Evidence: \(ev).") + " \(prose(item.notes))")
        }
        if n == 0 { out.line("   - No finding: no check of the catalogue triggered on this repository.") }
        if let line = fillerNote(r, listed: n) { out.line(line) }
        for line in FindingsFooter.lines(r) { out.line(line) }
        out.blank()
    }
}

extension FindingsSection {
    /// Says once, when the list was filled to the template's ten, how many findings meet the bar and which items are
    /// there only to reach the minimum (lower-signal findings and checklist quick wins).
    package static func fillerNote(_ r: AuditReport, listed: Int) -> String? {
        let strong = r.findings.prefix(FindingsFooter.shown).filter { !$0.filler }.count
        guard listed > strong else { return nil }
        let range = strong + 1 == listed ? "item \(listed) is" : "items \(strong + 1)–\(listed) are"
        let bar =
            strong == 0
            ? "No finding meets the bar of consequence for this repository"
            : "Only \(strong) finding\(strong == 1 ? " meets" : "s meet") the bar of consequence for this repository"
        return "   - \(bar); \(range) lower signal, listed because the template asks for ten"
            + " (`findings[].filler` in the JSON twin)."
    }
}

package enum DiffsSection {
    package static func render(_ r: AuditReport, _ out: inout MarkdownWriter) {
        out.line("4. **Atomic Diffs**")
        let fixes = r.diffs.filter { !$0.scaffold }.count
        let scaffolds = r.diffs.count - fixes
        if r.diffs.isEmpty {
            out.line(
                "   - No diff: no finding had a fix that applies, compiles and uses only names in scope, and no additive scaffold fits this tree."
            )
        } else if fixes < 3 {
            out.line(
                "   - \(fixes == 0 ? "No" : "Only \(fixes)") diff\(fixes == 1 ? "" : "s") fix\(fixes == 1 ? "es" : "") a finding at its evidence; "
                    + (scaffolds > 0
                        ? "\(scaffolds) additive scaffold\(scaffolds == 1 ? " fills" : "s fill") in toward the template's three, labelled as such."
                        : "no additive scaffold fits this tree, so the template's three are not reached."))
        }
        for (i, d) in r.diffs.enumerated() {
            out.line("### Atomic Diff \(i + 1) — \(d.scaffold ? "Scaffold: " : "")\(prose(d.title))")
            out.line("- **Why:** \(prose(d.why))")
            out.line("- **Risk:** \(prose(d.risk))")
            out.line("- **Rollback:** \(prose(d.rollback))")
            out.line("- **Tests/docs:** \(prose(d.testsDocs + (d.testRun.map { " " + $0.summary } ?? "")))")
            out.fenced(d.patch, info: "diff")
        }
        out.blank()
    }
}

/// Prose the analyses compose (findings, diff bullets, plans) may hold code spans around paths and calls; it is
/// always placed mid-line, so the table-cell escaping applies: one line, code spans kept, no HTML, no link syntax.
package func prose(_ text: String) -> String { MarkdownEscaping.cell(text) }
