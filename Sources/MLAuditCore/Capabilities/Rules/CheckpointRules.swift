import Foundation
import MLAuditPython

/// Framework full-state checkpointing configured by the repository.
extension RuleContext {
    /// Lightning `ModelCheckpoint` configured (config or code) without `save_weights_only: true`.
    var lightningFullCheckpoint: [RuleCandidate] {
        var out: [RuleCandidate] = []
        for file in Set(entries(key: "_target_") { $0.value.hasSuffix("ModelCheckpoint") }.map(\.path)).sorted() {
            let rows = entries(in: file)
            if let w = rows.first(where: { $0.key == "save_weights_only" }) {
                if w.boolValue == true { continue }
                out.append(candidate(w, strength: 6, note: "full-state Lightning checkpoint (save_weights_only: False)"))
            } else if let t = rows.first(where: { $0.key == "_target_" }) {
                out.append(candidate(t, strength: 5, note: "Lightning ModelCheckpoint (full state)"))
            }
        }
        out += calls({ $0.callee.lastComponent == "ModelCheckpoint" && $0.keywordValues["save_weights_only"].map(Values.isFalsy) ?? true })
            .map { candidate($0.module, $0.call, strength: 5, note: "Lightning ModelCheckpoint (full state)") }
        return out
    }

    func entries(in path: String) -> [ConfigEntry] { entriesByPath[path] ?? [] }

    /// State dicts handed to a save call (`fabric.save(path, state)`, `torch.save({...}, p)`) with a key matching
    /// `keyRegex` ("optimizer", "scheduler"): frameworks then save/restore that object's full state.
    func savedStateEntries(_ keyRegex: String, note: String) -> [RuleCandidate] {
        var out: [RuleCandidate] = []
        let keyed = #"['"]("# + keyRegex + #")['"]\s*:"#
        for m in product {
            // every accepted name holds "save": a byte check first, the regex only on those
            let saves = m.calls.filter { $0.callee.fastContains("save") && $0.callee.lastComponent.matches(#"^(save|save_checkpoint|save_state)$"#) }
            for s in saves {
                for arg in s.positionalArguments + Array(s.keywordValues.values) where arg.hasPrefix("{") && arg.matches(keyed) {
                    out.append(RuleCandidate(ev(m.path, valueLine(m.path, s.line, keyed)), strength: 7, note: note))
                }
            }
            let savedNames = Set(saves.flatMap { $0.positionalArguments + Array($0.keywordValues.values) })
            for a in m.assignments where a.valueText.hasPrefix("{") && savedNames.contains(a.target) && a.valueText.matches(keyed) {
                out.append(RuleCandidate(ev(m.path, valueLine(m.path, a.line, keyed)), strength: 7, note: note))
            }
        }
        return out
    }

    /// HF Trainer checkpointing configured: `save_strategy` not "no" (config or TrainingArguments).
    var hfTrainerCheckpoint: [RuleCandidate] {
        entryCandidates(["save_strategy"], strength: 5, note: "HF Trainer full-state checkpoints") { !$0.isNullish && $0.value.lowercased() != "no" }
            + keywordCandidates(["save_strategy"], strength: 5, note: "HF Trainer full-state checkpoints") { !$0.imatches(#"^['"]?no['"]?$"#) }
            + callCandidates(#"accelerator\.save_state$"#, strength: 6, note: "Accelerate full-state save")
    }
}

struct WeightsRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-CKP-01", capability: "Checkpointing & Resume", subfeature: "weights",
        summary: "Model weights saved or loaded: `torch.save` of a state dict, `save_pretrained`, `trainer.save_model`, `save_checkpoint`, safetensors, or a Lightning `ModelCheckpoint`.",
        rationale: "A run that cannot save weights cannot be evaluated, shipped or resumed.",
        triggering: [.py("torch.save(model.state_dict(), 'ckpt.pt')\n"), .py("trainer.save_model(training_args.output_dir)\n"),
                     RuleExample(["configs/callbacks/model_checkpoint.yaml": "model_checkpoint:\n  _target_: lightning.pytorch.callbacks.ModelCheckpoint\n  save_top_k: 1\n"])],
        nonTriggering: [.py("def save_checkpoint(model, path):\n    raise NotImplementedError\nsave_checkpoint(model, 'x')\n", .stub),
                        .py("print('saved')\n", .absent), .py("buckets.save_checkpoint()\ntorch.save(token_ids, 'data.pt')\n", .absent)],
        stubTerms: "save_checkpoint|save_model|save_weights|load_checkpoint|checkpoint",
        gap: "model weights are never written; save `model.state_dict()` at the end of training in {anchor}",
        risk: "A finished run leaves no artefact to evaluate or deploy.",
        patch: "Add `save_checkpoint(path)` writing `model.state_dict()` with `torch.save` in {anchor}; test save/load equality.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.callsMatching(#"^torch\.save$|(^|\.)(save_pretrained|save_model|save_checkpoint|save_file|save_weights)$|accelerator\.save_state$"#).map { m, c -> RuleCandidate in
            let receiver = c.callee.split(separator: ".").dropLast().joined(separator: ".")
            let args = (c.positionalArguments + Array(c.keywordValues.values)).joined(separator: " ")
            if c.callee == "torch.save" && !args.imatches(#"state|model|ckpt|checkpoint|weights|net|module|save_dict|params"#) {
                return RuleCandidate(ctx.ev(m.path, c.line), strength: 1, .rejected("torch.save of data, not of model weights"))
            }
            if c.callee != "torch.save", !receiver.isEmpty, !receiver.imatches(#"model|trainer|engine|accelerator|fabric|strategy|self|ckpt|checkpoint|deepspeed|net|module|peft|torch|safetensors|utils"#) {
                return RuleCandidate(ctx.ev(m.path, c.line), strength: 1, .rejected("`\(receiver)` is not a model or trainer"))
            }
            return ctx.candidate(m, c, strength: 7, note: "weights saved")
        }
        out += ctx.callCandidates(#"(^|\.)(load_state_dict|load_checkpoint|load_from_checkpoint)$|^torch\.load$"#, strength: 5, note: "weights loaded")
        out += ctx.targetCandidates(#"ModelCheckpoint$"#, strength: 7, note: "Lightning ModelCheckpoint")
        out += ctx.callCandidates(#"(^|\.)ModelCheckpoint$"#, strength: 7, note: "Lightning ModelCheckpoint")
        return out
    }
}

struct OptimizerStateRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-CKP-02", capability: "Checkpointing & Resume", subfeature: "optimizer state",
        summary: "Optimizer state saved and restored: `optimizer.state_dict()`/`load_state_dict`, or a framework full-state checkpoint (Lightning ModelCheckpoint without weights-only, HF `save_strategy`, `accelerator.save_state`).",
        rationale: "Resuming without optimizer moments restarts Adam from zero and changes the training trajectory.",
        triggering: [.py("ckpt = {'model': model.state_dict(), 'optimizer': optimizer.state_dict()}\n"),
                     .py("state = {'model': model, 'optimizer': optimizer, 'iter_num': 0}\nfabric.save(path, state)\n"),
                     RuleExample(["recipes/a.yaml": "save_strategy: steps\n"])],
        nonTriggering: [.py("torch.save(model.state_dict(), 'w.pt')\n", .absent),
                        RuleExample(["configs/callbacks/ckpt.yaml": "c:\n  _target_: lightning.pytorch.callbacks.ModelCheckpoint\n  save_weights_only: true\n"], .absent)],
        stubTerms: "optimizer_state|save_optimizer|load_optimizer",
        gap: "no optimizer state in the checkpoint; save `optimizer.state_dict()` beside the weights in {anchor}",
        risk: "Resumed runs restart optimizer moments from zero and diverge from the original run.",
        patch: "Add `'optimizer': optimizer.state_dict()` to the checkpoint dict and `optimizer.load_state_dict(...)` on resume in {anchor}; test a save/resume round trip.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        ctx.callCandidates(#"(optim\w*|opt)(\[\])?\.(state_dict|load_state_dict)$"#, strength: 8, note: "optimizer state saved/restored")
            + ctx.savedStateEntries(#"optim\w*"#, note: "optimizer in the saved training state")
            + ctx.lightningFullCheckpoint + ctx.hfTrainerCheckpoint
    }
}

struct SchedulerStateRule: CapabilityRule {
    let description = RuleDescription(
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

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
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

struct RNGStateRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-CKP-04", capability: "Checkpointing & Resume", subfeature: "RNG state",
        summary: "Random-number-generator state saved and restored (`torch.get_rng_state`, `torch.cuda.get_rng_state_all`, `np.random.get_state`, `random.getstate`), or an HF Trainer/Accelerate full-state save that includes it.",
        rationale: "Without RNG state a resumed run sees different data order and dropout masks than an uninterrupted one.",
        triggering: [.py("state = {'torch_rng': torch.get_rng_state(), 'np_rng': np.random.get_state()}\n"),
                     RuleExample(["recipes/a.yaml": "save_strategy: epoch\n"])],
        nonTriggering: [.py("torch.manual_seed(1337)\n", .absent),
                        RuleExample(["configs/callbacks/ckpt.yaml": "c:\n  _target_: lightning.pytorch.callbacks.ModelCheckpoint\n"], .absent)],
        stubTerms: "rng_state|random_state|save_rng|restore_rng",
        gap: "RNG is only re-seeded at start; save `torch.get_rng_state()` (and CUDA/NumPy/random states) in the checkpoint written by {anchor}",
        risk: "Resumed runs are not bit-identical to uninterrupted ones, which hides nondeterminism bugs.",
        patch: "Store `torch.get_rng_state()`, `torch.cuda.get_rng_state_all()`, `np.random.get_state()` and `random.getstate()` in the checkpoint and restore them on resume in {anchor}.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        ctx.callCandidates(#"(^|\.)(get_rng_state|get_rng_state_all|set_rng_state|set_rng_state_all|getstate|setstate|get_state|set_state|bit_generator\.state)$"#, strength: 8, note: "RNG state saved/restored")
            .filter { c in ctx.lineText(c.evidence.path, c.evidence.line).imatches(#"rng|random|np\.|numpy|torch"#) }
            + ctx.hfTrainerCheckpoint
    }
}
