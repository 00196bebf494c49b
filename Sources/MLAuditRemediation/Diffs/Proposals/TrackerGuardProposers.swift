import Foundation
import MLAuditPython
import MLAuditKit
import MLAuditReport
import MLAuditFacts
import MLAuditRules

/// Offline-first experiment trackers: W&B defaults to offline mode, MLflow to a local `file:` store,
/// both still overridable from the environment.

extension SourceEditor {
    /// Adds `import os` before the module's first top-level import (after `from __future__` ones) when missing.
    package mutating func ensureOSImport(_ module: PythonModule) {
        guard !Self.imports(module, "os") else { return }
        let top = module.imports.filter { $0.line <= lines.count && Self.indentation(line($0.line)).isEmpty
            && (line($0.line).hasPrefix("import ") || line($0.line).hasPrefix("from ")) && $0.module != "__future__" }
        if let first = top.map(\.line).min() { insert(["import os"], before: first - 1) }
        else { insert(["import os"], before: importInsertionIndex(module)) }
    }
}

package struct WandbOfflineProposer: DiffProposer {
    package func propose(_ context: FindingContext) -> DiffProposal? {
        guard !context.mentions("WANDB_MODE"), !context.mentions("wandb offline") else { return nil }
        let sites = context.calls(["wandb.init"]).filter { !$0.1.keywords.contains("mode") && !$0.1.keywords.contains("**") }
        guard !sites.isEmpty else { return reportToGuard(context) }
        var files: [DiffProposal.File] = []
        var cited: [String] = []
        var byPath: [String: (PythonModule, [PythonCall])] = [:]
        for (m, c) in sites where m.path.hasSuffix(".py") { byPath[m.path, default: (m, [])].1.append(c) }
        for path in byPath.keys.sorted().prefix(3) {
            let (module, calls) = byPath[path]!
            guard var editor = context.editor(path) else { continue }
            let q = editor.quote
            var done = Set<Int>()
            for call in calls.sorted(by: { $0.line > $1.line }) {
                guard let open = editor.callOpen(line: call.line - 1, callee: call.callee, column: call.column),
                      let close = editor.matchingClose(line: call.line - 1, offset: open), !done.contains(close.line) else { continue }
                if editor.insertElement("mode=os.environ.get(\(q)WANDB_MODE\(q), \(q)offline\(q))", beforeClose: close) {
                    done.insert(close.line); cited.append("\(path):\(call.line)")
                }
            }
            guard editor.hasEdits else { continue }
            editor.ensureOSImport(module)
            files.append(DiffProposal.File(editor))
        }
        guard !files.isEmpty else { return nil }
        return DiffProposal(
            title: "Default W&B to offline mode at `wandb.init` (WANDB_MODE overrides)",
            why: "`wandb.init` at \(cited.sorted().prefix(3).joined(separator: ", ")) needs a login and network unless a mode is set: offline gates and air-gapped runs hang or fail, and metrics leave the machine by default.",
            risk: "Runs no longer stream to the W&B server unless WANDB_MODE=online is exported; sync offline runs later with `wandb sync wandb/offline-run-*`.",
            rollback: FindingContext.rollback(modified: files.map(\.path), created: []),
            testsDocs: "Smoke-test the entry point with WANDB_MODE unset and no network (a `wandb/offline-run-*` folder appears); document WANDB_MODE=online and `wandb sync` in the README.",
            files: files)
    }
}

extension WandbOfflineProposer {
    /// W&B switched on through trainer config (`report_to: wandb`): default WANDB_MODE to offline at the top of
    /// each training entry script (the trainer reads it when it starts W&B).
    package func reportToGuard(_ context: FindingContext) -> DiffProposal? {
        guard let hit = WandbOfflineCheck().evaluate(context).first else { return nil }
        let entries = context.trainingModules.filter { $0.path.hasSuffix(".py") && !$0.mainBlocks.isEmpty }.prefix(3)
        var files: [DiffProposal.File] = []
        for module in entries {
            guard var editor = context.editor(module.path) else { continue }
            let q = editor.quote
            let index = editor.importInsertionIndex(module)
            guard index == 0 || editor.startsStatement(index) else { continue }
            editor.insert(["", "# W&B (enabled by report_to in the configs) stays offline unless WANDB_MODE says otherwise.",
                           "os.environ.setdefault(\(q)WANDB_MODE\(q), \(q)offline\(q))"], before: index)
            editor.ensureOSImport(module)
            files.append(DiffProposal.File(editor))
        }
        guard !files.isEmpty else { return nil }
        let configs = hit.evidence.prefix(2).map(\.citation).joined(separator: ", ")
        return DiffProposal(
            title: "Default W&B to offline in the training entry points (WANDB_MODE overrides)",
            why: "W&B reporting is switched on by configuration (\(configs)) with no mode set, so every run needs a W&B login and network; defaulting WANDB_MODE to offline in \(files.map(\.path).joined(separator: ", ")) keeps local and gated runs self-contained.",
            risk: "Runs stop streaming to the W&B server unless WANDB_MODE=online is exported; offline runs sync later with `wandb sync`.",
            rollback: FindingContext.rollback(modified: files.map(\.path), created: []),
            testsDocs: "Run one entry point on a tiny config with WANDB_MODE unset and no network (a wandb/offline-run-* folder appears); document WANDB_MODE=online in the recipes' README.",
            files: files)
    }
}

package struct MLflowLocalURIProposer: DiffProposer {
    package func propose(_ context: FindingContext) -> DiffProposal? {
        guard context.calls(["mlflow.set_tracking_uri"]).isEmpty, !context.mentions("MLFLOW_TRACKING_URI") else { return nil }
        for module in context.productModules where module.path.hasSuffix(".py") {
            let uses = module.calls.filter { context.resolved($0, in: module).hasPrefix("mlflow.") }.sorted { $0.line < $1.line }
            guard let first = uses.first, var editor = context.editor(module.path) else { continue }
            let prefix = String(first.callee.split(separator: ".").first ?? "mlflow")
            let index = first.line - 1
            let stripped = editor.lines[index].trimmingCharacters(in: .whitespaces)
            // Only before a line that is a statement of its own using mlflow (call, `with`, or assignment).
            let statement = stripped.hasPrefix(first.callee) || stripped.hasPrefix("with " + first.callee)
                || stripped.range(of: #"^[A-Za-z_][A-Za-z0-9_]*\s*=\s*"#, options: .regularExpression).map { stripped[$0.upperBound...].hasPrefix(first.callee) } == true
            guard statement, editor.startsStatement(index) else { continue }
            let q = editor.quote
            let ind = SourceEditor.indentation(editor.lines[index])
            editor.insert([ind + "\(prefix).set_tracking_uri(os.environ.get(\(q)MLFLOW_TRACKING_URI\(q), \(q)file:./mlruns\(q)))"], before: index)
            editor.ensureOSImport(module)
            return DiffProposal(
                title: "Pin MLflow to a local `file:` tracking URI before the first run (\(module.path))",
                why: "MLflow is used from \(module.path):\(first.line) without a tracking URI, so runs go wherever MLFLOW_TRACKING_URI happens to point (or fail offline); a `file:./mlruns` default keeps gates and laptops self-contained.",
                risk: "Runs land in ./mlruns instead of a server unless MLFLOW_TRACKING_URI is exported; add mlruns/ to .gitignore.",
                rollback: FindingContext.rollback(modified: [module.path], created: []),
                testsDocs: "Add a test that runs the logging path with MLFLOW_TRACKING_URI unset in a tmp_path and asserts ./mlruns is created; document the variable in the README.",
                files: [DiffProposal.File(editor)])
        }
        return nil
    }
}
