import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct ResumeRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .resume,
        summary:
            "Training restarts from a checkpoint: `resume_from_checkpoint=`, Lightning `fit(ckpt_path=...)`, `accelerator.load_state`, `get_last_checkpoint`, or a resume branch that loads model and optimizer state.",
        rationale: "Preemptible and long runs must continue where they stopped instead of starting over.",
        triggering: [
            .py("trainer.train(resume_from_checkpoint=ckpt)\n"),
            .py("trainer.fit(model, datamodule=dm, ckpt_path=cfg.ckpt_path)\n"),
            .py("if resume:\n    fabric.load(resume, state)\n"),
            .py(
                "from transformers import Trainer\nclass GRPOTrainer(Trainer):\n    def _load_optimizer_and_scheduler(self, checkpoint):\n        super()._load_optimizer_and_scheduler(checkpoint)\n        self.coef = load_coef(checkpoint)\n"
            ),
            .py(
                "if init_from == 'resume':\n    ckpt = torch.load(path)\n    model.load_state_dict(ckpt['model'])\n    optimizer.load_state_dict(ckpt['optimizer'])\n"
            ),
        ],
        nonTriggering: [
            .py("model.load_state_dict(torch.load('w.pt'))\nmodel.eval()\n", .absent),
            .py(
                "class Loader:\n    def _load_from_checkpoint(self, path):\n        return torch.load(path)\n", .absent),
            .py("fabric.load(checkpoint_path, {'model': model})\n", .absent),
        ],
        stubTerms: "resume|restore_checkpoint|load_checkpoint",
        gap:
            "training cannot continue from a checkpoint; add a `--resume` path that reloads model, optimizer and step in {anchor}",
        gapFiles: [.anchor],
        risk: "A preempted or crashed run must restart from scratch.",
        patch:
            "Add `--resume PATH` that loads model/optimizer/scheduler/step from the checkpoint before the loop in {anchor}; test resuming after one step.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .medium, why: "restart logic must restore step counters, data position and every state",
            plan:
                "add --resume PATH restoring model, optimizer, scheduler, RNG and step; test resume equals an uninterrupted run for two steps"
        ))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out: [RuleCandidate] = []
        for (m, c) in ctx.calls(at: ctx.sites(keyword: ["resume_from_checkpoint", "ckpt_path", "resume_from"])) {
            let k = c.keywords.first { ["resume_from_checkpoint", "ckpt_path", "resume_from"].contains($0) } ?? ""
            let e = ctx.ev(m.path, ctx.keywordLine(m.path, c, k))
            if Values.isFalsy(c.keywordValues[k] ?? "") {
                out.append(RuleCandidate(e, .rejected("`\(k)` is disabled")))
            } else if k == "ckpt_path" && !["fit", "train"].contains(c.callee.lastComponent) {
                out.append(
                    RuleCandidate(
                        e,
                        .rejected(
                            "`ckpt_path` passed to `\(c.callee)` loads weights for evaluation, not a training resume")))
            } else {
                var r = ctx.candidate(m, c, strength: 8, note: "training resumed from checkpoint")
                r.evidence = e
                out.append(r)
            }
        }
        out += ctx.callCandidates(
            #"accelerator\.load_state$|(^|\.)get_last_checkpoint$"#, strength: 7,
            note: "last checkpoint located/restored")
        // a training state loaded from a `resume` path (`fabric.load(resume, state)`)
        out += ctx.calls(at: ctx.sites(leaf: ["load", "load_checkpoint", "load_state", "load_raw"])).filter { _, c in
            (c.positionalArguments + Array(c.keywordValues.values)).contains { $0.imatches(#"^resume|\bresume\w*$"#) }
        }.map { ctx.candidate($0.module, $0.call, strength: 7, note: "training state loaded from the resume path") }
        for (m, optimizerLoads) in ctx.callsByModule(ctx.sites(calleeMatching: #"(optim\w*|opt)\.load_state_dict$"#)) {
            if let o = optimizerLoads.first,
                m.calls.contains(where: {
                    $0.callee.hasSuffix("load_state_dict") && !$0.callee.matches(#"(optim\w*|opt)\."#)
                })
            {
                let branch = m.strings.first { $0.value == "resume" }
                out.append(
                    RuleCandidate(
                        ctx.ev(m.path, branch?.line ?? o.line), strength: 7,
                        note: "resume branch restores model and optimizer"))
            }
        }
        // a Trainer subclass extending the HF Trainer's resume path, which Trainer.train(resume_from_checkpoint=...)
        // runs (https://huggingface.co/docs/transformers/main_classes/trainer#transformers.Trainer.train): TRL's
        // GRPO restores its entropy controller in `_load_optimizer_and_scheduler`; sentence-transformers overrides
        // `_load_from_checkpoint`
        for (path, cls) in ctx.classList where cls.bases.contains(where: { $0.lastComponent.hasSuffix("Trainer") }) {
            guard let m = ctx.facts.python[path] else { continue }
            for f in m.functions
            where f.enclosingClass == cls.qualifiedName && f.bodyKind == .implemented
                && ["_load_optimizer_and_scheduler", "_load_from_checkpoint", "_load_rng_state", "_load_scaler"]
                    .contains(f.name)
            {
                out.append(
                    RuleCandidate(
                        ctx.ev(path, f.span.start), strength: 5,
                        note: "`\(f.qualifiedName)` extends the trainer's resume from a checkpoint"))
            }
        }
        out += ctx.entryCandidates(["resume_from_checkpoint", "resume"], strength: 4, note: "resume configured") {
            !$0.isNullish
        }
        return out
    }
}
