import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct PromptSafetyRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .promptSafety,
        summary:
            "Model inputs/outputs filtered or moderated: moderation APIs, Llama Guard/Detoxify/safety checkers, guardrails, or implemented functions that check prompts/outputs against a policy and are called.",
        rationale: "Generation endpoints without filtering can emit harmful or leaked content.",
        triggering: [
            .py(
                "def is_safe(text):\n    return not any(w in text for w in BLOCKLIST)\nif not is_safe(prompt):\n    raise ValueError('blocked')\n"
            ),
            .py("resp = client.moderations.create(input=prompt)\n"),
        ],
        nonTriggering: [
            .py("SYSTEM = 'You are a harmless assistant.'\n", .absent),
            .py("def moderate(text):\n    pass\nmoderate(x)\n", .stub),
        ],
        stubTerms: "moderat|safety|guard|content_filter|toxic|is_safe|sanitize_prompt",
        searches: RuleSearch(names: ["moderation", "safety_checker", "content_filter", "is_safe"]),
        gap: "generation runs without an input/output filter; add a moderation check around the sampling entry point",
        risk: "Harmful or policy-violating generations reach users unfiltered.",
        patch:
            "Add `check_prompt(text)`/`check_output(text)` (blocklist or a moderation model) called before and after generation; test with a blocked sample.",
        deferral: Deferral(
            .high, why: "policy decisions with no owner in a research codebase",
            plan: "add an input/output filter hook with a deny-list and tests, off by default, documented in the README"
        ))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.callCandidates(
            #"moderations?\.create$|(^|\.)(Moderation|Detoxify|LlamaGuard\w*|StableDiffusionSafetyChecker|RailsConfig|LLMRails|Guard|AnalyzerEngine)(\.\w+)?$"#,
            strength: 8, note: "moderation / safety checker")
        let names =
            #"^(is_safe|check_safety|safety_check\w*|moderate\w*|filter_(unsafe|toxic|harmful)\w*|content_filter\w*|check_prompt|check_output|sanitize_prompt|guard_\w+|detect_(toxicity|jailbreak)\w*)$"#
        for (m, f) in ctx.functions({ $0.name.imatches(names) }) {
            if f.bodyKind != .implemented {
                out.append(
                    RuleCandidate(
                        ctx.ev(m.path, f.bodyMarkerLine ?? f.span.start), strength: 1, .stub,
                        note: "`\(f.qualifiedName)` is a placeholder"))
            } else if !ctx.callsNamed([f.name]).isEmpty {
                out.append(
                    RuleCandidate(ctx.ev(m.path, f.span.start), strength: 7, note: "safety filter `\(f.name)` applied"))
            }
        }
        return out
    }
}
