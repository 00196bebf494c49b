import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct MLflowTrackingURICheck: FindingCheck {
    package let code = FindingCode.mla114
    package let severity = Severity.medium
    package let capability: Capability? = .experimentTracking
    package let subfeature: Subfeature? = .mlflowLocalTracking
    package let summary = "MLflow is used without a local (`file:`) tracking URI."
    package let why =
        "Without an explicit URI, MLflow writes wherever MLFLOW_TRACKING_URI happens to point (a remote server, or ./mlruns by accident), so runs scatter or fail offline."
    package let fix =
        "Call `mlflow.set_tracking_uri(os.environ.get(\"MLFLOW_TRACKING_URI\", \"file:./mlruns\"))` before the first run."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                ["track.py": "import mlflow\nwith mlflow.start_run():\n    mlflow.log_metric('loss', 1.0)\n"],
                needsPythonReader: true)
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "track.py":
                        "import mlflow\nmlflow.set_tracking_uri('file:./mlruns')\nwith mlflow.start_run():\n    mlflow.log_metric('loss', 1.0)\n"
                ], needsPythonReader: true)
        ]
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        var uses: [Evidence] = []
        for m in context.productModules {
            for c in m.calls where context.resolved(c, in: m).hasPrefix("mlflow.") {
                uses.append(context.evidence(m, c))
            }
        }
        guard !uses.isEmpty, context.calls(["mlflow.set_tracking_uri"]).isEmpty,
            !context.mentions("MLFLOW_TRACKING_URI")
        else { return [] }
        return [
            FindingHit(
                title: "MLflow used at \(uses.count) site(s) with no local tracking URI (\(uses.citationSummary))",
                evidence: uses, strength: .code)
        ]
    }
}
