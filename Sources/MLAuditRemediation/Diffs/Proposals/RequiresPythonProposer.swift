import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditReport
import MLAuditRules

/// When installed code already needs a newer Python than the package declares (MLA140), the declared lower bound
/// (`>=3.7` in `requires-python` / `python_requires`) is raised to the version the code needs: the interpreters it
/// drops could not import the package anyway. Trove classifiers in the same file naming a dropped version
/// (`Programming Language :: Python :: 3.7`) go too. Only a written `>=3.X` clause is edited; other specifier
/// shapes are left to the maintainer.
package struct RequiresPythonProposer: DiffProposer {
    package let code = DiffCode.mld228
    package let findings: [FindingCode] = [.mla140]
    package let subfeatures: [Subfeature] = []

    package func propose(_ context: FindingContext) -> DiffProposal? {
        guard let declared = DeclaredPython.read(context) else { return nil }
        let uses = SyntaxNewerThanRequiresPythonCheck.uses(context)
        guard let newest = uses.map(\.use.feature).max(), newest.minor > declared.minor,
            var editor = context.editor(declared.path), declared.line >= 1, declared.line <= editor.lines.count
        else { return nil }
        let line = editor.lines[declared.line - 1]
        guard let r = line.range(of: #">=\s*3\.\d+(\.\d+)?"#, options: .regularExpression),
            line[r].replacingOccurrences(of: " ", with: "").hasPrefix(">=3.\(declared.minor)")
        else { return nil }
        editor.replace(line: declared.line - 1, with: line.replacingCharacters(in: r, with: ">=3.\(newest.minor)"))
        // Classifiers of the versions now excluded.
        var dropped: [String] = []
        for (i, l) in editor.lines.enumerated() {
            let t = l.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"',"))
            let prefix = "Programming Language :: Python :: 3."
            guard t.hasPrefix(prefix), let m = Int(t.dropFirst(prefix.count)), m < newest.minor else { continue }
            editor.remove(line: i)
            dropped.append("3.\(m)")
        }
        let site = uses.first { $0.use.feature == newest }!
        return DiffProposal(
            title:
                "Declare Python >=3.\(newest.minor), the version the installed code already needs (\(declared.path))",
            why:
                "\(site.path):\(site.use.line) uses \(newest.rawValue), a SyntaxError before Python 3.\(newest.minor), but \(declared.path):\(declared.line) declares \(declared.specifier): pip installs the package on interpreters where importing it fails. \(uses.count) such use(s) in all."
                + (dropped.isEmpty ? "" : " The classifiers for \(dropped.joined(separator: ", ")) go with it."),
            risk:
                "pip now refuses to install on Python older than 3.\(newest.minor) instead of installing a package that cannot be imported there; nobody on those versions had a working install.",
            rollback: FindingContext.rollback(modified: [declared.path], created: []),
            testsDocs:
                "`pip install .` on Python 3.\(newest.minor); on 3.\(declared.minor), pip reports the Requires-Python mismatch instead of a SyntaxError at import.",
            files: [DiffProposal.File(editor)])
    }
}
