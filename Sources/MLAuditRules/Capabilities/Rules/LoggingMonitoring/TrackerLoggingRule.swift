import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct TrackerLoggingRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .trackerLogging,
        summary:
            "A tracker writer used: `wandb.log/init`, TensorBoard `SummaryWriter`, `mlflow.log_*`, Lightning logger configs/objects, HF `report_to`, Accelerate `log_with`.",
        rationale: "Tracked curves are how training problems are diagnosed and runs compared.",
        triggering: [
            .py("import wandb\nwandb.log({'loss': loss})\n"),
            RuleExample([
                "configs/logger/tensorboard.yaml":
                    "tensorboard:\n  _target_: lightning.pytorch.loggers.tensorboard.TensorBoardLogger\n"
            ]),
            RuleExample(["recipes/a.yaml": "report_to:\n- tensorboard\n"]),
            .py("args = TrainingArguments(output_dir='o', report_to='wandb' if use_wandb else 'none')\n"),
            .notebook(["import wandb\nrun = wandb.init(project='demo')", "wandb.log({'loss': 0.5})"]),
        ],
        nonTriggering: [
            RuleExample(["recipes/a.yaml": "report_to: none\n"], .absent), .py("print(loss)\n", .absent),
            .py("args = TrainingArguments(output_dir='o', report_to='none')\n", .absent),
        ],
        stubTerms: "wandb|tensorboard|mlflow|tracker|summary_writer",
        gap: "metrics are only printed; log them to TensorBoard or W&B from {anchor}",
        gapFiles: [.anchor],
        risk: "Training curves are lost when the terminal closes, so divergence is found late.",
        patch:
            "Create a `SummaryWriter(log_dir)` (or `wandb.init` guarded by a flag) and log loss/lr each step in {anchor}; test with the tracker disabled.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .medium, why: "adds an optional dependency and network behaviour",
            plan:
                "add a guarded tracker (TensorBoard SummaryWriter or MLflow file: URI) that is a no-op when unavailable"
        ))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.callCandidates(
            #"^wandb\.(log|init)$|(^|\.)(SummaryWriter|add_scalar|add_scalars)$|^mlflow\.(log_metric|log_metrics|log_param|log_params|start_run)$|(^|\.)(TensorBoardLogger|WandbLogger|MLFlowLogger|CometLogger|NeptuneLogger|AimLogger)$|accelerator\.(init_trackers|log)$"#,
            strength: 8, note: "tracker writer")
        out += ctx.targetCandidates(
            #"(TensorBoardLogger|WandbLogger|MLFlowLogger|CometLogger|NeptuneLogger|AimLogger)$"#, strength: 7,
            note: "tracker logger configured")
        out += ctx.keywordCandidates(["report_to", "log_with"], strength: 6, note: "tracker selected") {
            !$0.imatches(#"^(['"]none['"]|\[\]|None|['"]['"])$"#)
        }
        out += ctx.entryCandidates(["report_to", "log_with"], strength: 6, note: "tracker selected") {
            !$0.isNullish && !$0.value.imatches("^none$")
        }
        .filter { $0.verdict == .accepted || true }
        return out
    }
}
