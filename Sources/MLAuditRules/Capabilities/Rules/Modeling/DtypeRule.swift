import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct DtypeRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .dtype,
        summary:
            "The model's dtype chosen explicitly: `torch_dtype=`/`dtype=` with a float type, `.half()`/`.bfloat16()`, a dtype variable set to 'bfloat16'/'float16', or `torch_dtype: bfloat16` in config.",
        rationale: "An implicit dtype doubles memory (fp32) or loses precision (fp16) depending on the machine.",
        triggering: [
            .py("dtype = 'bfloat16' if torch.cuda.is_bf16_supported() else 'float16'\n"),
            .py("model = AutoModel.from_pretrained(n, torch_dtype=torch.bfloat16)\n"),
            RuleExample(["recipes/a.yaml": "torch_dtype: bfloat16\n"]),
        ],
        nonTriggering: [
            RuleExample(["configs/trainer.yaml": "# precision: 16\nmax_epochs: 10\n"], .absent),
            .py("x = torch.zeros(3)\n", .absent),
        ],
        stubTerms: "dtype|half_precision|to_bf16|to_fp16",
        gap:
            "no explicit dtype; the model loads in the framework default (fp32); add a `torch_dtype` option in {anchor}",
        gapFiles: [.anchor],
        risk: "Memory use and numerics change silently between GPUs and library versions.",
        patch:
            "Add a `dtype` config option (bf16/fp16/fp32) mapped to `torch_dtype` at model load in {anchor}; test the loaded parameter dtype.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .low, why: "one config field, but wrong dtypes fail late on GPU",
            plan: "add a dtype config field (fp32/bf16/fp16) applied in build_model, default fp32 on CPU"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        let models = ctx.modelClassNames
        var out = ctx.calls(at: ctx.sites(keyword: ["torch_dtype", "dtype", "bnb_4bit_compute_dtype"])).filter({ _, c in
            c.keywords.contains { ["torch_dtype", "dtype", "bnb_4bit_compute_dtype"].contains($0) }
                && (c.callee.lastComponent.matches(
                    #"^(from_pretrained|from_config|to|autocast|load|pipeline|half|LLM|init_module)$|Model|Config|Arguments|Fabric"#
                ) || models.contains(c.callee.lastComponent))
        }).compactMap { m, c -> RuleCandidate? in
            let k = c.keywords.first { ["torch_dtype", "dtype", "bnb_4bit_compute_dtype"].contains($0) } ?? ""
            let v = c.keywordValues[k] ?? ""
            guard Values.floatDType(v) || v.imatches("dtype") else { return nil }
            var r = ctx.candidate(m, c, strength: 6, note: "model dtype passed")
            r.evidence = ctx.ev(m.path, ctx.keywordLine(m.path, c, k))
            return r
        }
        out += ctx.assignmentCandidates(
            target: #"^(torch_dtype|dtype|ptdtype|model_dtype|compute_dtype|param_dtype)$"#,
            value: #"b?float16|bfloat16|float32|getattr\(\s*torch|torch\.(float|half|bfloat)"#, strength: 8,
            note: "dtype chosen")
        out += ctx.callCandidates(#"(model|net|module)\w*\.(half|bfloat16|float)$"#, strength: 6, note: "model cast")
        out += ctx.entryCandidates(
            ["torch_dtype", "dtype", "model_dtype", "bnb_4bit_compute_dtype"], strength: 5, note: "dtype configured"
        ) { Values.floatDType($0.value) }
        return out
    }
}
