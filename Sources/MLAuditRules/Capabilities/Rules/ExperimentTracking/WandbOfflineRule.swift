import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct WandbOfflineRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .wandbOfflineMode,
        summary:
            "wandb used with an explicit offline/disabled mode: `wandb.init(mode=...)`, `WANDB_MODE` set in code/scripts/env files, or an `offline` option of a WandbLogger config.",
        rationale: "Offline mode lets runs on air-gapped or CI machines keep their logs without leaking to the cloud.",
        triggering: [
            .py("import wandb\nwandb.init(project='p', mode='offline')\n"),
            RuleExample([
                "configs/logger/wandb.yaml":
                    "wandb:\n  _target_: lightning.pytorch.loggers.wandb.WandbLogger\n  offline: False\n"
            ]),
            .py("import os\nos.environ['WANDB_MODE'] = 'disabled'\n"),
        ],
        nonTriggering: [.py("import wandb\nwandb_log = False\nif wandb_log:\n    wandb.init(project='p')\n", .absent)],
        stubTerms: "wandb",
        searches: RuleSearch(names: ["wandb", "WANDB_MODE", "offline"]),
        gap:
            "wandb has no offline/disabled switch; pass `mode=os.environ.get('WANDB_MODE', 'offline')` to `wandb.init` in {anchor}",
        gapFiles: [.anchor],
        risk: "Runs without network access fail or hang at `wandb.init`, and CI may upload data to the cloud.",
        patch:
            "Add a `wandb_mode` option (online/offline/disabled) passed as `wandb.init(mode=...)` in {anchor}; test with `WANDB_MODE=disabled`.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .low, why: "one init argument",
            plan: "call wandb.init(mode=os.environ.get(\"WANDB_MODE\", \"offline\")) and document syncing later"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.calls(at: ctx.sites(calleeMatching: #"^wandb\.init$|(^|\.)WandbLogger$"#)).filter {
            $0.call.keywords.contains("mode") || $0.call.keywords.contains("offline")
        }
        .map { m, c in
            let v = c.keywordValues["mode"] ?? c.keywordValues["offline"] ?? ""
            // a literal "online" mode has no offline switch; a variable or offline/disabled literal does
            return v.imatches(#"^['"]online['"]$"#)
                ? RuleCandidate(ctx.ev(m.path, c.line), .rejected("mode is fixed to online"))
                : ctx.candidate(m, c, strength: 8, note: "wandb mode set")
        }
        out += ctx.assignmentCandidates(target: #"WANDB_MODE|environ"#, value: ".", strength: 7, note: "WANDB_MODE set")
            .filter { ctx.lineText($0.evidence.path, $0.evidence.line).contains("WANDB_MODE") }
        // a callee ending so ends its last component so: the leaf postings hold every such call
        let setters = Set(ctx.calleeLeaves.filter { $0 == "setdefault" || $0.hasSuffix("putenv") })
        out += ctx.calls(at: ctx.sites(leaf: setters)).filter {
            ($0.call.callee.hasSuffix("environ.setdefault") || $0.call.callee.hasSuffix("putenv"))
                && $0.call.positionalArguments.first?.contains("WANDB_MODE") == true
        }
        .map { ctx.candidate($0.module, $0.call, strength: 7, note: "WANDB_MODE set") }
        out += ctx.entriesBeside(target: #"WandbLogger$"#).filter { $0.key == "offline" || $0.key == "mode" }.map {
            ctx.candidate($0, strength: 7, note: "WandbLogger offline option")
        }
        out += ctx.entries(key: "WANDB_MODE").map { ctx.candidate($0, strength: 6, note: "WANDB_MODE configured") }
        out += ctx.productCommands.filter { $0.text.matches(#"WANDB_MODE=|wandb (offline|disabled)"#) }.map {
            RuleCandidate(ctx.ev($0.path, $0.line), strength: 6, note: "WANDB_MODE in script")
        }
        return out
    }
}
