import Foundation
import MLAuditPython
import MLAuditKit
import MLAuditReport
import MLAuditFacts
import MLAuditRules

/// `weights_only=True` on every `torch.load` in product code that neither passes it nor opts out explicitly.
package struct TorchLoadWeightsOnlyProposer: DiffProposer {
    package static let maxFiles = 4
    package static let maxLineBytes = 4096

    package func propose(_ context: FindingContext) -> DiffProposal? {
        let sites = context.calls(["torch.load"]).filter { _, c in
            c.keywordValues["weights_only"] == nil && !c.keywords.contains("**")
        }
        var byPath: [String: [PythonCall]] = [:]
        for (m, c) in sites where m.path.hasSuffix(".py") { byPath[m.path, default: []].append(c) }  // notebooks are JSON: not edited
        var files: [DiffProposal.File] = []
        var cited: [String] = []
        for path in byPath.keys.sorted().prefix(Self.maxFiles) {
            guard var editor = context.editor(path) else { continue }
            var touched = Set<Int>()
            let lines = context.facts.lines(path)
            for call in byPath[path]!.sorted(by: { $0.line > $1.line }) {
                // A minified or generated line (thousands of calls on one line) is not hand-edited code: no edit,
                // and no per-call scan of a huge line.
                guard call.line >= 1, call.line <= lines.count, lines[call.line - 1].utf8.count <= Self.maxLineBytes else { continue }
                guard let open = editor.callOpen(line: call.line - 1, callee: call.callee, column: call.column),
                      let close = editor.matchingClose(line: call.line - 1, offset: open),
                      !touched.contains(close.line), !touched.contains(close.line - 1) else { continue }
                if editor.insertElement("weights_only=True", beforeClose: close) {
                    touched.insert(close.line); touched.insert(close.line - 1)
                    cited.append("\(path):\(call.line)")
                }
            }
            if editor.hasEdits { files.append(DiffProposal.File(editor)) }
        }
        guard !files.isEmpty else { return nil }
        let paths = files.map(\.path)
        return DiffProposal(
            title: "Load checkpoints with `torch.load(..., weights_only=True)`",
            why: "`torch.load` unpickles by default, so a tampered or downloaded checkpoint runs code on load (\(cited.sorted().prefix(3).joined(separator: ", "))). `weights_only=True` restricts loading to tensors and primitive containers.",
            risk: "Checkpoints that pickle custom classes (argparse Namespace, dataclass configs, NumPy arrays) now fail to load with an UnpicklingError; store them as plain dicts or allow-list them with `torch.serialization.add_safe_globals`. Needs torch >= 1.13.",
            rollback: FindingContext.rollback(modified: paths, created: []),
            testsDocs: "Add a pytest that saves the checkpoint dict this code writes and reloads it with `weights_only=True` (e.g. tests/test_checkpoint_load.py); run the resume path once on a tiny config.",
            files: files)
    }
}
