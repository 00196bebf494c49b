import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditReport
import MLAuditRules

/// The Python-version classifiers that the package's own `requires-python` excludes (MLA143) are removed: pip already
/// refuses those versions, so the metadata then says what installs. When installed code also needs a newer Python
/// (MLA140), MLD228 raises the minimum and drops these lines in the same edit, so this proposer stays out.
package struct StaleClassifierProposer: DiffProposer {
    package let code = DiffCode.mld229
    package let findings: [FindingCode] = [.mla143]
    package let subfeatures: [Subfeature] = []

    package func propose(_ context: FindingContext) -> DiffProposal? {
        guard SyntaxNewerThanRequiresPythonCheck.uses(context).isEmpty,
            let (declared, lines) = ClassifierContradictsRequiresPythonCheck.contradicting(context),
            var editor = context.editor(declared.path)
        else { return nil }
        for l in lines where l.line >= 1 && l.line <= editor.lines.count { editor.remove(line: l.line - 1) }
        let versions = lines.map { "3.\($0.minor)" }.joined(separator: ", ")
        return DiffProposal(
            title:
                "Drop the Python \(versions) classifier(s) that requires-python \(declared.specifier) excludes (\(declared.path))",
            why:
                "\(declared.path):\(declared.line) declares \(declared.specifier), so pip never installs the package on Python \(versions); the classifiers at line(s) \(lines.map { String($0.line) }.joined(separator: ", ")) still advertise those versions on PyPI.",
            risk:
                "None for installs (pip already enforces the minimum). If those versions are meant to work, lower requires-python instead and keep the classifiers.",
            rollback: FindingContext.rollback(modified: [declared.path], created: []),
            testsDocs:
                "`python -m build` and check the wheel's METADATA: Requires-Python and the classifiers now agree.",
            files: [DiffProposal.File(editor)])
    }
}
