import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// RNG (and LR-scheduler) state saved in the existing checkpoint dict and restored next to the optimizer restore.
/// Proposed only where the same module has that restore (`optimizer.load_state_dict(ckpt["optimizer"])`): state
/// saved but never restored changes nothing on resume, so such a diff would be noise (yolov5's train.py saves, its
/// resume lives in another module's `smart_resume`).
package struct CheckpointStateProposer: DiffProposer {
    package let code = DiffCode.mld203
    package let findings: [FindingCode] = [.mla110]
    package let subfeatures: [Subfeature] = [.rngState, .schedulerState]

    package func propose(_ context: FindingContext) -> DiffProposal? {
        for module in context.trainingModules where module.path.hasSuffix(".py") {
            guard let gaps = IncompleteCheckpointCheck.gaps(in: module, context: context),
                gaps.missing.contains(.rngState) || gaps.missing.contains(.schedulerState),
                var editor = context.editor(module.path)
            else { continue }
            let q = editor.quote
            let torch = Self.torchName(module)
            let scheduler = gaps.missing.contains(.schedulerState) ? Self.schedulerVariable(module) : nil
            // Under DDP with per-rank seeds and one rank saving, one saved RNG state restored on every rank would
            // make all ranks draw the same batches: no RNG part there.
            let lines = context.facts.lines(module.path)
            let rng =
                gaps.missing.contains(.rngState)
                && !(Self.seedsByRank(module) && gaps.saves.contains { Self.savedOnOneRank($0, lines: lines) })
            var entries: [String] = []
            if rng {
                entries += [
                    "\(q)rng_state\(q): \(torch).get_rng_state()",
                    "\(q)cuda_rng_state\(q): \(torch).cuda.get_rng_state_all()",
                ]
            }
            if let s = scheduler { entries.append("\(q)scheduler\(q): \(s.target).state_dict()") }
            guard !entries.isEmpty,
                Self.restoreSite(module, editor: editor, after: scheduler?.line) != nil
            else { continue }
            // Save side: the dict literal passed to torch.save, inline or through a variable.
            guard let save = gaps.saves.first, let close = Self.dictClose(for: save, in: module, editor: editor) else {
                continue
            }
            guard editor.insertElements(entries, beforeClose: close) else { continue }
            // Restore side: after `<x>.load_state_dict(<ckpt>[...])` of the optimizer (else the model).
            guard let restore = Self.restoreSite(module, editor: editor, after: scheduler?.line) else { continue }
            do {
                let ind = SourceEditor.indentation(editor.line(restore.call.line))
                let unit = editor.indentUnit
                let ck = restore.checkpoint
                var block: [String] = []
                if rng {
                    block += [
                        ind + "if \(q)rng_state\(q) in \(ck):",
                        ind + unit + "\(torch).set_rng_state(\(ck)[\(q)rng_state\(q)].cpu())",
                        ind + unit
                            + "\(torch).cuda.set_rng_state_all([s.cpu() for s in \(ck)[\(q)cuda_rng_state\(q)]])",
                    ]
                }
                if let s = scheduler {
                    block += [
                        ind + "if \(q)scheduler\(q) in \(ck):",
                        ind + unit + "\(s.target).load_state_dict(\(ck)[\(q)scheduler\(q)])",
                    ]
                }
                editor.insert(block, after: editor.statementEnd(restore.call.line - 1))
            }
            let parts =
                (rng ? [Subfeature.rngState.rawValue] : [])
                + (scheduler != nil ? ["LR-scheduler state"] : [])
            let what = parts.joined(separator: " and ")
            return DiffProposal(
                title: "Save and restore \(what) in the checkpoint (\(module.path))",
                why:
                    "The checkpoint written at \(module.path):\(save.line) holds the weights but not the \(what); a resumed run draws different random batches/dropout masks\(scheduler != nil ? " and restarts the LR schedule" : ""), so it diverges from an uninterrupted run.",
                risk:
                    "Checkpoints grow by a few KB. Older checkpoints lack the new keys, so the restore is guarded by `in`. CUDA RNG states restore only on the same number of GPUs; on a different count drop the cuda_rng_state line.",
                rollback: FindingContext.rollback(modified: [module.path], created: []),
                testsDocs:
                    "Add a resume test (e.g. tests/test_resume.py): train 2 steps, checkpoint, train 2 more; resume from the checkpoint and assert the last 2 losses match (the state is restored at \(module.path):\(restore.call.line)).",
                files: [DiffProposal.File(editor)],
                subfeatures: (rng ? [.rngState] : [])
                    + (scheduler != nil ? [.schedulerState] : []))
        }
        return nil
    }

    /// The script offsets its seed by the process rank (`seed_offset = ddp_rank`, `torch.manual_seed(1337 +
    /// seed_offset)`, `seed + rank`): each rank draws its own stream.
    static func seedsByRank(_ module: PythonModule) -> Bool {
        module.assignments.contains { a in
            let t = a.target.lowercased()
            return t.contains("seed") && a.valueText.lowercased().contains("rank")
        }
            || module.calls.contains { c in
                FindingContext.lastSegment(c.callee).contains("seed")
                    && c.positionalArguments.joined(separator: " ").lowercased().contains("rank")
            }
    }

    /// The save runs on one rank only: an enclosing `if master_process:` / `if rank == 0:` / `is_main_process`.
    static func savedOnOneRank(_ save: PythonCall, lines: [Substring]) -> Bool {
        guard save.line >= 1, save.line <= lines.count else { return false }
        var indent = SourceEditor.indentation(String(lines[save.line - 1])).count
        var n = save.line - 1
        while n >= 1, indent > 0 {
            let l = lines[n - 1]
            let t = l.trimmingCharacters(in: .whitespaces)
            let i = SourceEditor.indentation(String(l)).count
            if !t.isEmpty, !t.hasPrefix("#"), i < indent {
                indent = i
                let lower = t.lowercased()
                if lower.hasPrefix("if ") || lower.hasPrefix("elif "),
                    [
                        "master_process", "rank == 0", "rank==0", "is_main_process", "is_master", "local_rank in",
                        "rank in [-1, 0]", "rank in (-1, 0)", "is_global_zero", "is_rank_zero",
                    ].contains(where: lower.contains)
                {
                    return true
                }
                if lower.hasPrefix("def ") || lower.hasPrefix("class ") { return false }
            }
            n -= 1
        }
        return false
    }

    package static func torchName(_ module: PythonModule) -> String {
        for imp in module.imports where !imp.isFrom && imp.module == "torch" {
            if let alias = imp.alias { return alias }
            return "torch"
        }
        return "torch"
    }

    /// `scheduler = ...LRScheduler(...)`-style assignment (a simple name).
    package static func schedulerVariable(_ module: PythonModule) -> PythonAssignment? {
        module.assignments.first { a in
            let v = a.valueText.lowercased()
            return a.target.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
                && a.target.lowercased().contains("sched")
                && (v.contains("lr_scheduler") || v.contains("get_scheduler") || v.contains("scheduler(")
                    || v.contains("_schedule"))
        }
    }

    /// The `}` closing the dict that `save` writes: `torch.save({...}, p)` or `ckpt = {...}; torch.save(ckpt, p)`.
    package static func dictClose(for save: PythonCall, in module: PythonModule, editor: SourceEditor) -> (
        line: Int, offset: Int
    )? {
        guard let first = save.positionalArguments.first else { return nil }
        if first.hasPrefix("{") {
            guard let open = editor.callOpen(line: save.line - 1, callee: save.callee, column: save.column) else {
                return nil
            }
            let chars = Array(editor.line(save.line))
            var i = open + 1
            while i < chars.count && chars[i] == " " { i += 1 }
            guard i < chars.count, chars[i] == "{" else { return nil }
            return editor.matchingClose(line: save.line - 1, offset: i)
        }
        guard first.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
            let assign = module.assignments.filter({
                $0.target == first && $0.line <= save.line && $0.valueText.hasPrefix("{")
                    && $0.enclosingFunction == save.enclosingFunction
            }).max(by: { $0.line < $1.line })
        else { return nil }
        let chars = Array(editor.line(assign.line))
        guard let eq = chars.firstIndex(of: "="), let brace = chars[eq...].firstIndex(of: "{") else { return nil }
        return editor.matchingClose(line: assign.line - 1, offset: brace)
    }

    /// `optimizer.load_state_dict(checkpoint["optimizer"])` as its own statement; the checkpoint variable's name.
    package static func restoreSite(_ module: PythonModule, editor: SourceEditor, after schedulerLine: Int?) -> (
        call: PythonCall, checkpoint: String
    )? {
        let loads = module.calls.filter { FindingContext.lastSegment($0.callee) == "load_state_dict" }.compactMap {
            c -> (PythonCall, String)? in
            guard let arg = c.positionalArguments.first, let bracket = arg.firstIndex(of: "[") else { return nil }
            let name = String(arg[..<bracket])
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
            let lineText = editor.line(c.line).trimmingCharacters(in: .whitespaces)
            guard lineText.hasPrefix(c.callee + "(") else { return nil }
            if let s = schedulerLine, c.line < s { return nil }
            return (c, name)
        }
        return loads.first { $0.0.callee.lowercased().contains("optim") } ?? loads.first
    }
}
