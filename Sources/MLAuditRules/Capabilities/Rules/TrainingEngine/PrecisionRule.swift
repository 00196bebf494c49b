import Foundation
import MLAuditPython
import MLAuditKit
import MLAuditReport
import MLAuditFacts

package struct PrecisionRule: CapabilityRule {
    package let description = RuleDescription(
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

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
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
