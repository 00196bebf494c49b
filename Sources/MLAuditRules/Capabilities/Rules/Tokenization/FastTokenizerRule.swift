import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct FastTokenizerRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .fastTokenizer,
        summary:
            "A tokenizer library loaded or trained (tiktoken, AutoTokenizer/*TokenizerFast, HF tokenizers, sentencepiece) or the repository's own tokenizer class used to encode text.",
        rationale:
            "Slow or ad-hoc tokenization dominates data preparation time and silently changes token ids between runs.",
        triggering: [
            .py("import tiktoken\nenc = tiktoken.get_encoding(\"gpt2\")\n"),
            .notebook(
                ["from transformers import AutoTokenizer", "tok = AutoTokenizer.from_pretrained('gpt2')"],
                path: "notebooks/tokenize.ipynb"),
            .py("from transformers import AutoTokenizer\ntok = AutoTokenizer.from_pretrained(name)\n"),
            RuleExample([
                "configs/data.yaml":
                    "tokenizer:\n  _target_: transformers.AutoTokenizer.from_pretrained\n  pretrained_model_name_or_path: gpt2\n"
            ]),
        ],
        nonTriggering: [
            .py("import tiktoken  # only imported\ntext = open('a.txt').read().split()\n", .absent),
            .py(
                "import torch.nn as nn\nclass VAE(nn.Module):\n    def encode(self, x):\n        return x\n    def decode(self, z):\n        return z\n",
                .absent),
            .py("# tok = AutoTokenizer.from_pretrained('gpt2')\nx = 1\n", .absent),
        ],
        stubTerms: "tokeni[sz]er|sentencepiece|tiktoken",
        gap:
            "no tokenizer library is loaded or trained; add `AutoTokenizer.from_pretrained(...)` (or tiktoken) next to the data preparation in {anchor}",
        gapFiles: [.anchor],
        risk: "Hand-rolled text splitting yields token ids that differ from the model's pretraining vocabulary.",
        patch:
            "Load the tokenizer once with `AutoTokenizer.from_pretrained(cfg.tokenizer_name, use_fast=True)` in {anchor} and test a fixed string's ids.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .medium, why: "switching tokenizers changes every token id downstream",
            plan:
                "wrap AutoTokenizer.from_pretrained(..., use_fast=True) behind one get_tokenizer() and test an encode/decode round trip"
        ))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.callCandidates(
            #"^tiktoken\.(get_encoding|encoding_for_model)$"#, strength: 8, note: "tiktoken encoding loaded")
        out += ctx.callCandidates(
            #"(^|\.)(AutoTokenizer|\w*TokenizerFast|\w+Tokenizer)\.from_(pretrained|file)$"#, strength: 8,
            note: "tokenizer loaded")
        out += ctx.callCandidates(
            #"(^|\.)(SentencePieceProcessor|SentencePieceTrainer\.train|ByteLevelBPETokenizer|CharBPETokenizer|SentencePieceBPETokenizer|BertWordPieceTokenizer)$"#,
            strength: 7, note: "tokenizer library")
        out += ctx.callCandidates(
            #"^(tokenizers\.)?Tokenizer\((models\.)?(BPE|WordPiece|Unigram|WordLevel)"#, strength: 7,
            note: "HF tokenizers model")
        out += ctx.targetCandidates(
            #"(AutoTokenizer|TokenizerFast|Tokenizer)(\.from_pretrained)?$"#, note: "tokenizer instantiated from config"
        )
        // The repository's own tokenizer: a non-model class with implemented encode and decode methods (a BPE/char
        // codec), or a class named *Tokenizer with an encode method that the repository instantiates.
        let models = ctx.modelClassNames
        for m in ctx.product {
            for c in m.classes where !models.contains(c.name) && !c.name.hasSuffix("Tokenizer") {
                let methods = m.functions.filter { $0.enclosingClass == c.qualifiedName && $0.bodyKind == .implemented }
                    .map(\.name)
                if methods.contains("encode") && methods.contains("decode")
                    && !c.bases.contains(where: { $0.matches(#"Module|Layer|Model"#) })
                {
                    out.append(
                        RuleCandidate(
                            ctx.ev(m.path, c.span.start), strength: 6,
                            note: "own tokenizer codec `\(c.name)` (encode/decode)"))
                }
            }
            for c in m.classes where c.name.hasSuffix("Tokenizer") {
                let encode = m.functions.first { $0.enclosingClass == c.qualifiedName && $0.name == "encode" }
                guard let encode else { continue }
                if encode.bodyKind != .implemented {
                    out.append(
                        RuleCandidate(
                            ctx.ev(m.path, encode.bodyMarkerLine ?? encode.span.start), strength: 1, .stub,
                            note: "`\(encode.qualifiedName)` is a placeholder"))
                } else if !ctx.callsNamed([c.name]).isEmpty {
                    out.append(
                        RuleCandidate(ctx.ev(m.path, c.span.start), strength: 6, note: "own tokenizer `\(c.name)`"))
                }
            }
        }
        return out
    }
}
