import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct ModelInitRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .modelInit,
        summary:
            "A model is constructed from config or loaded from weights: `AutoModel*.from_pretrained`, a repository nn.Module/LightningModule instantiated, `hydra.utils.instantiate(cfg.model)`, or a `_target_` model config.",
        rationale:
            "Model construction is where architecture, weights and precision are fixed; without it nothing can be trained or served.",
        triggering: [
            .py("from transformers import AutoModelForCausalLM\nmodel = AutoModelForCausalLM.from_pretrained(name)\n"),
            .py(
                "import torch.nn as nn\nclass GPT(nn.Module):\n    def forward(self, x):\n        return x\nmodel = GPT()\n"
            ),
            .py("import hydra\ndef train(cfg):\n    model = hydra.utils.instantiate(cfg.model)\n    return model\n"),
        ],
        nonTriggering: [
            .py("import torch.nn as nn\nclass GPT(nn.Module):\n    def forward(self, x):\n        return x\n", .absent),
            .py("from transformers import AutoModel\n", .absent),
        ],
        stubTerms: "build_model|create_model|load_model|init_model|model_init|from_pretrained",
        gap: "no model is constructed or loaded; add a `build_model(cfg)` factory used by {anchor}",
        gapFiles: [.anchor],
        risk: "Without a single construction path, training and inference may build different architectures.",
        patch:
            "Add `build_model(cfg)` returning `AutoModelForCausalLM.from_pretrained(cfg.model_name)` and call it from {anchor}; test it on a tiny config.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .medium, why: "model construction is entangled with config loading",
            plan: "add build_model(cfg) returning the model, with a tiny-config forward-shape test"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        let models = ctx.modelClassNames
        var out = ctx.callsMatching(
            #"(^|\.)(AutoModel\w*|\w+For\w+|\w+Model|AutoPeftModel\w*|PeftModel)\.(from_pretrained|from_config)$"#
        ).map { m, c in
            // loading foreign weights inside the repository's own model class (a converter) is weaker than a script building the model
            let inModel =
                ctx.function(in: m, at: c.line)?.enclosingClass.map { models.contains($0.lastComponent) } ?? false
            return ctx.candidate(m, c, strength: inModel ? 5 : 8, note: "model loaded")
        }
        for (m, c) in ctx.calls(at: ctx.sites(leaf: models) + ctx.sites(leafMatching: "^from_")).filter({ _, c in
            models.contains(c.callee.lastComponent)
                || models.contains(c.callee.dottedParts.dropLast().last.map(String.init) ?? "")
                    && c.callee.lastComponent.hasPrefix("from_")
        }) {
            // a model class constructing itself inside its own body (e.g. super().__init__) does not count
            if let f = ctx.function(in: m, at: c.line), f.enclosingClass == c.callee.lastComponent { continue }
            // a self-test in the model file's __main__ block is weaker than a script building the model
            let selfTest =
                m.mainBlocks.contains { $0.start <= c.line && c.line <= $0.end }
                && m.classes.contains { $0.name == c.callee.lastComponent }
            // a layer built inside another module's method is a sub-module, not the model's construction
            let owner = ctx.function(in: m, at: c.line)?.enclosingClass.flatMap { name in
                m.classes.first { $0.qualifiedName == name }
            }
            let insideModule =
                owner.map { o in models.contains(o.name) || o.bases.contains { !["object", "ABC"].contains($0) } }
                ?? false
            out.append(
                ctx.candidate(
                    m, c, strength: selfTest || insideModule ? 3 : 7,
                    note: insideModule ? "sub-module constructed" : "repository model constructed"))
        }
        for (m, c) in ctx.calls(at: ctx.sites(leaf: ["instantiate"]))
        where c.positionalArguments.first?.imatches(#"model|net|network|module"#) == true {
            out.append(ctx.candidate(m, c, strength: 8, note: "model instantiated from config"))
        }
        out += ctx.entries(key: "_target_") { $0.keyPath == "_target_" && $0.directory.imatches(#"(^|/)models?$"#) }
            .map { ctx.candidate($0, strength: 4, note: "model config target") }
        return out
    }
}
