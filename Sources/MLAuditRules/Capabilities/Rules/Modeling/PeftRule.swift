import Foundation
import MLAuditPython
import MLAuditKit
import MLAuditReport
import MLAuditFacts

package struct PeftRule: CapabilityRule {
    package let description = RuleDescription(
        code: "CAP-MOD-04", capability: "Modeling", subfeature: "LoRA/PEFT hooks",
        summary: "Parameter-efficient fine-tuning applied: peft `LoraConfig`/`get_peft_model`/`peft_config=`, loralib layers, own LoRA/adapter modules, or `use_peft`/`lora_r` config.",
        rationale: "Full fine-tuning of large models is often infeasible; adapters keep memory and checkpoints small.",
        triggering: [.py("from peft import LoraConfig, get_peft_model\nmodel = get_peft_model(model, LoraConfig(r=8))\n"),
                     .py("trainer = SFTTrainer(model=m, peft_config=get_peft_config(model_args))\n"),
                     RuleExample(["recipes/qlora.yaml": "use_peft: true\nlora_r: 16\n"])],
        nonTriggering: [.py("import peft\n", .absent), RuleExample(["recipes/full.yaml": "use_peft: false\n"], .absent)],
        stubTerms: "lora|peft|adapter|prefix_tuning|prompt_tuning",
        gap: "no LoRA/adapter wiring; add an optional `peft_config` (LoraConfig) where the model is built in {anchor}",
        risk: "Fine-tuning large checkpoints needs full-parameter memory and produces multi-GB checkpoints.",
        patch: "Add a `--lora_r` option that wraps the model with `get_peft_model(model, LoraConfig(...))` in {anchor}; test that only adapter weights require grad.")

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.callCandidates(#"(^|\.)(get_peft_model|LoraConfig|PeftModel\.from_pretrained|prepare_model_for_kbit_training|get_peft_config|PrefixTuningConfig|PromptTuningConfig|IA3Config|AdaLoraConfig|inject_adapter_in_model)$|^(lora|loralib)\.(Linear|Embedding|MergedLinear|mark_only_lora_as_trainable)$"#, strength: 8, note: "PEFT applied")
        out += ctx.keywordCandidates(["peft_config", "lora_config"], strength: 7, note: "PEFT config passed") { !Values.isFalsy($0) }
        out += ctx.classList.filter { $0.cls.name.imatches(#"lora|adapter"#) && $0.cls.bases.contains { $0.matches(#"Module|Linear|Layer"#) } && ctx.isProductPath($0.module) }
            .map { RuleCandidate(ctx.ev($0.module, $0.cls.span.start), strength: 6, note: "own LoRA/adapter layer") }
        out += ctx.entryCandidates(["use_peft", "lora_r", "lora_alpha", "lora_target_modules", "peft_type"], strength: 5, note: "PEFT configured") {
            $0.key == "use_peft" ? $0.boolValue == true : !$0.isNullish
        }
        return out
    }
}
