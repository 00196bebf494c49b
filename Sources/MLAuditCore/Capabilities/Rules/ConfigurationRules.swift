import Foundation
import MLAuditPython

struct StructuredConfigRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-CFG-01", capability: "Configuration Management", subfeature: "structured config",
        summary: "Typed or nested configuration: Hydra `@hydra.main`/OmegaConf, config dataclasses or pydantic settings, `HfArgumentParser`/`TrlParser`, composed YAML config trees, or Python config files exec'd as overrides.",
        rationale: "Structured configs make runs reproducible and reviewable; ad-hoc globals drift between scripts.",
        triggering: [RuleExample(["configs/train.yaml": "defaults:\n  - model: mnist\n  - _self_\nseed: 1\n"]),
                     .py("from dataclasses import dataclass\n@dataclass\nclass GPTConfig:\n    n_layer: int = 12\n", path: "model.py"),
                     .py("from omegaconf import OmegaConf\ncfg = OmegaConf.load('c.yaml')\n"),
                     .py("from mingpt.utils import CfgNode as CN\nC = CN()\nC.lr = 0.1\n"),
                     .py("exec(open('configurator.py').read())\n")],
        nonTriggering: [.py("lr = 0.1\nbatch_size = 32\n", .absent),
                        RuleExample([".github/workflows/ci.yml": "defaults:\n  run:\n    shell: bash\n"], .absent),
                        .py("VERSION = {}\nexec(open('version.py').read(), VERSION)\n", path: "setup_version.py", .absent),
                        .py("from dataclasses import dataclass\n@dataclass\nclass Point:\n    x: int = 0\n", .absent)],
        stubTerms: "config|settings|load_cfg",
        gap: "configuration is plain module globals; move hyper-parameters into a config dataclass or YAML loaded by {anchor}",
        risk: "Hyper-parameters are scattered, so two runs cannot be compared or reproduced from a file.",
        patch: "Add a `TrainConfig` dataclass (or `configs/train.yaml` read with OmegaConf) and load it at the top of {anchor}; test that defaults load.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.callCandidates(#"(^|\.)(Params|\w*Config|\w*Cfg|\w*Settings)\.(from_file|from_json|from_yaml|from_json_file|from_yaml_file|parse_file|parse_raw)$|^hydra\.main$|(^|\.)(OmegaConf\.(load|structured|create|merge)|compose|initialize_config_dir|HfArgumentParser|TrlParser|parse_args_and_config|parse_yaml_file|parse_json_file|get_cfg|CfgNode)$"#, strength: 7, note: "structured config loaded")
        for m in ctx.product {
            for c in m.classes where c.decorators.contains(where: { $0.lastComponent == "dataclass" }) || c.bases.contains(where: { $0.matches(#"(^|\.)(BaseModel|BaseSettings|PretrainedConfig|TrainingArguments|\w*Config|\w*Arguments)$"#) }) {
                guard c.name.imatches(#"config|args|arguments|settings|params|hparams|options"#) else { continue }
                out.append(RuleCandidate(ctx.ev(m.path, c.span.start), strength: 6, note: "typed config class `\(c.name)`"))
            }
        }
        out += ctx.callsMatching(#"^(yaml\.(safe_load|load|full_load)|toml\.load|tomllib\.load|json\.load)$"#)
            .filter { ctx.lineText($0.module.path, $0.call.line).imatches(#"conf|cfg|hparam|setting|param|args|\.ya?ml|\.toml"#) }
            .map { ctx.candidate($0.module, $0.call, strength: 5, note: "config file loaded") }
        // Python config files exec'd into the script's globals
        out += ctx.calls({ $0.callee == "exec" && $0.positionalArguments.first?.imatches(#"read\(\)"#) == true && $0.positionalArguments.first?.imatches(#"conf|cfg|setting|param"#) == true })
            .map { ctx.candidate($0.module, $0.call, strength: 6, note: "config file exec'd as overrides") }
        // Hydra defaults lists / config trees
        // Hydra defaults lists (`defaults: [- model: x, - _self_]`), not CI `defaults:` blocks
        let hydraFiles = Set(ctx.entries(key: "defaults") { e in
            e.keyPath == "defaults" && !e.isListItem && e.format == .yaml && !e.path.imatches(#"(^|/)\.?(gitlab|circleci|azure|github)"#)
        }.map(\.path).filter { p in
            (ctx.entriesByPath[p] ?? []).contains { $0.keyPath.hasPrefix("defaults.") || ($0.keyPath == "defaults" && $0.isListItem) }
        })
        out += ctx.entries(key: "defaults") { $0.keyPath == "defaults" && !$0.isListItem && hydraFiles.contains($0.path) }.prefix(1)
            .map { ctx.candidate($0, strength: 7, note: "Hydra defaults list") }
        return out
    }
}

struct OverridesRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-CFG-02", capability: "Configuration Management", subfeature: "overrides",
        summary: "Config values overridable from the command line or environment: Hydra CLI, argparse/click/typer/fire, `TrlParser`/`HfArgumentParser`, `sys.argv` key=value parsing, `OmegaConf.from_cli`, `${oc.env:...}`.",
        rationale: "Overrides let one config serve many runs without editing files (and without forking scripts).",
        triggering: [.py("import sys\nfor arg in sys.argv[1:]:\n    key, val = arg.split('=')\n"),
                     .py("import argparse\np = argparse.ArgumentParser()\np.add_argument('--lr', type=float)\n"),
                     RuleExample(["configs/paths/default.yaml": "root_dir: ${oc.env:PROJECT_ROOT}\n"])],
        nonTriggering: [.py("lr = 0.1\n", .absent), .py("import argparse\n", .absent)],
        stubTerms: "override|parse_args|(^|[^A-Za-z])cli([^A-Za-z]|$)",
        gap: "config values can only be changed by editing files; parse `--key=value` overrides in {anchor}",
        risk: "Sweeps and CI runs must edit files in place, which leaks changes into commits.",
        patch: "Parse CLI overrides (argparse or `OmegaConf.from_cli()`) and merge them over the loaded config in {anchor}; test an override.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.callCandidates(#"^hydra\.main$|(^|\.)(OmegaConf\.from_cli|from_dotlist|parse_args_and_config|parse_args_into_dataclasses|add_argument|Fire|TrlParser|HfArgumentParser)$|^(click\.option|typer\.Option)$"#, strength: 7, note: "CLI override parser")
        out += ctx.calls({ c in c.positionalArguments.contains { $0.hasPrefix("sys.argv") } || c.callee.hasPrefix("sys.argv") })
            .map { ctx.candidate($0.module, $0.call, strength: 6, note: "argv parsed") }
        // `for arg in sys.argv[1:]:` shows up as an assignment-free loop; read it from the assignments that split it
        out += ctx.assignments { $0.valueText.imatches(#"^sys\.argv|\barg\.split\(\s*['"]="#) }
            .map { RuleCandidate(ctx.ev($0.module.path, $0.assignment.line), strength: 6, note: "key=value argv parsing") }
        out += ctx.entries { $0.value.contains("${oc.env:") || $0.value.contains("${env:") }
            .map { ctx.candidate($0, strength: 4, note: "environment interpolation") }
        return out
    }
}

struct SweepsRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-CFG-03", capability: "Configuration Management", subfeature: "sweeps",
        summary: "A search or grid over config values: Hydra sweeper/multirun configs, Optuna studies, W&B sweep definitions, Ray Tune spaces, or a script looping over values that launches runs.",
        rationale: "Hyper-parameter sweeps make tuning reproducible instead of a sequence of manual runs.",
        triggering: [RuleExample(["configs/hparams_search/optuna.yaml": "hydra:\n  sweeper:\n    _target_: hydra_plugins.hydra_optuna_sweeper.optuna_sweeper.OptunaSweeper\n    params:\n      model.lr: interval(0.0001, 0.1)\n"]),
                     RuleExample(["scan.sh": "for beta in 0.01 0.1 0.5; do\n  python train.py --beta=$beta\ndone\n"]),
                     .py("import optuna\nstudy = optuna.create_study()\n")],
        nonTriggering: [RuleExample(["run.sh": "for f in *.txt; do\n  echo $f\ndone\n"], .absent), .py("import optuna\n", .absent)],
        stubTerms: "sweep|grid_search|hparam_search|hyperparam\\w*_search|tune_hyper",
        gap: "no sweep definition; add a Hydra multirun/Optuna sweeper config or a grid script over the main hyper-parameters",
        risk: "Tuning is manual and unrecorded, so the chosen hyper-parameters cannot be justified or repeated.",
        patch: "Add `configs/hparams_search/grid.yaml` (Hydra `--multirun` sweeper params) or a `sweep.yaml` for W&B covering lr and batch size; document the command.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.entries(key: "_target_", "params", "mode", "sweeper") { ($0.key == "_target_" && $0.value.imatches("sweeper")) || $0.keyPath.hasSuffix("sweeper.params") || $0.keyPath == "hydra.mode" && $0.value == "MULTIRUN" || $0.keyPath.hasSuffix("sweeper") && $0.value.imatches("optuna|ax|nevergrad|basic") }
            .map { ctx.candidate($0, strength: 8, note: "Hydra sweeper") }
        // W&B sweep definitions: method + parameters at the root
        let sweepFiles = Set(ctx.entries(key: "method") { $0.keyPath == "method" && $0.value.imatches("^(grid|random|bayes)$") }.map(\.path))
            .intersection(ctx.entries(key: "parameters") { $0.keyPath == "parameters" }.map(\.path))
        out += ctx.entries(key: "method") { sweepFiles.contains($0.path) && $0.keyPath == "method" }.map { ctx.candidate($0, strength: 7, note: "W&B sweep definition") }
        out += ctx.callCandidates(#"(^|\.)(optuna\.create_study|create_study|wandb\.sweep|wandb\.agent|tune\.run|tune\.Tuner|tune\.grid_search|ParameterGrid)$"#, strength: 7, note: "search API")
        out += ShellLoops.sweepLoops(ctx).map { RuleCandidate(ctx.ev($0.path, $0.line), strength: 6, note: "grid loop launching runs") }
        out += ctx.productCommands.filter { $0.text.matches(#"(python|python3)\s.*(\s-m\b|--multirun)\s.*\w+=[^ ]*,"#) }
            .map { RuleCandidate(ctx.ev($0.path, $0.line), strength: 6, note: "Hydra multirun command") }
        return out
    }
}

/// Shell `for VAR in VALUES` loops over literal values (words, or an array defined with literal items) whose body
/// launches a run using `$VAR`: a grid over config values. Loops over files or parsed arguments do not count.
enum ShellLoops {
    static let launch = #"\b(python3?|accelerate|torchrun|sbatch|deepspeed|srun)\b"#

    static func sweepLoops(_ ctx: RuleContext) -> [ShellCommandLine] {
        var out: [ShellCommandLine] = []
        let byFile = Dictionary(grouping: ctx.productCommands.filter { $0.path.imatches(#"\.(sh|bash|slurm)$"#) }, by: \.path)
        for (_, lines) in byFile {
            let sorted = lines.sorted { $0.line < $1.line }
            var arrays: [String: Int] = [:]   // name -> literal item count
            for l in sorted {
                if let r = l.text.range(of: #"^(\w+)=\((.*)\)\s*$"#, options: .regularExpression) {
                    let text = String(l.text[r])
                    let name = String(text.prefix { $0 != "=" })
                    let body = text.drop { $0 != "(" }.dropFirst().dropLast()
                    if !body.contains("$") { arrays[name] = body.split(separator: " ").count }
                }
            }
            for (i, l) in sorted.enumerated() {
                guard let r = l.text.range(of: #"^for\s+(\w+)\s+in\s+"#, options: .regularExpression) else { continue }
                let v = l.text[r].split(separator: " ").dropFirst().first.map(String.init) ?? ""
                var list = String(l.text[r.upperBound...])
                if let semi = list.range(of: ";") { list = String(list[..<semi.lowerBound]) }
                let literal: Bool
                if let arr = list.range(of: #"\$\{(\w+)\[@\]\}"#, options: .regularExpression) {
                    let name = list[arr].dropFirst(2).prefix { $0 != "[" }
                    literal = (arrays[String(name)] ?? 0) >= 2
                } else {
                    literal = !list.contains("$") && !list.contains("*") && !list.contains("`") && list.split(separator: " ").count >= 2
                }
                guard literal else { continue }
                // body up to the matching `done`
                var depth = 0
                for b in sorted[i...].prefix(300) {
                    if b.text.matches(#"^(for|while|until)\b"#) { depth += 1 }
                    if b.text.matches(launch) && (b.text.contains("$" + v) || b.text.contains("${" + v)) { out.append(l); break }
                    if b.text.matches(#"^done\b"#) || b.text.hasSuffix("; done") { depth -= 1; if depth <= 0 { break } }
                }
            }
        }
        return out.sorted { ($0.path, $0.line) < ($1.path, $1.line) }
    }
}
