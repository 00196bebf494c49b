import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditReport
import MLAuditRules

/// Broken documentation links whose intended target is certain (MLA134): a target that differs from a listed path
/// only in letter case, a path written relative to the repository root from a page in a sub-folder, or a moved file (the one file of that name in the repository, in a folder of the link's
/// folder name). The link is rewritten to the relative path from the page to that file; nothing else on the line
/// changes. A target written with `..` inside it, percent-encoded, or appearing twice on its line is left alone.
package struct DocLinkTargetProposer: DiffProposer {
    package let code = DiffCode.mld227
    package let findings: [FindingCode] = [.mla134]
    package let subfeatures: [Subfeature] = []

    /// `path` relative to the folder `from` (repository-relative components).
    package static func relative(_ path: String, from directory: [Substring]) -> String {
        let target = path.split(separator: "/")
        var common = 0
        while common < directory.count && common < target.count - 1 && directory[common] == target[common] {
            common += 1
        }
        let up = Array(repeating: "..", count: directory.count - common)
        return (up + target[common...].map(String.init)).joined(separator: "/")
    }

    /// The rewritten target, keeping a leading `./` when the original had one.
    static func replacement(for broken: BrokenDocLinkCheck.Broken, certain: String) -> String? {
        let written = broken.target.split(separator: "/")
        // Only `./` or `../` at the start; a `..` after a name makes the mapping to the path ambiguous.
        let leading = written.prefix { $0 == "." || $0 == ".." }
        guard !written.dropFirst(leading.count).contains(where: { $0 == "." || $0 == ".." }) else { return nil }
        let directory = Array(broken.path.split(separator: "/").dropLast())
        let rel = relative(certain, from: directory)
        return broken.target.hasPrefix("./") && !rel.hasPrefix("..") ? "./" + rel : rel
    }

    static let docExtensions: Set<String> = ["md", "mdx", "rst", "html", "htm", "txt", "ipynb"]

    /// The new target is the same kind of thing the link meant: the same file extension as written (a `.md` link
    /// lands on a `.md` page); a link written without one from a documentation tree (`docs/`, `doc/`) meant a
    /// page, so it lands on a page, never on a source folder; and a link that does not name tests never lands in a
    /// `tests/` folder (`../api/pipelines/stable_diffusion_2` is the API page, not `tests/pipelines/...`).
    static func sameKind(written: String, page: String, certain: String) -> Bool {
        func ext(_ p: String) -> String {
            let last = p.split(separator: "/").last.map(String.init) ?? p
            guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return "" }
            return last[last.index(after: dot)...].lowercased()
        }
        let bare = String(written.prefix { $0 != "#" && $0 != "?" })
        let writtenExt = ext(bare)
        let certainExt = ext(certain)
        if !writtenExt.isEmpty && writtenExt != certainExt { return false }
        let pageParts = page.lowercased().split(separator: "/").dropLast()
        if writtenExt.isEmpty, pageParts.contains(where: { $0 == "docs" || $0 == "doc" }),
            !docExtensions.contains(certainExt)
        {
            return false
        }
        let testFolders: Set<Substring> = ["tests", "test", "testing"]
        if certain.lowercased().split(separator: "/").dropLast().contains(where: testFolders.contains)
            || (certainExt.isEmpty && testFolders.contains(certain.lowercased().split(separator: "/").last ?? "")),
            !bare.lowercased().split(separator: "/").contains(where: testFolders.contains)
        {
            return false
        }
        return true
    }

    package func propose(_ context: FindingContext) -> DiffProposal? {
        let fixable = BrokenDocLinkCheck.broken(context).filter { $0.certainTarget != nil }
        guard !fixable.isEmpty else { return nil }
        // New text per page and line (two links on one line both land), then one edit per line.
        var edited: [String: [Int: String]] = [:]
        var order: [String] = []
        var cited: [String] = []
        for b in fixable {
            guard let certain = b.certainTarget, Self.sameKind(written: b.target, page: b.path, certain: certain),
                let new = Self.replacement(for: b, certain: certain), new != b.target
            else { continue }
            let lines = context.facts.lines(b.path)
            guard b.line >= 1, b.line <= lines.count else { continue }
            let line = edited[b.path]?[b.line] ?? String(lines[b.line - 1])
            // The target must occur exactly once on its line, as written (no percent-encoding to undo).
            guard line.components(separatedBy: b.target).count == 2 else { continue }
            if edited[b.path] == nil { order.append(b.path) }
            edited[b.path, default: [:]][b.line] = line.replacingOccurrences(of: b.target, with: new)
            cited.append(
                "\(b.path):\(b.line) `\(b.target)` → `\(new)` (\(b.caseOnly != nil ? "letter case of \(certain)" : "meant \(certain)"))"
            )
        }
        var files: [DiffProposal.File] = []
        for path in order {
            guard var editor = context.editor(path), let changes = edited[path] else { continue }
            for (line, text) in changes.sorted(by: { $0.key < $1.key }) where line <= editor.lines.count {
                editor.replace(line: line - 1, with: text)
            }
            files.append(DiffProposal.File(editor))
        }
        guard !files.isEmpty else { return nil }
        let paths = files.map(\.path)
        return DiffProposal(
            title:
                "Repoint \(cited.count) dead documentation link(s) at the path they name (\(FindingContext.fileSummary(paths)))",
            why:
                "Each link names a path the repository has, written with another letter case or relative to another folder than the page's: \(cited.prefix(3).joined(separator: "; ")). GitHub resolves a link against the page's own folder, case-sensitively, so readers get a 404 today.",
            risk: "None for code; documentation text only. Each new target is a file the repository tracks.",
            rollback: FindingContext.rollback(modified: paths, created: []),
            testsDocs: "Open each edited page on GitHub (or in the docs preview) and follow the link.",
            files: files)
    }
}
