import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// At the statements MLA136 cites: `raise` before an exception that was built and dropped, `()` after a training
/// method that was named and not called. Only when the statement's first line reads exactly as the reader saw it
/// (the exception call starts the line; the method reference is the whole line, a trailing comment aside).
package struct DiscardedExceptionProposer: DiffProposer {
    package let code = DiffCode.mld223
    package let findings: [FindingCode] = [.mla136]
    package let subfeatures: [Subfeature] = []

    package static let maxSites = 12

    package func propose(_ context: FindingContext) -> DiffProposal? {
        var byPath: [String: [(PythonExpressionStatement, DiscardedExceptionCheck.Kind)]] = [:]
        for (m, s, kind) in DiscardedExceptionCheck.sites(context).prefix(Self.maxSites) {
            byPath[m.path, default: []].append((s, kind))
        }
        var files: [DiffProposal.File] = []
        var raised: [String] = []
        var called: [String] = []
        for path in byPath.keys.sorted() {
            guard var editor = context.editor(path) else { continue }
            for (s, kind) in byPath[path]! {
                let line = editor.line(s.line)
                let indent = SourceEditor.indentation(line)
                let rest = String(line.dropFirst(indent.count))
                switch kind {
                case .exception:
                    guard rest.hasPrefix(s.expression + "(") else { continue }
                    editor.replace(line: s.line - 1, with: indent + "raise " + rest)
                    raised.append("\(path):\(s.line)")
                case .uncalledMethod:
                    let code = SourceEditor.codePart(rest)
                    let trimmed = code.trimmingCharacters(in: .whitespaces)
                    guard trimmed == s.expression else { continue }
                    let comment = rest.dropFirst(code.count)
                    editor.replace(
                        line: s.line - 1,
                        with: indent + s.expression + "()"
                            + (comment.isEmpty ? "" : "  " + comment.trimmingCharacters(in: .whitespaces)))
                    called.append("\(path):\(s.line)")
                }
            }
            if editor.hasEdits { files.append(DiffProposal.File(editor)) }
        }
        guard !files.isEmpty else { return nil }
        let paths = files.map(\.path)
        var parts: [String] = []
        if !raised.isEmpty { parts.append("raise \(raised.count) exception(s) that were built and dropped") }
        if !called.isEmpty { parts.append("call \(called.count) method(s) that were only named") }
        var why: [String] = []
        if !raised.isEmpty {
            why.append(
                "At \(raised.prefix(3).joined(separator: ", ")) the exception object is created and thrown away, so the error case falls through and execution continues as if the input were valid."
            )
        }
        if !called.isEmpty {
            why.append(
                "At \(called.prefix(3).joined(separator: ", ")) the method is looked up but never called, so the statement does nothing."
            )
        }
        return DiffProposal(
            title:
                parts.joined(separator: " and ").prefix(1).uppercased() + parts.joined(separator: " and ").dropFirst()
                + " (\(FindingContext.fileSummary(paths)))",
            why: why.joined(separator: " "),
            risk:
                "Inputs that reached these lines used to continue silently and now stop with the exception (or now switch mode / step): that is the intended behaviour the code states, but a caller that relied on the fall-through will see it.",
            rollback: FindingContext.rollback(modified: paths, created: []),
            testsDocs:
                "Run the tests that cover these branches; a branch that now raises shows which inputs relied on the fall-through.",
            files: files)
    }
}
