import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditReport
import MLAuditRules

/// For each key MLA133 finds set twice in one YAML mapping, the first (overridden) occurrence is removed when it is a
/// one-line placeholder (`null`, `~`, an empty collection): PyYAML, OmegaConf and Hydra already use the second value,
/// so what runs does not change, and the file now says what runs. Two real values (which one was meant is unknowable
/// from the file), nested content or a block scalar are left to the maintainer.
package struct DuplicateYAMLKeyProposer: DiffProposer {
    package let code = DiffCode.mld221
    package let findings: [FindingCode] = [.mla133]
    package let subfeatures: [Subfeature] = []

    package static let maxFiles = 8

    package func propose(_ context: FindingContext) -> DiffProposal? {
        var files: [DiffProposal.File] = []
        var cited: [String] = []
        for (f, duplicates) in DuplicateYAMLKeyCheck.found(context) {
            guard files.count < Self.maxFiles else { break }
            let lines = context.facts.lines(f.path)
            let removable = duplicates.filter { d in
                guard d.first >= 1, d.first < lines.count, d.again <= lines.count else { return false }
                let line = lines[d.first - 1]
                let indent = line.prefix { $0 == " " }.count
                let body = line.dropFirst(indent)
                guard !body.hasPrefix("- "), let (_, value) = DuplicateYAMLKeyCheck.keyValue(body) else { return false }
                // Only a placeholder (`null`, `~`, an empty collection) overridden by a real value is certainly
                // dead: between two real values the intended one is the maintainer's call, so no diff is proposed.
                let v =
                    value.split(separator: "#", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) }
                    ?? ""
                guard ["null", "Null", "NULL", "~", "[]", "{}", "None"].contains(v) else { return false }
                // The next line must not continue this value (deeper indentation).
                let next = lines[d.first]
                let nextIndent = next.prefix { $0 == " " }.count
                return next.trimmingCharacters(in: .whitespaces).isEmpty || nextIndent <= indent
            }
            guard !removable.isEmpty, var editor = context.editor(f.path) else { continue }
            for d in removable.sorted(by: { $0.first > $1.first }) {
                editor.remove(line: d.first - 1)
                cited.append("`\(d.key)` \(f.path):\(d.first) (kept: line \(d.again))")
            }
            files.append(DiffProposal.File(editor))
        }
        guard !files.isEmpty else { return nil }
        let paths = files.map(\.path)
        return DiffProposal(
            title:
                "Remove \(cited.count) overridden duplicate YAML key(s) (\(FindingContext.fileSummary(paths)))",
            why:
                "Each removed line sets a key that the same mapping sets again further down: \(cited.prefix(3).joined(separator: "; ")). YAML loaders keep the last value, so the removed line never took effect and only misled readers.",
            risk:
                "None for what runs (the loader already used the kept value). If the removed value was the intended one, the bug is the kept line: move the value there instead.",
            rollback: FindingContext.rollback(modified: paths, created: []),
            testsDocs: "Load each file with `yaml.safe_load` before and after: the result is identical.",
            files: files)
    }
}
