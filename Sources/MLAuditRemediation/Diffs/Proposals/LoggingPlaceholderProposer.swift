import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditReport
import MLAuditRules

/// The logging calls MLA148 cites get the placeholders their arguments need, where the intent is unambiguous: a
/// message with `{}` fields, as many as the arguments, gets `%s` for each; a message with no placeholder and one
/// argument (`print` style: `logger.info("Args:", args)`) gets ` %s` at its end. Too few arguments, mapping keys,
/// several arguments without placeholders, or a message split over several literals are left to the maintainer.
package struct LoggingPlaceholderProposer: DiffProposer {
    package let code = DiffCode.mld234
    package let findings: [FindingCode] = [.mla148]
    package let subfeatures: [Subfeature] = []

    package static let maxSites = 16
    /// Lines after the call's first line searched for its message literal.
    static let window = 8

    /// The literal rewritten with the placeholders the call needs, or nil when the intent is not certain.
    package static func rewrite(_ site: LoggingArgumentsCheck.Site) -> String? {
        let message = site.message
        guard site.placeholders == 0, message.pieces.count == 1, !message.body.contains("%") else { return nil }
        let piece = message.pieces[0]
        let fields = message.braceFieldCount
        if fields > 0 {
            guard fields == site.arguments, message.body.components(separatedBy: "{}").count - 1 == fields,
                !message.body.contains("{{")
            else { return nil }
            return piece.replacingOccurrences(of: "{}", with: "%s")
        }
        guard site.arguments == 1, !message.body.contains("{"), !message.body.contains("}") else { return nil }
        let quoteWidth = piece.hasSuffix("\"\"\"") || piece.hasSuffix("'''") ? 3 : 1
        let addition = message.body.hasSuffix(" ") || message.body.isEmpty ? "%s" : " %s"
        return String(piece.dropLast(quoteWidth)) + addition + String(piece.suffix(quoteWidth))
    }

    package func propose(_ context: FindingContext) -> DiffProposal? {
        var byPath: [String: [LoggingArgumentsCheck.Site]] = [:]
        for s in LoggingArgumentsCheck.sites(context).prefix(Self.maxSites) { byPath[s.path, default: []].append(s) }
        var files: [DiffProposal.File] = []
        var cited: [String] = []
        for path in byPath.keys.sorted() {
            guard var editor = context.editor(path) else { continue }
            var touched = Set<Int>()
            for s in byPath[path]! {
                guard let new = Self.rewrite(s) else { continue }
                let piece = s.message.pieces[0]
                // The message literal occurs exactly once in the call's window, on a line no other edit touches.
                let last = min(editor.lines.count, s.line + Self.window)
                guard s.line <= last else { continue }
                let hits = (s.line...last).filter { editor.line($0).contains(piece) }
                guard hits.count == 1, let n = hits.first, !touched.contains(n) else { continue }
                let old = editor.line(n)
                guard old.components(separatedBy: piece).count == 2 else { continue }
                let edited = old.replacingOccurrences(of: piece, with: new)
                guard LineLengthPolicy.allows(edited, replacing: old, in: context.facts) else { continue }
                editor.replace(line: n - 1, with: edited)
                touched.insert(n)
                cited.append("\(path):\(s.line)")
            }
            if editor.hasEdits { files.append(DiffProposal.File(editor)) }
        }
        guard !files.isEmpty else { return nil }
        let paths = files.map(\.path)
        return DiffProposal(
            title:
                "Give \(cited.count) logging message(s) the `%s` placeholders their arguments need (\(FindingContext.fileSummary(paths)))",
            why:
                "At \(cited.prefix(3).joined(separator: ", ")) the logger is called `print`-style or with `{}` fields: `logging` formats `msg % args` when the record is emitted, which raises there, so the handler prints `--- Logging error ---` with a traceback and the message is lost.",
            risk:
                "None: the message is logged as intended, with each argument's `str()` where the placeholder stands (formatted lazily, only when the level is enabled).",
            rollback: FindingContext.rollback(modified: paths, created: []),
            testsDocs:
                "Run the touched code path with logging at INFO: the message prints with its value and no `--- Logging error ---`.",
            files: files)
    }
}
