import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// At the `__all__` entries MLA145 cites: the entry removed, only where its line holds that entry alone (`"Name",`)
/// or the whole list is on one line; nothing else in the file changes.
package struct StaleExportProposer: DiffProposer {
    package let code = DiffCode.mld231
    package let findings: [FindingCode] = [.mla145]
    package let subfeatures: [Subfeature] = []

    package func propose(_ context: FindingContext) -> DiffProposal? {
        var files: [DiffProposal.File] = []
        var removed: [String] = []
        for site in UndefinedExportCheck.sites(context) {
            guard var editor = context.editor(site.path) else { continue }
            var done: [String] = []
            for (name, line) in site.names where line >= 1 && line <= editor.lines.count {
                let text = editor.lines[line - 1]
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                if ["\"\(name)\",", "'\(name)',", "\"\(name)\"", "'\(name)'"].contains(trimmed) {
                    editor.remove(line: line - 1)
                    done.append("`\(name)` (\(site.path):\(line))")
                    continue
                }
                // `__all__ = ["a", "b"]` on one line.
                guard text.hasPrefix("__all__"), !text.contains("#") else { continue }
                var updated = text
                for q in ["\"", "'"] {
                    for form in ["\(q)\(name)\(q), ", ", \(q)\(name)\(q)"] where updated.contains(form) {
                        updated = updated.replacingOccurrences(of: form, with: "")
                        break
                    }
                }
                guard updated != text else { continue }
                editor.replace(line: line - 1, with: updated)
                done.append("`\(name)` (\(site.path):\(line))")
            }
            if editor.hasEdits, !done.isEmpty {
                files.append(DiffProposal.File(editor))
                removed += done
            }
        }
        guard !files.isEmpty else { return nil }
        let paths = files.map(\.path)
        return DiffProposal(
            title: "Remove \(removed.count) name(s) from `__all__` that the module no longer defines"
                + " (\(FindingContext.fileSummary(paths)))",
            why: "`from module import *` raises AttributeError on "
                + removed.prefix(4).joined(separator: ", ")
                + ": nothing in the module defines or imports them (renamed or removed without updating `__all__`).",
            risk:
                "None at run time: the names could not be imported before either. If one was renamed, export the new name instead.",
            rollback: FindingContext.rollback(modified: paths, created: []),
            testsDocs: "`python -c \"from <module> import *\"` now succeeds for these modules.",
            files: files)
    }
}
