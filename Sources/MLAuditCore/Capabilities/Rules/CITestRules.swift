import Foundation
import MLAuditPython

struct PytestTargetsRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-CIT-01", capability: "Internal CI/Test", subfeature: "pytest targets",
        summary: "A pytest suite: test modules with `test_*` functions or `Test*` classes.",
        rationale: "Tests are the only guard against regressions when training code changes.",
        triggering: [RuleExample(["tests/test_data.py": "def test_split():\n    assert 1 + 1 == 2\n"])],
        nonTriggering: [RuleExample(["tests/helpers.py": "def make_batch():\n    return []\n"], .absent),
                        RuleExample(["tests/test_x.py": "def test_todo():\n    pass\n"], .stub)],
        stubTerms: "",
        gap: "no pytest suite; add `tests/` with smoke tests for data loading and one training step",
        risk: "Any refactor can break training or data handling without a signal.",
        patch: "Add `tests/test_smoke.py` (tiny config: build model, one train step, one eval step) runnable with `python -m pytest -q`.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out: [RuleCandidate] = []
        for m in ctx.tests {
            let testClasses = Set(m.classes.filter { $0.name.hasPrefix("Test") || $0.bases.contains { $0.hasSuffix("TestCase") } }.map(\.qualifiedName))
            for f in m.functions where f.name.hasPrefix("test") && (f.enclosingClass == nil || testClasses.contains(f.enclosingClass!)) {
                out.append(f.bodyKind == .implemented
                    ? RuleCandidate(ctx.ev(m.path, f.span.start), strength: 7, note: "test `\(f.qualifiedName)`")
                    : RuleCandidate(ctx.ev(m.path, f.bodyMarkerLine ?? f.span.start), strength: 1, .stub, note: "empty test `\(f.qualifiedName)`"))
            }
        }
        return out
    }
}

struct LocalGatesRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-CIT-02", capability: "Internal CI/Test", subfeature: "local gates",
        summary: "Local gate sessions: Makefile targets running tests/linters, tox envs, nox sessions, or pre-commit hooks.",
        rationale: "One local command that runs the checks keeps contributors and CI in agreement without paid CI minutes.",
        triggering: [RuleExample(["Makefile": "test:\n\tpytest -k \"not slow\"\n"]),
                     RuleExample(["noxfile.py": "import nox\n@nox.session\ndef tests(session):\n    session.run('pytest')\n"]),
                     RuleExample(["tox.ini": "[tox]\nenvlist = py311\n[testenv]\ncommands = pytest\n"])],
        nonTriggering: [RuleExample(["Makefile": "clean:\n\trm -rf build\n"], .absent)],
        stubTerms: "",
        gap: "no local gate; add a `Makefile`/`noxfile.py` session running lint and pytest",
        risk: "Checks depend on each contributor remembering the right commands.",
        patch: "Add `noxfile.py` with `lint` and `tests` sessions (or `make test`), and document `nox -s tests` in the README.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        let tools = #"\b(pytest|pre-commit|ruff|flake8|black|isort|mypy|pylint|tox|nox|unittest)\b|\bcoverage (run|report)\b"#
        var out: [RuleCandidate] = []
        for t in ctx.config.makeTargets where ctx.facts.snapshot.file(t.path)?.isVendored != true {
            if let i = t.recipeTexts.firstIndex(where: { $0.matches(tools) }) {
                out.append(RuleCandidate(ctx.ev(t.path, t.recipeLines[i]), strength: 8, note: "make \(t.name)"))
            }
        }
        out += ctx.facts.python.values.filter { $0.path.hasSuffix("noxfile.py") }.sorted { $0.path < $1.path }.flatMap { m in
            m.functions.filter { $0.decorators.contains { $0.hasPrefix("nox.session") } }.map { RuleCandidate(ctx.ev(m.path, $0.span.start), strength: 8, note: "nox session `\($0.name)`") }
        }
        out += ctx.config.entries.filter { ($0.path.hasSuffix("tox.ini") && $0.keyPath.hasPrefix("testenv") && $0.key == "commands") || ($0.path.hasSuffix("tox.ini") && $0.isListItem && $0.key == "commands") }
            .map { ctx.candidate($0, strength: 8, note: "tox env") }
        out += ctx.config.entries.filter { $0.path.hasSuffix(".pre-commit-config.yaml") && $0.key == "id" }.prefix(1)
            .map { ctx.candidate($0, strength: 6, note: "pre-commit hooks") }
        return out
    }
}

struct CoverageEnforcementRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-CIT-03", capability: "Internal CI/Test", subfeature: "coverage enforcement",
        summary: "A coverage threshold that fails the run: `--cov-fail-under`, `fail_under` in coverage config, `coverage report --fail-under`, or a codecov `target`.",
        rationale: "Without a threshold, coverage erodes silently as code is added.",
        triggering: [RuleExample(["pyproject.toml": "[tool.coverage.report]\nfail_under = 80\n"]),
                     RuleExample(["Makefile": "test:\n\tpytest --cov=src --cov-fail-under=85\n"]),
                     RuleExample(["setup.cfg": "[coverage:report]\nfail_under = 90\n"])],
        nonTriggering: [RuleExample([".pre-commit-config.yaml": "repos:\n  - repo: x\n    hooks:\n      - id: interrogate\n        args: [--fail-under=80]\n"], .absent),
                        RuleExample([".github/codecov.yml": "coverage:\n  status:\n    project:\n      default:\n        threshold: 100%\n"], .absent)],
        stubTerms: "",
        gap: "coverage is not enforced; add `--cov-fail-under=<N>` to the pytest gate or `fail_under` under `[tool.coverage.report]`",
        risk: "Untested code paths grow unnoticed.",
        patch: "Set `[tool.coverage.report] fail_under = <current coverage>` in `pyproject.toml` and run `pytest --cov` in the local gate.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.config.entries.filter { ($0.key == "fail_under" || $0.key == "fail-under") && ($0.keyPath.contains("coverage") || $0.path.hasSuffix(".coveragerc")) && !$0.isNullish }
            .map { ctx.candidate($0, strength: 8, note: "coverage fail_under") }
        out += ctx.config.entries.filter { $0.value.contains("--cov-fail-under") }.map { ctx.candidate($0, strength: 8, note: "pytest --cov-fail-under") }
        out += ctx.config.commands.filter { $0.text.contains("--cov-fail-under") || $0.text.matches(#"coverage\s+report.*--fail-under"#) }
            .map { RuleCandidate(ctx.ev($0.path, $0.line), strength: 8, note: "coverage threshold in gate") }
        out += ctx.config.entries.filter { $0.key == "target" && $0.path.imatches("codecov") && $0.value.matches(#"^\d+(\.\d+)?%?$"#) }
            .map { ctx.candidate($0, strength: 6, note: "codecov target") }
        out += ctx.config.entries.filter { $0.value.contains("--fail-under") && !$0.value.contains("--cov-fail-under") }
            .map { RuleCandidate(ctx.ev($0.path, $0.line), strength: 1, .rejected("--fail-under of another tool (docstring coverage), not test coverage")) }
        return out
    }
}
