import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct WandbOfflineCheck: FindingCheck {
    package let code = FindingCode.mla113
    package let severity = Severity.medium
    package let capability: Capability? = .experimentTracking
    package let subfeature: Subfeature? = .wandbOfflineMode
    package let summary = "`wandb.init` is called with no offline/disabled mode and no `WANDB_MODE` guard."
    package let why =
        "Without a mode, runs block on login or fail in offline gates and air-gapped machines, and metrics leave the machine by default."
    package let fix =
        "Pass `mode=os.environ.get(\"WANDB_MODE\", \"offline\")` to `wandb.init` (sync later with `wandb sync`), or set WANDB_MODE in the gate environment."
    package init() {}

    package var triggering: [FindingExample] {
        [
            FindingExample(
                ["train.py": "import wandb\nwandb.init(project='p', config=cfg)\n"], needsPythonReader: true),
            FindingExample(["recipes/sft.yaml": "learning_rate: 2.0e-05\nreport_to:\n- tensorboard\n- wandb\n"]),
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "train.py": "import wandb\nwandb.init(project='p', mode='offline')\n",
                    "recipes/a.yaml": "report_to:\n- tensorboard\n",
                ], needsPythonReader: true),
            FindingExample(
                [
                    "train.py":
                        "import os, wandb\nos.environ.setdefault('WANDB_MODE', 'offline')\nwandb.init(project='p')\n"
                ], needsPythonReader: true),
        ]
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let inits = context.calls(["wandb.init"]).filter {
            !$0.1.keywords.contains("mode") && !$0.1.keywords.contains("**")
        }
        var evidence = inits.map { context.evidence($0.0, $0.1) }
        // Trainers that log to W&B because their config says `report_to: wandb` (HF Trainer, TRL).
        for m in context.productModules {
            for c in m.calls where c.keywordValues["report_to"]?.contains("wandb") == true {
                evidence.append(context.evidence(m, c))
            }
        }
        evidence += Self.reportToConfigs(context)
        guard !evidence.isEmpty, !context.mentions("WANDB_MODE"), !context.mentions("wandb offline") else { return [] }
        let what = inits.isEmpty ? "W&B reporting enabled" : "`wandb.init`"
        return [
            FindingHit(
                title: "\(what) without offline guard (\(evidence.citationSummary))", evidence: evidence,
                strength: inits.isEmpty ? .configuration : .code)
        ]
    }

    /// `report_to: wandb`, `report_to: [wandb]` or a `report_to:` list with a `- wandb` item in YAML configs.
    package static func reportToConfigs(_ context: FindingContext) -> [Evidence] {
        var out: [Evidence] = []
        for f in context.files({ $0.kind == .yaml && !$0.isTest }) where context.contains(f.path, "report_to") {
            let lines = context.facts.lines(f.path)
            for (i, line) in lines.enumerated() where line.hasPrefix("report_to:") {
                let inline = line.dropFirst("report_to:".count)
                var hit = inline.contains("wandb")
                var j = i + 1
                while !hit && inline.trimmingCharacters(in: .whitespaces).isEmpty && j < lines.count
                    && lines[j].trimmingCharacters(in: .whitespaces).hasPrefix("-")
                {
                    hit = lines[j].contains("wandb")
                    j += 1
                }
                if hit { out.append(context.facts.evidence(f.path, i + 1)) }
            }
        }
        return out
    }
}
