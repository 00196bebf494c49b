import Foundation

/// Internal CI/Test: a test suite, a coverage floor, local gates, a secret scanner.

enum QualityGates {
    static func testFiles(_ context: FindingContext) -> [RepoFile] {
        context.facts.files.filter { $0.isTest && !$0.isVendored && $0.kind == .python && ($0.name.hasPrefix("test_") || $0.name.hasSuffix("_test.py")) }
    }

    /// Config-like files where gates and tool settings live.
    static func isToolConfig(_ f: RepoFile) -> Bool {
        let n = f.name.lowercased()
        return ["pyproject.toml", "setup.cfg", ".coveragerc", "tox.ini", "pytest.ini", "noxfile.py", "makefile", "justfile",
                ".pre-commit-config.yaml", ".pre-commit-config.yml", ".gitleaks.toml", ".secrets.baseline", ".bandit", "codecov.yml"].contains(n)
            || f.kind == .shell || f.kind == .makefile
    }

    static let localGateNames: Set<String> = ["tox.ini", "noxfile.py", ".pre-commit-config.yaml", ".pre-commit-config.yml", "makefile", "justfile"]
}

struct NoTestsCheck: FindingCheck {
    let code = "MLA112"
    let severity = Severity.high
    let summary = "The repository has Python code but no test files."
    let why = "Without tests nothing catches a broken data pipeline, model shape change or checkpoint format change before a long training run does."
    let fix = "Add a pytest suite under tests/ with a smoke test per entry point (tiny model forward/backward, one data batch, checkpoint round trip)."
    var triggering: [FindingExample] { [FindingExample(["train.py": "import torch\n", "model.py": "class M: pass\n"])] }
    var clean: [FindingExample] { [FindingExample(["train.py": "import torch\n", "tests/test_train.py": "def test_x():\n    assert 1\n"])] }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        let product = context.files { $0.kind == .python && !$0.isTest }
        guard !product.isEmpty, QualityGates.testFiles(context).isEmpty else { return [] }
        return [FindingHit(title: "no tests: \(product.count) Python file(s) and not one test_*.py", evidence: [], strength: .absence)]
    }
}

struct NoCoverageThresholdCheck: FindingCheck {
    let code = "MLA111"
    let severity = Severity.medium
    let summary = "Tests exist but no coverage floor (`fail_under` / `--cov-fail-under`) is enforced."
    let why = "Without a floor, coverage erodes unnoticed as code is added; the gate passes even when new training paths have no test at all."
    let fix = "Set `fail_under` in the coverage config ([tool.coverage.report] / .coveragerc [report] / setup.cfg [coverage:report]) and run pytest with --cov."
    var triggering: [FindingExample] {
        [FindingExample(["tests/test_a.py": "def test_a():\n    assert 1\n", "pyproject.toml": "[tool.pytest.ini_options]\naddopts = \"-q\"\n"]),
         // interrogate's `--fail-under` is a docstring-coverage floor, not a test-coverage one
         FindingExample(["tests/test_a.py": "def test_a():\n    assert 1\n",
                         ".pre-commit-config.yaml": "repos:\n  - repo: https://github.com/econchick/interrogate\n    rev: 1.5.0\n    hooks:\n      - id: interrogate\n        args: [--verbose, --fail-under=80]\n"])]
    }
    var clean: [FindingExample] {
        [FindingExample(["tests/test_a.py": "def test_a():\n    assert 1\n", "pyproject.toml": "[tool.coverage.report]\nfail_under = 80\n"]),
         FindingExample(["tests/test_a.py": "def test_a():\n    assert 1\n", "Makefile": "test:\n\tpytest --cov=src --cov-fail-under=70\n"]),
         FindingExample(["src/a.py": "x = 1\n"]),
         FindingExample(["tests/test_a.py": "def test_a():\n    assert 1\n", ".coveragerc": "[run]\nbranch = True\n[report]\nfail_under: 75\n"])]
    }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        let tests = QualityGates.testFiles(context)
        guard !tests.isEmpty else { return [] }
        let configs = context.files(QualityGates.isToolConfig)
        for f in configs where Self.enforcesCoverage(f.path, context) { return [] }
        let covSection = context.grep(QualityGates.isToolConfig) { $0.contains("[tool.coverage") || $0.contains("[coverage:") || $0.hasPrefix("[report]") || $0.hasPrefix("[run]") }
        let pytestSection = context.grep(QualityGates.isToolConfig) { $0.contains("[tool.pytest") || $0.hasPrefix("[pytest]") || $0.hasPrefix("[tool:pytest]") }
        let evidence = covSection + pytestSection
        return [FindingHit(title: "no coverage floor for \(tests.count) test file(s)" + (covSection.isEmpty ? "" : " (coverage is configured at \(covSection[0].citation) without fail_under)"),
                           evidence: evidence, strength: covSection.isEmpty ? .absence : .configuration)]
    }
}

extension NoCoverageThresholdCheck {
    /// A test-coverage floor in `path`: `--cov-fail-under`, a `fail-under` on a `coverage` command line, or a
    /// `fail_under` key in a coverage section (`[report]` of .coveragerc, `[tool.coverage.report]`, `[coverage:report]`).
    /// Other tools' floors (interrogate's docstring `--fail-under`) are not test coverage.
    static func enforcesCoverage(_ path: String, _ context: FindingContext) -> Bool {
        guard context.contains(path, "fail_under") || context.contains(path, "fail-under") else { return false }
        let rc = path.split(separator: "/").last.map { $0.lowercased() == ".coveragerc" } ?? false
        var section = ""
        for line in context.facts.lines(path) {
            let t = line.trimmingCharacters(in: .whitespaces).lowercased()
            if t.hasPrefix("[") && !t.hasPrefix("[[") && t.hasSuffix("]") { section = t; continue }
            guard t.contains("fail_under") || t.contains("fail-under") else { continue }
            if t.contains("cov-fail-under") || t.contains("cov_fail_under") || t.contains("coverage") { return true }
            if (t.hasPrefix("fail_under") || t.hasPrefix("fail-under")) && (section.contains("coverage") || (rc && section == "[report]")) { return true }
        }
        return false
    }
}

struct NoLocalGatesCheck: FindingCheck {
    let code = "MLA119"
    let severity = Severity.medium
    let summary = "No local gate runner (tox, nox, pre-commit, Makefile) is configured."
    let why = "Gates must run locally (hosted CI is off-limits); without a runner each contributor runs a different subset of checks, or none."
    let fix = "Add a noxfile.py (or tox.ini) with offline sessions for tests and lint, and a .pre-commit-config.yaml for fast hooks."
    var triggering: [FindingExample] { [FindingExample(["train.py": "import torch\n", ".github/workflows/ci.yml": "on: push\n"])] }
    var clean: [FindingExample] { [FindingExample(["train.py": "import torch\n", "noxfile.py": "import nox\n"])] }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        guard !context.files({ $0.kind == .python }).isEmpty else { return [] }
        if !context.files({ QualityGates.localGateNames.contains($0.name.lowercased()) }).isEmpty { return [] }
        let hosted = context.facts.files.filter { HostedCIFilesCheck.isHostedCI($0.path) }
        let evidence = hosted.map { context.facts.evidence($0.path, 1) }
        return [FindingHit(title: "no local gates (no tox.ini, noxfile.py, .pre-commit-config.yaml or Makefile)" + (hosted.isEmpty ? "" : "; checks exist only in hosted CI"),
                           evidence: evidence, strength: .absence)]
    }
}

struct NoSecretScannerCheck: FindingCheck {
    let code = "MLA118"
    let severity = Severity.medium
    let summary = "No secret scanner (detect-secrets, gitleaks, trufflehog, bandit) is configured as a local hook."
    let why = "ML repositories routinely handle W&B, Hugging Face and cloud keys; without a pre-commit scanner one paste into a config file ends up in history."
    let fix = "Add a local `detect-secrets` hook to .pre-commit-config.yaml (entry `detect-secrets-hook`, language `system`) and commit a baseline."
    var triggering: [FindingExample] { [FindingExample(["train.py": "import torch\n", ".pre-commit-config.yaml": "repos:\n  - repo: https://github.com/psf/black\n    rev: 24.1.0\n    hooks:\n      - id: black\n"])] }
    var clean: [FindingExample] {
        [FindingExample(["train.py": "import torch\n", ".pre-commit-config.yaml": "repos:\n  - repo: https://github.com/Yelp/detect-secrets\n    rev: v1.5.0\n    hooks:\n      - id: detect-secrets\n"])]
    }

    static let scanners = ["detect-secrets", "gitleaks", "trufflehog", "bandit", "detect-private-key", "detect-aws-credentials"]

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        guard !context.files({ $0.kind == .python }).isEmpty else { return [] }
        for f in context.files(QualityGates.isToolConfig) {
            if let t = context.facts.text(f.path)?.lowercased(), Self.scanners.contains(where: { t.contains($0) }) { return [] }
        }
        let preCommit = context.files { $0.name.lowercased().hasPrefix(".pre-commit-config") }
        return [FindingHit(title: "no secret scanner configured" + (preCommit.isEmpty ? " (and no pre-commit config)" : " in \(preCommit[0].path)"),
                           evidence: preCommit.map { context.facts.evidence($0.path, 1) }, strength: .absence)]
    }
}
