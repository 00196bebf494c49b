import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// `except:` becomes `except Exception:` at the product-code sites MLA115 cites, so Ctrl-C (KeyboardInterrupt) and
/// `sys.exit` (SystemExit) pass through while every error the handler meant to catch is still caught.
package struct BareExceptProposer: DiffProposer {
    package let code = DiffCode.mld214
    package let findings: [FindingCode] = [.mla115]
    package let subfeatures: [Subfeature] = []

    package static let maxSites = 12

    package func propose(_ context: FindingContext) -> DiffProposal? {
        let sites = BareExceptCheck.sites(context).filter { $0.path.hasSuffix(".py") }
        guard !sites.isEmpty else { return nil }
        var byPath: [String: [Int]] = [:]
        for e in sites.prefix(Self.maxSites) { byPath[e.path, default: []].append(e.line) }
        var files: [DiffProposal.File] = []
        var cited: [String] = []
        for path in byPath.keys.sorted() {
            guard var editor = context.editor(path) else { continue }
            for n in byPath[path]! {
                let line = editor.line(n)
                let indent = SourceEditor.indentation(line)
                let rest = line.dropFirst(indent.count)
                guard rest.hasPrefix("except"), let colon = rest.firstIndex(of: ":"),
                    rest[rest.index(rest.startIndex, offsetBy: 6)..<colon].allSatisfy({ $0 == " " })
                else { continue }
                editor.replace(line: n - 1, with: indent + "except Exception" + rest[colon...])
                cited.append("\(path):\(n)")
            }
            if editor.hasEdits { files.append(DiffProposal.File(editor)) }
        }
        guard !files.isEmpty else { return nil }
        let paths = files.map(\.path)
        return DiffProposal(
            title:
                "Catch `Exception`, not everything, in \(cited.count) bare `except:` clause(s) (\(FindingContext.fileSummary(paths)))",
            why:
                "A bare `except:` at \(cited.prefix(3).joined(separator: ", ")) also swallows KeyboardInterrupt and SystemExit, so Ctrl-C during these calls is ignored and the run continues on a default value.",
            risk:
                "Only KeyboardInterrupt, SystemExit and GeneratorExit now propagate from these handlers; code that relied on catching them there (none of these handlers re-raises them) would see them.",
            rollback: FindingContext.rollback(modified: paths, created: []),
            testsDocs:
                "No new test needed (same behaviour for every Exception); `ruff check --select E722` keeps new ones out.",
            files: files)
    }
}
