import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditReport
import MLAuditRules

/// A comparison standing alone in a test (MLA152) becomes the assertion it was meant to be: `assert ` before it.
/// Product code is left alone (there `==` is usually a mistyped assignment, which the maintainer confirms).
package struct AssertComparisonProposer: DiffProposer {
    package let code = DiffCode.mld236
    package let findings: [FindingCode] = [.mla152]
    package let subfeatures: [Subfeature] = []

    package static let maxSites = 16

    package func propose(_ context: FindingContext) -> DiffProposal? {
        var byPath: [String: [Int]] = [:]
        for s in PointlessComparisonCheck.sites(context).filter(\.isTest).prefix(Self.maxSites) {
            byPath[s.path, default: []].append(s.line)
        }
        var files: [DiffProposal.File] = []
        var cited: [String] = []
        for path in byPath.keys.sorted() {
            guard var editor = context.editor(path) else { continue }
            for n in Set(byPath[path]!).sorted() {
                let old = editor.line(n)
                let indent = SourceEditor.indentation(old)
                let edited = indent + "assert " + old.dropFirst(indent.count)
                guard LineLengthPolicy.allows(edited, replacing: old, in: context.facts) else { continue }
                editor.replace(line: n - 1, with: edited)
                cited.append("\(path):\(n)")
            }
            if editor.hasEdits { files.append(DiffProposal.File(editor)) }
        }
        guard !files.isEmpty else { return nil }
        let paths = files.map(\.path)
        return DiffProposal(
            title:
                "Assert \(cited.count) comparison(s) that tests compute and drop (\(FindingContext.fileSummary(paths)))",
            why:
                "At \(cited.prefix(3).joined(separator: ", ")) a test evaluates `a == b` as a statement: the result is discarded, so the test passes whatever the values are.",
            risk:
                "The test now checks what it was written to check: if the values differ today it fails, which is a real regression the test had been hiding (read the failure before reverting).",
            rollback: FindingContext.rollback(modified: paths, created: []),
            testsDocs: "Run the touched tests with pytest: they pass when the compared values agree.",
            files: files)
    }
}
