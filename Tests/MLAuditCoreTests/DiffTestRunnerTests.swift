import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// `--run-gates` runs the repository's own tests that import a diff's module, without and with the diff.
final class DiffTestRunnerTests: XCTestCase {
    static let files: [String: String] = [
        "pkg/__init__.py": "",
        "pkg/mathx.py": "def add(a, b):\n    return a + b\n",
        "pkg/other.py": "VALUE = 1\n",
        "tools/cli.py": "print('cli')\n",
        "tests/test_mathx.py": "from pkg.mathx import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n",
        "tests/test_pkg.py": "from pkg import mathx\n\n\ndef test_mul():\n    assert mathx.add(1, 1) == 2\n",
        "tests/test_unrelated.py": "def test_nothing():\n    assert True\n",
    ]

    private func pytestAvailable() -> Bool {
        (try? ProcessRunner.run("python3", ["-m", "pytest", "--version"], timeout: 60))?.exitCode == 0
    }

    private func diff(_ title: String, _ path: String, _ original: String, _ updated: String, scaffold: Bool = false)
        throws -> AtomicDiff
    {
        let outcome = PatchVerifier.verify([PatchVerifier.File(path: path, original: original, updated: updated)])
        XCTAssertNil(outcome.problem)
        return AtomicDiff(
            title: title, why: "w", risk: "r", rollback: "b", testsDocs: "t", paths: [path], patch: outcome.patch,
            applies: true, scaffold: scaffold)
    }

    func testSelectsTheTestFilesThatImportTheTouchedModule() throws {
        let root = try GateFixtures.repo(Self.files)
        defer { GateFixtures.remove(root) }
        let selector = DiffTestRunner.TestSelector(facts: GateFixtures.facts(root))
        XCTAssertEqual(selector.tests(importing: ["pkg/mathx.py"]), ["tests/test_mathx.py", "tests/test_pkg.py"])
        XCTAssertEqual(selector.tests(importing: ["pkg/other.py"]), [])
        XCTAssertNil(selector.tests(importing: ["README.md"]))
        XCTAssertEqual(DiffTestRunner.TestSelector.importNames(of: "src/pkg/a.py"), ["src.pkg.a", "pkg.a"])
        XCTAssertEqual(DiffTestRunner.TestSelector.importNames(of: "pkg/__init__.py"), ["pkg"])
        XCTAssertEqual(DiffTestRunner.TestSelector.importNames(of: "train.py"), ["train"])
    }

    func testPassingBrokenAndUntestedDiffs() throws {
        try XCTSkipUnless(pytestAvailable(), "python3 -m pytest is not installed")
        let root = try GateFixtures.repo(Self.files)
        defer { GateFixtures.remove(root) }
        let before = GateFixtures.tree(root)
        let facts = GateFixtures.facts(root)
        let original = Self.files["pkg/mathx.py"]!
        let diffs = [
            try diff(
                "keeps behaviour", "pkg/mathx.py", original, "def add(a, b):\n    \"\"\"Sum.\"\"\"\n    return a + b\n"),
            try diff("breaks add", "pkg/mathx.py", original, "def add(a, b):\n    return a - b\n"),
            try diff("untested", "pkg/other.py", "VALUE = 1\n", "VALUE = 2\n"),
            try diff("scaffold", "tools/cli.py", "print('cli')\n", "print('cli!')\n", scaffold: true),
        ]
        let out = DiffTestRunner.run(diffs, facts: facts, settings: GateFixtures.settings(runGates: true))
        XCTAssertEqual(out.map(\.title), ["keeps behaviour", "untested", "scaffold"], "the breaking diff is dropped")
        let kept = try XCTUnwrap(out[0].testRun)
        XCTAssertEqual(kept.result, .passed, kept.output ?? "")
        XCTAssertEqual(kept.tests, ["tests/test_mathx.py", "tests/test_pkg.py"])
        XCTAssertEqual(kept.exitBefore, 0)
        XCTAssertEqual(kept.exitAfter, 0)
        XCTAssertFalse(kept.output?.contains("mlaudit-difftests-") ?? true, "no temporary path in the report")
        XCTAssertEqual(out[1].testRun?.result, .noTests)
        XCTAssertNil(out[2].testRun, "scaffolds are not run against tests")
        XCTAssertTrue(
            facts.errors.all.contains { $0.error.contains("breaks add") && $0.error.contains("fail with it") },
            "the drop is captured")
        XCTAssertEqual(GateFixtures.tree(root), before, "the audited tree is never written")

        // JSON and Markdown tell the run.
        let json = JSONRenderer.diff(out[0]).serialized()
        XCTAssertTrue(json.contains("\"tests_run\""))
        XCTAssertTrue(json.contains("\"result\": \"passed\""), json)
        XCTAssertTrue(kept.summary.contains("pass with the diff applied"), kept.summary)
    }

    func testTestsFailingWithoutTheDiffSayNothingAboutIt() throws {
        try XCTSkipUnless(pytestAvailable(), "python3 -m pytest is not installed")
        var files = Self.files
        files["tests/test_mathx.py"] = "from pkg.mathx import add\n\n\ndef test_add():\n    assert add(2, 3) == 6\n"
        let root = try GateFixtures.repo(files)
        defer { GateFixtures.remove(root) }
        let facts = GateFixtures.facts(root)
        let original = files["pkg/mathx.py"]!
        let d = try diff("breaks add", "pkg/mathx.py", original, "def add(a, b):\n    return a - b\n")
        let out = DiffTestRunner.run([d], facts: facts, settings: GateFixtures.settings(runGates: true))
        XCTAssertEqual(out.count, 1)
        XCTAssertEqual(out[0].testRun?.result, .failsWithoutDiff)
        XCTAssertNotEqual(out[0].testRun?.exitBefore, 0)
    }

    func testTestsWhoseDependenciesAreMissingAreNotRunRatherThanFailing() throws {
        try XCTSkipUnless(pytestAvailable(), "python3 -m pytest is not installed")
        var files = Self.files
        files["tests/test_mathx.py"] =
            "import mlaudit_absent_dependency\nfrom pkg.mathx import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n"
        files["tests/test_pkg.py"] = nil
        let root = try GateFixtures.repo(files)
        defer { GateFixtures.remove(root) }
        let d = try diff("docstring", "pkg/mathx.py", files["pkg/mathx.py"]!, "def add(a, b):\n    return b + a\n")
        let out = DiffTestRunner.run(
            [d], facts: GateFixtures.facts(root), settings: GateFixtures.settings(runGates: true))
        XCTAssertEqual(out.first?.testRun?.result, .notRun)
        XCTAssertEqual(
            out.first?.testRun?.output,
            "no selected test file can be collected here: `tests/test_mathx.py` (`mlaudit_absent_dependency` is not installed here)"
        )
        XCTAssertEqual(DiffTestRunner.missingModule(in: "E   ModuleNotFoundError: No module named 'torch'\n"), "torch")
        XCTAssertNil(DiffTestRunner.missingModule(in: "1 passed"))
    }

    func testAFileThatCannotBeCollectedIsSetAsideAndTheOthersStillJudgeTheDiff() throws {
        try XCTSkipUnless(pytestAvailable(), "python3 -m pytest is not installed")
        var files = Self.files
        files["tests/test_mathx.py"] =
            "import mlaudit_absent_dependency\nfrom pkg.mathx import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n"
        let root = try GateFixtures.repo(files)
        defer { GateFixtures.remove(root) }
        let d = try diff("breaks add", "pkg/mathx.py", files["pkg/mathx.py"]!, "def add(a, b):\n    return 0\n")
        let out = DiffTestRunner.run(
            [d], facts: GateFixtures.facts(root), settings: GateFixtures.settings(runGates: true))
        // tests/test_pkg.py still runs, passes without the diff and fails with it: the diff is dropped.
        XCTAssertEqual(out, [])
        let transcript = """
            _______________________ ERROR collecting tests/test_d.py _______________________
            E   ModuleNotFoundError: No module named 'tensorflow'
            =========================== short test summary info ============================
            ERROR tests/test_d.py
            ERROR tests/test_a.py - ModuleNotFoundError: No module named 'torch'
            ERROR tests/test_b.py - ImportError: cannot import name 'x'
            ERROR tests/unselected.py - ModuleNotFoundError: No module named 'jax'
            """
        let c = DiffTestRunner.collection(
            of: ["tests/test_a.py", "tests/test_b.py", "tests/test_c.py", "tests/test_d.py"], transcript: transcript)
        XCTAssertEqual(c.runnable, ["tests/test_c.py"])
        XCTAssertEqual(
            c.note,
            "set aside, not collectable here: `tests/test_d.py` (`tensorflow` is not installed here); `tests/test_a.py` (`torch` is not installed here); `tests/test_b.py` (it fails to import)"
        )
        XCTAssertNil(DiffTestRunner.collection(of: ["tests/test_c.py"], transcript: "3 tests collected").note)
    }

    func testWithoutRunGatesNothingRuns() throws {
        let root = try GateFixtures.repo(Self.files)
        defer { GateFixtures.remove(root) }
        let d = try diff("breaks add", "pkg/mathx.py", Self.files["pkg/mathx.py"]!, "def add(a, b):\n    return 0\n")
        let out = DiffTestRunner.run([d], facts: GateFixtures.facts(root), settings: GateFixtures.settings())
        XCTAssertEqual(out, [d])
    }
}
