import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditReport
import MLAuditRules

/// Scaffold: Python's byte-code caches kept out of commits. Proposed only when the repository has Python files and
/// its root `.gitignore` (or the lack of one) does not already ignore `__pycache__`; appends to an existing file in
/// its own line ending, never rewrites it.
package struct GitignorePythonCachesProposer: DiffProposer {
    package let code = DiffCode.mld218
    package let findings: [FindingCode] = []
    package let subfeatures: [Subfeature] = []

    package func propose(_ context: FindingContext) -> DiffProposal? {
        let python = context.files { $0.kind == .python }
        guard !python.isEmpty else { return nil }
        let path = ".gitignore"
        let existing: String?
        if context.isFree(path) {
            existing = nil
        } else {
            // `.gitignore` is listed but not always held as text by the snapshot: read it through the capped no-follow reader.
            guard
                let text = context.facts.text(path)
                    ?? SafeFileReader.text(root: context.facts.root.path, relative: path)
            else { return nil }
            existing = text
        }
        let lines = (existing ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        let covers = lines.contains {
            ["__pycache__", "__pycache__/", "**/__pycache__", "**/__pycache__/", "*.pyc", "*.py[cod]"].contains($0)
        }
        guard !covers else { return nil }
        var updated = existing ?? ""
        if !updated.isEmpty && !updated.hasSuffix("\n") { updated += "\n" }
        if !updated.isEmpty { updated += "\n" }
        updated += "# Python byte-code caches\n__pycache__/\n*.py[cod]\n"
        return DiffProposal(
            title: "Ignore Python byte-code caches in `\(path)`",
            why:
                "The repository has \(python.count) Python file(s) and its `.gitignore` does not ignore `__pycache__/`, so running any script or test leaves untracked byte-code that is easy to commit by accident.",
            risk:
                "None for the code; files already tracked under `__pycache__/` stay tracked until removed with `git rm --cached`.",
            rollback: FindingContext.rollback(
                modified: existing == nil ? [] : [path], created: existing == nil ? [path] : []),
            testsDocs: "`git status --ignored` after running a script lists `__pycache__/` as ignored.",
            files: [DiffProposal.File(path: path, original: existing, updated: updated)],
            subfeatures: [])
    }
}
