import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct StructuredConfigRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .structuredConfig,
        summary:
            "Typed or nested configuration: Hydra `@hydra.main`/OmegaConf, config dataclasses or pydantic settings, `HfArgumentParser`/`TrlParser`, composed YAML config trees, or Python config files exec'd as overrides.",
        rationale: "Structured configs make runs reproducible and reviewable; ad-hoc globals drift between scripts.",
        triggering: [
            RuleExample(["configs/train.yaml": "defaults:\n  - model: mnist\n  - _self_\nseed: 1\n"]),
            .py(
                "from dataclasses import dataclass\n@dataclass\nclass GPTConfig:\n    n_layer: int = 12\n",
                path: "model.py"),
            .py("from omegaconf import OmegaConf\ncfg = OmegaConf.load('c.yaml')\n"),
            .py("from mingpt.utils import CfgNode as CN\nC = CN()\nC.lr = 0.1\n"),
            .py("exec(open('configurator.py').read())\n"),
            .py(
                "import transformers\nargs = transformers.TrainingArguments(per_device_train_batch_size=4, learning_rate=3e-4, num_train_epochs=3, output_dir='out')\n"
            ),
        ],
        nonTriggering: [
            .py("lr = 0.1\nbatch_size = 32\n", .absent),
            RuleExample([".github/workflows/ci.yml": "defaults:\n  run:\n    shell: bash\n"], .absent),
            .py("VERSION = {}\nexec(open('version.py').read(), VERSION)\n", path: "setup_version.py", .absent),
            .py("from dataclasses import dataclass\n@dataclass\nclass Point:\n    x: int = 0\n", .absent),
        ],
        stubTerms: "config|settings|load_cfg",
        gap:
            "configuration is plain module globals; move hyper-parameters into a config dataclass or YAML loaded by {anchor}",
        gapFiles: [.anchor],
        risk: "Hyper-parameters are scattered, so two runs cannot be compared or reproduced from a file.",
        patch:
            "Add a `TrainConfig` dataclass (or `configs/train.yaml` read with OmegaConf) and load it at the top of {anchor}; test that defaults load.",
        patchFiles: [.path("configs/train.yaml"), .anchor],
        deferral: Deferral(
            .medium, why: "every entry point reads settings its own way",
            plan: "introduce a dataclass config loaded from YAML with defaults, used by every entry point"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.callCandidates(
            #"(^|\.)(Params|\w*Config|\w*Cfg|\w*Settings)\.(from_file|from_json|from_yaml|from_json_file|from_yaml_file|parse_file|parse_raw)$|^hydra\.main$|(^|\.)(OmegaConf\.(load|structured|create|merge)|compose|initialize_config_dir|HfArgumentParser|TrlParser|parse_args_and_config|parse_yaml_file|parse_json_file|get_cfg|CfgNode)$"#,
            strength: 7, note: "structured config loaded")
        for m in ctx.product {
            for c in m.classes
            where c.decorators.contains(where: { $0.lastComponent == "dataclass" })
                || c.bases.contains(where: {
                    $0.matches(
                        #"(^|\.)(BaseModel|BaseSettings|PretrainedConfig|TrainingArguments|\w*Config|\w*Arguments)$"#)
                })
            {
                guard c.name.imatches(#"config|args|arguments|settings|params|hparams|options"#) else { continue }
                out.append(
                    RuleCandidate(ctx.ev(m.path, c.span.start), strength: 6, note: "typed config class `\(c.name)`"))
            }
        }
        // a framework's typed config dataclass built with the run's settings (transformers TrainingArguments, peft
        // LoraConfig: https://huggingface.co/docs/transformers/main_classes/trainer#transformers.TrainingArguments)
        for (m, c) in ctx.callsNamed([
            "TrainingArguments", "Seq2SeqTrainingArguments", "LoraConfig", "BitsAndBytesConfig", "SFTConfig",
            "DPOConfig", "GRPOConfig",
        ])
        where c.keywords.filter({ $0 != "**" }).count >= 3
            && (ctx.imports(m, "transformers") || ctx.imports(m, "peft") || ctx.imports(m, "trl"))
        {
            out.append(
                ctx.candidate(m, c, strength: 4, note: "typed framework config object `\(c.callee.lastComponent)`"))
        }
        out += ctx.callsMatching(#"^(yaml\.(safe_load|load|full_load)|toml\.load|tomllib\.load|json\.load)$"#)
            .filter {
                ctx.lineText($0.module.path, $0.call.line).imatches(
                    #"conf|cfg|hparam|setting|param|args|\.ya?ml|\.toml"#)
            }
            .map { ctx.candidate($0.module, $0.call, strength: 5, note: "config file loaded") }
        // Python config files exec'd into the script's globals
        out += ctx.calls({
            $0.callee == "exec" && $0.positionalArguments.first?.imatches(#"read\(\)"#) == true
                && $0.positionalArguments.first?.imatches(#"conf|cfg|setting|param"#) == true
        })
        .map { ctx.candidate($0.module, $0.call, strength: 6, note: "config file exec'd as overrides") }
        // Hydra defaults lists / config trees
        // Hydra defaults lists (`defaults: [- model: x, - _self_]`), not CI `defaults:` blocks
        let hydraFiles = Set(
            ctx.entries(key: "defaults") { e in
                e.keyPath == "defaults" && !e.isListItem && e.format == .yaml
                    && !e.path.imatches(#"(^|/)\.?(gitlab|circleci|azure|github)"#)
            }.map(\.path).filter { p in
                (ctx.entriesByPath[p] ?? []).contains {
                    $0.keyPath.hasPrefix("defaults.") || ($0.keyPath == "defaults" && $0.isListItem)
                }
            })
        out += ctx.entries(key: "defaults") {
            $0.keyPath == "defaults" && !$0.isListItem && hydraFiles.contains($0.path)
        }.prefix(1)
            .map { ctx.candidate($0, strength: 7, note: "Hydra defaults list") }
        return out
    }
}
