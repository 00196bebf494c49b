import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditReport
import MLAuditRules

/// `raise "message"` becomes `raise ImportError("message")` or `raise RuntimeError("message")` at the sites MLA154
/// cites where the literal is one string alone on its line (`raise 'x %s' % y`, numbers and booleans are left to the
/// maintainer). The class follows the message: one about a missing or too old dependency (it says a module "is not
/// available", "not installed", "install ...", or names a version it requires or supports from) gets ImportError,
/// the class Python and the ML libraries raise for that (`raise ImportError("... requires torch_xla version >= 2.3")`);
/// any other message gets RuntimeError, the built-in class for an error that fits no narrower one. The text is kept
/// as written, prefix and quotes included.
package struct RaiseLiteralProposer: DiffProposer {
    package let code = DiffCode.mld239
    package let findings: [FindingCode] = [.mla154]
    package let subfeatures: [Subfeature] = []

    package static let maxSites = 16

    /// The exception class a message reads as.
    package static func exceptionClass(_ literal: String) -> String {
        let text = literal.lowercased()
        let dependency = [
            "not available", "is unavailable", "not installed", "please install", "pip install", "version >",
            "version <", "supported from", "requires version",
        ]
        return dependency.contains { text.contains($0) } ? "ImportError" : "RuntimeError"
    }

    /// `line` with its one `raise <literal>` turned into `raise <Class>(<literal>)`, or nil when the literal does not
    /// appear exactly once after a `raise` there.
    package static func rewrite(_ line: String, literal: String) -> String? {
        let needle = "raise " + literal
        guard let r = line.range(of: needle), line.range(of: needle, range: r.upperBound..<line.endIndex) == nil
        else { return nil }
        let after = line[r.upperBound...].trimmingCharacters(in: .whitespaces)
        guard after.isEmpty || after.hasPrefix("#") || after.hasPrefix(";") else { return nil }
        return line.replacingCharacters(in: r, with: "raise \(exceptionClass(literal))(\(literal))")
    }

    package func propose(_ context: FindingContext) -> DiffProposal? {
        let sites = RaiseLiteralCheck.sites(context).filter { $0.isSingleString && $0.path.hasSuffix(".py") }.sorted {
            let a = FindingRelevance.isPeripheral($0.path)
            let b = FindingRelevance.isPeripheral($1.path)
            return a != b ? !a : ($0.path, $0.line) < ($1.path, $1.line)
        }
        var editors: [String: SourceEditor] = [:]
        var order: [String] = []
        var cited: [String] = []
        var classes: [String: Int] = [:]
        for s in sites.prefix(Self.maxSites) {
            if editors[s.path] == nil {
                guard let editor = context.editor(s.path) else { continue }
                editors[s.path] = editor
                order.append(s.path)
            }
            let old = editors[s.path]!.line(s.line)
            guard let edited = Self.rewrite(old, literal: s.literal) else { continue }
            editors[s.path]!.replace(line: s.line - 1, with: edited)
            cited.append("\(s.path):\(s.line)")
            classes[Self.exceptionClass(s.literal), default: 0] += 1
        }
        let files = order.compactMap { editors[$0] }.filter(\.hasEdits).map { DiffProposal.File($0) }
        guard !files.isEmpty else { return nil }
        let paths = files.map(\.path)
        let named = classes.keys.sorted().map { "`\($0)`" }.joined(separator: " or ")
        let reasons = [
            classes["ImportError"].map { "ImportError for the \($0) reporting a missing or too old dependency" },
            classes["RuntimeError"].map { "RuntimeError for the \($0) naming no narrower class" },
        ].compactMap { $0 }
        let reason = reasons.joined(separator: ", ") + "."
        return DiffProposal(
            title:
                "Raise \(named) carrying the message instead of a bare string (\(cited.count) site(s): \(FindingContext.fileSummary(paths)))",
            why:
                "`raise \"...\"` at \(cited.prefix(3).joined(separator: ", ")) raises `TypeError: exceptions must derive from BaseException`, so the user never sees the message written there. Each now raises an exception with that message: \(reason)",
            risk:
                "The branch raised before and still raises, now with its own message and a class a caller can catch. Code catching `TypeError` around these calls (unlikely by design) would no longer catch it.",
            rollback: FindingContext.rollback(modified: paths, created: []),
            testsDocs: "`python3 -m py_compile` of each touched file; reach one of the branches and read the message.",
            files: files)
    }
}
