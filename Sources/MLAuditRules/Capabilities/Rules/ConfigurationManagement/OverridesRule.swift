import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct OverridesRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .overrides,
        summary:
            "Config values overridable from the command line or environment: Hydra CLI, argparse/click/typer/fire, `TrlParser`/`HfArgumentParser`, `sys.argv` key=value parsing, `OmegaConf.from_cli`, `${oc.env:...}`.",
        rationale: "Overrides let one config serve many runs without editing files (and without forking scripts).",
        triggering: [
            .py("import sys\nfor arg in sys.argv[1:]:\n    key, val = arg.split('=')\n"),
            .py("import argparse\np = argparse.ArgumentParser()\np.add_argument('--lr', type=float)\n"),
            RuleExample(["configs/paths/default.yaml": "root_dir: ${oc.env:PROJECT_ROOT}\n"]),
        ],
        nonTriggering: [.py("lr = 0.1\n", .absent), .py("import argparse\n", .absent)],
        stubTerms: "override|parse_args|(^|[^A-Za-z])cli([^A-Za-z]|$)",
        searches: RuleSearch(names: ["TrlParser", "HfArgumentParser", "ArgumentParser", "argv", "from_cli"]),
        gap: "config values can only be changed by editing files; parse `--key=value` overrides in {anchor}",
        gapFiles: [.anchor],
        risk: "Sweeps and CI runs must edit files in place, which leaks changes into commits.",
        patch:
            "Parse CLI overrides (argparse or `OmegaConf.from_cli()`) and merge them over the loaded config in {anchor}; test an override.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .low, why: "parsing key=value pairs onto the config object",
            plan: "accept key=value CLI overrides applied onto the config, with a unit test"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.callCandidates(
            #"^hydra\.main$|(^|\.)(OmegaConf\.from_cli|from_dotlist|parse_args_and_config|parse_args_into_dataclasses|add_argument|Fire|TrlParser|HfArgumentParser)$|^(click\.option|typer\.Option)$"#,
            strength: 7, note: "CLI override parser")
        out += ctx.calls({ c in
            c.positionalArguments.contains { $0.hasPrefix("sys.argv") } || c.callee.hasPrefix("sys.argv")
        })
        .map { ctx.candidate($0.module, $0.call, strength: 6, note: "argv parsed") }
        // `for arg in sys.argv[1:]:` shows up as an assignment-free loop; read it from the assignments that split it
        // every match holds "arg": the byte scan answers the values without it
        out += ctx.assignments { $0.valueText.imatches(#"^sys\.argv|\barg\.split\(\s*['"]="#, containing: "arg") }
            .map {
                RuleCandidate(ctx.ev($0.module.path, $0.assignment.line), strength: 6, note: "key=value argv parsing")
            }
        out += ctx.entries { $0.value.fastContains("${oc.env:") || $0.value.fastContains("${env:") }
            .map { ctx.candidate($0, strength: 4, note: "environment interpolation") }
        return out
    }
}
