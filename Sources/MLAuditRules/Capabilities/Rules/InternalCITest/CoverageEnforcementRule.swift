import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct CoverageEnforcementRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .coverageEnforcement,
        summary:
            "A coverage threshold that fails the run: `--cov-fail-under`, `fail_under` in coverage config, `coverage report --fail-under`, or a codecov `target`.",
        rationale: "Without a threshold, coverage erodes silently as code is added.",
        triggering: [
            RuleExample(["pyproject.toml": "[tool.coverage.report]\nfail_under = 80\n"]),
            RuleExample(["Makefile": "test:\n\tpytest --cov=src --cov-fail-under=85\n"]),
            RuleExample(["setup.cfg": "[coverage:report]\nfail_under = 90\n"]),
        ],
        nonTriggering: [
            RuleExample(
                [
                    ".pre-commit-config.yaml":
                        "repos:\n  - repo: x\n    hooks:\n      - id: interrogate\n        args: [--fail-under=80]\n"
                ], .absent),
            RuleExample(
                [
                    ".github/codecov.yml":
                        "coverage:\n  status:\n    project:\n      default:\n        threshold: 100%\n"
                ], .absent),
        ],
        stubTerms: "",
        searches: RuleSearch(
            names: ["fail_under", "cov_fail_under", "coverage"],
            files: ["pyproject.toml", "setup.cfg", ".coveragerc", "tox.ini", "codecov.yml"]),
        gap:
            "coverage is not enforced; add `--cov-fail-under=<N>` to the pytest gate or `fail_under` under `[tool.coverage.report]`",
        risk: "Untested code paths grow unnoticed.",
        patch:
            "Set `[tool.coverage.report] fail_under = <current coverage>` in `pyproject.toml` and run `pytest --cov` in the local gate.",
        patchFiles: [.path("pyproject.toml")],
        deferral: Deferral(
            .low, why: "a config threshold",
            plan: "configure [tool.coverage.report] fail_under at the current coverage and raise it gradually"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.config.entries.filter {
            ($0.key == "fail_under" || $0.key == "fail-under")
                && ($0.keyPath.fastContains("coverage") || $0.path.hasSuffix(".coveragerc")) && !$0.isNullish
        }
        .map { ctx.candidate($0, strength: 8, note: "coverage fail_under") }
        out += ctx.config.entries.filter { $0.value.fastContains("--cov-fail-under") }.map {
            ctx.candidate($0, strength: 8, note: "pytest --cov-fail-under")
        }
        out += ctx.config.commands.filter {
            $0.text.fastContains("--cov-fail-under") || $0.text.matches(#"coverage\s+report.*--fail-under"#)
        }
        .map { RuleCandidate(ctx.ev($0.path, $0.line), strength: 8, note: "coverage threshold in gate") }
        out += ctx.config.entries.filter {
            $0.key == "target" && $0.path.imatches("codecov") && $0.value.matches(#"^\d+(\.\d+)?%?$"#)
        }
        .map { ctx.candidate($0, strength: 6, note: "codecov target") }
        out += ctx.config.entries.filter {
            $0.value.fastContains("--fail-under") && !$0.value.fastContains("--cov-fail-under")
        }
        .map {
            RuleCandidate(
                ctx.ev($0.path, $0.line), strength: 1,
                .rejected("--fail-under of another tool (docstring coverage), not test coverage"))
        }
        return out
    }
}
