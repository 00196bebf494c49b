import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct SchedulerStateRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .schedulerState,
        summary:
            "LR-scheduler state saved and restored: `scheduler.state_dict()`, a Lightning `lr_scheduler` in a full-state checkpoint, an HF Trainer/Accelerate full-state save, or a stateless schedule of a step counter that is itself checkpointed.",
        rationale: "A resumed run with a reset schedule trains at the wrong learning rate.",
        triggering: [
            .py("ckpt = {'scheduler': scheduler.state_dict()}\n"),
            .py("start_epoch = ckpt['epoch'] + 1\nscheduler.last_epoch = start_epoch - 1\n"),
            .py(
                "class Trainer:\n    def load_trainer_state_dict(self, state):\n        self.step = state['step']\n        lr = self.scheduler.get_lr(self.lr, self.step, self.max_steps)\n"
            ),
            .py(
                "def get_lr(it):\n    return lr * it / warmup\nlr = get_lr(iter_num)\ncheckpoint = {\n    'optimizer': optimizer.state_dict(),\n    'iter_num': iter_num,\n}\n"
            ),
        ],
        nonTriggering: [
            .py("scheduler = CosineAnnealingLR(opt, 10)\nckpt = {'optimizer': opt.state_dict()}\n", .absent),
            .py(
                "scheduler = LambdaLR(opt, lambda e: 0.9 ** e, last_epoch=-1)\ndef train_step(self):\n    lr = self.scheduler.get_lr(self.step)\n",
                .absent),
        ],
        stubTerms: "scheduler_state|save_scheduler|load_scheduler",
        gap: "no `scheduler.state_dict()` saved in {anchor} next to the optimizer state",
        gapFiles: [.anchor],
        risk: "After a resume the learning rate restarts from warm-up, changing the run's outcome.",
        patch:
            "Save `scheduler.state_dict()` in the checkpoint and call `scheduler.load_state_dict(...)` on resume in {anchor}; test the LR after resume.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .low, why: "one more key in the checkpoint",
            plan: "store scheduler.state_dict() in the checkpoint and restore it on resume"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.callCandidates(
            #"(sched\w*|lr_sched\w*)\.(state_dict|load_state_dict)$"#, strength: 8,
            note: "scheduler state saved/restored")
        out += ctx.savedStateEntries(#"(lr_)?sched\w*"#, note: "scheduler in the saved training state")
        let full = ctx.lightningFullCheckpoint
        if !full.isEmpty {
            // the scheduler registered with Lightning travels in the full checkpoint
            for m in ctx.product {
                for s in m.strings where ["lr_scheduler", "scheduler"].contains(s.value) {
                    if let f = ctx.function(in: m, at: s.line), f.name == "configure_optimizers" {
                        out.append(
                            RuleCandidate(
                                ctx.ev(m.path, s.line), strength: 7,
                                note: "scheduler registered with Lightning (full-state checkpoint)"))
                    }
                }
            }
        }
        out += ctx.hfTrainerCheckpoint
        // stateless schedule of a checkpointed counter: lr = get_lr(counter) and 'counter' stored beside the optimizer state
        // only modules with an LR call can have a counter (index lookups, not a scan of every call)
        let saveSites = ctx.callsByModule(ctx.sites(calleeMatching: #"(optim\w*|opt)\.state_dict$"#))
        let savesByPath = Dictionary(saveSites.map { ($0.module.path, $0.calls) }, uniquingKeysWith: { a, _ in a })
        for (m, calls) in ctx.callsByModule(
            ctx.sites(leafMatching: #"(^|_)lr$|learning_rate|^get_lr|lr_lambda"#, caseInsensitive: true))
        {
            let lrCalls = calls.filter { $0.positionalArguments.count == 1 }
            let counters = Set(lrCalls.compactMap { $0.positionalArguments.first }.filter { $0.matches(#"^\w+$"#) })
            let optimizerSaves = savesByPath[m.path] ?? []
            for s in m.strings where counters.contains(s.value) {
                if optimizerSaves.contains(where: { abs($0.line - s.line) <= 8 }) {
                    out.append(
                        RuleCandidate(
                            ctx.ev(m.path, s.line), strength: 6,
                            note: "stateless LR schedule of the checkpointed counter `\(s.value)`"))
                }
            }
        }
        // the schedule's position restored on resume: PyTorch schedulers resume from `last_epoch`
        // (https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.LRScheduler.html), e.g. yolov5's
        // `scheduler.last_epoch = start_epoch - 1` after loading the checkpoint's epoch
        out += ctx.assignmentCandidates(
            target: #"^last_epoch$"#, value: #"\w"#, strength: 6,
            note: "scheduler position restored from the checkpointed epoch"
        )
        .filter { c in ctx.lineText(c.evidence.path, c.evidence.line).imatches(#"sched\w*\.last_epoch\s*="#) }
        out += ctx.keywordCandidates(["last_epoch"], strength: 6, note: "scheduler rebuilt at the checkpointed epoch") {
            v in
            !v.matches(#"^-\s*1$"#) && !Values.isFalsy(v)
        }.filter { c in ctx.lineText(c.evidence.path, c.evidence.line).contains("last_epoch") }
        // a stateless schedule recomputed from the restored step inside the state-loading function (OLMo's
        // `load_trainer_state_dict` calling `scheduler.get_lr(..., self.scheduler_current, ...)`)
        for (m, calls) in ctx.callsByModule(
            ctx.sites(leafMatching: #"^(get_lr|lr_at|compute_lr|lr_lambda)$"#, caseInsensitive: true))
        {
            for c in calls {
                guard let f = c.enclosingFunction, f.lastComponent.imatches(#"load\w*state|restore|resume"#) else {
                    continue
                }
                out.append(ctx.candidate(m, c, strength: 6, note: "LR recomputed from the restored step in `\(f)`"))
            }
        }
        return out
    }
}
