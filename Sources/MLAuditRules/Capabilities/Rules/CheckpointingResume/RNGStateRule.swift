import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct RNGStateRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .rngState,
        summary:
            "Random-number-generator state saved and restored (`torch.get_rng_state`, `torch.cuda.get_rng_state_all`, `np.random.get_state`, `random.getstate`), or an HF Trainer/Accelerate full-state save that includes it.",
        rationale:
            "Without RNG state a resumed run sees different data order and dropout masks than an uninterrupted one.",
        triggering: [
            .py("state = {'torch_rng': torch.get_rng_state(), 'np_rng': np.random.get_state()}\n"),
            RuleExample(["recipes/a.yaml": "save_strategy: epoch\n"]),
        ],
        nonTriggering: [
            .py("torch.manual_seed(1337)\n", .absent),
            RuleExample(
                ["configs/callbacks/ckpt.yaml": "c:\n  _target_: lightning.pytorch.callbacks.ModelCheckpoint\n"],
                .absent),
        ],
        stubTerms: "rng_state|random_state|save_rng|restore_rng",
        gap:
            "RNG is only re-seeded at start; save `torch.get_rng_state()` (and CUDA/NumPy/random states) in the checkpoint written by {anchor}",
        gapFiles: [.anchor],
        risk: "Resumed runs are not bit-identical to uninterrupted ones, which hides nondeterminism bugs.",
        patch:
            "Store `torch.get_rng_state()`, `torch.cuda.get_rng_state_all()`, `np.random.get_state()` and `random.getstate()` in the checkpoint and restore them on resume in {anchor}.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .medium, why: "four RNGs (python, numpy, torch, cuda) must be captured and restored together",
            plan:
                "save random/np/torch/cuda RNG states in the checkpoint and test that a resumed run draws the same numbers"
        ))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        ctx.callCandidates(
            #"(^|\.)(get_rng_state|get_rng_state_all|set_rng_state|set_rng_state_all|getstate|setstate|get_state|set_state|bit_generator\.state)$"#,
            strength: 8, note: "RNG state saved/restored"
        )
        .filter { c in ctx.lineText(c.evidence.path, c.evidence.line).imatches(#"rng|random|np\.|numpy|torch"#) }
            + ctx.hfTrainerCheckpoint
    }
}
