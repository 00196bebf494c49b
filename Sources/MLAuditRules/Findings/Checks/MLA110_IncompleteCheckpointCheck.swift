import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Checkpoints that save model weights but not the rest of the training state.
package struct IncompleteCheckpointCheck: FindingCheck {
    package let code = FindingCode.mla110
    package let severity = Severity.medium
    package let capability: Capability? = .checkpointingResume
    package let summary = "Checkpoints save model weights without optimizer, LR-scheduler or RNG state."
    package let why =
        "Resuming from such a checkpoint restarts the optimizer moments, the LR schedule or the data/dropout random streams: the resumed run diverges from an uninterrupted one."
    package let fix =
        "Save `optimizer.state_dict()`, `scheduler.state_dict()` and `torch.get_rng_state()` (plus CUDA RNG) in the checkpoint dict and restore them on resume."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "train.py": """
                    import torch
                    optimizer = torch.optim.AdamW(model.parameters())
                    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, 10)
                    loss.backward()
                    optimizer.step()
                    ckpt = {'model': model.state_dict(), 'optimizer': optimizer.state_dict()}
                    torch.save(ckpt, 'ckpt.pt')

                    """
                ], needsPythonReader: true)
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "train.py": """
                    import torch
                    optimizer = torch.optim.AdamW(model.parameters())
                    loss.backward()
                    optimizer.step()
                    ckpt = {'model': model.state_dict(), 'optimizer': optimizer.state_dict(), 'rng': torch.get_rng_state()}
                    torch.save(ckpt, 'ckpt.pt')

                    """
                ], needsPythonReader: true),
            FindingExample(["prep.py": "import torch\ntorch.save(tokens, 'tokens.pt')\n"], needsPythonReader: true),
            FindingExample(
                ["lib/export.py": "import torch\ndef save(model, path):\n    torch.save(model.state_dict(), path)\n"],
                needsPythonReader: true),
            FindingExample(
                [
                    "probe.py":
                        "import torch\nopt = torch.optim.Adam(p)\nloss.backward()\nopt.step()\ntorch.save(probe.state_dict(), 'probe.bin')\n"
                ], needsPythonReader: true),
        ]
    }

    package struct Gaps {
        package var missing: [Subfeature]
        package var saves: [PythonCall]
    }

    /// What the checkpoint code of `module` leaves out; nil when the module saves no model weights.
    /// Callers pass training modules only: a library's `save_pretrained` is an export, not a training checkpoint.
    package static func gaps(in module: PythonModule, context: FindingContext) -> Gaps? {
        // Checkpoint bundles only: a dict literal, or a name bound to one. A bare `x.state_dict()` is a weights export.
        let saves = module.calls.filter { c in
            guard context.resolved(c, in: module) == "torch.save", let first = c.positionalArguments.first else {
                return false
            }
            if first.hasPrefix("{") { return true }
            return module.assignments.contains {
                $0.target == first && $0.valueText.hasPrefix("{") && $0.line <= c.line
            }
        }
        guard !saves.isEmpty else { return nil }
        let calls = module.calls
        let lower = { (c: PythonCall) in c.callee.lowercased() }
        let last = { (c: PythonCall) in FindingContext.lastSegment(c.callee) }
        // Frameworks that save the full state themselves.
        if calls.contains(where: { ["save_state", "save_checkpoint"].contains(last($0)) }) { return nil }
        let stateDicts = calls.filter { last($0) == "state_dict" }
        let savesModel = stateDicts.contains {
            !lower($0).contains("optim") && !lower($0).contains("sched") && !lower($0).contains("scaler")
        }
        guard savesModel else { return nil }
        var missing: [Subfeature] = []
        let usesOptimizer =
            calls.contains { lower($0).contains("optim") }
            || module.assignments.contains { $0.target.lowercased().contains("optimizer") }
        if usesOptimizer && !stateDicts.contains(where: { lower($0).contains("optim") }) {
            missing.append(.optimizerState)
        }
        let usesScheduler =
            calls.contains { c in
                let l = lower(c)
                return l.contains("lr_scheduler") || l.contains("get_scheduler") || l.hasSuffix("scheduler")
                    || l.contains("schedule_with_warmup")
            } || module.assignments.contains { $0.target.lowercased().contains("scheduler") }
        if usesScheduler && !stateDicts.contains(where: { lower($0).contains("sched") }) {
            missing.append(.schedulerState)
        }
        let rng: Set<String> = ["get_rng_state", "get_rng_state_all", "getstate", "get_state"]
        if !calls.contains(where: { rng.contains(last($0)) }) { missing.append(.rngState) }
        // The table cites the mechanism elsewhere (an RNG save in the trainer's checkpointing module): not missing.
        missing = missing.filter { item in
            guard let sub = context.subfeature(item) else { return true }
            return sub.state != .present && sub.override == nil
        }
        return missing.isEmpty ? nil : Gaps(missing: missing, saves: saves)
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        var evidence: [Evidence] = []
        var missing: [Subfeature] = []
        for m in context.trainingModules {
            guard let g = Self.gaps(in: m, context: context) else { continue }
            evidence += g.saves.map { context.evidence(m, $0) }
            for item in g.missing where !missing.contains(item) { missing.append(item) }
        }
        guard !evidence.isEmpty else { return [] }
        let saves = missing.map { m -> String in
            switch m {
            case .optimizerState: return "`optimizer.state_dict()`"
            case .schedulerState: return "`scheduler.state_dict()`"
            default: return "`torch.get_rng_state()` and `torch.cuda.get_rng_state_all()`"
            }
        }
        return [
            FindingHit(
                title:
                    "checkpoints (\(evidence.citationSummary)) omit \(missing.map(\.rawValue).joined(separator: ", ")): resume is not exact",
                evidence: evidence, strength: .code,
                fix:
                    "Add \(saves.joined(separator: ", ")) to the checkpoint dict and restore them where the run resumes (guarded by `in` for older checkpoints).",
                covers: missing)
        ]
    }
}
