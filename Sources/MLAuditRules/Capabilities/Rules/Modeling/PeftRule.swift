import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct PeftRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .loraPeftHooks,
        summary:
            "Parameter-efficient fine-tuning applied: peft `LoraConfig`/`get_peft_model`/`peft_config=`, loralib layers, own LoRA/adapter modules, or `use_peft`/`lora_r` config.",
        rationale: "Full fine-tuning of large models is often infeasible; adapters keep memory and checkpoints small.",
        triggering: [
            .py("from peft import LoraConfig, get_peft_model\nmodel = get_peft_model(model, LoraConfig(r=8))\n"),
            .py(
                "import torch.nn as nn\nclass BottleneckAdapter(nn.Module):\n    def __init__(self, dim, reduction=16):\n        super().__init__()\n        self.down = nn.Linear(dim, dim // reduction)\n        self.up = nn.Linear(dim // reduction, dim)\n",
                path: "model/adapters.py"),
            .py(
                "class Dense:\n    def enable_lora(self, rank, a_initializer='he_uniform'):\n        self.lora_kernel_a = self.add_weight(shape=(self.in_dim, rank))\n        self.lora_enabled = True\n",
                path: "layers/dense.py"),
            .py("trainer = SFTTrainer(model=m, peft_config=get_peft_config(model_args))\n"),
            RuleExample(["recipes/qlora.yaml": "use_peft: true\nlora_r: 16\n"]),
        ],
        nonTriggering: [
            .py("import peft\n", .absent), RuleExample(["recipes/full.yaml": "use_peft: false\n"], .absent),
            .py(
                "import torch.nn as nn\nclass TracingAdapter(nn.Module):\n    def __init__(self, model, inputs):\n        super().__init__()\n        self.model = model\n",
                path: "export/flatten.py", .absent),
        ],
        stubTerms: "lora|peft|adapter|prefix_tuning|prompt_tuning",
        gap: "no LoRA/adapter wiring; add an optional `peft_config` (LoraConfig) where the model is built in {anchor}",
        gapFiles: [.anchor],
        risk: "Fine-tuning large checkpoints needs full-parameter memory and produces multi-GB checkpoints.",
        patch:
            "Add a `--lora_r` option that wraps the model with `get_peft_model(model, LoraConfig(...))` in {anchor}; test that only adapter weights require grad.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .high, why: "adapter injection touches model construction, saving and loading",
            plan:
                "add an optional peft.get_peft_model(model, LoraConfig(...)) behind a config flag, with a test that only adapter weights train"
        ))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.callCandidates(
            #"(^|\.)(get_peft_model|LoraConfig|PeftModel\.from_pretrained|prepare_model_for_kbit_training|get_peft_config|PrefixTuningConfig|PromptTuningConfig|IA3Config|AdaLoraConfig|inject_adapter_in_model)$|^(lora|loralib)\.(Linear|Embedding|MergedLinear|mark_only_lora_as_trainable)$"#,
            strength: 8, note: "PEFT applied")
        out += ctx.keywordCandidates(["peft_config", "lora_config"], strength: 7, note: "PEFT config passed") {
            !Values.isFalsy($0)
        }
        // own LoRA/adapter layers. An "adapter" class counts only with the bottleneck/low-rank parts that make it
        // a PEFT adapter (https://huggingface.co/docs/peft/conceptual_guides/adapter): wrappers named by the
        // software adapter pattern (detectron2's TracingAdapter, lm-eval's HFLikeModelAdapter) do not.
        for (path, cls) in ctx.classList
        where cls.name.imatches(#"lora|adapter"#) && cls.bases.contains(where: { $0.matches(#"Module|Linear|Layer"#) })
            && ctx.isProductPath(path)
        {
            let lowRank =
                cls.name.imatches("lora")
                || (ctx.facts.python[path].map { m in
                    m.assignments.contains { a in
                        a.line > cls.span.start && a.line <= cls.span.end && a.target.hasPrefix("self.")
                            && a.target.lastComponent.imatches(
                                #"lora|(^|_)(down|up)(_proj|_project|_layer)?$|rank|bottleneck|reduction"#)
                    }
                        || m.functions.contains { f in
                            f.enclosingClass == cls.qualifiedName && f.name == "__init__"
                                && f.parameters.contains {
                                    $0.imatches(#"^(r|rank|lora_\w+|bottleneck\w*|reduction\w*|adapter_(dim|size))$"#)
                                }
                        }
                } ?? false)
            out.append(
                lowRank
                    ? RuleCandidate(ctx.ev(path, cls.span.start), strength: 6, note: "own LoRA/adapter layer")
                    : RuleCandidate(
                        ctx.ev(path, cls.span.start), strength: 1,
                        .rejected(
                            "`\(cls.name)` wraps another object (adapter pattern); no low-rank or bottleneck layers")))
        }
        // a layer's own LoRA switch (Keras `Dense.enable_lora(rank)`: https://keras.io/api/layers/core_layers/dense/)
        out += ctx.functions {
            $0.name.imatches(#"^(enable|add|inject|apply)_lora$"#) && $0.bodyKind == .implemented
                && $0.parameters.contains { $0.imatches(#"^(rank|r|lora_rank)$"#) }
        }
        .map {
            RuleCandidate(
                ctx.ev($0.module.path, $0.function.span.start), strength: 6,
                note: "LoRA enabled on the layer (`\($0.function.qualifiedName)`)")
        }
        out += ctx.entryCandidates(
            ["use_peft", "lora_r", "lora_alpha", "lora_target_modules", "peft_type"], strength: 5,
            note: "PEFT configured"
        ) {
            $0.key == "use_peft" ? $0.boolValue == true : !$0.isNullish
        }
        return out
    }
}
