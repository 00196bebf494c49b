import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct GradientAccumulationRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .gradientAccumulation,
        summary:
            "Gradients accumulated over micro-batches: `gradient_accumulation_steps`/`accumulate_grad_batches` configured or passed, `accelerator.accumulate`, or a loop scaling the loss by the accumulation steps.",
        rationale:
            "Accumulation reaches the intended effective batch size on small GPUs; without it hyper-parameters do not transfer.",
        triggering: [
            .py(
                "for micro_step in range(gradient_accumulation_steps):\n    loss = loss / gradient_accumulation_steps\n"
            ),
            RuleExample(["recipes/a.yaml": "gradient_accumulation_steps: 4\n"]),
            .py("with accelerator.accumulate(model):\n    pass\n"),
            .py(
                "def train_batch(batch):\n    micro_batches = split(batch)\n    for i, mb in enumerate(micro_batches):\n        loss = model(mb)\n        loss.backward()\n    optimizer.step()\n"
            ),
        ],
        nonTriggering: [
            RuleExample(["README.md": "Run `python train.py +trainer.accumulate_grad_batches=10`\n"], .absent),
            .py("for i, micro_batch in enumerate(micro_batches):\n    outputs.append(model(micro_batch))\n", .absent),
            .py("batch_size = 32\n", .absent),
        ],
        stubTerms: "accumulat",
        gap:
            "no gradient accumulation; add `accumulate_grad_batches`/`gradient_accumulation_steps` to the trainer config used by {anchor}",
        gapFiles: [.anchor],
        risk: "The effective batch size is capped by GPU memory, so published hyper-parameters cannot be reproduced.",
        patch:
            "Add a `gradient_accumulation_steps` option: divide the loss by it and step the optimizer every N micro-batches in {anchor}; test that N=2 with half batches matches one full batch.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .low, why: "a counter around optimizer.step",
            plan:
                "add grad_accum_steps, dividing the loss and stepping every N micro-batches; test equivalence with a larger batch"
        ),
        knobs: ["accumulate_grad_batches", "gradient_accumulation_steps", "grad_accum"])

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        let name = #"grad(ient)?_acc\w*|accum\w*_(steps|iters|batches)|accumulate_grad_batches"#
        var out = ctx.keywordCandidates(
            [
                "gradient_accumulation_steps", "accumulate_grad_batches", "grad_accum_steps",
                "gradient_accumulation_plugin",
            ], strength: 6, note: "accumulation argument"
        ) {
            !Values.isFalsy($0) && $0 != "1"
        }
        out += ctx.calls({ $0.callee == "range" && $0.positionalArguments.contains { $0.imatches(name) } }).map {
            ctx.candidate($0.module, $0.call, strength: 8, note: "micro-step loop")
        }
        out += ctx.assignmentCandidates(
            target: #"loss"#, value: #"/\s*[\w.]*("# + name + ")", strength: 7,
            note: "loss scaled by accumulation steps")
        out += ctx.callCandidates(#"accelerator\.accumulate$"#, strength: 8, note: "Accelerate accumulation")
        out += ctx.assignmentCandidates(
            target: #"^(accumulate|accum|accum_steps|accum_iter|n_accum\w*)$"#, value: #"/"#, strength: 6,
            note: "accumulation steps from nominal / actual batch size")
        out += ctx.calls({
            $0.callee.hasSuffix("backward")
                && $0.positionalArguments.contains { $0.imatches(#"/\s*[\w.]*("# + name + ")") }
        })
        .map { ctx.candidate($0.module, $0.call, strength: 7, note: "loss scaled by accumulation steps") }
        // micro-batching: one optimizer step over several micro-batches whose gradients add up (OLMo's
        // `for micro_batch in micro_batches: ... loss.backward()`, nanotron's `train_batch_iter(nb_microbatches=...)`,
        // Megatron's `forward_backward_func(num_microbatches=...)`)
        let micro = #"(^|[^\w])((n|num|nb)_?micro_?batch\w*|micro_?batches\b)"#
        for m in ctx.product {
            let backwardScopes = Set(
                m.calls.filter { $0.callee.hasSuffix("backward") }.map { $0.enclosingFunction ?? "" })
            for c in m.calls
            where ["range", "enumerate", "zip"].contains(c.callee)
                && c.positionalArguments.contains(where: { $0.imatches(micro) })
                && backwardScopes.contains(c.enclosingFunction ?? "")
            {
                out.append(ctx.candidate(m, c, strength: 7, note: "backward over each micro-batch of a step"))
            }
        }
        out += ctx.keywordCandidates(
            ["num_microbatches", "nb_microbatches", "n_micro_batches", "num_micro_batches"], strength: 6,
            note: "micro-batches per optimizer step"
        ) {
            !Values.isFalsy($0) && $0 != "1"
        }
        out += ctx.entryCandidates(
            ["gradient_accumulation_steps", "accumulate_grad_batches", "grad_accum_steps", "gradient_accumulation"],
            strength: 5, note: "accumulation configured"
        ) {
            !$0.isNullish && $0.value != "1"
        }
        return out
    }
}
