import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct PaddingTruncationRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .paddingTruncation,
        summary:
            "Sequence length handled explicitly: tokenizer padding/truncation/max_length arguments, a pad token set, pad collators, max sequence length config, or cropping inputs to the context size.",
        rationale: "Unbounded or silently truncated sequences cause OOMs or train on cut-off examples.",
        triggering: [
            .py("tokenizer.pad_token = tokenizer.eos_token\n"),
            .py("batch = tok(texts, padding='max_length', truncation=True, max_length=512)\n"),
            .py("idx_cond = idx if idx.size(1) <= block_size else idx[:, -block_size:]\n"),
            RuleExample(["recipes/sft.yaml": "max_seq_length: 2048\n"]),
        ],
        nonTriggering: [
            .py("x = torch.randn(4, 8)\ny = x[:, -1]\nconv = nn.Conv2d(3, 8, 3, padding=1)\n", .absent),
            RuleExample(["configs/a.yaml": "# max_seq_length: 2048\nlr: 0.1\n"], .absent),
        ],
        stubTerms: "(^|[^A-Za-z])pad|truncat|collat",
        searches: RuleSearch(names: [
            "padding", "truncation", "max_length", "pad_token", "DataCollatorWithPadding", "max_seq_length",
        ]),
        gap:
            "no explicit padding/truncation; set `pad_token`, `padding` and `max_length` where batches are tokenized in {anchor}",
        gapFiles: [.anchor],
        risk: "Long inputs are cut or overflow memory unpredictably.",
        patch:
            "Pass `padding=True, truncation=True, max_length=cfg.max_seq_length` to the tokenizer call in {anchor}; test the longest sample.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .low, why: "one call-site option, but it changes batch shapes",
            plan: "pass padding/truncation/max_length explicitly in the collate function and test batch shapes"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        let padKeys: Set<String> = [
            "padding", "truncation", "pad_to_multiple_of", "max_length", "max_seq_length", "padding_side",
        ]
        var out = ctx.calls(at: ctx.sites(keyword: padKeys)).filter({ _, c in
            // tokenizer calls, collators, pipelines and trainer configs; `Conv2d(padding=...)` is not sequence padding
            c.keywords.contains { padKeys.contains($0) }
                && (c.callee.imatches(#"tok|processor|encode|collat|pipeline|pad|SFTConfig|Arguments|Config$|generate"#)
                    || c.callee.matches(#"^(self\.)?tokenizer$"#))
        }).compactMap { m, c -> RuleCandidate? in
            let k = c.keywords.first { padKeys.contains($0) } ?? ""
            guard !Values.isFalsy(c.keywordValues[k] ?? "") else { return nil }
            var r = ctx.candidate(m, c, strength: 7, note: "padding/truncation argument")
            r.evidence = ctx.ev(m.path, ctx.keywordLine(m.path, c, k))
            return r
        }
        out += ctx.assignmentCandidates(
            target: #"^(pad_token|pad_token_id|padding_side|truncation_side|model_max_length)$"#, value: ".",
            strength: 8, note: "pad token / side set")
        out += ctx.callCandidates(
            #"(^|\.)(pad_sequence|DataCollatorWithPadding|DataCollatorForSeq2Seq|DataCollatorForLanguageModeling|enable_padding|enable_truncation)$"#,
            strength: 6, note: "padding collator")
        out += ctx.assignmentCandidates(
            target: #"^(?!.*weight)"#,
            value:
                #"\[\s*:\s*,\s*-\s*[\w.]*(block_size|max_len\w*|context\w*|seq_len\w*|n_ctx|max_seq\w*|max_position\w*)\s*:?\s*\]|\[\s*:\s*[\w.]*(max_len\w*|max_length|max_seq\w*|block_size|n_ctx)\s*\]"#,
            requiring: ["[", ":", "]"], strength: 6, note: "input cropped to the context length")
        out += ctx.entryCandidates(
            [
                "max_seq_length", "max_length", "max_prompt_length", "max_source_length", "max_target_length",
                "truncation", "padding", "padding_free", "model_max_length",
            ],
            strength: 5, note: "sequence length configured"
        ) { !$0.isNullish }
        return out
    }
}
