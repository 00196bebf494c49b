import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct OptimizerStateRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .optimizerState,
        summary:
            "Optimizer state saved and restored: `optimizer.state_dict()`/`load_state_dict`, or a framework full-state checkpoint (Lightning ModelCheckpoint without weights-only, HF `save_strategy`, `accelerator.save_state`).",
        rationale: "Resuming without optimizer moments restarts Adam from zero and changes the training trajectory.",
        triggering: [
            .py("ckpt = {'model': model.state_dict(), 'optimizer': optimizer.state_dict()}\n"),
            .py("state = {'model': model, 'optimizer': optimizer, 'iter_num': 0}\nfabric.save(path, state)\n"),
            RuleExample(["recipes/a.yaml": "save_strategy: steps\n"]),
        ],
        nonTriggering: [
            .py("torch.save(model.state_dict(), 'w.pt')\n", .absent),
            RuleExample(
                [
                    "configs/callbacks/ckpt.yaml":
                        "c:\n  _target_: lightning.pytorch.callbacks.ModelCheckpoint\n  save_weights_only: true\n"
                ], .absent),
        ],
        stubTerms: "optimizer_state|save_optimizer|load_optimizer",
        gap: "no optimizer state in the checkpoint; save `optimizer.state_dict()` beside the weights in {anchor}",
        gapFiles: [.anchor],
        risk: "Resumed runs restart optimizer moments from zero and diverge from the original run.",
        patch:
            "Add `'optimizer': optimizer.state_dict()` to the checkpoint dict and `optimizer.load_state_dict(...)` on resume in {anchor}; test a save/resume round trip.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .low, why: "one more key in the checkpoint",
            plan: "store optimizer.state_dict() in the checkpoint and restore it on resume"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        ctx.callCandidates(
            #"(optim\w*|opt)(\[\])?\.(state_dict|load_state_dict)$"#, strength: 8,
            note: "optimizer state saved/restored")
            + ctx.savedStateEntries(#"optim\w*"#, note: "optimizer in the saved training state")
            + ctx.lightningFullCheckpoint + ctx.hfTrainerCheckpoint
    }
}
