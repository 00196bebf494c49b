import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct EncodeDecodeRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .encodeDecode,
        summary:
            "The repository itself turns text into ids and ids back into text (tokenizer encode + decode / batch_decode, or own encode/decode functions).",
        rationale:
            "Without an exposed round trip, prompts and generations cannot be checked against the training tokenization.",
        triggering: [
            .py(
                "encode = lambda s: enc.encode(s)\ndecode = lambda l: enc.decode(l)\nids = encode('hi')\nprint(decode(ids))\n"
            ),
            .py("ids = tokenizer(text)['input_ids']\nout = tokenizer.batch_decode(gen, skip_special_tokens=True)\n"),
        ],
        nonTriggering: [
            .py("data = s.encode('utf-8')\nt = raw.decode('utf-8')\nout = proc.stdout.decode()\n", .absent),
            .py("trainer = SFTTrainer(model=model, processing_class=tokenizer)\n", .absent),
        ],
        stubTerms: "^(encode|decode|detokeni[sz]e)$|\\.(encode|decode)$",
        searches: RuleSearch(names: ["encode", "decode", "batch_decode", "detokenize"]),
        gap: "no text<->ids round trip is exposed; add `encode`/`decode` helpers around the tokenizer in {anchor}",
        gapFiles: [.anchor],
        risk: "Prompt formatting bugs stay invisible because no code decodes what the model sees.",
        patch:
            "Add `encode(text)`/`decode(ids)` helpers in {anchor} and a test asserting `decode(encode(s)) == s` for a sample string.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .low, why: "a thin API over the tokenizer",
            plan: "expose encode()/decode() helpers with a round-trip unit test"))

    /// The receiver looks like a tokenizer/encoding object, or the call is a bare helper (`encode(s)`).
    private func onTokenizer(_ c: PythonCall) -> Bool {
        let parts = c.callee.split(separator: ".")
        guard parts.count > 1 else { return true }
        return parts.dropLast().joined(separator: ".").imatches(
            #"tok|\benc\b|enc$|encoder|encoding|\bsp\b|sp_model|spm|bpe|vocab|processor|processing_class|codec"#)
    }

    private func isBytesCodec(_ c: PythonCall) -> Bool {
        let args = (c.positionalArguments + Array(c.keywordValues.values)).joined(separator: " ")
        return args.imatches(#"utf-?8|ascii|latin|"ignore"|'ignore'|errors"#)
            || c.callee.matches(#"^(base64|json|codecs|str|bytes)\."#)
            || c.callee.hasPrefix("\"") || c.callee.hasPrefix("'")
    }

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var enc: [RuleCandidate] = []
        var dec: [RuleCandidate] = []
        // from the postings: the callee's last component, or the whole callee naming a tokenizer
        let encoders =
            ctx.sites(leaf: [
                "encode", "encode_ordinary", "encode_batch", "encode_plus", "batch_encode_plus", "apply_chat_template",
            ]) + ctx.sites(calleeMatching: #"^(tokenizer|tok|self\.tokenizer)$"#)
        for (m, c) in ctx.calls(at: encoders) {
            if isBytesCodec(c) || !onTokenizer(c) {
                enc.append(
                    RuleCandidate(ctx.ev(m.path, c.line), .rejected("byte-string codec or non-tokenizer receiver")))
                continue
            }
            if c.callee.lastComponent == "apply_chat_template"
                && c.keywordValues["tokenize"].map(Values.isFalsy) ?? true
            {
                continue
            }
            enc.append(ctx.candidate(m, c, strength: 6, note: "text -> ids"))
        }
        for (m, c) in ctx.calls(
            at: ctx.sites(leaf: ["decode", "batch_decode", "decode_batch", "convert_ids_to_tokens"]))
        {
            if isBytesCodec(c) || !onTokenizer(c) {
                dec.append(
                    RuleCandidate(ctx.ev(m.path, c.line), .rejected("byte-string codec or non-tokenizer receiver")))
                continue
            }
            dec.append(ctx.candidate(m, c, strength: 6, note: "ids -> text"))
        }
        // Own encode/decode helpers: defined as functions or lambdas.
        let helpers = Set(["encode", "decode"].flatMap { ctx.code.assignmentTargetLeaves[$0] ?? [] }).sorted()
        for (m, a) in helpers.map({ ctx.code.assignment($0) })
        where ["encode", "decode"].contains(a.target) && a.valueText.hasPrefix("lambda") {
            let c = RuleCandidate(ctx.ev(m.path, a.line), strength: 7, note: "`\(a.target)` helper")
            if a.target == "encode" { enc.append(c) } else { dec.append(c) }
        }
        for (m, f) in ctx.functions({ ["encode", "decode"].contains($0.name) && $0.enclosingClass == nil }) {
            let c =
                f.bodyKind == .implemented
                ? RuleCandidate(ctx.ev(m.path, f.span.start), strength: 7, note: "`\(f.name)` helper")
                : RuleCandidate(
                    ctx.ev(m.path, f.bodyMarkerLine ?? f.span.start), strength: 1, .stub,
                    note: "`\(f.name)` placeholder")
            if f.name == "encode" { enc.append(c) } else { dec.append(c) }
        }
        let hasEnc = enc.contains { $0.verdict == .accepted }
        let hasDec = dec.contains { $0.verdict == .accepted }
        if hasEnc && hasDec { return enc + dec }
        // Only one direction: not a round trip.
        return (enc + dec).map { c in
            guard c.verdict == .accepted else { return c }
            var r = c
            r.verdict = .rejected("only one direction of the round trip (\(hasEnc ? "encode" : "decode")) exists")
            return r
        }
    }
}
