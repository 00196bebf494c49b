import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditReport
import MLAuditRules

/// `except A or B:` (MLA156) becomes `except (A, B):` where every operand is a class name and the clause reads so
/// on one line; `as e` and the rest of the line stay.
package struct ExceptTupleProposer: DiffProposer {
    package let code = DiffCode.mld237
    package let findings: [FindingCode] = [.mla156]
    package let subfeatures: [Subfeature] = []

    package static let maxSites = 16

    /// The clause with its `or`/`and` expression replaced by the tuple of `classes`, when the line holds it once.
    package static func rewrite(_ line: String, op: String, classes: [String]) -> String? {
        let sep = #"\s+\#(op)\s+"#
        let chain = classes.map(NSRegularExpression.escapedPattern(for:)).joined(separator: sep)
        let pattern = #"\bexcept(\s+)(?:\(\s*"# + chain + #"\s*\)|"# + chain + #")(?=\s*(?::|\bas\b))"#
        guard let re = try? NSRegularExpression(pattern: pattern) else { return nil }
        let ns = line as NSString
        let matches = re.matches(in: line, range: NSRange(location: 0, length: ns.length))
        guard matches.count == 1 else { return nil }
        let space = ns.substring(with: matches[0].range(at: 1))
        return ns.replacingCharacters(
            in: matches[0].range, with: "except\(space)(\(classes.joined(separator: ", ")))")
    }

    package func propose(_ context: FindingContext) -> DiffProposal? {
        var byPath: [String: [ExceptBooleanOperatorCheck.Site]] = [:]
        for s in ExceptBooleanOperatorCheck.sites(context).prefix(Self.maxSites) where s.classes != nil {
            byPath[s.path, default: []].append(s)
        }
        var files: [DiffProposal.File] = []
        var cited: [String] = []
        for path in byPath.keys.sorted() {
            guard var editor = context.editor(path) else { continue }
            for s in byPath[path]!.sorted(by: { $0.line < $1.line }) {
                let old = editor.line(s.line)
                guard let edited = Self.rewrite(old, op: s.op, classes: s.classes!),
                    LineLengthPolicy.allows(edited, replacing: old, in: context.facts)
                else { continue }
                editor.replace(line: s.line - 1, with: edited)
                cited.append("\(path):\(s.line)")
            }
            if editor.hasEdits { files.append(DiffProposal.File(editor)) }
        }
        guard !files.isEmpty else { return nil }
        let paths = files.map(\.path)
        return DiffProposal(
            title:
                "Catch every exception class the `except` names, as a tuple (\(cited.count) clause(s): \(FindingContext.fileSummary(paths)))",
            why:
                "At \(cited.prefix(3).joined(separator: ", ")) `except A or B` evaluates `A or B` to `A` (and `A and B` to `B`) before matching, so the other class named there is not caught.",
            risk:
                "The handler now also runs for the class it silently skipped: that is what the clause says it does. Code that relied on the skipped exception propagating (unlikely by design) would change.",
            rollback: FindingContext.rollback(modified: paths, created: []),
            testsDocs:
                "`python3 -m py_compile` of each touched file; raising either class inside the `try` now reaches the handler.",
            files: files)
    }
}
