import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// `is` / `is not` next to the literal MLA137 cites becomes `==` / `!=`, on lines where that comparison occurs
/// exactly once (anything less certain is left to the maintainer).
package struct LiteralIdentityProposer: DiffProposer {
    package let code = DiffCode.mld224
    package let findings: [FindingCode] = [.mla137]
    package let subfeatures: [Subfeature] = []

    package static let maxSites = 16

    /// The line with the comparison next to `literal` replaced, or nil when it does not occur exactly once.
    package static func rewrite(_ line: String, literal: String, negated: Bool) -> String? {
        let lit = NSRegularExpression.escapedPattern(for: literal)
        let op = negated ? #"is\s+not"# : #"is(?!\s+not\b)"#
        let right = try! NSRegularExpression(pattern: #"(?<![\w.])"# + op + #"(\s+)(?="# + lit + ")")
        let left = try! NSRegularExpression(pattern: "(?<=" + lit + #")(\s+)"# + op + #"(?=\s)"#)
        let ns = line as NSString
        let whole = NSRange(location: 0, length: ns.length)
        let r = right.matches(in: line, range: whole)
        let l = left.matches(in: line, range: whole)
        let replacement = negated ? "!=" : "=="
        if r.count == 1, l.isEmpty {
            return ns.replacingCharacters(in: r[0].range, with: replacement + ns.substring(with: r[0].range(at: 1)))
        }
        if l.count == 1, r.isEmpty {
            return ns.replacingCharacters(in: l[0].range, with: ns.substring(with: l[0].range(at: 1)) + replacement)
        }
        return nil
    }

    package func propose(_ context: FindingContext) -> DiffProposal? {
        var byPath: [String: [PythonLiteralIdentity]] = [:]
        for (m, s) in LiteralIdentityCheck.sites(context).prefix(Self.maxSites) {
            byPath[m.path, default: []].append(s)
        }
        var files: [DiffProposal.File] = []
        var cited: [String] = []
        for path in byPath.keys.sorted() {
            guard var editor = context.editor(path) else { continue }
            // Every comparison of a line is rewritten on the line as already rewritten; a line where one cannot be
            // located exactly is left whole.
            let sites = byPath[path]!
            for n in Set(sites.map(\.line)).sorted() {
                var text: String? = editor.line(n)
                for s in sites where s.line == n {
                    text = text.flatMap { Self.rewrite($0, literal: s.literal, negated: s.negated) }
                }
                guard let text else { continue }
                editor.replace(line: n - 1, with: text)
                cited.append("\(path):\(n)")
            }
            if editor.hasEdits { files.append(DiffProposal.File(editor)) }
        }
        guard !files.isEmpty else { return nil }
        let paths = files.map(\.path)
        return DiffProposal(
            title:
                "Compare \(cited.count) literal(s) by value (`==`/`!=`), not identity (\(FindingContext.fileSummary(paths)))",
            why:
                "`is` with a literal at \(cited.prefix(3).joined(separator: ", ")) tests object identity, which for equal strings and numbers depends on interning: a value read from a file or built at run time compares unequal. Python 3.8+ also prints a SyntaxWarning for each on import.",
            risk:
                "None for values that were interned (the result is the same); values equal but not identical now compare equal, which is what the code means. An object with an unusual `__eq__` (a NumPy array) would now compare element-wise.",
            rollback: FindingContext.rollback(modified: paths, created: []),
            testsDocs: "`python -W error::SyntaxWarning -m py_compile FILE` passes on each touched file.",
            files: files)
    }
}
