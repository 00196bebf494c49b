import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// A test MLA139 finds defined twice in one scope (with different bodies: a copy-pasted test whose name was not
/// changed): the second gets a name of its own (`test_x_2`), so pytest collects both. Non-test functions and names
/// used elsewhere in the file are left to the maintainer.
package struct DuplicateTestRenameProposer: DiffProposer {
    package let code = DiffCode.mld225
    package let findings: [FindingCode] = [.mla139]
    package let subfeatures: [Subfeature] = []

    package static let maxSites = 10

    package func propose(_ context: FindingContext) -> DiffProposal? {
        var byPath: [String: [ShadowedDefinitionCheck.Pair]] = [:]
        for p in ShadowedDefinitionCheck.pairs(context) where p.isTest && p.module.path.hasSuffix(".py") {
            byPath[p.module.path, default: []].append(p)
        }
        var files: [DiffProposal.File] = []
        var cited: [String] = []
        var count = 0
        for path in byPath.keys.sorted() {
            guard count < Self.maxSites, var editor = context.editor(path), let text = context.facts.text(path) else {
                continue
            }
            let module = byPath[path]![0].module
            var taken = Set(module.functions.map(\.name))
            for p in byPath[path]! where count < Self.maxSites {
                // The name must appear nowhere but on the two def lines (no reference would follow the rename).
                let occurrences = text.components(separatedBy: p.second.name).count - 1
                guard occurrences == 2 else { continue }
                var k = 2
                while taken.contains("\(p.second.name)_\(k)") { k += 1 }
                let new = "\(p.second.name)_\(k)"
                let line = editor.line(p.second.span.start)
                guard let r = line.range(of: "def \(p.second.name)(") else { continue }
                editor.replace(
                    line: p.second.span.start - 1, with: line.replacingCharacters(in: r, with: "def \(new)("))
                taken.insert(new)
                cited.append(
                    "`\(p.second.qualifiedName)` \(path):\(p.first.span.start) and :\(p.second.span.start) (second renamed `\(new)`)"
                )
                count += 1
            }
            if editor.hasEdits { files.append(DiffProposal.File(editor)) }
        }
        guard !files.isEmpty else { return nil }
        let paths = files.map(\.path)
        return DiffProposal(
            title:
                "Rename \(cited.count) duplicated test(s) so pytest runs both copies (\(FindingContext.fileSummary(paths)))",
            why:
                "Each test is defined twice in the same scope with different bodies: \(cited.prefix(2).joined(separator: "; ")). Python keeps the second definition, so the first test has never run.",
            risk:
                "The test that never ran now runs and may fail: that failure is a real regression it was meant to catch, or a test that needs updating.",
            rollback: FindingContext.rollback(modified: paths, created: []),
            testsDocs: "`pytest --collect-only -q` on each file now lists both tests.",
            files: files)
    }
}
