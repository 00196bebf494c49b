import Foundation
import MLAuditPython

struct ValidationLoopRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-EVL-01", capability: "Evaluation & Metrics", subfeature: "validation loop",
        summary: "Held-out evaluation: Lightning `validation_step`, `trainer.evaluate/validate/test`, an eval/val function under `torch.no_grad` or `model.eval()`, or `eval_strategy` configured.",
        rationale: "Without held-out evaluation, overfitting and regressions go unnoticed.",
        triggering: [.py("import torch\n@torch.no_grad()\ndef estimate_loss():\n    model.eval()\n    for split in ['train', 'val']:\n        pass\n    return 1\n"),
                     .py("class M(L.LightningModule):\n    def validation_step(self, batch, i):\n        return self.step(batch)\n"),
                     RuleExample(["recipes/a.yaml": "eval_strategy: steps\n"]),
                     .py("import val as validate\nresults = validate.run(data, batch_size=32, model=model, dataloader=val_loader)\n")],
        nonTriggering: [RuleExample(["recipes/a.yaml": "eval_strategy: 'no'\n"], .absent),
                        .py("import torch\ndef evaluate(instruction, temperature=0.1):\n    with torch.no_grad():\n        return model.generate(instruction)\n", path: "generate.py", .absent),
                        .py("def validate():\n    pass\n", .stub)],
        stubTerms: "^(validate|evaluate|eval|validation_step|test_step|run_eval\\w*)$|\\.(validate|evaluate|validation_step|test_step|run_eval\\w*)$",
        gap: "no held-out evaluation; add a `@torch.no_grad()` validation pass over a val split every N steps in {anchor}",
        risk: "Overfitting and silent regressions are only found after deployment.",
        patch: "Add `evaluate(model, val_loader)` (eval mode, no_grad, mean loss) called every `eval_interval` steps in {anchor}; test it on a tiny split.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.functionCandidates(#"^(validation_step|validation_epoch_end|on_validation_epoch_end)$"#, strength: 8, note: "Lightning validation hook")
        out += ctx.functionCandidates(#"^test_step$"#, strength: 6, note: "Lightning test hook")
        out += ctx.callCandidates(#"trainer\.(evaluate|validate|test)$"#, strength: 7, note: "framework evaluation run")
        // an evaluation routine run over a held-out loader: `validate.run(data, dataloader=val_loader, ...)`
        out += ctx.calls({ c in
            c.callee.imatches(#"val|eval|test"#) && !c.callee.hasSuffix(".eval") && !c.callee.hasPrefix("torch.")
                && (c.positionalArguments + Array(c.keywordValues.values)).contains { $0.imatches(#"\b(val|valid|validation|test|eval|dev)_?(loader|dataloader|dl|set|dataset|data|split|ds)\b"#) }
        }).map { ctx.candidate($0.module, $0.call, strength: 6, note: "evaluation run over a held-out loader") }
        for m in ctx.product {
            for f in m.functions where f.bodyKind == .implemented && f.name.imatches(#"eval|valid|estimate_loss|test_loss"#) {
                let noGrad = f.decorators.contains { $0.hasSuffix("no_grad") || $0.hasSuffix("inference_mode") }
                    || m.calls.contains { $0.enclosingFunction == f.qualifiedName && $0.callee.matches(#"(^|\.)(no_grad|inference_mode)$"#) }
                let evalMode = m.calls.contains { $0.enclosingFunction == f.qualifiedName && $0.callee.hasSuffix(".eval") }
                // it must run over held-out data: a val/test split, loader or dataset named in its parameters, strings or calls
                let heldOut = #"(^|[^a-z])(val|valid|validation|test|eval|dev|held_?out)([^a-z]|$)|split"#
                let inSpan = m.strings.filter { f.span.start <= $0.line && $0.line <= f.span.end }.map(\.value)
                    + m.calls.filter { $0.enclosingFunction == f.qualifiedName }.flatMap { $0.positionalArguments + [$0.callee] }
                let usesHeldOut = (f.parameters + inSpan).contains { $0.imatches(heldOut) }
                if (noGrad || evalMode) && usesHeldOut {
                    out.append(RuleCandidate(ctx.ev(m.path, f.span.start), strength: 8, note: "evaluation function `\(f.name)` over held-out data"))
                } else if noGrad || evalMode {
                    out.append(RuleCandidate(ctx.ev(m.path, f.span.start), strength: 1, .rejected("`\(f.name)` runs inference but never touches a held-out split")))
                }
            }
            for f in m.functions where f.bodyKind != .implemented && f.name.imatches(#"^(validate|evaluate|eval|validation_step|run_eval\w*)$"#) {
                out.append(RuleCandidate(ctx.ev(m.path, f.bodyMarkerLine ?? f.span.start), strength: 1, .stub, note: "`\(f.qualifiedName)` is a placeholder"))
            }
        }
        out += ctx.keywordCandidates(["eval_strategy", "evaluation_strategy", "do_eval", "eval_steps", "val_check_interval", "check_val_every_n_epoch"], strength: 6, note: "evaluation scheduled") {
            !Values.isFalsy($0) && !$0.imatches(#"^['"]no['"]$"#)
        }
        out += ctx.entryCandidates(["eval_strategy", "evaluation_strategy", "do_eval", "val_check_interval", "check_val_every_n_epoch", "eval_steps", "eval_interval"], strength: 5, note: "evaluation scheduled") {
            !$0.isNullish && $0.value.lowercased() != "\"no\""
        }
        return out
    }
}

struct MetricsAPIRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-EVL-02", capability: "Evaluation & Metrics", subfeature: "metrics API",
        summary: "Evaluation metrics beyond the training loss: torchmetrics/`evaluate`/sklearn metrics, `compute_metrics` functions, perplexity or accuracy computed inline, or a preference trainer's `evaluate()` (reward accuracies/margins).",
        rationale: "The loss alone does not tell whether a model is better at the task; metrics make comparisons meaningful.",
        triggering: [.py("from torchmetrics import Accuracy\nacc = Accuracy(task='multiclass', num_classes=10)\n"),
                     .py("import math\nppl = math.exp(loss)\n"),
                     .py("import math\nmetrics = {'val_loss': val_loss, 'val_ppl': math.exp(val_loss)}\n"),
                     .py("def compute_metrics(p):\n    return {'acc': (p.predictions == p.label_ids).mean()}\n")],
        nonTriggering: [.py("losses = torch.zeros(10)\nout = losses.mean()\n", .absent),
                        .py("def compute_metrics(p):\n    raise NotImplementedError\n", .stub)],
        stubTerms: "metric|accuracy|perplexity|bleu|rouge|(^|[^A-Za-z])f1([^A-Za-z]|$)",
        gap: "only the training loss is reported; add task metrics (accuracy/perplexity) computed in the evaluation pass in {anchor}",
        risk: "Model selection rests on loss alone, which can improve while task quality degrades.",
        patch: "Add `compute_metrics()` (perplexity = exp(mean val loss), plus a task metric) called from the evaluation pass in {anchor}; test it on fixed logits.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.callCandidates(#"(^|\.)(Accuracy|F1Score|MeanMetric|MaxMetric|MinMetric|Precision|Recall|AUROC|Perplexity|BLEUScore|ROUGEScore|MetricCollection|accuracy_score|f1_score|precision_score|recall_score|roc_auc_score|confusion_matrix|mean_squared_error|corpus_bleu|sentence_bleu)$|^evaluate\.load$|^(load_metric|datasets\.load_metric)$"#, strength: 8, note: "metric object/function")
        out += ctx.keywordCandidates(["compute_metrics"], strength: 6, note: "compute_metrics passed") { !Values.isFalsy($0) }
        out += ctx.callCandidates(#"^lm_eval\.|(^|\.)(simple_evaluate|evaluator\.evaluate)$"#, strength: 7, note: "evaluation harness metrics")
        // metrics keyed by name and computed on the same line: {"val_ppl": math.exp(val_loss)}
        for m in ctx.product {
            for s in m.strings where !s.isDocstring && s.value.imatches(#"(^|[_/])(ppl|perplexity|acc|accuracy|top1|top5|f1|bleu|rouge|em|exact_match)$"#) {
                let line = ctx.lineText(m.path, s.line)
                if line.matches(#"exp\(|==|\.eq\(|argmax|\.sum\(\)\s*/|correct"#) {
                    out.append(RuleCandidate(ctx.ev(m.path, s.line), strength: 6, note: "metric `\(s.value)` computed"))
                }
            }
        }
        out += ctx.functionCandidates(#"^(compute_metrics|compute_accuracy|accuracy|perplexity|compute_perplexity|bleu|rouge|f1|top_k_accuracy|evaluate_metrics)$"#, strength: 7, note: "metric function")
        out += ctx.assignmentCandidates(target: #"^(ppl|perplexity|acc|accuracy|top1|top5|f1)$"#, value: #"exp\(|==|\.eq\(|argmax|correct|/"#, strength: 7, note: "metric computed inline")
        // Preference trainers compute reward accuracies and margins when evaluate() runs.
        for (m, c) in ctx.calls({ $0.callee.hasSuffix(".evaluate") }) {
            if m.calls.contains(where: { $0.callee.lastComponent.matches(#"^(DPO|ORPO|KTO|CPO|Reward|PPO|GRPO|BCO|Online\w*)Trainer$"#) }) {
                out.append(ctx.candidate(m, c, strength: 5, note: "preference trainer evaluate() computes reward metrics"))
            } else {
                out.append(RuleCandidate(ctx.ev(m.path, c.line), strength: 2, .rejected("evaluate() of a loss-only trainer reports the loss"), note: ""))
            }
        }
        return out
    }
}

struct MetricsFileLoggingRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-EVL-03", capability: "Evaluation & Metrics", subfeature: "NDJSON/CSV logging",
        summary: "Metrics appended as JSON lines or CSV rows: `csv.writer`/`DictWriter`, `json.dumps(...)+\"\\n\"` to an append-mode file, `to_csv`, jsonlines, or a Lightning `CSVLogger`.",
        rationale: "Line-oriented metric files survive crashes and can be diffed and plotted without a tracking server.",
        triggering: [RuleExample(["configs/logger/csv.yaml": "csv:\n  _target_: lightning.pytorch.loggers.csv_logs.CSVLogger\n  save_dir: logs\n"]),
                     .py("import csv\nw = csv.writer(open('m.csv', 'a'))\nw.writerow([step, loss])\n"),
                     .py("import json\nwith open('metrics.jsonl', 'a') as f:\n    f.write(json.dumps(row) + '\\n')\n"),
                     .py("def log(vals):\n    file = save_dir / 'results.csv'\n    with open(file, 'a') as f:\n        f.write(','.join(vals) + '\\n')\n")],
        nonTriggering: [.py("import json\njson.dump(metrics, open('results.json', 'w'), indent=2)\n", .absent),
                        .py("trainer.save_metrics('eval', metrics)\n", .absent),
                        .py("import pandas as pd\ndef prepare():\n    pd.DataFrame(rows).to_csv('data/clean.csv')\n", path: "prepare.py", .absent)],
        stubTerms: "csv|jsonl|ndjson|log_metrics_to",
        gap: "metrics are only printed or sent to a tracker; append them as JSON lines (`metrics.jsonl`) from the logging step in {anchor}",
        risk: "A crashed or offline run leaves no machine-readable metric history.",
        patch: "Add a `MetricsWriter` appending `json.dumps({...}) + \"\\n\"` per log step to `out_dir/metrics.jsonl` in {anchor}; test that two steps produce two lines.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        let metricWords = #"metric|loss|acc|score|result|eval|log|stat|history|progress|perf|bench"#
        var out = ctx.callsMatching(#"^csv\.(writer|DictWriter)$|(^|\.)(to_csv|jsonlines\.open|JsonlWriter)$"#).map { m, c in
            // a CSV of data rows is not metric logging: the line, function or file must be about metrics
            let about = (c.line...(c.line + 5)).map { ctx.lineText(m.path, $0) }.joined(separator: " ") + " " + (c.enclosingFunction ?? "") + " " + m.path
            return about.imatches(metricWords) ? ctx.candidate(m, c, strength: 7, note: "metrics CSV/JSONL writer")
                : RuleCandidate(ctx.ev(m.path, c.line), strength: 1, .rejected("writes data rows, not metrics"))
        }
        out += ctx.callCandidates(#"(^|\.)CSVLogger$"#, strength: 7, note: "CSVLogger")
        out += ctx.targetCandidates(#"CSVLogger$"#, strength: 7, note: "CSVLogger configured")
        for m in ctx.product {
            let appendFunctions = Set(m.calls.filter { $0.callee == "open" && ($0.positionalArguments.dropFirst().first?.contains("a") == true || $0.keywordValues["mode"]?.contains("a") == true) }.map { $0.enclosingFunction ?? "" })
            for c in m.calls where c.callee == "json.dumps" && c.keywordValues["indent"] == nil && appendFunctions.contains(c.enclosingFunction ?? "") {
                out.append(ctx.candidate(m, c, strength: 7, note: "JSON lines appended"))
            }
        }
        for m in ctx.product where m.strings.contains(where: { $0.value.imatches(#"\.(csv|jsonl|ndjson)$"#) }) {
            for c in m.calls where c.callee == "open" && (c.positionalArguments.dropFirst().first ?? c.keywordValues["mode"] ?? "").matches(#"^['"]a"#) {
                let about = (c.line...(c.line + 5)).map { ctx.lineText(m.path, $0) }.joined(separator: " ") + " " + (c.enclosingFunction ?? "") + " " + m.path
                out.append(about.imatches(metricWords) ? ctx.candidate(m, c, strength: 6, note: "metric rows appended to a .csv/.jsonl file")
                                                       : RuleCandidate(ctx.ev(m.path, c.line), strength: 1, .rejected("appends data rows (predictions), not metrics")))
            }
        }
        out += ctx.calls({ $0.callee == "json.dump" || $0.callee.hasSuffix("save_metrics") }).map {
            RuleCandidate(ctx.ev($0.module.path, $0.call.line), strength: 1, .rejected("one pretty-printed JSON file is not line-oriented logging"), note: "")
        }
        return out
    }
}
