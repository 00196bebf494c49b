import Foundation
import MLAuditPython

/// HF/TRL trainer classes the repository constructs (names ending in "Trainer" called with model=/args=).
extension RuleContext {
    var frameworkTrainerCalls: [(module: PythonModule, call: PythonCall)] {
        calls { c in
            let n = c.callee.lastComponent
            return n.hasSuffix("Trainer") && n != "Trainer" ? (c.keywords.contains("model") || c.keywords.contains("args") || c.keywords.contains("train_dataset"))
                : n == "Trainer" && (c.keywords.contains("model") || c.keywords.contains("args") || c.keywords.contains("max_epochs") || c.keywords.contains("callbacks"))
        }
    }
}

struct TrainingLoopRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-TRN-01", capability: "Training Engine", subfeature: "training loop",
        summary: "Training runs: HF/TRL `Trainer(...).train()`, Lightning `trainer.fit`, Accelerate `accelerator.backward`, or a custom loop with `loss.backward()` and an optimizer step.",
        rationale: "The loop is the core of a training repository; everything else hangs off it.",
        triggering: [.py("for x, y in loader:\n    loss = model(x, y)\n    loss.backward()\n    optimizer.step()\n"),
                     .py("trainer = L.Trainer(max_epochs=3)\ntrainer.fit(model, datamodule=dm)\n")],
        nonTriggering: [.py("loss = model(x, y)\nprint(loss)\n", .absent),
                        .py("def train():\n    raise NotImplementedError\n", .stub)],
        stubTerms: "^(train|fit|training_step|train_step|train_epoch|training_loop)$|\\.(train|fit|training_step|train_step|train_epoch)$",
        gap: "no training loop; add a loop with `loss.backward()` and `optimizer.step()` (or a HF `Trainer`) in {anchor}",
        risk: "Nothing in the repository can train a model.",
        patch: "Add `train(cfg)` with a standard loop (forward, `loss.backward()`, `optimizer.step()`, `zero_grad`) in {anchor}; test one step on a tiny batch.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out: [RuleCandidate] = []
        // custom loop: a function (or module level) with backward and an optimizer step
        for m in ctx.product {
            let backward = m.calls.filter { $0.callee.hasSuffix(".backward") || $0.callee == "backward" }
            let steps = m.calls.filter { $0.callee.matches(#"(optim\w*|opt|scaler|optimizer)\.step$|^optimizer\w*\.step$"#) }
            for b in backward where steps.contains(where: { $0.enclosingFunction == b.enclosingFunction }) {
                out.append(ctx.candidate(m, b, strength: 8, note: "custom loop: backward + optimizer step"))
            }
        }
        out += ctx.callCandidates(#"^accelerator\.backward$"#, strength: 8, note: "Accelerate loop")
        out += ctx.frameworkTrainerCalls.map { ctx.candidate($0.module, $0.call, strength: 7, note: "framework trainer constructed") }
        out += ctx.callCandidates(#"trainer\.(fit|train)$"#, strength: 7, note: "trainer run")
        out += ctx.functionCandidates(#"^training_step$"#, strength: 5, note: "Lightning training_step")
        return out
    }
}

struct PrecisionRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-TRN-02", capability: "Training Engine", subfeature: "precision",
        summary: "Mixed precision enabled: `torch.autocast`/`GradScaler`, Accelerate `mixed_precision`, Lightning `precision=`, HF `bf16`/`fp16: true`, or a `mixed_precision: bf16` config.",
        rationale: "Mixed precision halves memory and speeds training; without it large models do not fit.",
        triggering: [.py("ctx = torch.amp.autocast(device_type='cuda', dtype=torch.bfloat16)\n"),
                     .py("trainer = L.Trainer(precision='bf16-mixed')\n"),
                     RuleExample(["recipes/sft.yaml": "bf16: true\n"])],
        nonTriggering: [RuleExample(["configs/trainer/default.yaml": "max_epochs: 10\n# precision: 16\n"], .absent),
                        .py("import numpy as np\nnp.set_printoptions(precision=3)\n", .absent),
                        RuleExample(["recipes/sft.yaml": "bf16: false\nfp16: false\n"], .absent)],
        stubTerms: "autocast|(^|[^A-Za-z])amp([^A-Za-z]|$)|mixed_precision|precision",
        gap: "no mixed precision; training runs in fp32. Enable `torch.autocast` (or `precision: bf16-mixed`) around the forward pass in {anchor}",
        risk: "Training uses twice the memory and runs slower than needed; fp16 without a scaler underflows.",
        patch: "Wrap the forward pass in `torch.autocast(device_type, dtype=torch.bfloat16)` behind a `precision` option in {anchor}; test one step on CPU with bf16.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.callCandidates(#"(^|\.)(autocast|GradScaler)$"#, strength: 8, note: "autocast / grad scaling")
        out += ctx.keywordCandidates(["mixed_precision", "precision", "bf16", "fp16", "amp", "use_amp"], strength: 6, note: "mixed precision argument") {
            !Values.isFalsy($0) && !$0.imatches(#"^['"]?(32|64|no|fp32|32-true)['"]?$"#)
        }.filter { c in
            // `precision=` of printing or metrics is not training precision: only trainer-like callees count
            ctx.facts.python[c.evidence.path]?.calls.contains { call in
                call.line <= c.evidence.line && c.evidence.line <= call.line + 40
                    && call.callee.lastComponent.matches(#"(Trainer|Fabric|Accelerator|Arguments|Args|Config|Strategy|Plugin|Engine|initialize|launch)$"#)
                    && call.keywords.contains { ["mixed_precision", "precision", "bf16", "fp16", "amp", "use_amp"].contains($0) }
            } ?? false
        }
        out += ctx.entryCandidates(["mixed_precision", "precision", "bf16", "fp16", "amp", "use_amp", "tf32"], strength: 6, note: "mixed precision configured") {
            !$0.isNullish && !$0.value.imatches(#"^(32|64|fp32|32-true|64-true)$"#) && $0.key != "tf32"
        }
        return out
    }
}

struct GradientAccumulationRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-TRN-03", capability: "Training Engine", subfeature: "gradient accumulation",
        summary: "Gradients accumulated over micro-batches: `gradient_accumulation_steps`/`accumulate_grad_batches` configured or passed, `accelerator.accumulate`, or a loop scaling the loss by the accumulation steps.",
        rationale: "Accumulation reaches the intended effective batch size on small GPUs; without it hyper-parameters do not transfer.",
        triggering: [.py("for micro_step in range(gradient_accumulation_steps):\n    loss = loss / gradient_accumulation_steps\n"),
                     RuleExample(["recipes/a.yaml": "gradient_accumulation_steps: 4\n"]),
                     .py("with accelerator.accumulate(model):\n    pass\n")],
        nonTriggering: [RuleExample(["README.md": "Run `python train.py +trainer.accumulate_grad_batches=10`\n"], .absent),
                        .py("batch_size = 32\n", .absent)],
        stubTerms: "accumulat",
        gap: "no gradient accumulation; add `accumulate_grad_batches`/`gradient_accumulation_steps` to the trainer config used by {anchor}",
        risk: "The effective batch size is capped by GPU memory, so published hyper-parameters cannot be reproduced.",
        patch: "Add a `gradient_accumulation_steps` option: divide the loss by it and step the optimizer every N micro-batches in {anchor}; test that N=2 with half batches matches one full batch.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        let name = #"grad(ient)?_acc\w*|accum\w*_(steps|iters|batches)|accumulate_grad_batches"#
        var out = ctx.keywordCandidates(["gradient_accumulation_steps", "accumulate_grad_batches", "grad_accum_steps", "gradient_accumulation_plugin"], strength: 6, note: "accumulation argument") {
            !Values.isFalsy($0) && $0 != "1"
        }
        out += ctx.calls({ $0.callee == "range" && $0.positionalArguments.contains { $0.imatches(name) } }).map { ctx.candidate($0.module, $0.call, strength: 8, note: "micro-step loop") }
        out += ctx.assignmentCandidates(target: #"loss"#, value: #"/\s*[\w.]*("# + name + ")", strength: 7, note: "loss scaled by accumulation steps")
        out += ctx.callCandidates(#"accelerator\.accumulate$"#, strength: 8, note: "Accelerate accumulation")
        out += ctx.assignmentCandidates(target: #"^(accumulate|accum|accum_steps|accum_iter|n_accum\w*)$"#, value: #"/"#, strength: 6, note: "accumulation steps from nominal / actual batch size")
        out += ctx.calls({ $0.callee.hasSuffix("backward") && $0.positionalArguments.contains { $0.imatches(#"/\s*[\w.]*("# + name + ")") } })
            .map { ctx.candidate($0.module, $0.call, strength: 7, note: "loss scaled by accumulation steps") }
        out += ctx.entryCandidates(["gradient_accumulation_steps", "accumulate_grad_batches", "grad_accum_steps", "gradient_accumulation"], strength: 5, note: "accumulation configured") {
            !$0.isNullish && $0.value != "1"
        }
        return out
    }
}
