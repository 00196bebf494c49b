import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct NoCoverageThresholdCheck: FindingCheck {
    package let code = FindingCode.mla111
    package let severity = Severity.medium
    package let capability: Capability? = .internalCITest
    package let subfeature: Subfeature? = .coverageEnforcement
    package let summary = "Tests exist but no coverage floor (`fail_under` / `--cov-fail-under`) is enforced."
    package let why =
        "Without a floor, coverage erodes unnoticed as code is added; the gate passes even when new training paths have no test at all."
    package let fix =
        "Set `fail_under` in the coverage config ([tool.coverage.report] / .coveragerc [report] / setup.cfg [coverage:report]) and run pytest with --cov."
    package init() {}

    package var triggering: [FindingExample] {
        [
            FindingExample([
                "tests/test_a.py": "def test_a():\n    assert 1\n",
                "pyproject.toml": "[tool.pytest.ini_options]\naddopts = \"-q\"\n",
            ]),
            // interrogate's `--fail-under` is a docstring-coverage floor, not a test-coverage one
            FindingExample([
                "tests/test_a.py": "def test_a():\n    assert 1\n",
                ".pre-commit-config.yaml":
                    "repos:\n  - repo: https://github.com/econchick/interrogate\n    rev: 1.5.0\n    hooks:\n      - id: interrogate\n        args: [--verbose, --fail-under=80]\n",
            ]),
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample([
                "tests/test_a.py": "def test_a():\n    assert 1\n",
                "pyproject.toml": "[tool.coverage.report]\nfail_under = 80\n",
            ]),
            FindingExample([
                "tests/test_a.py": "def test_a():\n    assert 1\n",
                "Makefile": "test:\n\tpytest --cov=src --cov-fail-under=70\n",
            ]),
            FindingExample(["src/a.py": "x = 1\n"]),
            FindingExample([
                "tests/test_a.py": "def test_a():\n    assert 1\n",
                ".coveragerc": "[run]\nbranch = True\n[report]\nfail_under: 75\n",
            ]),
        ]
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let tests = QualityGates.testFiles(context)
        guard !tests.isEmpty else { return [] }
        let configs = context.files(QualityGates.isToolConfig)
        for f in configs where Self.enforcesCoverage(f.path, context) { return [] }
        let covSection = context.grep(QualityGates.isToolConfig) {
            $0.fastContains("[tool.coverage") || $0.fastContains("[coverage:") || $0.hasPrefix("[report]")
                || $0.hasPrefix("[run]")
        }
        let pytestSection = context.grep(QualityGates.isToolConfig) {
            $0.fastContains("[tool.pytest") || $0.hasPrefix("[pytest]") || $0.hasPrefix("[tool:pytest]")
        }
        let evidence = covSection + pytestSection
        return [
            FindingHit(
                title: "no coverage floor for \(tests.count) test file(s)"
                    + (covSection.isEmpty
                        ? "" : " (coverage is configured at \(covSection[0].citation) without fail_under)"),
                evidence: evidence, strength: covSection.isEmpty ? .absence : .configuration)
        ]
    }
}

extension NoCoverageThresholdCheck {
    /// A test-coverage floor in `path`: `--cov-fail-under`, a `fail-under` on a `coverage` command line, or a
    /// `fail_under` key in a coverage section (`[report]` of .coveragerc, `[tool.coverage.report]`, `[coverage:report]`).
    /// Other tools' floors (interrogate's docstring `--fail-under`) are not test coverage.
    package static func enforcesCoverage(_ path: String, _ context: FindingContext) -> Bool {
        guard context.contains(path, "fail_under") || context.contains(path, "fail-under") else { return false }
        let rc = path.split(separator: "/").last.map { $0.lowercased() == ".coveragerc" } ?? false
        var section = ""
        for line in context.facts.lines(path) {
            let t = line.trimmingCharacters(in: .whitespaces).lowercased()
            if t.hasPrefix("[") && !t.hasPrefix("[[") && t.hasSuffix("]") {
                section = t
                continue
            }
            guard t.fastContains("fail_under") || t.fastContains("fail-under") else { continue }
            if t.fastContains("cov-fail-under") || t.fastContains("cov_fail_under") || t.fastContains("coverage") {
                return true
            }
            if (t.hasPrefix("fail_under") || t.hasPrefix("fail-under"))
                && (section.fastContains("coverage") || (rc && section == "[report]"))
            {
                return true
            }
        }
        return false
    }
}
