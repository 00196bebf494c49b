import Foundation
import XCTest

@testable import MLAuditFacts
@testable import MLAuditPython
@testable import MLAuditRemediation
@testable import MLAuditReport
@testable import MLAuditRules

/// MLA135-MLA139 and their diffs (MLD222-MLD225) on repositories built on the fly: each finding where the code is
/// wrong, none where it is right, and every diff applies, compiles and changes only the cited lines.
final class PythonDefectCheckTests: XCTestCase {
    private func context(_ repo: FixtureRepository) -> FindingContext {
        FindingContext(facts: repo.facts(), capabilities: [])
    }

    func testReaderRecordsExpressionStatementsAndLiteralIdentities() {
        let source = """
            def f(model, mode):
                ValueError("x")
                model.eval
                model.eval()
                err = ValueError("y")
                if mode is "a" or 0 is not mode or mode is None:
                    pass
                print("s is 1")

            """
        let m = PythonReader.read(source: Array(source.utf8), path: "f.py")
        XCTAssertEqual(
            m.expressionStatements.map { "\($0.shape.rawValue) \($0.expression) \($0.line)" },
            ["call ValueError 2", "reference model.eval 3", "call model.eval 4", "call print 8"])
        XCTAssertEqual(
            m.literalIdentities.map { "\($0.literal) \($0.negated) \($0.line)" }, ["\"a\" false 6", "0 true 6"])
        XCTAssertEqual(m.assignments.map(\.target), ["err"])
    }

    func testArgparseTypeBoolReusesTheFilesConverterOrAddsOne() throws {
        let repo = try FixtureRepository.committed([
            "train.py": """
            import argparse


            def main():
                p = argparse.ArgumentParser()
                p.add_argument("--fp16", type=bool, default=False)
                p.add_argument(
                    "--resume",
                    type = bool,
                    help="resume")
                p.add_argument("--ema", action=argparse.BooleanOptionalAction, type=bool)
                return p.parse_args()

            """,
            "tools/export.py": """
            import argparse
            from utils import str2bool

            p = argparse.ArgumentParser()
            p.add_argument('--half', type=bool)


            def run():
                return p.parse_args()

            """,
            "utils.py":
                "def str2bool(v):\n    if str(v).lower() in ('1', 'true'):\n        return True\n    return False\n",
            "cli/launch.py": """
            import argparse
            from accel.utils import str_to_bool

            p = argparse.ArgumentParser()
            p.add_argument("--offload", type=bool)


            def run():
                return p.parse_args()

            """,
            "scripts/top.py":
                "import argparse\np = argparse.ArgumentParser()\np.add_argument('--x', type=bool)\n\n\ndef main():\n    return p.parse_args()\n",
            "accel/utils.py": "def str_to_bool(v):\n    return 1 if v.lower() in ('1', 'true') else 0\n",
            // A second file that would need its own copy of the helper, and a flag nothing reads.
            "zoo/eval.py": """
            import argparse


            def main():
                p = argparse.ArgumentParser()
                p.add_argument("--bf16", type=bool, default=False)
                p.add_argument("--onnx-safe", type=bool, required=False)
                return p.parse_args()

            """,
            "run.py":
                "def go(args):\n    return args.fp16, args.resume, args.half, args.ema, args.offload, args.x, args.bf16\n",
        ])
        let ctx = context(repo)
        XCTAssertEqual(
            ArgparseTypeBoolCheck.sites(ctx).map { "\($0.path):\($0.line)" },
            [
                "cli/launch.py:5", "scripts/top.py:3", "tools/export.py:5", "train.py:6", "train.py:9",
                "zoo/eval.py:6", "zoo/eval.py:7",
            ])
        let diff = try XCTUnwrap(DiffHarness.propose(ArgparseStrToBoolProposer(), repo))
        XCTAssertFalse(diff.paths.contains("zoo/eval.py"), "one helper per diff: the second copy is not pasted")
        XCTAssertTrue(diff.why.contains("zoo/eval.py"), "the file with the same fix to make is named: \(diff.why)")
        XCTAssertFalse(diff.patch.contains("onnx"), diff.patch)
        XCTAssertTrue(diff.patch.contains("+p.add_argument('--half', type=str2bool)"), diff.patch)
        XCTAssertTrue(diff.patch.contains("+def str2bool(value):"), diff.patch)
        XCTAssertTrue(diff.patch.contains("+        type=str2bool,"), diff.patch)
        XCTAssertFalse(diff.patch.contains("BooleanOptionalAction, type=str2bool"), diff.patch)
        XCTAssertFalse(diff.paths.contains("cli/launch.py"), "its converter returns 1/0: left to the maintainer")
        XCTAssertFalse(diff.paths.contains("scripts/top.py"), "the option is parsed at import, above any definition")
        try DiffHarness.applyAndCompile(diff, to: repo)
        let patched = try XCTUnwrap(repo.read("train.py"))
        XCTAssertTrue(patched.contains("import argparse\n\n\ndef str2bool(value):"), patched)
        XCTAssertTrue(
            patched.contains("raise ValueError(f\"expected a boolean, got {value!r}\")\n\n\ndef main():"), patched)
    }

    func testDiscardedExceptionsAndUncalledMethodsAreFixedInPlace() throws {
        let repo = try FixtureRepository.committed([
            "pkg/__init__.py": "",
            "pkg/errors.py": "class ConfigError(RuntimeError):\n    pass\n",
            "pkg/train.py": """
            from pkg.errors import ConfigError


            def run(model, opt, mode):
                if mode == "x":
                    ConfigError(f"bad {mode}")
                model.eval  # switch off dropout
                opt.step()
                return model

            """,
            "tests/test_run.py": "def test_run():\n    if bad():\n        AssertionError('never')\n",
            "pkg/ok.py": "def f(errors):\n    errors.append(ValueError('x'))\n    raise ValueError('y')\n",
        ])
        let sites = DiscardedExceptionCheck.sites(context(repo)).map { "\($0.0.path):\($0.1.line)" }
        XCTAssertEqual(sites, ["pkg/train.py:6", "pkg/train.py:7", "tests/test_run.py:3"])
        let diff = try XCTUnwrap(DiffHarness.propose(DiscardedExceptionProposer(), repo))
        XCTAssertTrue(diff.patch.contains("+        raise ConfigError(f\"bad {mode}\")"), diff.patch)
        XCTAssertTrue(diff.patch.contains("+    model.eval()  # switch off dropout"), diff.patch)
        XCTAssertTrue(diff.patch.contains("+        raise AssertionError('never')"), diff.patch)
        try DiffHarness.applyAndCompile(diff, to: repo)
    }

    func testLiteralIdentityBecomesEquality() throws {
        let repo = try FixtureRepository.committed([
            "train.py": """
            def f(mode, n):
                if mode is 'train' and n is not 0:
                    return 1
                if 'eval' is mode:
                    return 2
                if mode is None:
                    return 3

            """
        ])
        XCTAssertEqual(LiteralIdentityCheck.sites(context(repo)).map(\.1.line), [2, 2, 4])
        let diff = try XCTUnwrap(DiffHarness.propose(LiteralIdentityProposer(), repo))
        XCTAssertTrue(diff.patch.contains("+    if mode == 'train' and n != 0:"), diff.patch)
        XCTAssertTrue(diff.patch.contains("+    if 'eval' == mode:"), diff.patch)
        XCTAssertFalse(diff.patch.contains("+    if mode == None"), diff.patch)
        try DiffHarness.applyAndCompile(diff, to: repo)
        XCTAssertNil(LiteralIdentityProposer.rewrite("x is 'a' or y is 'a'", literal: "'a'", negated: false))
    }

    func testInertFlagDefaults() throws {
        let repo = try FixtureRepository.committed([
            "args.py": """
            import argparse
            p = argparse.ArgumentParser()
            p.add_argument("--use-te", action="store_true", default=True)
            p.add_argument("--fast", action="store_true")
            p.add_argument("--keep", action="store_false", default=False)

            """
        ])
        let sites = InertFlagDefaultCheck.sites(context(repo))
        XCTAssertEqual(sites.map(\.line), [3, 5])
        let hit = try XCTUnwrap(InertFlagDefaultCheck().evaluate(context(repo)).first)
        XCTAssertTrue(hit.title.contains("`--use-te`, `--keep`"), hit.title)
    }

    func testShadowedTestsAreRenamedOnlyWhenTheBodiesDiffer() throws {
        let repo = try FixtureRepository.committed([
            "tests/test_model.py": """
            class TestModel:
                def test_shape(self):
                    assert f(1) == 1

                def test_shape(self):
                    assert f(2) == 2

                def test_rnnt_add_results(self):
                    hyps = Hyps(blank=1024, model_type="rnnt")
                    assert hyps.add() == 1

                def test_ctc_instantiate(self):
                    assert Hyps(model_type="ctc")

                def test_rnnt_add_results(self):
                    hyps = Hyps(blank=1024, model_type="ctc")
                    assert hyps.add() == 2

                def test_same(self):
                    assert g() == 0

                def test_same(self):
                    assert g() == 0


            def helper():
                return 1


            def helper():
                return 2

            """
        ])
        let pairs = ShadowedDefinitionCheck.pairs(context(repo))
        XCTAssertEqual(
            pairs.map { "\($0.first.qualifiedName) \($0.first.span.start)>\($0.second.span.start)" },
            [
                "TestModel.test_shape 2>5", "TestModel.test_rnnt_add_results 8>15", "helper 26>30",
            ])
        let diff = try XCTUnwrap(DiffHarness.propose(DuplicateTestRenameProposer(), repo))
        // Named by what the copy tests differently (the CTC variant, in a file of `test_ctc_*` tests); a pair with
        // nothing to tell the copies apart gets no counter suffix and no diff.
        XCTAssertTrue(diff.patch.contains("+    def test_ctc_add_results(self):"), diff.patch)
        XCTAssertFalse(diff.patch.contains("test_shape_2"), diff.patch)
        XCTAssertFalse(diff.patch.contains("test_same_2"), "identical copies change nothing: no finding, no rename")
        XCTAssertFalse(diff.patch.contains("helper_2"), "only tests are renamed")
        try DiffHarness.applyAndCompile(diff, to: repo)
    }
}
