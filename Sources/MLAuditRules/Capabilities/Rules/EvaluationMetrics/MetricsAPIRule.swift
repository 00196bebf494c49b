import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct MetricsAPIRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .metricsAPI,
        summary:
            "Evaluation metrics beyond the training loss: torchmetrics/`evaluate`/sklearn metrics, `compute_metrics` functions, perplexity or accuracy computed inline, or a preference trainer's `evaluate()` (reward accuracies/margins).",
        rationale:
            "The loss alone does not tell whether a model is better at the task; metrics make comparisons meaningful.",
        triggering: [
            .py("from torchmetrics import Accuracy\nacc = Accuracy(task='multiclass', num_classes=10)\n"),
            .py("import math\nppl = math.exp(loss)\n"),
            .py("import math\nmetrics = {'val_loss': val_loss, 'val_ppl': math.exp(val_loss)}\n"),
            .py("def compute_metrics(p):\n    return {'acc': (p.predictions == p.label_ids).mean()}\n"),
        ],
        nonTriggering: [
            .py("losses = torch.zeros(10)\nout = losses.mean()\n", .absent),
            .py("def compute_metrics(p):\n    raise NotImplementedError\n", .stub),
        ],
        stubTerms: "metric|accuracy|perplexity|bleu|rouge|(^|[^A-Za-z])f1([^A-Za-z]|$)",
        searches: RuleSearch(names: ["evaluate", "compute_metrics", "accuracy_score", "f1_score", "perplexity"]),
        gap:
            "only the training loss is reported; add task metrics (accuracy/perplexity) computed in the evaluation pass in {anchor}",
        gapFiles: [.anchor],
        risk: "Model selection rests on loss alone, which can improve while task quality degrades.",
        patch:
            "Add `compute_metrics()` (perplexity = exp(mean val loss), plus a task metric) called from the evaluation pass in {anchor}; test it on fixed logits.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .low, why: "pure functions",
            plan: "add metrics.py with loss/perplexity/accuracy functions and unit tests on fixed tensors"),
        knobs: ["torchmetrics", "lm_eval", "compute_metrics", "evaluate.load"])

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.callCandidates(
            #"(^|\.)(Accuracy|F1Score|MeanMetric|MaxMetric|MinMetric|Precision|Recall|AUROC|Perplexity|BLEUScore|ROUGEScore|MetricCollection|accuracy_score|f1_score|precision_score|recall_score|roc_auc_score|confusion_matrix|mean_squared_error|corpus_bleu|sentence_bleu)$|^evaluate\.load$|^(load_metric|datasets\.load_metric)$"#,
            strength: 8, note: "metric object/function")
        out += ctx.keywordCandidates(["compute_metrics"], strength: 6, note: "compute_metrics passed") {
            !Values.isFalsy($0)
        }
        out += ctx.callCandidates(
            #"^lm_eval\.|(^|\.)(simple_evaluate|evaluator\.evaluate)$"#, strength: 7, note: "evaluation harness metrics"
        )
        // metrics keyed by name and computed on the same line: {"val_ppl": math.exp(val_loss)}
        for m in ctx.product {
            for s in m.strings
            where !s.isDocstring
                && s.value.imatches(
                    #"(^|[_/])(ppl|perplexity|acc|accuracy|top1|top5|f1|bleu|rouge|em|exact_match)$"#,
                    endingWithOneOf: "lyc15uemh")
            {
                let line = ctx.lineText(m.path, s.line)
                if line.matches(#"exp\(|==|\.eq\(|argmax|\.sum\(\)\s*/|correct"#) {
                    out.append(RuleCandidate(ctx.ev(m.path, s.line), strength: 6, note: "metric `\(s.value)` computed"))
                }
            }
        }
        out += ctx.functionCandidates(
            #"^(compute_metrics|compute_accuracy|accuracy|perplexity|compute_perplexity|bleu|rouge|f1|top_k_accuracy|evaluate_metrics)$"#,
            strength: 7, note: "metric function")
        out += ctx.assignmentCandidates(
            target: #"^(ppl|perplexity|acc|accuracy|top1|top5|f1)$"#, value: #"exp\(|==|\.eq\(|argmax|correct|/"#,
            strength: 7, note: "metric computed inline")
        // Preference trainers compute reward accuracies and margins when evaluate() runs.
        let preference = Set(
            ctx.sites(leafMatching: #"^(DPO|ORPO|KTO|CPO|Reward|PPO|GRPO|BCO|Online\w*)Trainer$"#).map {
                ctx.code.modulePosition(ofSite: $0)
            })
        for s in ctx.sites(leaf: ["evaluate"]) where ctx.code.call(s).callee.hasSuffix(".evaluate") {
            let (m, c) = (ctx.code.module(ofSite: s), ctx.code.call(s))
            if preference.contains(ctx.code.modulePosition(ofSite: s)) {
                out.append(
                    ctx.candidate(m, c, strength: 5, note: "preference trainer evaluate() computes reward metrics"))
            } else {
                out.append(
                    RuleCandidate(
                        ctx.ev(m.path, c.line), strength: 2,
                        .rejected("evaluate() of a loss-only trainer reports the loss"), note: ""))
            }
        }
        return out
    }
}
