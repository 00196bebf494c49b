import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct PluggableComponentsRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .pluggableComponents,
        summary:
            "Components swappable without code edits: abstract bases with several implementations, package entry-point groups, `importlib.metadata.entry_points`, or Hydra `_target_` instantiation over interchangeable config groups.",
        rationale: "Pluggable interfaces let new models, data sources or loggers be added without forking core code.",
        triggering: [
            .py(
                "from abc import ABC, abstractmethod\nclass Base(ABC):\n    @abstractmethod\n    def run(self): ...\nclass A(Base):\n    def run(self): return 1\nclass B(Base):\n    def run(self): return 2\n"
            ),
            RuleExample([
                "src/inst.py":
                    "import hydra\ndef instantiate_callbacks(cfg):\n    out = []\n    for _, c in cfg.items():\n        out.append(hydra.utils.instantiate(c))\n    return out\n",
                "configs/logger/csv.yaml": "csv:\n  _target_: lightning.pytorch.loggers.CSVLogger\n",
                "configs/logger/tb.yaml": "tb:\n  _target_: lightning.pytorch.loggers.TensorBoardLogger\n",
            ]),
        ],
        nonTriggering: [.py("class MyConfig(SFTConfig):\n    extra: int = 1\n", .absent)],
        stubTerms: "plugin|register|entry_point",
        searches: RuleSearch(names: ["entry_points", "_target_"]),
        gap:
            "components are hard-wired; introduce an interface (ABC) or `_target_` instantiation for the model/data/logger choice in {anchor}",
        gapFiles: [.anchor],
        risk: "Every new model or dataset requires editing core training code.",
        patch:
            "Define an abstract base (e.g. `DataSource`) with two implementations selected from config in {anchor}; test both are constructible.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .high, why: "an architectural change across modules",
            plan:
                "define an abstract base for the swappable component (model/dataset) with two implementations selected by config"
        ))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out: [RuleCandidate] = []
        // abstract bases with >= 2 implementations in the repository
        // classes in (path, line) order: a Dictionary's order changes from run to run and must never reach the report
        let all = ctx.classList
        let abstract = all.filter { c in
            c.cls.bases.contains { $0.matches(#"(^|\.)(ABC|Protocol)$"#) }
                || c.cls.keywords["metaclass"]?.contains("ABCMeta") == true
        }
        // classes deriving from each base name (by its last component), counted once per class: one pass, not one
        // pass over every class per base asked
        var implementations: [String: Int] = [:]
        for c in all {
            for leaf in Set(c.cls.bases.map(\.lastComponent)) { implementations[leaf, default: 0] += 1 }
        }
        for a in abstract.sorted(by: { ($0.cls.name, $0.module) < ($1.cls.name, $1.module) }) {
            let count = implementations[a.cls.name] ?? 0
            if count >= 2 {
                out.append(
                    RuleCandidate(
                        ctx.ev(a.module, a.cls.span.start), strength: 8,
                        note: "`\(a.cls.name)` with \(count) implementations"))
            }
        }
        // base classes whose methods are declarations that two or more repository subclasses implement
        let declaring = Set(
            ctx.facts.stubs.filter { $0.declaration && ctx.isProductPath($0.path) }.compactMap { s -> String? in
                let parts = s.symbol.split(separator: ".")
                return parts.count >= 2 ? String(parts[parts.count - 2]) : nil
            })
        let abstractNames = Set(abstract.map(\.cls.name))
        for name in declaring.sorted() where !abstractNames.contains(name) {
            guard let base = ctx.classes[name] else { continue }
            let count = implementations[name] ?? 0
            if count >= 2 {
                out.append(
                    RuleCandidate(
                        ctx.ev(base.module, base.cls.span.start), strength: 7,
                        note: "`\(name)` interface with \(count) implementations"))
            }
        }
        out += ctx.entries {
            ($0.keyPath.hasPrefix("project.entry-points.") || $0.keyPath.hasPrefix("tool.poetry.plugins."))
        }.map { ctx.candidate($0, strength: 8, note: "entry-point group") }
        out += ctx.callCandidates(
            #"(^|\.)(entry_points|iter_entry_points|PluginManager|load_plugins)$"#, strength: 7,
            note: "plugin discovery")
        // Hydra instantiation where config groups offer interchangeable targets
        let groups = Dictionary(grouping: ctx.entries(key: "_target_"), by: \.directory).filter {
            Set($0.value.map(\.path)).count >= 2
        }
        if !groups.isEmpty {
            let inst = ctx.calls(at: ctx.sites(leaf: ["instantiate"])).filter { $0.call.enclosingFunction != nil }
            for (m, c) in inst {
                let fn = c.enclosingFunction ?? ""
                out.append(
                    ctx.candidate(
                        m, c, strength: fn.imatches("instantiate") ? 7 : 5,
                        note: "`_target_` instantiation over \(groups.count) interchangeable config groups"))
            }
        }
        return out
    }
}
