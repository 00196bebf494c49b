import Foundation
import MLAuditPython

struct MLflowLocalRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-EXP-01", capability: "Experiment Tracking", subfeature: "MLflow local tracking",
        summary: "MLflow used locally: `mlflow.log_param/log_metric/start_run/autolog`, a `file:`/path tracking URI, an `MLFlowLogger` configured (local `./mlruns` unless a server URI is set), or `report_to: mlflow`.",
        rationale: "Local MLflow keeps params, metrics and artefacts of every run queryable without a server.",
        triggering: [.py("import mlflow\nmlflow.log_metric('loss', 0.1)\n"),
                     RuleExample(["configs/logger/mlflow.yaml": "mlflow:\n  _target_: lightning.pytorch.loggers.mlflow.MLFlowLogger\n  tracking_uri: ${paths.log_dir}/mlflow/mlruns\n"])],
        nonTriggering: [.py("import mlflow\n", .absent), RuleExample(["requirements.txt": "mlflow==2.9.0\n"], .absent)],
        stubTerms: "mlflow",
        gap: "no MLflow tracking; log params and metrics to a local `file:./mlruns` store from {anchor}",
        risk: "Run parameters and metrics are not recorded in a queryable store.",
        patch: "Guard `mlflow.set_tracking_uri('file:./mlruns')`, `log_params(cfg)` and `log_metric` behind a `--mlflow` flag in {anchor}; test with the flag off.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.callCandidates(#"^mlflow\.(log_param|log_params|log_metric|log_metrics|start_run|autolog|\w+\.autolog|log_artifact)$"#, strength: 8, note: "MLflow logging")
        for (m, c) in ctx.callsMatching(#"(^|\.)set_tracking_uri$"#) {
            let v = c.positionalArguments.first ?? ""
            out.append(v.imatches(#"^['"]?https?://"#) ? RuleCandidate(ctx.ev(m.path, c.line), strength: 2, .rejected("remote tracking server")) : ctx.candidate(m, c, strength: 7, note: "local tracking URI"))
        }
        let loggerRows = ctx.entriesBeside(target: #"MLFlowLogger$"#)
        if let uri = loggerRows.first(where: { $0.key == "tracking_uri" }) {
            out.append(uri.value.imatches("^https?://") ? RuleCandidate(ctx.ev(uri.path, uri.line), strength: 2, .rejected("remote tracking server"))
                                                         : ctx.candidate(uri, strength: 7, note: "MLFlowLogger with local tracking URI"))
        } else {
            out += ctx.targetCandidates(#"MLFlowLogger$"#, strength: 6, note: "MLFlowLogger (local ./mlruns by default)")
        }
        out += ctx.callCandidates(#"(^|\.)MLFlowLogger$"#, strength: 6, note: "MLFlowLogger")
        out += ctx.entries(key: "report_to", "log_with") { $0.value.lowercased().contains("mlflow") }.map { ctx.candidate($0, strength: 5, note: "report_to mlflow") }
        return out
    }
}

struct WandbOfflineRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-EXP-02", capability: "Experiment Tracking", subfeature: "W&B offline mode",
        summary: "wandb used with an explicit offline/disabled mode: `wandb.init(mode=...)`, `WANDB_MODE` set in code/scripts/env files, or an `offline` option of a WandbLogger config.",
        rationale: "Offline mode lets runs on air-gapped or CI machines keep their logs without leaking to the cloud.",
        triggering: [.py("import wandb\nwandb.init(project='p', mode='offline')\n"),
                     RuleExample(["configs/logger/wandb.yaml": "wandb:\n  _target_: lightning.pytorch.loggers.wandb.WandbLogger\n  offline: False\n"]),
                     .py("import os\nos.environ['WANDB_MODE'] = 'disabled'\n")],
        nonTriggering: [.py("import wandb\nwandb_log = False\nif wandb_log:\n    wandb.init(project='p')\n", .absent)],
        stubTerms: "wandb",
        gap: "wandb has no offline/disabled switch; pass `mode=os.environ.get('WANDB_MODE', 'offline')` to `wandb.init` in {anchor}",
        risk: "Runs without network access fail or hang at `wandb.init`, and CI may upload data to the cloud.",
        patch: "Add a `wandb_mode` option (online/offline/disabled) passed as `wandb.init(mode=...)` in {anchor}; test with `WANDB_MODE=disabled`.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.calls({ $0.callee.matches(#"^wandb\.init$|(^|\.)WandbLogger$"#) && ($0.keywords.contains("mode") || $0.keywords.contains("offline")) })
            .map { m, c in
                let v = c.keywordValues["mode"] ?? c.keywordValues["offline"] ?? ""
                // a literal "online" mode has no offline switch; a variable or offline/disabled literal does
                return v.imatches(#"^['"]online['"]$"#) ? RuleCandidate(ctx.ev(m.path, c.line), .rejected("mode is fixed to online"))
                    : ctx.candidate(m, c, strength: 8, note: "wandb mode set")
            }
        out += ctx.assignmentCandidates(target: #"WANDB_MODE|environ"#, value: ".", strength: 7, note: "WANDB_MODE set")
            .filter { ctx.lineText($0.evidence.path, $0.evidence.line).contains("WANDB_MODE") }
        out += ctx.calls({ ($0.callee.hasSuffix("environ.setdefault") || $0.callee.hasSuffix("putenv")) && $0.positionalArguments.first?.contains("WANDB_MODE") == true })
            .map { ctx.candidate($0.module, $0.call, strength: 7, note: "WANDB_MODE set") }
        out += ctx.entriesBeside(target: #"WandbLogger$"#).filter { $0.key == "offline" || $0.key == "mode" }.map { ctx.candidate($0, strength: 7, note: "WandbLogger offline option") }
        out += ctx.entries(key: "WANDB_MODE").map { ctx.candidate($0, strength: 6, note: "WANDB_MODE configured") }
        out += ctx.productCommands.filter { $0.text.matches(#"WANDB_MODE=|wandb (offline|disabled)"#) }.map { RuleCandidate(ctx.ev($0.path, $0.line), strength: 6, note: "WANDB_MODE in script") }
        return out
    }
}

struct PluggableComponentsRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-EXT-01", capability: "Extensibility", subfeature: "pluggable components",
        summary: "Components swappable without code edits: abstract bases with several implementations, package entry-point groups, `importlib.metadata.entry_points`, or Hydra `_target_` instantiation over interchangeable config groups.",
        rationale: "Pluggable interfaces let new models, data sources or loggers be added without forking core code.",
        triggering: [.py("from abc import ABC, abstractmethod\nclass Base(ABC):\n    @abstractmethod\n    def run(self): ...\nclass A(Base):\n    def run(self): return 1\nclass B(Base):\n    def run(self): return 2\n"),
                     RuleExample(["src/inst.py": "import hydra\ndef instantiate_callbacks(cfg):\n    out = []\n    for _, c in cfg.items():\n        out.append(hydra.utils.instantiate(c))\n    return out\n",
                                  "configs/logger/csv.yaml": "csv:\n  _target_: lightning.pytorch.loggers.CSVLogger\n",
                                  "configs/logger/tb.yaml": "tb:\n  _target_: lightning.pytorch.loggers.TensorBoardLogger\n"])],
        nonTriggering: [.py("class MyConfig(SFTConfig):\n    extra: int = 1\n", .absent)],
        stubTerms: "plugin|register|entry_point",
        gap: "components are hard-wired; introduce an interface (ABC) or `_target_` instantiation for the model/data/logger choice in {anchor}",
        risk: "Every new model or dataset requires editing core training code.",
        patch: "Define an abstract base (e.g. `DataSource`) with two implementations selected from config in {anchor}; test both are constructible.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out: [RuleCandidate] = []
        // abstract bases with >= 2 implementations in the repository
        // classes in (path, line) order: a Dictionary's order changes from run to run and must never reach the report
        let all = ctx.classList
        let abstract = all.filter { c in
            c.cls.bases.contains { $0.matches(#"(^|\.)(ABC|Protocol)$"#) } || c.cls.keywords["metaclass"]?.contains("ABCMeta") == true
        }
        for a in abstract.sorted(by: { ($0.cls.name, $0.module) < ($1.cls.name, $1.module) }) {
            let impls = all.filter { $0.cls.bases.contains { $0.lastComponent == a.cls.name } }
            if impls.count >= 2 { out.append(RuleCandidate(ctx.ev(a.module, a.cls.span.start), strength: 8, note: "`\(a.cls.name)` with \(impls.count) implementations")) }
        }
        // base classes whose methods are declarations that two or more repository subclasses implement
        let declaring = Set(ctx.facts.stubs.filter { $0.declaration && ctx.isProductPath($0.path) }.compactMap { s -> String? in
            let parts = s.symbol.split(separator: ".")
            return parts.count >= 2 ? String(parts[parts.count - 2]) : nil
        })
        for name in declaring.sorted() where !abstract.contains(where: { $0.cls.name == name }) {
            guard let base = ctx.classes[name] else { continue }
            let impls = ctx.classList.filter { $0.cls.bases.contains { $0.lastComponent == name } }
            if impls.count >= 2 { out.append(RuleCandidate(ctx.ev(base.module, base.cls.span.start), strength: 7, note: "`\(name)` interface with \(impls.count) implementations")) }
        }
        out += ctx.entries { ($0.keyPath.hasPrefix("project.entry-points.") || $0.keyPath.hasPrefix("tool.poetry.plugins.")) }.map { ctx.candidate($0, strength: 8, note: "entry-point group") }
        out += ctx.callCandidates(#"(^|\.)(entry_points|iter_entry_points|PluginManager|load_plugins)$"#, strength: 7, note: "plugin discovery")
        // Hydra instantiation where config groups offer interchangeable targets
        let groups = Dictionary(grouping: ctx.entries(key: "_target_"), by: \.directory).filter { Set($0.value.map(\.path)).count >= 2 }
        if !groups.isEmpty {
            let inst = ctx.calls { $0.callee.lastComponent == "instantiate" && $0.enclosingFunction != nil }
            for (m, c) in inst {
                let fn = c.enclosingFunction ?? ""
                out.append(ctx.candidate(m, c, strength: fn.imatches("instantiate") ? 7 : 5, note: "`_target_` instantiation over \(groups.count) interchangeable config groups"))
            }
        }
        return out
    }
}

struct RegistryPatternsRule: CapabilityRule {
    let description = RuleDescription(
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

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
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

extension String {
    /// First capture group of every match.
    func matchesAll(_ pattern: String) -> [String] {
        guard let re = try? NSRegularExpression(pattern: pattern) else { return [] }
        let ns = self as NSString
        return re.matches(in: self, range: NSRange(location: 0, length: ns.length)).compactMap {
            $0.numberOfRanges > 1 && $0.range(at: 1).location != NSNotFound ? ns.substring(with: $0.range(at: 1)) : nil
        }
    }
}
