import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct WeightsRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .weights,
        summary:
            "Model weights saved or loaded: `torch.save` of a state dict, `save_pretrained`, `trainer.save_model`, `save_checkpoint`, safetensors, or a Lightning `ModelCheckpoint`.",
        rationale: "A run that cannot save weights cannot be evaluated, shipped or resumed.",
        triggering: [
            .py("torch.save(model.state_dict(), 'ckpt.pt')\n"), .py("trainer.save_model(training_args.output_dir)\n"),
            RuleExample([
                "configs/callbacks/model_checkpoint.yaml":
                    "model_checkpoint:\n  _target_: lightning.pytorch.callbacks.ModelCheckpoint\n  save_top_k: 1\n"
            ]),
        ],
        nonTriggering: [
            .py(
                "def save_checkpoint(model, path):\n    raise NotImplementedError\nsave_checkpoint(model, 'x')\n", .stub
            ),
            .py("print('saved')\n", .absent),
            .py("buckets.save_checkpoint()\ntorch.save(token_ids, 'data.pt')\n", .absent),
        ],
        stubTerms: "save_checkpoint|save_model|save_weights|load_checkpoint|checkpoint",
        gap: "model weights are never written; save `model.state_dict()` at the end of training in {anchor}",
        gapFiles: [.anchor],
        risk: "A finished run leaves no artefact to evaluate or deploy.",
        patch:
            "Add `save_checkpoint(path)` writing `model.state_dict()` with `torch.save` in {anchor}; test save/load equality.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .low, why: "torch.save of the state dict",
            plan: "save model.state_dict() atomically every N steps and test a save/load round trip"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.callsMatching(
            #"^torch\.save$|(^|\.)(save_pretrained|save_model|save_checkpoint|save_file|save_weights)$|accelerator\.save_state$"#
        ).map { m, c -> RuleCandidate in
            let receiver = c.callee.split(separator: ".").dropLast().joined(separator: ".")
            let args = (c.positionalArguments + Array(c.keywordValues.values)).joined(separator: " ")
            if c.callee == "torch.save"
                && !args.imatches(#"state|model|ckpt|checkpoint|weights|net|module|save_dict|params"#)
            {
                return RuleCandidate(
                    ctx.ev(m.path, c.line), strength: 1, .rejected("torch.save of data, not of model weights"))
            }
            if c.callee != "torch.save", !receiver.isEmpty,
                !receiver.imatches(
                    #"model|trainer|engine|accelerator|fabric|strategy|self|ckpt|checkpoint|deepspeed|net|module|peft|torch|safetensors|utils"#
                )
            {
                return RuleCandidate(
                    ctx.ev(m.path, c.line), strength: 1, .rejected("`\(receiver)` is not a model or trainer"))
            }
            return ctx.candidate(m, c, strength: 7, note: "weights saved")
        }
        out += ctx.callCandidates(
            #"(^|\.)(load_state_dict|load_checkpoint|load_from_checkpoint)$|^torch\.load$"#, strength: 5,
            note: "weights loaded")
        out += ctx.targetCandidates(#"ModelCheckpoint$"#, strength: 7, note: "Lightning ModelCheckpoint")
        out += ctx.callCandidates(#"(^|\.)ModelCheckpoint$"#, strength: 7, note: "Lightning ModelCheckpoint")
        return out
    }
}
