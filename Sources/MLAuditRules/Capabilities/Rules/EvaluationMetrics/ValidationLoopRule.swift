import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct ValidationLoopRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .validationLoop,
        summary:
            "Held-out evaluation: Lightning `validation_step`, `trainer.evaluate/validate/test`, an eval/val function under `torch.no_grad` or `model.eval()`, or `eval_strategy` configured.",
        rationale: "Without held-out evaluation, overfitting and regressions go unnoticed.",
        triggering: [
            .py(
                "import torch\n@torch.no_grad()\ndef estimate_loss():\n    model.eval()\n    for split in ['train', 'val']:\n        pass\n    return 1\n"
            ),
            .py(
                "class M(L.LightningModule):\n    def validation_step(self, batch, i):\n        return self.step(batch)\n"
            ),
            RuleExample(["recipes/a.yaml": "eval_strategy: steps\n"]),
            .py(
                "import val as validate\nresults = validate.run(data, batch_size=32, model=model, dataloader=val_loader)\n"
            ),
        ],
        nonTriggering: [
            RuleExample(["recipes/a.yaml": "eval_strategy: 'no'\n"], .absent),
            .py(
                "import torch\ndef evaluate(instruction, temperature=0.1):\n    with torch.no_grad():\n        return model.generate(instruction)\n",
                path: "generate.py", .absent),
            .py("def validate():\n    pass\n", .stub),
        ],
        stubTerms:
            "^(validate|evaluate|eval|validation_step|test_step|run_eval\\w*)$|\\.(validate|evaluate|validation_step|test_step|run_eval\\w*)$",
        searches: RuleSearch(names: [
            "validation_step", "evaluate", "validate", "no_grad", "eval_strategy", "evaluation_strategy",
        ]),
        gap:
            "no held-out evaluation; add a `@torch.no_grad()` validation pass over a val split every N steps in {anchor}",
        gapFiles: [.anchor],
        risk: "Overfitting and silent regressions are only found after deployment.",
        patch:
            "Add `evaluate(model, val_loader)` (eval mode, no_grad, mean loss) called every `eval_interval` steps in {anchor}; test it on a tiny split.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .medium, why: "needs a held-out split and a no-grad evaluation path",
            plan: "add evaluate(model, loader) under torch.no_grad() called every N steps"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.functionCandidates(
            #"^(validation_step|validation_epoch_end|on_validation_epoch_end)$"#, strength: 8,
            note: "Lightning validation hook")
        out += ctx.functionCandidates(#"^test_step$"#, strength: 6, note: "Lightning test hook")
        out += ctx.callCandidates(#"trainer\.(evaluate|validate|test)$"#, strength: 7, note: "framework evaluation run")
        // an evaluation routine run over a held-out loader: `validate.run(data, dataloader=val_loader, ...)`
        out += ctx.calls(at: ctx.sites(calleeMatching: #"val|eval|test"#, caseInsensitive: true)).filter({ _, c in
            !c.callee.hasSuffix(".eval") && !c.callee.hasPrefix("torch.")
                && (c.positionalArguments + Array(c.keywordValues.values)).contains {
                    $0.imatches(
                        #"\b(val|valid|validation|test|eval|dev)_?(loader|dataloader|dl|set|dataset|data|split|ds)\b"#)
                }
        }).map { ctx.candidate($0.module, $0.call, strength: 6, note: "evaluation run over a held-out loader") }
        for m in ctx.product {
            // the module's calls by enclosing function, grouped once when a function is asked about (source order kept)
            var callsIn: [String?: [PythonCall]]? = nil
            for f in m.functions
            where f.bodyKind == .implemented && f.name.imatches(#"eval|valid|estimate_loss|test_loss"#) {
                // `def eval(self)` switches a module to inference mode (nn.Module.eval convention,
                // https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.eval): not an evaluation
                // It is still a trace of evaluation code nearby, so it stays as the weakest evidence: any real
                // evaluation loop is cited first, and the state does not change where it is the only trace.
                if f.name == "eval" && f.parameters == ["self"] {
                    out.append(
                        RuleCandidate(
                            ctx.ev(m.path, f.span.start), strength: 1,
                            note: "`\(f.qualifiedName)` switches to inference mode (weakest evidence)"))
                    continue
                }
                if callsIn == nil { callsIn = Dictionary(grouping: m.calls, by: \.enclosingFunction) }
                let own = callsIn?[f.qualifiedName] ?? []
                let noGrad =
                    f.decorators.contains { $0.hasSuffix("no_grad") || $0.hasSuffix("inference_mode") }
                    || own.contains { $0.callee.matches(#"(^|\.)(no_grad|inference_mode)$"#) }
                let evalMode = own.contains { $0.callee.hasSuffix(".eval") }
                // it must run over held-out data: a val/test split, loader or dataset named in its parameters, strings or calls
                let heldOut = #"(^|[^a-z])(val|valid|validation|test|eval|dev|held_?out)([^a-z]|$)|split"#
                let inSpan =
                    m.strings.filter { f.span.start <= $0.line && $0.line <= f.span.end }.map(\.value)
                    + own.filter { !$0.callee.hasSuffix(".eval") && !$0.callee.hasSuffix(".train") }
                    .flatMap { $0.positionalArguments + [$0.callee] }
                let usesHeldOut = (f.parameters + inSpan).contains { $0.imatches(heldOut) }
                if (noGrad || evalMode) && usesHeldOut {
                    out.append(
                        RuleCandidate(
                            ctx.ev(m.path, f.span.start), strength: 8,
                            note: "evaluation function `\(f.name)` over held-out data"))
                } else if noGrad || evalMode {
                    out.append(
                        RuleCandidate(
                            ctx.ev(m.path, f.span.start), strength: 1,
                            .rejected("`\(f.name)` runs inference but never touches a held-out split")))
                }
            }
            for f in m.functions
            where f.bodyKind != .implemented
                && f.name.imatches(#"^(validate|evaluate|eval|validation_step|run_eval\w*)$"#)
            {
                out.append(
                    RuleCandidate(
                        ctx.ev(m.path, f.bodyMarkerLine ?? f.span.start), strength: 1, .stub,
                        note: "`\(f.qualifiedName)` is a placeholder"))
            }
        }
        out += ctx.keywordCandidates(
            [
                "eval_strategy", "evaluation_strategy", "do_eval", "eval_steps", "val_check_interval",
                "check_val_every_n_epoch",
            ], strength: 6, note: "evaluation scheduled"
        ) {
            !Values.isFalsy($0) && !$0.imatches(#"^['"]no['"]$"#)
        }
        out += ctx.entryCandidates(
            [
                "eval_strategy", "evaluation_strategy", "do_eval", "val_check_interval", "check_val_every_n_epoch",
                "eval_steps", "eval_interval",
            ], strength: 5, note: "evaluation scheduled"
        ) {
            !$0.isNullish && $0.value.lowercased() != "\"no\""
        }
        return out
    }
}
