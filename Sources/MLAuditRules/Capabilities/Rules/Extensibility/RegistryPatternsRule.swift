import Foundation
import MLAuditPython
import MLAuditKit
import MLAuditReport
import MLAuditFacts

package struct RegistryPatternsRule: CapabilityRule {
    package let description = RuleDescription(
        code: "CAP-EXT-02", capability: "Extensibility", subfeature: "registry patterns",
        summary: "Name -> class registries: registering decorators (`@register_model(...)`, `@REGISTRY.register()`), `Registry(...)` objects, or module-level dicts mapping names to classes/factories defined in the repository.",
        rationale: "Registries let configs name components by string and make extensions discoverable.",
        triggering: [.py("MODELS = {}\ndef register(name):\n    def deco(cls):\n        MODELS[name] = cls\n        return cls\n    return deco\n@register('gpt')\nclass GPT:\n    pass\n"),
                     .py("class A: pass\nclass B: pass\nREGISTRY = {'a': A, 'b': B}\n")],
        nonTriggering: [.py("config_args = {'gpt2': dict(n_layer=12), 'gpt2-medium': dict(n_layer=24)}\n", .absent)],
        stubTerms: "registry|register",
        gap: "components are chosen by if/else or file names; add a name -> class registry for models/datasets",
        risk: "Adding a component means editing dispatch code in several places.",
        patch: "Add a `MODEL_REGISTRY` dict with a `register_model(name)` decorator and resolve `cfg.model.name` through it; test an unknown name raises a clear error.")

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out: [RuleCandidate] = []
        for m in ctx.product {
            for c in m.classes where c.decorators.contains(where: { $0.lastComponent.imatches(#"^register\w*$"#) }) {
                out.append(RuleCandidate(ctx.ev(m.path, c.span.start), strength: 8, note: "class registered by decorator"))
            }
            for f in m.functions where f.decorators.contains(where: { $0.lastComponent.imatches(#"^register\w*$"#) }) {
                out.append(RuleCandidate(ctx.ev(m.path, f.span.start), strength: 7, note: "function registered by decorator"))
            }
        }
        out += ctx.callCandidates(#"(^|\.)Registry$"#, strength: 7, note: "Registry object")
        let known = Set(ctx.classes.keys)
        for (m, a) in ctx.assignments({ $0.enclosingFunction == nil && $0.valueText.hasPrefix("{") }) {
            let values = a.valueText.matchesAll(#":\s*([A-Z]\w*)\s*[,}]"#)
            let imported = Set(m.imports.flatMap { $0.names.map { $0.alias ?? $0.name } })
            if values.count >= 2 && values.allSatisfy({ known.contains($0) || imported.contains($0) }) {
                out.append(RuleCandidate(ctx.ev(m.path, a.line), strength: 6, note: "name -> class map `\(a.target)`"))
            } else if a.target.imatches("registry|registries") {
                out.append(RuleCandidate(ctx.ev(m.path, a.line), strength: 5, note: "registry `\(a.target)`"))
            }
        }
        return out
    }
}
