import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct PrecisionRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .precision,
        summary:
            "Mixed precision enabled: `torch.autocast`/`GradScaler`, Accelerate `mixed_precision`, Lightning `precision=`, HF `bf16`/`fp16: true`, or a `mixed_precision: bf16` config.",
        rationale: "Mixed precision halves memory and speeds training; without it large models do not fit.",
        triggering: [
            .py("ctx = torch.amp.autocast(device_type='cuda', dtype=torch.bfloat16)\n"),
            .py("trainer = L.Trainer(precision='bf16-mixed')\n"),
            RuleExample(["recipes/sft.yaml": "bf16: true\n"]),
            RuleExample([
                "examples/config.yaml": "model:\n  dtype: bfloat16\noptimizer:\n  accumulate_grad_in_fp32: true\n",
                "src/helpers.py":
                    "def build(optimizer_args):\n    if optimizer_args.accumulate_grad_in_fp32:\n        return FP32Accumulator()\n",
            ]),
        ],
        nonTriggering: [
            RuleExample(["configs/trainer/default.yaml": "max_epochs: 10\n# precision: 16\n"], .absent),
            .py("import numpy as np\nnp.set_printoptions(precision=3)\n", .absent),
            .py(
                "import torch\nwith torch.autocast(device_type='cuda', enabled=False):\n    freqs = pos.float() @ inv_freq\n",
                .absent),
            RuleExample(["recipes/sft.yaml": "bf16: false\nfp16: false\n"], .absent),
        ],
        stubTerms: "autocast|(^|[^A-Za-z])amp([^A-Za-z]|$)|mixed_precision|precision",
        gap:
            "no mixed precision; training runs in fp32. Enable `torch.autocast` (or `precision: bf16-mixed`) around the forward pass in {anchor}",
        gapFiles: [.anchor],
        risk: "Training uses twice the memory and runs slower than needed; fp16 without a scaler underflows.",
        patch:
            "Wrap the forward pass in `torch.autocast(device_type, dtype=torch.bfloat16)` behind a `precision` option in {anchor}; test one step on CPU with bf16.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .medium, why: "mixed precision needs a scaler and careful loss handling",
            plan: "wrap forward in torch.autocast with a GradScaler behind a --precision flag; test one CPU bf16 step"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        // `autocast(enabled=False)` turns mixed precision off for a region (a numerically sensitive op): not evidence
        var out = ctx.callsMatching(#"(^|\.)(autocast|GradScaler)$"#).map { m, c -> RuleCandidate in
            if let v = c.keywordValues["enabled"], Values.isFalsy(v) {
                return RuleCandidate(
                    ctx.ev(m.path, c.line), strength: 1,
                    .rejected("`\(c.callee)(enabled=\(v))` disables mixed precision here"))
            }
            return ctx.candidate(m, c, strength: 8, note: "autocast / grad scaling")
        }
        out += ctx.keywordCandidates(
            ["mixed_precision", "precision", "bf16", "fp16", "amp", "use_amp"], strength: 6,
            note: "mixed precision argument"
        ) {
            !Values.isFalsy($0) && !$0.imatches(#"^['"]?(32|64|no|fp32|32-true)['"]?$"#)
        }.filter { c in
            // `precision=` of printing or metrics is not training precision: only trainer-like callees count
            ctx.facts.python[c.evidence.path]?.calls.contains { call in
                call.line <= c.evidence.line && c.evidence.line <= call.line + 40
                    && call.callee.lastComponent.matches(
                        #"(Trainer|Fabric|Accelerator|Arguments|Args|Config|Strategy|Plugin|Engine|initialize|launch)$"#
                    )
                    && call.keywords.contains {
                        ["mixed_precision", "precision", "bf16", "fp16", "amp", "use_amp"].contains($0)
                    }
            } ?? false
        }
        // bf16/fp16 weights with fp32 master gradients or weights: the low-precision training recipe of nanotron
        // (`accumulate_grad_in_fp32`) and Megatron-LM (`--accumulate-allreduce-grads-in-fp32`); counted when the
        // code reads the key (config linked to code)
        for e in ctx.entries(
            key: "accumulate_grad_in_fp32", "accumulate_allreduce_grads_in_fp32", "fp32_master_weights",
            "master_weights_in_fp32")
        where e.boolValue == true && ctx.readsConfigKey(e.key) {
            out.append(
                ctx.candidate(
                    e, strength: 5,
                    note: "low-precision training with fp32 master gradients (`\(e.key)` read by the optimizer)"))
        }
        out += ctx.entryCandidates(
            ["mixed_precision", "precision", "bf16", "fp16", "amp", "use_amp", "tf32"], strength: 6,
            note: "mixed precision configured"
        ) {
            !$0.isNullish && !$0.value.imatches(#"^(32|64|fp32|32-true|64-true)$"#) && $0.key != "tf32"
        }
        return out
    }
}
