import Foundation
import MLAuditPython
import MLAuditKit
import MLAuditReport
import MLAuditFacts

package struct SchedulerStateRule: CapabilityRule {
    package let description = RuleDescription(
        code: "CAP-CKP-03", capability: "Checkpointing & Resume", subfeature: "scheduler state",
        summary: "LR-scheduler state saved and restored: `scheduler.state_dict()`, a Lightning `lr_scheduler` in a full-state checkpoint, an HF Trainer/Accelerate full-state save, or a stateless schedule of a step counter that is itself checkpointed.",
        rationale: "A resumed run with a reset schedule trains at the wrong learning rate.",
        triggering: [.py("ckpt = {'scheduler': scheduler.state_dict()}\n"),
                     .py("def get_lr(it):\n    return lr * it / warmup\nlr = get_lr(iter_num)\ncheckpoint = {\n    'optimizer': optimizer.state_dict(),\n    'iter_num': iter_num,\n}\n")],
        nonTriggering: [.py("scheduler = CosineAnnealingLR(opt, 10)\nckpt = {'optimizer': opt.state_dict()}\n", .absent)],
        stubTerms: "scheduler_state|save_scheduler|load_scheduler",
        gap: "no `scheduler.state_dict()` saved in {anchor} next to the optimizer state",
        risk: "After a resume the learning rate restarts from warm-up, changing the run's outcome.",
        patch: "Save `scheduler.state_dict()` in the checkpoint and call `scheduler.load_state_dict(...)` on resume in {anchor}; test the LR after resume.")

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.callCandidates(#"(sched\w*|lr_sched\w*)\.(state_dict|load_state_dict)$"#, strength: 8, note: "scheduler state saved/restored")
        out += ctx.savedStateEntries(#"(lr_)?sched\w*"#, note: "scheduler in the saved training state")
        let full = ctx.lightningFullCheckpoint
        if !full.isEmpty {
            // the scheduler registered with Lightning travels in the full checkpoint
            for m in ctx.product {
                for s in m.strings where ["lr_scheduler", "scheduler"].contains(s.value) {
                    if let f = ctx.function(in: m, at: s.line), f.name == "configure_optimizers" {
                        out.append(RuleCandidate(ctx.ev(m.path, s.line), strength: 7, note: "scheduler registered with Lightning (full-state checkpoint)"))
                    }
                }
            }
        }
        out += ctx.hfTrainerCheckpoint
        // stateless schedule of a checkpointed counter: lr = get_lr(counter) and 'counter' stored beside the optimizer state
        for m in ctx.product {
            let lrCalls = m.calls.filter { $0.callee.lastComponent.imatches(#"(^|_)lr$|learning_rate|^get_lr|lr_lambda"#) && $0.positionalArguments.count == 1 }
            let counters = Set(lrCalls.compactMap { $0.positionalArguments.first }.filter { $0.matches(#"^\w+$"#) })
            let optimizerSaves = m.calls.filter { $0.callee.matches(#"(optim\w*|opt)\.state_dict$"#) }
            for s in m.strings where counters.contains(s.value) {
                if optimizerSaves.contains(where: { abs($0.line - s.line) <= 8 }) {
                    out.append(RuleCandidate(ctx.ev(m.path, s.line), strength: 6, note: "stateless LR schedule of the checkpointed counter `\(s.value)`"))
                }
            }
        }
        return out
    }
}
