import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct SweepsRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .sweeps,
        summary:
            "A search or grid over config values: Hydra sweeper/multirun configs, Optuna studies, W&B sweep definitions, Ray Tune spaces, or a script looping over values that launches runs.",
        rationale: "Hyper-parameter sweeps make tuning reproducible instead of a sequence of manual runs.",
        triggering: [
            RuleExample([
                "configs/hparams_search/optuna.yaml":
                    "hydra:\n  sweeper:\n    _target_: hydra_plugins.hydra_optuna_sweeper.optuna_sweeper.OptunaSweeper\n    params:\n      model.lr: interval(0.0001, 0.1)\n"
            ]),
            RuleExample(["scan.sh": "for beta in 0.01 0.1 0.5; do\n  python train.py --beta=$beta\ndone\n"]),
            RuleExample(["scripts/sweep.sh": "python src/train.py -m seed=1,2,3 model.lr=0.1,0.01\n"]),
            .py("import optuna\nstudy = optuna.create_study()\n"),
            .py(
                "from clearml.automation import HyperParameterOptimizer\nopt = HyperParameterOptimizer(base_task_id=t, hyper_parameters=space, objective_metric_title='metrics')\n"
            ),
        ],
        nonTriggering: [
            RuleExample(["run.sh": "for f in *.txt; do\n  echo $f\ndone\n"], .absent), .py("import optuna\n", .absent),
            RuleExample(
                [
                    "launch.sh":
                        "python -u -m accelerate.commands.launch --rdzv_conf \"rdzv_backend=c10d,rdzv_endpoint=localhost:9998\" train.py\n"
                ], .absent),
        ],
        stubTerms: "sweep|grid_search|hparam_search|hyperparam\\w*_search|tune_hyper",
        gap:
            "no sweep definition; add a Hydra multirun/Optuna sweeper config or a grid script over the main hyper-parameters",
        risk: "Tuning is manual and unrecorded, so the chosen hyper-parameters cannot be justified or repeated.",
        patch:
            "Add `configs/hparams_search/grid.yaml` (Hydra `--multirun` sweeper params) or a `sweep.yaml` for W&B covering lr and batch size; document the command.",
        patchFiles: [.path("configs/hparams_search/grid.yaml"), .path("sweep.yaml")],
        deferral: Deferral(
            .medium, why: "needs a runner and result aggregation",
            plan:
                "add a small grid definition (YAML) and a script that runs each point offline and writes one CSV row per run"
        ))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.entries(key: "_target_", "params", "mode", "sweeper") {
            ($0.key == "_target_" && $0.value.imatches("sweeper")) || $0.keyPath.hasSuffix("sweeper.params")
                || $0.keyPath == "hydra.mode" && $0.value == "MULTIRUN"
                || $0.keyPath.hasSuffix("sweeper") && $0.value.imatches("optuna|ax|nevergrad|basic")
        }
        .map { ctx.candidate($0, strength: 8, note: "Hydra sweeper") }
        // W&B sweep definitions: method + parameters at the root
        let sweepFiles = Set(
            ctx.entries(key: "method") { $0.keyPath == "method" && $0.value.imatches("^(grid|random|bayes)$") }.map(
                \.path)
        )
        .intersection(ctx.entries(key: "parameters") { $0.keyPath == "parameters" }.map(\.path))
        out += ctx.entries(key: "method") { sweepFiles.contains($0.path) && $0.keyPath == "method" }.map {
            ctx.candidate($0, strength: 7, note: "W&B sweep definition")
        }
        out += ctx.callCandidates(
            #"(^|\.)(optuna\.create_study|create_study|wandb\.sweep|wandb\.agent|tune\.run|tune\.Tuner|tune\.grid_search|ParameterGrid|comet_ml\.Optimizer|HyperParameterOptimizer|OptimizerOptuna)$"#,
            strength: 7, note: "search API")
        out += ShellLoops.sweepLoops(ctx).map {
            RuleCandidate(ctx.ev($0.path, $0.line), strength: 6, note: "grid loop launching runs")
        }
        // Hydra multirun: `python app.py -m a=1,2` / `--multirun` after the script
        // (https://hydra.cc/docs/tutorials/basic/running_your_app/multi-run/); `python -m module` runs a module,
        // and a comma inside a quoted launcher option is not a sweep (accelerate's `--rdzv_conf "a=b,c=d"`)
        out += ctx.productCommands.filter {
            $0.text.matches(#"(python|python3)\s+(-\w+\s+)*[\w./-]+\.py\b.*\s(-m|--multirun)\b.*\s[\w.+]+=[^ "']*,"#)
        }
        .map { RuleCandidate(ctx.ev($0.path, $0.line), strength: 6, note: "Hydra multirun command") }
        return out
    }
}
