import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditReport
import MLAuditRules

/// The string pieces MLA153 cites get the `f` prefix (`"..."` -> `f"..."`, `r"..."` -> `rf"..."`): every `{...}` in
/// them is a field naming a variable bound there, with no escaped braces, so nothing else in the text changes.
/// `u"..."` pieces (no `uf` prefix exists) and pieces not found exactly once on their line are left alone; folders
/// closed to changes never reach it (MLA153's sites come from the context's in-scope sources).
package struct FStringPrefixProposer: DiffProposer {
    package let code = DiffCode.mld238
    package let findings: [FindingCode] = [.mla153]
    package let subfeatures: [Subfeature] = []

    package static let maxSites = 16

    /// `line` with `f` put before the one occurrence of the piece's first line, or nil.
    package static func rewrite(_ line: String, piece: String) -> String? {
        let head = String(piece.prefix { $0 != "\n" })
        guard !head.lowercased().hasPrefix("u"), let r = line.range(of: head),
            line.range(of: head, range: r.upperBound..<line.endIndex) == nil
        else { return nil }
        // The piece must start a token: not preceded by a letter, digit, underscore or quote.
        if r.lowerBound > line.startIndex {
            let before = line[line.index(before: r.lowerBound)]
            if before.isLetter || before.isNumber || before == "_" || before == "\"" || before == "'" { return nil }
        }
        var out = line
        out.insert("f", at: r.lowerBound)
        return out
    }

    package func propose(_ context: FindingContext) -> DiffProposal? {
        var byPath: [String: [(Int, String)]] = [:]
        var sites: [String] = []
        // Product code first (what users run), then example and benchmark code, each in path and line order.
        let ordered = MissingFStringPrefixCheck.sites(context).filter {
            $0.path.hasSuffix(".py")
        }.sorted {
            let a = FindingRelevance.isPeripheral($0.path)
            let b = FindingRelevance.isPeripheral($1.path)
            return a != b ? !a : ($0.path, $0.line) < ($1.path, $1.line)
        }
        for s in ordered.prefix(Self.maxSites) {
            byPath[s.path, default: []] += s.pieces.map { ($0.line, $0.text) }
            sites.append("\(s.path):\(s.line)")
        }
        var files: [DiffProposal.File] = []
        var cited: [String] = []
        // Sites past the cap, and lines the line-length limit refuses: named, so the maintainer sees the whole change.
        var left = ordered.dropFirst(Self.maxSites).map { "\($0.path):\($0.line)" }
        for path in byPath.keys.sorted() {
            guard var editor = context.editor(path) else { continue }
            var done = Set<Int>()
            for (n, piece) in byPath[path]!.sorted(by: { $0.0 < $1.0 }) where !done.contains(n) {
                let old = editor.line(n)
                guard let edited = Self.rewrite(old, piece: piece),
                    LineLengthPolicy.allows(edited, replacing: old, in: context.facts)
                else {
                    if !left.contains("\(path):\(n)") { left.append("\(path):\(n)") }
                    continue
                }
                editor.replace(line: n - 1, with: edited)
                done.insert(n)
                cited.append("\(path):\(n)")
            }
            if editor.hasEdits { files.append(DiffProposal.File(editor)) }
        }
        guard !files.isEmpty else { return nil }
        let paths = files.map(\.path)
        return DiffProposal(
            title:
                "Add the missing `f` prefix to \(cited.count) message string(s) with `{variable}` fields (\(FindingContext.fileSummary(paths)))",
            why:
                "At \(cited.prefix(3).joined(separator: ", ")) an error, assertion or log message names variables in braces but is a plain string: users see `{name}` instead of the value that explains the failure."
                + (left.isEmpty
                    ? ""
                    : " \(left.count) more site(s) need the same change and are left to a follow-up: \(left.prefix(6).joined(separator: ", "))\(left.count > 6 ? " (+\(left.count - 6) more)" : "")."),
            risk:
                "Messages only: the same text now shows the values. Each field names a variable bound at that line, so formatting it cannot fail for a missing name; an object whose `__str__`/`__format__` raises would now raise while the message is built.",
            rollback: FindingContext.rollback(modified: paths, created: []),
            testsDocs:
                "`python3 -m py_compile` of each touched file; trigger one of the messages and read the value in it.",
            files: files)
    }
}
