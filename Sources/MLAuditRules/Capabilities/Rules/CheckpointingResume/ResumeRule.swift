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
            // A backup-and-restore callback: saves during training, restores weights and epoch when fit starts.
            .py(
                "class BackupAndRestore(Callback):\n    def on_train_begin(self, logs=None):\n        self._load_model()\n    def _load_model(self):\n        self.model.load_weights(self._weights_path)\n        meta = json.loads(open(self._meta_path).read())\n        self.model._initial_epoch = meta['epoch']\n    def on_epoch_end(self, epoch, logs=None):\n        self.model.save_weights(self._weights_path)\n"
            ),
        ],
        nonTriggering: [
            .py("model.load_state_dict(torch.load('w.pt'))\nmodel.eval()\n", .absent),
            .py(
                "class Loader:\n    def _load_from_checkpoint(self, path):\n        return torch.load(path)\n", .absent),
            .py("fabric.load(checkpoint_path, {'model': model})\n", .absent),
            // A callback that only saves (ModelCheckpoint) or only warm-starts weights restores no training position.
            .py(
                "class ModelCheckpoint(Callback):\n    def on_epoch_end(self, epoch, logs=None):\n        self.model.save_weights(self.filepath)\nclass WarmStart(Callback):\n    def on_train_begin(self, logs=None):\n        self.model.load_weights(self.path)\n",
                .absent),
        ],
        stubTerms: "resume|restore_checkpoint|load_checkpoint",
        searches: RuleSearch(names: ["resume_from_checkpoint", "ckpt_path", "load_state", "get_last_checkpoint"]),
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
        out += Self.backupAndRestoreCallbacks(ctx)
        out += ctx.entryCandidates(["resume_from_checkpoint", "resume"], strength: 4, note: "resume configured") {
            !$0.isNullish
        }
        return out
    }

    /// A callback or hook class that backs up and restores training state (Keras `BackupAndRestore`, a fault-tolerance
    /// callback): a train-start hook (`on_train_begin`, `on_train_start`, `on_fit_start`), a save of the weights in
    /// one of its methods, a load of them, and the training position (an `epoch` / `step` counter of the model or
    /// trainer) set back from what was loaded.
    static func backupAndRestoreCallbacks(_ ctx: RuleContext) -> [RuleCandidate] {
        let hooks: Set<String> = ["on_train_begin", "on_train_start", "on_fit_start", "on_before_training"]
        let loads: Set<String> = ["load_weights", "load_state_dict", "load_checkpoint", "load_state", "restore"]
        let saves: Set<String> = ["save_weights", "save_checkpoint", "save_state", "save", "save_state_dict"]
        var out: [RuleCandidate] = []
        for (path, cls) in ctx.classList {
            guard let m = ctx.facts.python[path] else { continue }
            let methods = m.functions.filter { $0.enclosingClass == cls.qualifiedName && $0.bodyKind == .implemented }
            guard let hook = methods.first(where: { hooks.contains($0.name) }) else { continue }
            let names = Set(methods.map(\.qualifiedName))
            let calls = m.calls.filter { $0.enclosingFunction.map(names.contains) == true }
            let leaf = { (c: PythonCall) in c.callee.lastComponent }
            guard calls.contains(where: { loads.contains(leaf($0)) }),
                calls.contains(where: { saves.contains(leaf($0)) })
            else { continue }
            let restoresPosition = m.assignments.contains { a in
                guard let fn = a.enclosingFunction, names.contains(fn) else { return false }
                let fnName = fn.split(separator: ".").last.map(String.init) ?? fn
                guard hooks.contains(fnName) || fnName.contains("load") || fnName.contains("restore") else {
                    return false
                }
                let parts = a.target.split(separator: ".")
                let last = parts.last.map { $0.lowercased() } ?? ""
                return parts.count >= 3 && (last.contains("epoch") || last.contains("step"))
            }
            guard restoresPosition else { continue }
            out.append(
                RuleCandidate(
                    ctx.ev(path, hook.span.start), strength: 6,
                    note: "`\(cls.name)` restores the backed-up weights and epoch when training starts"))
        }
        return out
    }
}
