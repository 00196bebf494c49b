import Foundation
import MLAuditPython

/// Classes of the repository that are models: subclasses (transitively) of a framework module base.
extension RuleContext {
    func computeModelClassNames() -> Set<String> {
        let bases = #"(^|\.)(Module|LightningModule|PreTrainedModel|PretrainedModel|Model|HookedTransformer|TFPreTrainedModel)$"#
        var names = Set(classes.values.filter { $0.cls.bases.contains { $0.matches(bases) } }.map(\.cls.name))
        var grew = true
        while grew {
            let next = names.union(classes.values.filter { $0.cls.bases.contains { names.contains($0.lastComponent) } }.map(\.cls.name))
            grew = next.count > names.count; names = next
        }
        return names
    }
}

struct ModelInitRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-MOD-01", capability: "Modeling", subfeature: "model init",
        summary: "A model is constructed from config or loaded from weights: `AutoModel*.from_pretrained`, a repository nn.Module/LightningModule instantiated, `hydra.utils.instantiate(cfg.model)`, or a `_target_` model config.",
        rationale: "Model construction is where architecture, weights and precision are fixed; without it nothing can be trained or served.",
        triggering: [.py("from transformers import AutoModelForCausalLM\nmodel = AutoModelForCausalLM.from_pretrained(name)\n"),
                     .py("import torch.nn as nn\nclass GPT(nn.Module):\n    def forward(self, x):\n        return x\nmodel = GPT()\n"),
                     .py("import hydra\ndef train(cfg):\n    model = hydra.utils.instantiate(cfg.model)\n    return model\n")],
        nonTriggering: [.py("import torch.nn as nn\nclass GPT(nn.Module):\n    def forward(self, x):\n        return x\n", .absent),
                        .py("from transformers import AutoModel\n", .absent)],
        stubTerms: "build_model|create_model|load_model|init_model|model_init|from_pretrained",
        gap: "no model is constructed or loaded; add a `build_model(cfg)` factory used by {anchor}",
        risk: "Without a single construction path, training and inference may build different architectures.",
        patch: "Add `build_model(cfg)` returning `AutoModelForCausalLM.from_pretrained(cfg.model_name)` and call it from {anchor}; test it on a tiny config.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        let models = ctx.modelClassNames
        var out = ctx.callsMatching(#"(^|\.)(AutoModel\w*|\w+For\w+|\w+Model|AutoPeftModel\w*|PeftModel)\.(from_pretrained|from_config)$"#).map { m, c in
            // loading foreign weights inside the repository's own model class (a converter) is weaker than a script building the model
            let inModel = ctx.function(in: m, at: c.line)?.enclosingClass.map { models.contains($0.lastComponent) } ?? false
            return ctx.candidate(m, c, strength: inModel ? 5 : 8, note: "model loaded")
        }
        for (m, c) in ctx.calls({ models.contains($0.callee.lastComponent) || models.contains($0.callee.dottedParts.dropLast().last.map(String.init) ?? "") && $0.callee.lastComponent.hasPrefix("from_") }) {
            // a model class constructing itself inside its own body (e.g. super().__init__) does not count
            if let f = ctx.function(in: m, at: c.line), f.enclosingClass == c.callee.lastComponent { continue }
            // a self-test in the model file's __main__ block is weaker than a script building the model
            let selfTest = m.mainBlocks.contains { $0.start <= c.line && c.line <= $0.end } && m.classes.contains { $0.name == c.callee.lastComponent }
            // a layer built inside another module's method is a sub-module, not the model's construction
            let owner = ctx.function(in: m, at: c.line)?.enclosingClass.flatMap { name in m.classes.first { $0.qualifiedName == name } }
            let insideModule = owner.map { o in models.contains(o.name) || o.bases.contains { !["object", "ABC"].contains($0) } } ?? false
            out.append(ctx.candidate(m, c, strength: selfTest || insideModule ? 3 : 7, note: insideModule ? "sub-module constructed" : "repository model constructed"))
        }
        for (m, c) in ctx.calls({ $0.callee.lastComponent == "instantiate" }) where c.positionalArguments.first?.imatches(#"model|net|network|module"#) == true {
            out.append(ctx.candidate(m, c, strength: 8, note: "model instantiated from config"))
        }
        out += ctx.entries(key: "_target_") { $0.keyPath == "_target_" && $0.directory.imatches(#"(^|/)models?$"#) }
            .map { ctx.candidate($0, strength: 4, note: "model config target") }
        return out
    }
}

extension String { var dottedParts: [Substring] { split(separator: ".") } }

struct DtypeRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-MOD-02", capability: "Modeling", subfeature: "dtype",
        summary: "The model's dtype chosen explicitly: `torch_dtype=`/`dtype=` with a float type, `.half()`/`.bfloat16()`, a dtype variable set to 'bfloat16'/'float16', or `torch_dtype: bfloat16` in config.",
        rationale: "An implicit dtype doubles memory (fp32) or loses precision (fp16) depending on the machine.",
        triggering: [.py("dtype = 'bfloat16' if torch.cuda.is_bf16_supported() else 'float16'\n"),
                     .py("model = AutoModel.from_pretrained(n, torch_dtype=torch.bfloat16)\n"),
                     RuleExample(["recipes/a.yaml": "torch_dtype: bfloat16\n"])],
        nonTriggering: [RuleExample(["configs/trainer.yaml": "# precision: 16\nmax_epochs: 10\n"], .absent),
                        .py("x = torch.zeros(3)\n", .absent)],
        stubTerms: "dtype|half_precision|to_bf16|to_fp16",
        gap: "no explicit dtype; the model loads in the framework default (fp32); add a `torch_dtype` option in {anchor}",
        risk: "Memory use and numerics change silently between GPUs and library versions.",
        patch: "Add a `dtype` config option (bf16/fp16/fp32) mapped to `torch_dtype` at model load in {anchor}; test the loaded parameter dtype.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        let models = ctx.modelClassNames
        var out = ctx.calls({ c in
            c.keywords.contains { ["torch_dtype", "dtype", "bnb_4bit_compute_dtype"].contains($0) }
                && (c.callee.lastComponent.matches(#"^(from_pretrained|from_config|to|autocast|load|pipeline|half|LLM|init_module)$|Model|Config|Arguments|Fabric"#) || models.contains(c.callee.lastComponent))
        }).compactMap { m, c -> RuleCandidate? in
            let k = c.keywords.first { ["torch_dtype", "dtype", "bnb_4bit_compute_dtype"].contains($0) } ?? ""
            let v = c.keywordValues[k] ?? ""
            guard Values.floatDType(v) || v.imatches("dtype") else { return nil }
            var r = ctx.candidate(m, c, strength: 6, note: "model dtype passed")
            r.evidence = ctx.ev(m.path, ctx.keywordLine(m.path, c, k))
            return r
        }
        out += ctx.assignmentCandidates(target: #"^(torch_dtype|dtype|ptdtype|model_dtype|compute_dtype|param_dtype)$"#,
                                        value: #"b?float16|bfloat16|float32|getattr\(\s*torch|torch\.(float|half|bfloat)"#, strength: 8, note: "dtype chosen")
        out += ctx.callCandidates(#"(model|net|module)\w*\.(half|bfloat16|float)$"#, strength: 6, note: "model cast")
        out += ctx.entryCandidates(["torch_dtype", "dtype", "model_dtype", "bnb_4bit_compute_dtype"], strength: 5, note: "dtype configured") { Values.floatDType($0.value) }
        return out
    }
}

struct DevicePlacementRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-MOD-03", capability: "Modeling", subfeature: "device placement",
        summary: "The model placed on a device: `.to(device)`/`.cuda()`, `torch.device(...)`, `device_map=`, Accelerate `prepare`, or a Lightning `accelerator:`/`devices:` config.",
        rationale: "Hard-wired or missing device selection breaks CPU-only CI and multi-GPU runs.",
        triggering: [.py("model.to(device)\n"), .py("model = AutoModel.from_pretrained(n, device_map='auto')\n"),
                     RuleExample(["configs/trainer/gpu.yaml": "accelerator: gpu\ndevices: 1\n"])],
        nonTriggering: [.py("x = torch.zeros(3)\n", .absent), RuleExample(["configs/trainer/gpu.yaml": "# accelerator: gpu\n"], .absent)],
        stubTerms: "device|to_gpu|to_cuda|place_model",
        gap: "no device selection; add cuda/mps/cpu detection and `.to(device)` in {anchor}",
        risk: "Runs fail or silently train on CPU when the expected GPU is missing.",
        patch: "Add `device = 'cuda' if torch.cuda.is_available() else 'cpu'` and `model.to(device)` in {anchor}; test on CPU.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.calls({ $0.callee.lastComponent == "to" && ($0.positionalArguments.first?.imatches(#"device|cuda|cpu|mps|rank"#) == true || $0.keywords.contains("device")) })
            .map { m, c in ctx.candidate(m, c, strength: c.callee.imatches("model|net|module") ? 8 : 6, note: "moved to device") }
        out += ctx.callCandidates(#"(model|net|module)\w*\.cuda$|^torch\.device$|^torch\.cuda\.set_device$|accelerator\.prepare\w*$"#, strength: 6, note: "device selected")
        out += ctx.keywordCandidates(["device_map", "device"], strength: 6, note: "device passed") { !Values.isFalsy($0) }
        out += ctx.entryCandidates(["accelerator", "devices", "device", "device_map", "distributed_type", "gpu_ids", "num_processes"], strength: 5,
                                   note: "device configured") { !$0.isNullish }
        return out
    }
}

struct PeftRule: CapabilityRule {
    let description = RuleDescription(
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

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
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
