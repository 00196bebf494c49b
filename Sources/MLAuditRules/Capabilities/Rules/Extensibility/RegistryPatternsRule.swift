import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct RegistryPatternsRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .registryPatterns,
        summary:
            "Name -> class registries: registering decorators (`@register_model(...)`, `@REGISTRY.register()`), `Registry(...)` objects, or module-level dicts mapping names to classes/factories defined in the repository.",
        rationale: "Registries let configs name components by string and make extensions discoverable.",
        triggering: [
            .py(
                "MODELS = {}\ndef register(name):\n    def deco(cls):\n        MODELS[name] = cls\n        return cls\n    return deco\n@register('gpt')\nclass GPT:\n    pass\n"
            ),
            .py("class A: pass\nclass B: pass\nREGISTRY = {'a': A, 'b': B}\n"),
            .py("def main():\n    reward_funcs_registry = {'acc': accuracy_reward, 'fmt': format_reward}\n"),
            .py(
                "class Callbacks:\n    def __init__(self):\n        self._callbacks = {'on_end': []}\n    def register_action(self, hook, name='', callback=None):\n        self._callbacks[hook].append({'name': name, 'callback': callback})\n",
                path: "utils/callbacks.py"),
        ],
        nonTriggering: [
            .py(
                "class UNet(ModelMixin, ConfigMixin):\n    @register_to_config\n    def __init__(self, in_channels=4):\n        super().__init__()\n",
                .absent),
            .py("config_args = {'gpt2': dict(n_layer=12), 'gpt2-medium': dict(n_layer=24)}\n", .absent),
            .py("def main():\n    sizes_registry = {'a': 1, 'b': 2}\n", .absent),
        ],
        stubTerms: "registry|register",
        searches: RuleSearch(names: ["register_model", "REGISTRY", "register", "Registry"]),
        gap: "components are chosen by if/else or file names; add a name -> class registry for models/datasets",
        risk: "Adding a component means editing dispatch code in several places.",
        patch:
            "Add a `MODEL_REGISTRY` dict with a `register_model(name)` decorator and resolve `cfg.model.name` through it; test an unknown name raises a clear error.",
        deferral: Deferral(
            .medium, why: "every construction site must go through the registry",
            plan: "add a name->class registry with a register decorator and look up components by config name"),
        knobs: ["Registry", "REGISTRY", "_target_", "_component_"])

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out: [RuleCandidate] = []
        for m in ctx.product {
            for c in m.classes
            where c.decorators.contains(where: {
                $0.lastComponent.imatches(#"^register\w*$"#)
                    && !$0.lastComponent.imatches(#"^register_(to_config|buffer|parameter|module|\w*hook\w*)$"#)
            }) {
                out.append(
                    RuleCandidate(ctx.ev(m.path, c.span.start), strength: 8, note: "class registered by decorator"))
            }
            for f in m.functions
            where f.decorators.contains(where: {
                $0.lastComponent.imatches(#"^register\w*$"#)
                    && !$0.lastComponent.imatches(#"^register_(to_config|buffer|parameter|module|\w*hook\w*)$"#)
            }) {
                out.append(
                    RuleCandidate(ctx.ev(m.path, f.span.start), strength: 7, note: "function registered by decorator"))
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
        // a name -> callable table in any scope, named as a registry (trl's `reward_funcs_registry`, accelerate's
        // LOGGER_TYPE_TO_CLASS, diffusers' AUTO_*_MAPPING)
        for (m, a) in ctx.assignments({ $0.valueText.hasPrefix("{") && $0.enclosingFunction != nil })
        where a.target.lastComponent.imatches(
            #"registr(y|ies)|^[A-Z0-9_]*_(MAPPING|REGISTRY)$|_to_(cls|class|fn|func)$"#)
        {
            if a.valueText.matchesAll(#"['"][\w.-]+['"]\s*:\s*([A-Za-z_][\w.]*)\s*[,(}]"#).count >= 2 {
                out.append(
                    RuleCandidate(ctx.ev(m.path, a.line), strength: 6, note: "name -> callable registry `\(a.target)`"))
            }
        }
        // a register method that files callables under a name (detectron2/fvcore `Registry.register`, yolov5's
        // `Callbacks.register_action`, keras `register_keras_serializable`)
        for m in ctx.product {
            for f in m.functions
            where f.enclosingClass != nil && f.name.imatches(#"^register(_\w+)?$"#) && f.bodyKind == .implemented {
                let files =
                    m.calls.contains {
                        $0.enclosingFunction == f.qualifiedName
                            && $0.callee.matches(#"^self\.\w+(\[\])*\.(append|add|update|setdefault|__setitem__)$"#)
                    }
                    || m.assignments.contains {
                        $0.enclosingFunction == f.qualifiedName && $0.target.matches(#"^self\.\w+\["#)
                    }
                if files {
                    out.append(
                        RuleCandidate(
                            ctx.ev(m.path, f.span.start), strength: 6,
                            note: "`\(f.qualifiedName)` files callables under a name"))
                }
            }
        }
        return out
    }
}
