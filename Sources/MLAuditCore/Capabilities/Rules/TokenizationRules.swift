import Foundation
import MLAuditPython

struct FastTokenizerRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-TOK-01", capability: "Tokenization", subfeature: "fast tokenizer",
        summary: "A tokenizer library loaded or trained (tiktoken, AutoTokenizer/*TokenizerFast, HF tokenizers, sentencepiece) or the repository's own tokenizer class used to encode text.",
        rationale: "Slow or ad-hoc tokenization dominates data preparation time and silently changes token ids between runs.",
        triggering: [.py("import tiktoken\nenc = tiktoken.get_encoding(\"gpt2\")\n"),
                     .notebook(["from transformers import AutoTokenizer", "tok = AutoTokenizer.from_pretrained('gpt2')"], path: "notebooks/tokenize.ipynb"),
                     .py("from transformers import AutoTokenizer\ntok = AutoTokenizer.from_pretrained(name)\n"),
                     RuleExample(["configs/data.yaml": "tokenizer:\n  _target_: transformers.AutoTokenizer.from_pretrained\n  pretrained_model_name_or_path: gpt2\n"])],
        nonTriggering: [.py("import tiktoken  # only imported\ntext = open('a.txt').read().split()\n", .absent),
                        .py("import torch.nn as nn\nclass VAE(nn.Module):\n    def encode(self, x):\n        return x\n    def decode(self, z):\n        return z\n", .absent),
                        .py("# tok = AutoTokenizer.from_pretrained('gpt2')\nx = 1\n", .absent)],
        stubTerms: "tokeni[sz]er|sentencepiece|tiktoken",
        gap: "no tokenizer library is loaded or trained; add `AutoTokenizer.from_pretrained(...)` (or tiktoken) next to the data preparation in {anchor}",
        risk: "Hand-rolled text splitting yields token ids that differ from the model's pretraining vocabulary.",
        patch: "Load the tokenizer once with `AutoTokenizer.from_pretrained(cfg.tokenizer_name, use_fast=True)` in {anchor} and test a fixed string's ids.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.callCandidates(#"^tiktoken\.(get_encoding|encoding_for_model)$"#, strength: 8, note: "tiktoken encoding loaded")
        out += ctx.callCandidates(#"(^|\.)(AutoTokenizer|\w*TokenizerFast|\w+Tokenizer)\.from_(pretrained|file)$"#, strength: 8, note: "tokenizer loaded")
        out += ctx.callCandidates(#"(^|\.)(SentencePieceProcessor|SentencePieceTrainer\.train|ByteLevelBPETokenizer|CharBPETokenizer|SentencePieceBPETokenizer|BertWordPieceTokenizer)$"#, strength: 7, note: "tokenizer library")
        out += ctx.callCandidates(#"^(tokenizers\.)?Tokenizer\((models\.)?(BPE|WordPiece|Unigram|WordLevel)"#, strength: 7, note: "HF tokenizers model")
        out += ctx.targetCandidates(#"(AutoTokenizer|TokenizerFast|Tokenizer)(\.from_pretrained)?$"#, note: "tokenizer instantiated from config")
        // The repository's own tokenizer: a non-model class with implemented encode and decode methods (a BPE/char
        // codec), or a class named *Tokenizer with an encode method that the repository instantiates.
        let models = ctx.modelClassNames
        for m in ctx.product {
            for c in m.classes where !models.contains(c.name) && !c.name.hasSuffix("Tokenizer") {
                let methods = m.functions.filter { $0.enclosingClass == c.qualifiedName && $0.bodyKind == .implemented }.map(\.name)
                if methods.contains("encode") && methods.contains("decode") && !c.bases.contains(where: { $0.matches(#"Module|Layer|Model"#) }) {
                    out.append(RuleCandidate(ctx.ev(m.path, c.span.start), strength: 6, note: "own tokenizer codec `\(c.name)` (encode/decode)"))
                }
            }
            for c in m.classes where c.name.hasSuffix("Tokenizer") {
                let encode = m.functions.first { $0.enclosingClass == c.qualifiedName && $0.name == "encode" }
                guard let encode else { continue }
                if encode.bodyKind != .implemented {
                    out.append(RuleCandidate(ctx.ev(m.path, encode.bodyMarkerLine ?? encode.span.start), strength: 1, .stub, note: "`\(encode.qualifiedName)` is a placeholder"))
                } else if !ctx.callsNamed([c.name]).isEmpty {
                    out.append(RuleCandidate(ctx.ev(m.path, c.span.start), strength: 6, note: "own tokenizer `\(c.name)`"))
                }
            }
        }
        return out
    }
}

struct VocabRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-TOK-02", capability: "Tokenization", subfeature: "vocab",
        summary: "A vocabulary built (char/word -> id maps, trained BPE), extended with special tokens, or saved/loaded.",
        rationale: "Token ids are only meaningful against the exact vocabulary; a vocabulary that is not persisted cannot be reproduced at inference.",
        triggering: [.py("chars = sorted(set(data))\nstoi = {ch: i for i, ch in enumerate(chars)}\n"),
                     .py("model, tokenizer = setup_chat_format(model, tokenizer)\n"),
                     .py("tokenizer.add_special_tokens({'pad_token': '[PAD]'})\n")],
        nonTriggering: [.py("vocab_size = 50304\n", .absent), .py("# stoi = {c: i for i, c in enumerate(chars)}\n", .absent)],
        stubTerms: "vocab",
        gap: "no vocabulary is built, extended or saved; persist the tokenizer's vocabulary with the checkpoint in {anchor}",
        risk: "Inference may map ids to the wrong tokens if the vocabulary drifts from training.",
        patch: "Call `tokenizer.save_pretrained(out_dir)` beside the model save in {anchor}; test that a reloaded tokenizer round-trips a sample.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.callCandidates(#"(^|\.)(setup_chat_format|add_special_tokens|add_tokens|build_vocab\w*|build_vocab_from_iterator|save_vocabulary|train_new_from_iterator|get_vocab)$"#, strength: 7, note: "vocabulary built or extended")
        out += ctx.callCandidates(#"(^|\.)(SentencePieceTrainer\.train|train_from_iterator)$"#, strength: 7, note: "vocabulary trained")
        out += ctx.callCandidates(#"(^|\.)(Vocabulary|Vocab)(\.(from_instances|from_files|from_params|from_pretrained_transformer|from_iterator))?$|(^|\.)vocab\w*\.(save_to_files|save|add_token\w*)$"#, strength: 7, note: "vocabulary object built/saved")
        out += ctx.assignmentCandidates(target: #"^(stoi|itos|vocab|vocabulary|word2idx|idx2word|word_to_id|id_to_word|token2id|id2token|char2idx|idx2char|char_to_ix|ix_to_char|w2i|i2w)$"#,
                                        value: #"for .+ in |enumerate\(|\[['"](stoi|itos|vocab)"#, strength: 8, note: "vocabulary map built or loaded", onFirstLine: true)
        out += ctx.callCandidates(#"(tokenizer|tok)\w*\.save_pretrained$"#, strength: 5, note: "tokenizer vocabulary saved")
        out += ctx.callCandidates(#"(^|\.)(AutoTokenizer|\w*TokenizerFast|\w+Tokenizer)\.from_pretrained$"#, strength: 3, note: "tokenizer vocabulary loaded")
        return out
    }
}

struct EncodeDecodeRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-TOK-03", capability: "Tokenization", subfeature: "encode/decode",
        summary: "The repository itself turns text into ids and ids back into text (tokenizer encode + decode / batch_decode, or own encode/decode functions).",
        rationale: "Without an exposed round trip, prompts and generations cannot be checked against the training tokenization.",
        triggering: [.py("encode = lambda s: enc.encode(s)\ndecode = lambda l: enc.decode(l)\nids = encode('hi')\nprint(decode(ids))\n"),
                     .py("ids = tokenizer(text)['input_ids']\nout = tokenizer.batch_decode(gen, skip_special_tokens=True)\n")],
        nonTriggering: [.py("data = s.encode('utf-8')\nt = raw.decode('utf-8')\nout = proc.stdout.decode()\n", .absent),
                        .py("trainer = SFTTrainer(model=model, processing_class=tokenizer)\n", .absent)],
        stubTerms: "^(encode|decode|detokeni[sz]e)$|\\.(encode|decode)$",
        gap: "no text<->ids round trip is exposed; add `encode`/`decode` helpers around the tokenizer in {anchor}",
        risk: "Prompt formatting bugs stay invisible because no code decodes what the model sees.",
        patch: "Add `encode(text)`/`decode(ids)` helpers in {anchor} and a test asserting `decode(encode(s)) == s` for a sample string.")

    /// The receiver looks like a tokenizer/encoding object, or the call is a bare helper (`encode(s)`).
    private func onTokenizer(_ c: PythonCall) -> Bool {
        let parts = c.callee.split(separator: ".")
        guard parts.count > 1 else { return true }
        return parts.dropLast().joined(separator: ".").imatches(#"tok|\benc\b|enc$|encoder|encoding|\bsp\b|sp_model|spm|bpe|vocab|processor|processing_class|codec"#)
    }

    private func isBytesCodec(_ c: PythonCall) -> Bool {
        let args = (c.positionalArguments + Array(c.keywordValues.values)).joined(separator: " ")
        return args.imatches(#"utf-?8|ascii|latin|"ignore"|'ignore'|errors"#) || c.callee.matches(#"^(base64|json|codecs|str|bytes)\."#)
            || c.callee.hasPrefix("\"") || c.callee.hasPrefix("'")
    }

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var enc: [RuleCandidate] = [], dec: [RuleCandidate] = []
        for (m, c) in ctx.calls({ ["encode", "encode_ordinary", "encode_batch", "encode_plus", "batch_encode_plus", "apply_chat_template"].contains($0.callee.lastComponent) || $0.callee.matches(#"^(tokenizer|tok|self\.tokenizer)$"#) }) {
            if isBytesCodec(c) || !onTokenizer(c) { enc.append(RuleCandidate(ctx.ev(m.path, c.line), .rejected("byte-string codec or non-tokenizer receiver"))); continue }
            if c.callee.lastComponent == "apply_chat_template" && c.keywordValues["tokenize"].map(Values.isFalsy) ?? true { continue }
            enc.append(ctx.candidate(m, c, strength: 6, note: "text -> ids"))
        }
        for (m, c) in ctx.calls({ ["decode", "batch_decode", "decode_batch", "convert_ids_to_tokens"].contains($0.callee.lastComponent) }) {
            if isBytesCodec(c) || !onTokenizer(c) { dec.append(RuleCandidate(ctx.ev(m.path, c.line), .rejected("byte-string codec or non-tokenizer receiver"))); continue }
            dec.append(ctx.candidate(m, c, strength: 6, note: "ids -> text"))
        }
        // Own encode/decode helpers: defined as functions or lambdas.
        for (m, a) in ctx.assignments({ ["encode", "decode"].contains($0.target) && $0.valueText.hasPrefix("lambda") }) {
            let c = RuleCandidate(ctx.ev(m.path, a.line), strength: 7, note: "`\(a.target)` helper")
            if a.target == "encode" { enc.append(c) } else { dec.append(c) }
        }
        for (m, f) in ctx.functions({ ["encode", "decode"].contains($0.name) && $0.enclosingClass == nil }) {
            let c = f.bodyKind == .implemented ? RuleCandidate(ctx.ev(m.path, f.span.start), strength: 7, note: "`\(f.name)` helper")
                : RuleCandidate(ctx.ev(m.path, f.bodyMarkerLine ?? f.span.start), strength: 1, .stub, note: "`\(f.name)` placeholder")
            if f.name == "encode" { enc.append(c) } else { dec.append(c) }
        }
        let hasEnc = enc.contains { $0.verdict == .accepted }, hasDec = dec.contains { $0.verdict == .accepted }
        if hasEnc && hasDec { return enc + dec }
        // Only one direction: not a round trip.
        return (enc + dec).map { c in
            guard c.verdict == .accepted else { return c }
            var r = c; r.verdict = .rejected("only one direction of the round trip (\(hasEnc ? "encode" : "decode")) exists"); return r
        }
    }
}

struct PaddingTruncationRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-TOK-04", capability: "Tokenization", subfeature: "padding/truncation",
        summary: "Sequence length handled explicitly: tokenizer padding/truncation/max_length arguments, a pad token set, pad collators, max sequence length config, or cropping inputs to the context size.",
        rationale: "Unbounded or silently truncated sequences cause OOMs or train on cut-off examples.",
        triggering: [.py("tokenizer.pad_token = tokenizer.eos_token\n"),
                     .py("batch = tok(texts, padding='max_length', truncation=True, max_length=512)\n"),
                     .py("idx_cond = idx if idx.size(1) <= block_size else idx[:, -block_size:]\n"),
                     RuleExample(["recipes/sft.yaml": "max_seq_length: 2048\n"])],
        nonTriggering: [.py("x = torch.randn(4, 8)\ny = x[:, -1]\nconv = nn.Conv2d(3, 8, 3, padding=1)\n", .absent),
                        RuleExample(["configs/a.yaml": "# max_seq_length: 2048\nlr: 0.1\n"], .absent)],
        stubTerms: "(^|[^A-Za-z])pad|truncat|collat",
        gap: "no explicit padding/truncation; set `pad_token`, `padding` and `max_length` where batches are tokenized in {anchor}",
        risk: "Long inputs are cut or overflow memory unpredictably.",
        patch: "Pass `padding=True, truncation=True, max_length=cfg.max_seq_length` to the tokenizer call in {anchor}; test the longest sample.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        let padKeys: Set<String> = ["padding", "truncation", "pad_to_multiple_of", "max_length", "max_seq_length", "padding_side"]
        var out = ctx.calls({ c in
            // tokenizer calls, collators, pipelines and trainer configs; `Conv2d(padding=...)` is not sequence padding
            c.keywords.contains { padKeys.contains($0) }
                && (c.callee.imatches(#"tok|processor|encode|collat|pipeline|pad|SFTConfig|Arguments|Config$|generate"#) || c.callee.matches(#"^(self\.)?tokenizer$"#))
        }).compactMap { m, c -> RuleCandidate? in
            let k = c.keywords.first { padKeys.contains($0) } ?? ""
            guard !Values.isFalsy(c.keywordValues[k] ?? "") else { return nil }
            var r = ctx.candidate(m, c, strength: 7, note: "padding/truncation argument")
            r.evidence = ctx.ev(m.path, ctx.keywordLine(m.path, c, k))
            return r
        }
        out += ctx.assignmentCandidates(target: #"^(pad_token|pad_token_id|padding_side|truncation_side|model_max_length)$"#, value: ".", strength: 8, note: "pad token / side set")
        out += ctx.callCandidates(#"(^|\.)(pad_sequence|DataCollatorWithPadding|DataCollatorForSeq2Seq|DataCollatorForLanguageModeling|enable_padding|enable_truncation)$"#, strength: 6, note: "padding collator")
        out += ctx.assignmentCandidates(target: #"^(?!.*weight)"#, value: #"\[\s*:\s*,\s*-\s*[\w.]*(block_size|max_len\w*|context\w*|seq_len\w*|n_ctx|max_seq\w*|max_position\w*)\s*:?\s*\]|\[\s*:\s*[\w.]*(max_len\w*|max_length|max_seq\w*|block_size|n_ctx)\s*\]"#,
                                        strength: 6, note: "input cropped to the context length")
        out += ctx.entryCandidates(["max_seq_length", "max_length", "max_prompt_length", "max_source_length", "max_target_length", "truncation", "padding", "padding_free", "model_max_length"],
                                   strength: 5, note: "sequence length configured") { !$0.isNullish }
        return out
    }
}
