import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct VocabRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .vocab,
        summary:
            "A vocabulary built (char/word -> id maps, trained BPE), extended with special tokens, or saved/loaded.",
        rationale:
            "Token ids are only meaningful against the exact vocabulary; a vocabulary that is not persisted cannot be reproduced at inference.",
        triggering: [
            .py("chars = sorted(set(data))\nstoi = {ch: i for i, ch in enumerate(chars)}\n"),
            .py("model, tokenizer = setup_chat_format(model, tokenizer)\n"),
            .py("tokenizer.add_special_tokens({'pad_token': '[PAD]'})\n"),
        ],
        nonTriggering: [
            .py("vocab_size = 50304\n", .absent), .py("# stoi = {c: i for i, c in enumerate(chars)}\n", .absent),
        ],
        stubTerms: "vocab",
        gap:
            "no vocabulary is built, extended or saved; persist the tokenizer's vocabulary with the checkpoint in {anchor}",
        gapFiles: [.anchor],
        risk: "Inference may map ids to the wrong tokens if the vocabulary drifts from training.",
        patch:
            "Call `tokenizer.save_pretrained(out_dir)` beside the model save in {anchor}; test that a reloaded tokenizer round-trips a sample.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .medium, why: "the vocabulary must match existing checkpoints",
            plan: "save the vocabulary next to checkpoints (tokenizer.save_pretrained) and load it on resume"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.callCandidates(
            #"(^|\.)(setup_chat_format|add_special_tokens|add_tokens|build_vocab\w*|build_vocab_from_iterator|save_vocabulary|train_new_from_iterator|get_vocab)$"#,
            strength: 7, note: "vocabulary built or extended")
        out += ctx.callCandidates(
            #"(^|\.)(SentencePieceTrainer\.train|train_from_iterator)$"#, strength: 7, note: "vocabulary trained")
        out += ctx.callCandidates(
            #"(^|\.)(Vocabulary|Vocab)(\.(from_instances|from_files|from_params|from_pretrained_transformer|from_iterator))?$|(^|\.)vocab\w*\.(save_to_files|save|add_token\w*)$"#,
            strength: 7, note: "vocabulary object built/saved")
        out += ctx.assignmentCandidates(
            target:
                #"^(stoi|itos|vocab|vocabulary|word2idx|idx2word|word_to_id|id_to_word|token2id|id2token|char2idx|idx2char|char_to_ix|ix_to_char|w2i|i2w)$"#,
            value: #"for .+ in |enumerate\(|\[['"](stoi|itos|vocab)"#, strength: 8,
            note: "vocabulary map built or loaded", onFirstLine: true)
        out += ctx.callCandidates(
            #"(tokenizer|tok)\w*\.save_pretrained$"#, strength: 5, note: "tokenizer vocabulary saved")
        out += ctx.callCandidates(
            #"(^|\.)(AutoTokenizer|\w*TokenizerFast|\w+Tokenizer)\.from_pretrained$"#, strength: 3,
            note: "tokenizer vocabulary loaded")
        return out
    }
}
