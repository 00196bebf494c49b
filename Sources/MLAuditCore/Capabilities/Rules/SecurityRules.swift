import Foundation
import MLAuditPython

struct DependencyLockingRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-SEC-01", capability: "Security & Safety", subfeature: "dependency locking",
        summary: "A lock file (poetry.lock, uv.lock, Pipfile.lock, pdm.lock, conda-lock, hashed requirements) or requirements in which every dependency is pinned with `==`.",
        rationale: "Unpinned dependencies change under the repository, breaking builds and opening supply-chain risk.",
        triggering: [RuleExample(["requirements.txt": "torch==2.1.0\nnumpy==1.26.4\n"]), RuleExample(["uv.lock": "version = 1\n[[package]]\nname = \"torch\"\n"])],
        nonTriggering: [RuleExample(["requirements.txt": "torch>=2.0\nhydra-core==1.3.2\nrich\n"], .absent),
                        RuleExample(["requirements.txt": "torch>=2.0\n", "requirements-dev.txt": "pytest==8.0.0\n", "docs/requirements.txt": "sphinx==7.2.6\n"], .absent),
                        RuleExample(["README.md": "pip install torch==2.1.0\n"], .absent)],
        stubTerms: "",
        gap: "dependencies are unpinned (ranges or bare names) and there is no lock file",
        risk: "A new upstream release can break installation or change numerics without any commit in the repository.",
        patch: "Generate a lock with `pip-compile --generate-hashes requirements.in -o requirements.lock` (or `uv lock`) and install from it in CI and docs.")

    static let lockNames: Set<String> = ["poetry.lock", "uv.lock", "pipfile.lock", "pdm.lock", "conda-lock.yml", "conda-lock.yaml", "requirements.lock", "pixi.lock"]

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out: [RuleCandidate] = []
        for f in ctx.facts.files where ctx.isProductPath(f.path) && (Self.lockNames.contains(f.name.lowercased()) || f.name.lowercased().hasSuffix(".lock") && f.name.lowercased().contains("requirements")) {
            out.append(RuleCandidate(ctx.ev(f.path, ctx.firstLine(f.path)), strength: 9, note: "lock file"))
        }
        // The runtime requirements files (documentation-only lists aside) must all be fully pinned.
        let byFile = Dictionary(grouping: ctx.config.requirements.filter {
            ctx.isProductPath($0.path) && $0.path.hasSuffix(".txt") && !$0.path.imatches(#"(^|/|[-_])docs?([-_/.]|$)"#)
        }, by: \.path)
        var pinned: [RuleCandidate] = [], loose: [RuleCandidate] = []
        for (path, reqs) in byFile.sorted(by: { $0.key < $1.key }) where !reqs.isEmpty {
            let unpinned = reqs.filter { !$0.isExactPin && !$0.hasHash }
            if unpinned.isEmpty {
                pinned.append(RuleCandidate(ctx.ev(path, reqs[0].line), strength: 8, note: "every requirement pinned"))
            } else {
                loose.append(RuleCandidate(ctx.ev(path, unpinned[0].line), strength: 1,
                                           .rejected("\(unpinned.count) of \(reqs.count) requirements are not pinned with == (e.g. `\(unpinned[0].name)\(unpinned[0].specifier)`)")))
            }
        }
        out += loose
        out += loose.isEmpty ? pinned : pinned.map { c in
            var r = c; r.verdict = .rejected("pinned, but other requirements files of the project are not"); return r
        }
        return out
    }
}

struct SecretsScanningRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-SEC-02", capability: "Security & Safety", subfeature: "secrets scanning",
        summary: "A configured secret detector: pre-commit hooks detect-private-key/detect-secrets/gitleaks/trufflehog/bandit/detect-aws-credentials, a `.gitleaks.toml`/`.secrets.baseline`, or a CI step running one.",
        rationale: "API keys committed to ML repos (W&B, HF, cloud) are harvested within minutes of a push.",
        triggering: [RuleExample([".pre-commit-config.yaml": "repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v4.4.0\n    hooks:\n      - id: detect-private-key\n"])],
        nonTriggering: [RuleExample([".pre-commit-config.yaml": "repos:\n  - repo: https://github.com/psf/black\n    rev: 23.1.0\n    hooks:\n      - id: black\n      # - id: detect-secrets\n"], .absent)],
        stubTerms: "",
        gap: "no secret detector runs before commits; add `detect-secrets` or gitleaks (and `detect-private-key`) to `.pre-commit-config.yaml`",
        risk: "Tracker or hub tokens can be committed and leaked unnoticed.",
        patch: "Add the `detect-private-key` and `detect-secrets` hooks to `.pre-commit-config.yaml` with a `.secrets.baseline`; run `pre-commit run -a` locally.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        let tools = #"^(detect-private-key|detect-secrets|gitleaks|gitleaks-docker|trufflehog|bandit|detect-aws-credentials|ggshield|talisman|secretlint)$"#
        var out = ctx.entries(key: "id") { $0.value.matches(tools) }.map { ctx.candidate($0, strength: 8, note: "secret scanner hook `\($0.value)`") }
        out += ctx.entries(key: "uses") { $0.value.imatches("gitleaks|trufflehog|bandit|detect-secrets") }.map { ctx.candidate($0, strength: 7, note: "secret scanner in CI") }
        out += ctx.productCommands.filter { $0.text.matches(#"\b(gitleaks|trufflehog|detect-secrets|bandit)\b"#) }
            .map { RuleCandidate(ctx.ev($0.path, $0.line), strength: 6, note: "secret scanner run") }
        for f in ctx.facts.files where [".gitleaks.toml", ".secrets.baseline", ".bandit", "gitleaks.toml"].contains(String(f.name)) {
            out.append(RuleCandidate(ctx.ev(f.path, ctx.firstLine(f.path)), strength: 6, note: "secret scanner config"))
        }
        out += ctx.entries { $0.keyPath.hasPrefix("tool.bandit") }.prefix(1).map { ctx.candidate($0, strength: 5, note: "bandit configured") }
        return out
    }
}

struct PromptSafetyRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-SEC-03", capability: "Security & Safety", subfeature: "prompt safety",
        summary: "Model inputs/outputs filtered or moderated: moderation APIs, Llama Guard/Detoxify/safety checkers, guardrails, or implemented functions that check prompts/outputs against a policy and are called.",
        rationale: "Generation endpoints without filtering can emit harmful or leaked content.",
        triggering: [.py("def is_safe(text):\n    return not any(w in text for w in BLOCKLIST)\nif not is_safe(prompt):\n    raise ValueError('blocked')\n"),
                     .py("resp = client.moderations.create(input=prompt)\n")],
        nonTriggering: [.py("SYSTEM = 'You are a harmless assistant.'\n", .absent), .py("def moderate(text):\n    pass\nmoderate(x)\n", .stub)],
        stubTerms: "moderat|safety|guard|content_filter|toxic|is_safe|sanitize_prompt",
        gap: "generation runs without an input/output filter; add a moderation check around the sampling entry point",
        risk: "Harmful or policy-violating generations reach users unfiltered.",
        patch: "Add `check_prompt(text)`/`check_output(text)` (blocklist or a moderation model) called before and after generation; test with a blocked sample.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.callCandidates(#"moderations?\.create$|(^|\.)(Moderation|Detoxify|LlamaGuard\w*|StableDiffusionSafetyChecker|RailsConfig|LLMRails|Guard|AnalyzerEngine)(\.\w+)?$"#, strength: 8, note: "moderation / safety checker")
        let names = #"^(is_safe|check_safety|safety_check\w*|moderate\w*|filter_(unsafe|toxic|harmful)\w*|content_filter\w*|check_prompt|check_output|sanitize_prompt|guard_\w+|detect_(toxicity|jailbreak)\w*)$"#
        for (m, f) in ctx.functions({ $0.name.imatches(names) }) {
            if f.bodyKind != .implemented {
                out.append(RuleCandidate(ctx.ev(m.path, f.bodyMarkerLine ?? f.span.start), strength: 1, .stub, note: "`\(f.qualifiedName)` is a placeholder"))
            } else if !ctx.callsNamed([f.name]).isEmpty {
                out.append(RuleCandidate(ctx.ev(m.path, f.span.start), strength: 7, note: "safety filter `\(f.name)` applied"))
            }
        }
        return out
    }
}
