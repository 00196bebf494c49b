import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditReport
import MLAuditRules

/// The distributions MLA131 finds imported but declared nowhere, added to the requirements file nearest the importing
/// module (its folder's `requirements.txt`, else an ancestor's, up to the root), one name a line as those files list
/// them. Only distribution names the data tables know to exist are written (an import name is not always a
/// distribution name), no version is invented, and pyproject/setup.py are left alone: whether a dependency is core or
/// an optional extra is the maintainer's call.
package struct DeclareImportedDependencyProposer: DiffProposer {
    package let code = DiffCode.mld220
    package let findings: [FindingCode] = [.mla131]
    package let subfeatures: [Subfeature] = []

    package func propose(_ context: FindingContext) -> DiffProposal? {
        var byFile: [String: [(dist: String, evidence: Evidence)]] = [:]
        for m in UndeclaredImportCheck.missing(context) where PythonDistributions.known.contains(m.dist) {
            guard let target = UndeclaredImportCheck.nearestRequirements(of: m.evidence.path, context) else { continue }
            byFile[target, default: []].append(m)
        }
        var files: [DiffProposal.File] = []
        var added: [(dist: String, evidence: Evidence)] = []
        for path in byFile.keys.sorted() {
            guard var editor = context.editor(path) else { continue }
            editor.append(byFile[path]!.map(\.dist))
            files.append(DiffProposal.File(editor))
            added += byFile[path]!
        }
        guard !files.isEmpty else { return nil }
        let paths = files.map(\.path)
        let sites = added.prefix(3).map { "`\($0.dist)` (\($0.evidence.path):\($0.evidence.line))" }
        return DiffProposal(
            title:
                "Declare \(added.count) imported distribution(s) in \(paths.map { "`\($0)`" }.joined(separator: ", ")) (\(added.prefix(4).map(\.dist).joined(separator: ", "))\(added.count > 4 ? ", ..." : ""))",
            why:
                "Code imports \(sites.joined(separator: ", "))\(added.count > 3 ? " and more" : "") unconditionally, and no dependency declaration names them: `pip install -r` of these files leaves that import failing with ModuleNotFoundError.",
            risk:
                "Installs one more package per line (no version pinned: the resolver picks one compatible with the rest); if an import is meant to be optional, guard it instead and drop its line.",
            rollback: FindingContext.rollback(modified: paths, created: []),
            testsDocs: "`pip install -r \(paths[0])` in a fresh environment, then import the cited modules.",
            files: files)
    }
}
