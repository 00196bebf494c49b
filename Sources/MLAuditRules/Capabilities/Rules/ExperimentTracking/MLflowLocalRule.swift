import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct MLflowLocalRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .mlflowLocalTracking,
        summary:
            "MLflow used locally: `mlflow.log_param/log_metric/start_run/autolog`, a `file:`/path tracking URI, an `MLFlowLogger` configured (local `./mlruns` unless a server URI is set), or `report_to: mlflow`.",
        rationale: "Local MLflow keeps params, metrics and artefacts of every run queryable without a server.",
        triggering: [
            .py("import mlflow\nmlflow.log_metric('loss', 0.1)\n"),
            RuleExample([
                "configs/logger/mlflow.yaml":
                    "mlflow:\n  _target_: lightning.pytorch.loggers.mlflow.MLFlowLogger\n  tracking_uri: ${paths.log_dir}/mlflow/mlruns\n"
            ]),
        ],
        nonTriggering: [
            .py("import mlflow\n", .absent), RuleExample(["requirements.txt": "mlflow==2.9.0\n"], .absent),
        ],
        stubTerms: "mlflow",
        gap: "no MLflow tracking; log params and metrics to a local `file:./mlruns` store from {anchor}",
        gapFiles: [.anchor],
        risk: "Run parameters and metrics are not recorded in a queryable store.",
        patch:
            "Guard `mlflow.set_tracking_uri('file:./mlruns')`, `log_params(cfg)` and `log_metric` behind a `--mlflow` flag in {anchor}; test with the flag off.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .medium, why: "an optional dependency and a tracking folder to manage",
            plan: "log params/metrics with mlflow to a file: URI under the run folder, guarded when mlflow is missing"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.callCandidates(
            #"^mlflow\.(log_param|log_params|log_metric|log_metrics|start_run|autolog|\w+\.autolog|log_artifact)$"#,
            strength: 8, note: "MLflow logging")
        for (m, c) in ctx.callsMatching(#"(^|\.)set_tracking_uri$"#) {
            let v = c.positionalArguments.first ?? ""
            out.append(
                v.imatches(#"^['"]?https?://"#)
                    ? RuleCandidate(ctx.ev(m.path, c.line), strength: 2, .rejected("remote tracking server"))
                    : ctx.candidate(m, c, strength: 7, note: "local tracking URI"))
        }
        let loggerRows = ctx.entriesBeside(target: #"MLFlowLogger$"#)
        if let uri = loggerRows.first(where: { $0.key == "tracking_uri" }) {
            out.append(
                uri.value.imatches("^https?://")
                    ? RuleCandidate(ctx.ev(uri.path, uri.line), strength: 2, .rejected("remote tracking server"))
                    : ctx.candidate(uri, strength: 7, note: "MLFlowLogger with local tracking URI"))
        } else {
            out += ctx.targetCandidates(
                #"MLFlowLogger$"#, strength: 6, note: "MLFlowLogger (local ./mlruns by default)")
        }
        out += ctx.callCandidates(#"(^|\.)MLFlowLogger$"#, strength: 6, note: "MLFlowLogger")
        out += ctx.entries(key: "report_to", "log_with") { $0.value.lowercased().contains("mlflow") }.map {
            ctx.candidate($0, strength: 5, note: "report_to mlflow")
        }
        return out
    }
}
