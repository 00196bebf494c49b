import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct LocalGatesRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .localGates,
        summary:
            "Local gate sessions: Makefile targets running tests/linters, tox envs, nox sessions, or pre-commit hooks.",
        rationale:
            "One local command that runs the checks keeps contributors and CI in agreement without paid CI minutes.",
        triggering: [
            RuleExample(["Makefile": "test:\n\tpytest -k \"not slow\"\n"]),
            RuleExample(["dev/linter.sh": "#!/bin/bash -e\nisort -sp . .\nblack -l 100 .\nflake8 .\n"]),
            RuleExample(["noxfile.py": "import nox\n@nox.session\ndef tests(session):\n    session.run('pytest')\n"]),
            RuleExample(["tox.ini": "[tox]\nenvlist = py311\n[testenv]\ncommands = pytest\n"]),
        ],
        nonTriggering: [
            RuleExample(["Makefile": "clean:\n\trm -rf build\n"], .absent),
            RuleExample(["scripts/fmt.sh": "#!/bin/bash\nblack .\n"], .absent),
        ],
        stubTerms: "",
        gap: "no local gate; add a `Makefile`/`noxfile.py` session running lint and pytest",
        gapFiles: [.path("noxfile.py")],
        risk: "Checks depend on each contributor remembering the right commands.",
        patch:
            "Add `noxfile.py` with `lint` and `tests` sessions (or `make test`), and document `nox -s tests` in the README.",
        patchFiles: [.path("noxfile.py")],
        deferral: Deferral(
            .low, why: "one noxfile or Makefile target",
            plan:
                "add noxfile.py sessions tests and lint (offline, reuse existing venv) and document them in the README")
    )

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        let tools =
            #"\b(pytest|pre-commit|ruff|flake8|black|isort|mypy|pylint|tox|nox|unittest)\b|\bcoverage (run|report)\b"#
        var out: [RuleCandidate] = []
        for t in ctx.config.makeTargets where ctx.facts.snapshot.file(t.path)?.isVendored != true {
            if let i = t.recipeTexts.firstIndex(where: { $0.matches(tools) }) {
                out.append(RuleCandidate(ctx.ev(t.path, t.recipeLines[i]), strength: 8, note: "make \(t.name)"))
            }
        }
        out += ctx.config.noxSessions.filter { $0.path.hasSuffix("noxfile.py") }.map {
            RuleCandidate(ctx.ev($0.path, $0.line), strength: 8, note: "nox session `\($0.function)`")
        }
        out += ctx.config.entries.filter {
            ($0.path.hasSuffix("tox.ini") && $0.keyPath.hasPrefix("testenv") && $0.key == "commands")
                || ($0.path.hasSuffix("tox.ini") && $0.isListItem && $0.key == "commands")
        }
        .map { ctx.candidate($0, strength: 8, note: "tox env") }
        // a developer lint/format script: one shell script running two or more checkers before commit (detectron2's
        // dev/linter.sh, keras' shell/lint.sh and shell/format.sh); CI workflow steps are not local gates
        let checkers =
            #"\b(black|isort|flake8|ruff|mypy|pylint|pyright|yapf|clang-format|codespell|autoflake|pydocstyle)\b"#
        let scripts = Dictionary(
            grouping: ctx.productCommands.filter {
                $0.path.hasSuffix(".sh") && !$0.path.imatches(#"(^|/)\.(github|gitlab|circleci)/"#)
            }, by: \.path)
        for (path, lines) in scripts.sorted(by: { $0.key < $1.key }) {
            let used = Set(lines.flatMap { $0.text.matchesAll(checkers) })
            if used.count >= 2, let first = lines.first(where: { $0.text.matches(checkers) }) {
                out.append(
                    RuleCandidate(
                        ctx.ev(path, first.line), strength: 6,
                        note: "lint script runs \(used.sorted().joined(separator: ", "))"))
            }
        }
        out += ctx.config.entries.filter { $0.path.hasSuffix(".pre-commit-config.yaml") && $0.key == "id" }.prefix(1)
            .map { ctx.candidate($0, strength: 6, note: "pre-commit hooks") }
        return out
    }
}
