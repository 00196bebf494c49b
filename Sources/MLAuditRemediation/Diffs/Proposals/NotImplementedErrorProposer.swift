import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditReport
import MLAuditRules

/// `raise NotImplemented[...]` becomes `raise NotImplementedError[...]` at the sites MLA149 cites, where the statement
/// reads so exactly once on its line; the message and everything else stay.
package struct NotImplementedErrorProposer: DiffProposer {
    package let code = DiffCode.mld235
    package let findings: [FindingCode] = [.mla149]
    package let subfeatures: [Subfeature] = []

    package static let maxSites = 16
    static let pattern = try! NSRegularExpression(pattern: #"\braise(\s+)NotImplemented\b(?!Error)"#)

    package static func rewrite(_ line: String) -> String? {
        let ns = line as NSString
        let matches = pattern.matches(in: line, range: NSRange(location: 0, length: ns.length))
        guard matches.count == 1 else { return nil }
        let space = ns.substring(with: matches[0].range(at: 1))
        return ns.replacingCharacters(in: matches[0].range, with: "raise\(space)NotImplementedError")
    }

    package func propose(_ context: FindingContext) -> DiffProposal? {
        var byPath: [String: [Int]] = [:]
        for (m, r) in RaiseNotImplementedCheck.sites(context).prefix(Self.maxSites) where m.path.hasSuffix(".py") {
            byPath[m.path, default: []].append(r.line)
        }
        var files: [DiffProposal.File] = []
        var cited: [String] = []
        for path in byPath.keys.sorted() {
            guard var editor = context.editor(path) else { continue }
            for n in Set(byPath[path]!).sorted() {
                let old = editor.line(n)
                guard let edited = Self.rewrite(old), LineLengthPolicy.allows(edited, replacing: old, in: context.facts)
                else { continue }
                editor.replace(line: n - 1, with: edited)
                cited.append("\(path):\(n)")
            }
            if editor.hasEdits { files.append(DiffProposal.File(editor)) }
        }
        guard !files.isEmpty else { return nil }
        let paths = files.map(\.path)
        return DiffProposal(
            title:
                "Raise NotImplementedError, not the NotImplemented constant (\(cited.count) site(s): \(FindingContext.fileSummary(paths)))",
            why:
                "`raise NotImplemented` at \(cited.prefix(3).joined(separator: ", ")) raises `TypeError` (the constant is neither an exception nor callable), so the message written there never reaches the user and `except NotImplementedError` does not catch it.",
            risk:
                "None: the branch raised before and still raises, now the exception it names with its message. A caller catching `TypeError` from these calls (unlikely by design) would no longer catch it.",
            rollback: FindingContext.rollback(modified: paths, created: []),
            testsDocs: "`python3 -m py_compile` of each touched file; the raising branch now shows its own message.",
            files: files)
    }
}
