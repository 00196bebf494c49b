import Foundation
import MLAuditFacts
import MLAuditKit

/// Folders the repository has closed to changes: a folder named `deprecated` (kept only for old callers), or one whose
/// own README declares that changes are not accepted there (diffusers' `pipelines/deprecated/README.md`: "we will
/// stop testing the pipelines and will not accept any changes to existing files"). No defect finding cites code
/// there and no diff edits it: a maintainer would close such a report or pull request unread.
///
/// The repository's root README is not read here: a whole repository closed to changes is an archived repository,
/// which `RepositoryKind` decides.
package enum ClosedToChanges {
    /// Folder names that mark code kept only for old callers.
    static let folderNames: Set<String> = ["deprecated", "_deprecated"]

    /// Lines of a folder README read for a closure statement (the statement opens the README).
    static let readmeLines = 30

    /// True when a folder of `path` (not its last component) is named `deprecated`.
    package static func isDeprecatedFolder(_ path: String) -> Bool {
        FolderNames.anyFolder(of: path, in: folderNames)
    }

    /// True when `text` states that changes or contributions to the folder are not accepted.
    package static func declaresClosed(_ text: String) -> Bool {
        let lower = text.lowercased()
        let range = NSRange(lower.startIndex..., in: lower)
        return closure.firstMatch(in: lower, range: range) != nil
    }

    /// "will not accept any changes", "no longer accepting pull requests", "changes to this folder are not accepted",
    /// "no new changes will be accepted". A README that only describes frozen weights or an unmaintained project
    /// is not a closure statement.
    private static let closure = try! NSRegularExpression(
        pattern:
            #"(?:(?:will|do|does|are|is)\s+not|won't|don't|doesn't|no\s+longer)\s+(?:be\s+)?accept(?:ing)?\s+(?:any\s+)?(?:new\s+|further\s+|more\s+)?(?:changes|contributions|pull\s+requests|prs|patches|modifications)\b|\b(?:changes|contributions|pull\s+requests|prs|patches|modifications)\b[^.\n]{0,60}?\b(?:are|will)\s+(?:not|no\s+longer)\s+(?:be\s+)?accepted|\bno\s+(?:new\s+|further\s+|more\s+)?(?:changes|contributions|pull\s+requests|prs|patches|modifications)\s+(?:are|will\s+be)\s+accepted"#
    )

    /// Folders (with a trailing `/`) whose README, below the repository root, declares them closed, sorted.
    package static func declaredFolders(_ facts: RepositoryFacts) -> [String] {
        var out: [String] = []
        for f in facts.files where f.path.contains("/") && !f.isVendored {
            let name = f.name.lowercased()
            guard name == "readme.md" || name == "readme.rst" || name == "readme.txt" || name == "readme" else {
                continue
            }
            let head = facts.lines(f.path).prefix(readmeLines).joined(separator: "\n")
            if declaresClosed(head) { out.append(String(f.path[..<f.path.index(after: f.path.lastIndex(of: "/")!)])) }
        }
        return out.sorted()
    }
}

extension FindingContext {
    /// True when `path` lies in a folder closed to changes (`ClosedToChanges`): no defect finding cites it and no
    /// diff edits it.
    public func isClosedToChanges(_ path: String) -> Bool {
        ClosedToChanges.isDeprecatedFolder(path) || closedFolders.contains { path.hasPrefix($0) }
    }
}

extension FindingContext {
    /// The hit without its citations in folders closed to changes; nil when every citation was there. Applied to
    /// every check's hits by the catalogue (and by the checks' example tests), so no check repeats the rule.
    package func withoutClosedEvidence(_ hit: FindingHit) -> FindingHit? {
        guard hit.evidence.contains(where: { isClosedToChanges($0.path) }) else { return hit }
        let kept = hit.evidence.filter { !isClosedToChanges($0.path) }
        guard !kept.isEmpty else { return nil }
        var out = hit
        out.evidence = kept
        return out
    }
}
