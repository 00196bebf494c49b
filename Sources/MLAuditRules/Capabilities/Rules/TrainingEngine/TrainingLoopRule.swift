import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct TrainingLoopRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .trainingLoop,
        summary:
            "Training runs: HF/TRL `Trainer(...).train()`, Lightning `trainer.fit`, Accelerate `accelerator.backward`, or a custom loop with `loss.backward()` and an optimizer step.",
        rationale: "The loop is the core of a training repository; everything else hangs off it.",
        triggering: [
            .py("for x, y in loader:\n    loss = model(x, y)\n    loss.backward()\n    optimizer.step()\n"),
            .py("trainer = L.Trainer(max_epochs=3)\ntrainer.fit(model, datamodule=dm)\n"),
        ],
        nonTriggering: [
            .py("loss = model(x, y)\nprint(loss)\n", .absent),
            .py("def train():\n    raise NotImplementedError\n", .stub),
        ],
        stubTerms:
            "^(train|fit|training_step|train_step|train_epoch|training_loop)$|\\.(train|fit|training_step|train_step|train_epoch)$",
        searches: RuleSearch(names: ["Trainer", "fit", "backward"]),
        gap:
            "no training loop; add a loop with `loss.backward()` and `optimizer.step()` (or a HF `Trainer`) in {anchor}",
        gapFiles: [.anchor],
        risk: "Nothing in the repository can train a model.",
        patch:
            "Add `train(cfg)` with a standard loop (forward, `loss.backward()`, `optimizer.step()`, `zero_grad`) in {anchor}; test one step on a tiny batch.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .high, why: "the core of the repository; a rewrite risks silent regressions",
            plan: "factor one train_step(batch) and test that the loss falls on a tiny synthetic batch"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out: [RuleCandidate] = []
        // custom loop: a function (or module level) with backward and an optimizer step
        // from the postings: the (module, function) scopes holding an optimizer step, then the backward calls in them
        struct Scope: Hashable {
            var module: Int
            var function: String?
        }
        let steps = Set(
            ctx.sites(calleeMatching: #"(optim\w*|opt|scaler|optimizer)\.step$|^optimizer\w*\.step$"#).map {
                Scope(module: ctx.code.modulePosition(ofSite: $0), function: ctx.code.call($0).enclosingFunction)
            })
        for s in ctx.sites(leaf: ["backward"]) {
            let b = ctx.code.call(s)
            guard b.callee.hasSuffix(".backward") || b.callee == "backward",
                steps.contains(Scope(module: ctx.code.modulePosition(ofSite: s), function: b.enclosingFunction))
            else { continue }
            out.append(
                ctx.candidate(
                    ctx.code.module(ofSite: s), b, strength: 8, note: "custom loop: backward + optimizer step"))
        }
        out += ctx.callCandidates(#"^accelerator\.backward$"#, strength: 8, note: "Accelerate loop")
        out += ctx.frameworkTrainerCalls.map {
            ctx.candidate($0.module, $0.call, strength: 7, note: "framework trainer constructed")
        }
        out += ctx.callCandidates(#"trainer\.(fit|train)$"#, strength: 7, note: "trainer run")
        out += ctx.functionCandidates(#"^training_step$"#, strength: 5, note: "Lightning training_step")
        return out
    }
}
