import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct SecretsScanningRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .secretsScanning,
        summary:
            "A configured secret detector: pre-commit hooks detect-private-key/detect-secrets/gitleaks/trufflehog/bandit/detect-aws-credentials, a `.gitleaks.toml`/`.secrets.baseline`, or a CI step running one.",
        rationale: "API keys committed to ML repos (W&B, HF, cloud) are harvested within minutes of a push.",
        triggering: [
            RuleExample([".gitlab-ci.yml": "include:\n  - template: Security/Secret-Detection.gitlab-ci.yml\n"]),
            RuleExample([
                ".pre-commit-config.yaml":
                    "repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v4.4.0\n    hooks:\n      - id: detect-private-key\n"
            ]),
        ],
        nonTriggering: [
            RuleExample([".gitlab-ci.yml": "include:\n  - template: Jobs/Build.gitlab-ci.yml\n"], .absent),
            RuleExample(
                [
                    ".pre-commit-config.yaml":
                        "repos:\n  - repo: https://github.com/psf/black\n    rev: 23.1.0\n    hooks:\n      - id: black\n      # - id: detect-secrets\n"
                ], .absent),
        ],
        stubTerms: "",
        gap:
            "no secret detector runs before commits; add `detect-secrets` or gitleaks (and `detect-private-key`) to `.pre-commit-config.yaml`",
        gapFiles: [.path(".pre-commit-config.yaml")],
        risk: "Tracker or hub tokens can be committed and leaked unnoticed.",
        patch:
            "Add the `detect-private-key` and `detect-secrets` hooks to `.pre-commit-config.yaml` with a `.secrets.baseline`; run `pre-commit run -a` locally.",
        patchFiles: [.path(".pre-commit-config.yaml")],
        deferral: Deferral(
            .low, why: "a pre-commit hook",
            plan: "add detect-secrets (or gitleaks) as a local pre-commit hook with a baseline file"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        let tools =
            #"^(detect-private-key|detect-secrets|gitleaks|gitleaks-docker|trufflehog|bandit|detect-aws-credentials|ggshield|talisman|secretlint)$"#
        var out = ctx.entries(key: "id") { $0.value.matches(tools) }.map {
            ctx.candidate($0, strength: 8, note: "secret scanner hook `\($0.value)`")
        }
        out += ctx.entries(key: "uses") { $0.value.imatches("gitleaks|trufflehog|bandit|detect-secrets") }.map {
            ctx.candidate($0, strength: 7, note: "secret scanner in CI")
        }
        out += ctx.productCommands.filter { $0.text.matches(#"\b(gitleaks|trufflehog|detect-secrets|bandit)\b"#) }
            .map { RuleCandidate(ctx.ev($0.path, $0.line), strength: 6, note: "secret scanner run") }
        for f in ctx.facts.files
        where [".gitleaks.toml", ".secrets.baseline", ".bandit", "gitleaks.toml"].contains(String(f.name)) {
            out.append(RuleCandidate(ctx.ev(f.path, ctx.firstLine(f.path)), strength: 6, note: "secret scanner config"))
        }
        // GitLab CI's secret detection: the `Security/Secret-Detection.gitlab-ci.yml` template, or a job extending
        // its `.secret-analyzer` (https://docs.gitlab.com/ee/user/application_security/secret_detection/pipeline/)
        out += ctx.entries(key: "template", "extends") {
            ($0.key == "template" && $0.value.contains("Secret-Detection"))
                || ($0.key == "extends" && $0.value == ".secret-analyzer")
        }
        .map { ctx.candidate($0, strength: 7, note: "GitLab secret detection") }
        out += ctx.entries { $0.keyPath.hasPrefix("tool.bandit") }.prefix(1).map {
            ctx.candidate($0, strength: 5, note: "bandit configured")
        }
        return out
    }
}
