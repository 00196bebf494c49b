import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct BestKRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .bestKRetention,
        summary:
            "A bound on kept checkpoints or keep-best logic: Lightning `save_top_k`, HF `save_total_limit`/`load_best_model_at_end`, `max_to_keep`, or a save guarded by an improvement check against a `best_*` value.",
        rationale: "Unbounded checkpoints fill disks; overwriting a single 'latest' file loses the best model.",
        triggering: [
            RuleExample([
                "configs/run.yaml": "save_num_checkpoints_to_keep: 2\n",
                "train.py": "keep = cfg.save_num_checkpoints_to_keep\n",
            ]),
            RuleExample([
                "configs/callbacks/model_checkpoint.yaml":
                    "mc:\n  _target_: lightning.pytorch.callbacks.ModelCheckpoint\n  save_top_k: 3\n"
            ]),
            RuleExample(["recipes/a.yaml": "save_total_limit: 1\n"]),
            .py(
                "if losses['val'] < best_val_loss:\n    best_val_loss = losses['val']\n    torch.save(ckpt, 'ckpt.pt')\n"
            ),
        ],
        nonTriggering: [
            .py("torch.save(ckpt, 'latest.pt')\n", .absent),
            RuleExample(["configs/callbacks/mc.yaml": "mc:\n  save_top_k: -1\n"], .absent),
            RuleExample(
                [
                    "configs/run.yaml": "save_num_checkpoints_to_keep: -1\n",
                    "train.py": "keep = cfg.save_num_checkpoints_to_keep\n",
                ], .absent),
        ],
        stubTerms: "prune_checkpoints|rotate_checkpoints|keep_best|cleanup_checkpoints",
        searches: RuleSearch(names: ["save_top_k", "save_total_limit", "load_best_model_at_end", "max_to_keep"]),
        gap: "checkpoints are overwritten or kept without bound; keep the best k by the validation metric in {anchor}",
        gapFiles: [.anchor],
        risk: "Either disks fill up, or the best model is overwritten by a later, worse one.",
        patch:
            "Track the best validation metric and keep the top-k checkpoint files (delete older ones) in {anchor}; test that only k files remain.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .low, why: "file bookkeeping",
            plan: "keep the k best checkpoints by validation loss and delete older ones, with a unit test on a temp dir"
        ),
        knobs: [
            "save_top_k", "save_total_limit", "max_to_keep", "keep_last_n", "checkpoints_total_limit",
            "keep_checkpoint_max",
        ])

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.entryCandidates(
            [
                "save_top_k", "save_total_limit", "max_to_keep", "keep_last_n", "keep_checkpoint_max", "keep_best",
                "checkpoints_total_limit", "keep_most_recent_by_count", "num_serialized_models_to_keep",
                "max_checkpoints",
            ], strength: 7, note: "checkpoint retention bound"
        ) {
            !$0.isNullish && $0.value != "-1"
        }
        // a repository's own retention key, linked to the code that reads it (OLMo's save_num_checkpoints_to_keep,
        // nanotron/torchtitan keep_latest_k style keys): read -> evidence; nothing reads it -> weak
        let known: Set<String> = [
            "save_top_k", "save_total_limit", "max_to_keep", "keep_last_n", "keep_checkpoint_max",
            "checkpoints_total_limit", "max_checkpoints",
        ]
        // The key pattern runs once per distinct key: a large tree holds millions of config entries (JSON arrays)
        // sharing a few thousand keys.
        var keyIsRetention: [String: Bool] = [:]
        for e in ctx.entries {
            let isRetention =
                keyIsRetention[e.key]
                ?? {
                    let hit =
                        !known.contains(e.key.lowercased())
                        && e.key.imatches(
                            #"^(save_)?num_\w*checkpoints?_to_keep$|^keep_(last|latest|best)_\w*(checkpoints?|k|n)$|^max_\w*checkpoints?(_to_keep)?$|^checkpoints?_(keep|limit)\w*$"#
                        )
                    keyIsRetention[e.key] = hit
                    return hit
                }()
            guard isRetention else { continue }
            guard !e.isNullish, let n = Int(e.value), n > 0 else {
                out.append(
                    RuleCandidate(
                        ctx.ev(e.path, e.line), strength: 1, .rejected("`\(e.key): \(e.value)` keeps every checkpoint"))
                )
                continue
            }
            out.append(
                ctx.readsConfigKey(e.key)
                    ? ctx.candidate(e, strength: 6, note: "retention bound `\(e.key)` read by the checkpointing code")
                    : ctx.candidate(
                        e, strength: 2, note: "retention bound `\(e.key)` configured; no code reading it was found"))
        }
        out += ctx.entryCandidates(["load_best_model_at_end"], strength: 5, note: "best model kept") {
            $0.boolValue == true
        }
        out += ctx.keywordCandidates(
            [
                "save_top_k", "save_total_limit", "max_to_keep", "keep_last_n", "checkpoints_total_limit",
                "keep_most_recent_by_count", "num_serialized_models_to_keep", "max_checkpoints",
            ], strength: 7, note: "checkpoint retention bound"
        ) { !Values.isFalsy($0) && $0 != "-1" }
        // keep-best: best_* updated right before a save call
        let saveSites = ctx.callsByModule(
            ctx.sites(calleeMatching: #"^torch\.save$|(^|\.)(save_pretrained|save_checkpoint|save_model|save_state)$"#))
        let savesByPath = Dictionary(saveSites.map { ($0.module.path, $0.calls) }, uniquingKeysWith: { a, _ in a })
        do {
            // a best-so-far value (not a file name) updated right before a save
            for (m, a) in ctx.assignments(targetLeafMatching: #"^best(_\w+)?$"#, caseInsensitive: true)
            where !a.target.imatches(#"(path|file|filename|dir|name)$"#)
                && !a.valueText.imatches(#"^(none|0|0\.0|float\(|-?inf|math\.inf|1e\d+)|os\.path|Path\(|join\(|^f['"]"#)
            {
                guard
                    (savesByPath[m.path] ?? []).contains(where: {
                        $0.line > a.line && $0.line - a.line <= 40 && $0.enclosingFunction == a.enclosingFunction
                    })
                else { continue }
                let above = ctx.lineText(m.path, a.line - 1)
                let line = above.hasPrefix("if ") && above.contains(a.target.lastComponent) ? a.line - 1 : a.line
                out.append(
                    RuleCandidate(
                        ctx.ev(m.path, line), strength: 6, note: "save guarded by improvement of `\(a.target)`"))
            }
        }
        return out
    }
}
