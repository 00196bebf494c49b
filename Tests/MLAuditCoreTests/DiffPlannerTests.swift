import Foundation
import MLAuditPython
import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// Each proposer on a fixture repository that has its gap: the diff is produced, passes `git apply --check`,
/// applies, leaves compiling Python, and closes the gap (planning again does not propose it).
final class DiffPlannerTests: XCTestCase {
    private func requireReader() throws {
        if !ReaderProbe.available { throw XCTSkip("the Python structure reader is not available in this build") }
    }

    /// Plans, checks the diff titled `prefix` exists and applies, applies it, and returns the repository.
    @discardableResult
    private func planApply(
        _ files: [String: String], title prefix: String, file: StaticString = #filePath, line: UInt = #line
    ) throws -> (FixtureRepository, AtomicDiff) {
        let repo = try FixtureRepository.committed(files)
        let (_, diffs) = DiffHarness.plan(repo)
        let diff = try XCTUnwrap(
            diffs.first { $0.title.hasPrefix(prefix) }, "no diff '\(prefix)' in \(diffs.map(\.title))", file: file,
            line: line)
        XCTAssertTrue(diff.applies, file: file, line: line)
        XCTAssertFalse(
            diff.why.isEmpty || diff.risk.isEmpty || diff.rollback.isEmpty || diff.testsDocs.isEmpty, file: file,
            line: line)
        XCTAssertTrue(diff.patch.hasPrefix("diff --git a/"), file: file, line: line)
        XCTAssertFalse(diff.paths.contains(where: HostedCIFilesCheck.isHostedCI), file: file, line: line)
        try DiffHarness.applyAndCompile(diff, to: repo, file: file, line: line)
        try repo.commitAll("applied")
        let (_, again) = DiffHarness.plan(repo)
        XCTAssertFalse(
            again.contains { $0.title.hasPrefix(prefix) }, "the gap is still reported after applying '\(prefix)'",
            file: file, line: line)
        return (repo, diff)
    }

    func testWeightsOnlyOnSingleAndMultiLineCalls() throws {
        try requireReader()
        let (repo, _) = try planApply(
            [
                "sample.py":
                    "import torch\n\nckpt = torch.load(path, map_location='cpu')\nstate = torch.load(\n    other,\n    map_location=device,\n)\n",
                "eval.py": "import torch as th\n\n\ndef load(p):\n    return th.load(p)  # checkpoint\n",
            ], title: "Load checkpoints with `torch.load")
        XCTAssertEqual(
            repo.read("sample.py"),
            "import torch\n\nckpt = torch.load(path, map_location='cpu', weights_only=True)\nstate = torch.load(\n    other,\n    map_location=device,\n    weights_only=True,\n)\n"
        )
        XCTAssertEqual(
            repo.read("eval.py"),
            "import torch as th\n\n\ndef load(p):\n    return th.load(p, weights_only=True)  # checkpoint\n")
    }

    func testNotebooksAreNeverEdited() throws {
        try requireReader()
        let notebook =
            #"{"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["import torch\n", "x = torch.load('a.pt')\n"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}"#
        let (_, diff) = try planApply(
            ["demo.ipynb": notebook, "load.py": "import torch\nx = torch.load('a.pt')\n"],
            title: "Load checkpoints with `torch.load")
        XCTAssertEqual(diff.paths, ["load.py"])
    }

    func testSeedHelperInsideMainAfterArgumentParsing() throws {
        try requireReader()
        let train = """
            import argparse

            import torch


            def main():
                parser = argparse.ArgumentParser()
                parser.add_argument('--seed', type=int, default=0)
                args = parser.parse_args()
                model = torch.nn.Linear(2, 2)
                opt = torch.optim.SGD(model.parameters(), lr=0.1)
                loss = model(torch.zeros(1, 2)).sum()
                loss.backward()
                opt.step()


            if __name__ == '__main__':
                main()

            """
        let (repo, diff) = try planApply(
            ["train.py": train, "tests/test_model.py": "def test_x():\n    assert True\n"], title: "Seed every RNG")
        let updated = try XCTUnwrap(repo.read("train.py"))
        XCTAssertTrue(updated.contains("import torch\nfrom seeding import seed_everything\n"), updated)
        XCTAssertTrue(updated.contains("    args = parser.parse_args()\n    seed_everything(args.seed)\n"), updated)
        XCTAssertEqual(Set(diff.paths), ["train.py", "seeding.py", "tests/test_seeding.py"])
        XCTAssertTrue(repo.read("seeding.py")?.contains("torch.manual_seed(seed)") == true)
    }

    func testSeedHelperAtModuleLevelForScripts() throws {
        try requireReader()
        let (repo, _) = try planApply(
            [
                "scripts/train.py":
                    "\"\"\"Train.\"\"\"\nimport numpy as np\nimport torch\n\nmodel = torch.nn.Linear(2, 2)\nloss = model(torch.zeros(1, 2)).sum()\nloss.backward()\n"
            ], title: "Seed every RNG")
        let updated = try XCTUnwrap(repo.read("scripts/train.py"))
        XCTAssertTrue(
            updated.hasPrefix(
                "\"\"\"Train.\"\"\"\nimport numpy as np\nimport torch\nfrom seeding import seed_everything\nseed_everything(42)\n"
            ), updated)
        XCTAssertNotNil(repo.read("tests/test_seeding.py"))
    }

    func testCheckpointRNGStateSavedAndRestored() throws {
        try requireReader()
        let train = """
            import torch

            model = torch.nn.Linear(2, 2)
            optimizer = torch.optim.AdamW(model.parameters())
            if resume:
                checkpoint = torch.load('ckpt.pt', map_location='cpu', weights_only=True)
                model.load_state_dict(checkpoint['model'])
                optimizer.load_state_dict(checkpoint['optimizer'])
            for step in range(10):
                loss = model(torch.zeros(1, 2)).sum()
                loss.backward()
                optimizer.step()
                checkpoint = {
                    'model': model.state_dict(),
                    'optimizer': optimizer.state_dict(),
                }
                torch.save(checkpoint, 'ckpt.pt')

            """
        let (repo, _) = try planApply(["train.py": train], title: "Save and restore RNG state")
        let updated = try XCTUnwrap(repo.read("train.py"))
        XCTAssertTrue(
            updated.contains(
                "        'optimizer': optimizer.state_dict(),\n        'rng_state': torch.get_rng_state(),\n"), updated)
        XCTAssertTrue(
            updated.contains(
                "    optimizer.load_state_dict(checkpoint['optimizer'])\n    if 'rng_state' in checkpoint:\n        torch.set_rng_state(checkpoint['rng_state'].cpu())\n"
            ), updated)
    }

    func testYAMLLoadWithoutLoaderBecomesSafeLoad() throws {
        try requireReader()
        let (repo, _) = try planApply(
            [
                "cfg.py":
                    "import yaml\n\n\ndef read(p):\n    with open(p) as f:\n        return yaml.load(f)\n\n\nsafe = yaml.load(s, Loader=yaml.SafeLoader)\n"
            ], title: "Read YAML with `yaml.safe_load`")
        XCTAssertEqual(
            repo.read("cfg.py"),
            "import yaml\n\n\ndef read(p):\n    with open(p) as f:\n        return yaml.safe_load(f)\n\n\nsafe = yaml.load(s, Loader=yaml.SafeLoader)\n"
        )
    }

    func testBareExceptCatchesException() throws {
        try requireReader()
        let (repo, _) = try planApply(
            [
                "data.py":
                    "def read(p):\n    try:\n        return open(p).read()\n    except:  # missing file\n        return ''\n",
                "tests/test_data.py": "def test_x():\n    assert True\n",
            ], title: "Catch `Exception`, not everything")
        XCTAssertEqual(
            repo.read("data.py"),
            "def read(p):\n    try:\n        return open(p).read()\n    except Exception:  # missing file\n        return ''\n"
        )
    }

    /// Mechanisms that duplicate what a repository has, or only serve mlaudit, are never proposed (field review:
    /// coverage floor nobody measured, noxfile beside Makefile/pre-commit, hashed locks for libraries, detect-secrets
    /// without baseline, W&B/MLflow defaults forced into library code, the questions ledger).
    func testNoDuplicateMechanismOrToolArtefactIsProposed() throws {
        try requireReader()
        let repo = try FixtureRepository.committed([
            "pkg/__init__.py": "",
            "pkg/track.py":
                "import mlflow\nimport wandb\n\n\ndef start():\n    wandb.init(project='p')\n    mlflow.start_run()\n",
            "setup.py": "from setuptools import setup\nsetup(name='pkg', install_requires=['torch'])\n",
            "pyproject.toml": "[tool.coverage.run]\nsource = ['pkg']\n", "Makefile": "test:\n\tpytest tests\n",
            ".pre-commit-config.yaml": "repos: []\n", "tests/test_track.py": "def test_x():\n    assert True\n",
        ])
        let (_, diffs) = DiffHarness.plan(repo)
        let paths = Set(diffs.flatMap(\.paths))
        for forbidden in [
            "noxfile.py", "requirements.lock", "docs/status_update_outstanding_questions.md", "pyproject.toml",
            "Makefile",
            ".pre-commit-config.yaml", "pkg/track.py", "setup.cfg",
        ] {
            XCTAssertFalse(paths.contains(forbidden), "\(forbidden) proposed: \(diffs.map(\.title))")
        }
    }

    /// torch >= 2.6 already loads weights only; a wrapper that sets `weights_only=True` for the kwargs it forwards,
    /// and a load behind a `safe_mode` opt-in, are not unsafe: no finding, no diff.
    func testTorchLoadContextsThatAreAlreadySafe() throws {
        try requireReader()
        let wrapper =
            "import torch\n\n\ndef load(f, **kwargs):\n    kwargs['weights_only'] = True\n    return torch.load(f, **kwargs)\n"
        let guarded =
            "import torch\n\n\ndef restore(buf, safe_mode=True):\n    if safe_mode:\n        raise ValueError('unsafe')\n    return torch.load(buf, weights_only=False)\n"
        for files in [
            ["w.py": wrapper], ["g.py": guarded],
            ["m.py": "import torch\nx = torch.load('a.pt')\n", "requirements.txt": "torch>=2.6.0\n"],
        ] {
            let repo = try FixtureRepository.committed(files)
            let (facts, diffs) = DiffHarness.plan(repo)
            XCTAssertFalse(diffs.contains { $0.title.hasPrefix("Load checkpoints") }, "\(files.keys)")
            XCTAssertFalse(
                FindingCatalog.findings(facts: facts, capabilities: []).contains { $0.code == .mla102 },
                "\(files.keys)")
        }
        // A checkpoint that pickles whole modules would break under weights_only=True: the finding stays, no diff.
        let objects = try FixtureRepository.committed([
            "t.py":
                "import torch\nfrom copy import deepcopy\nm = torch.load('a.pt')\ntorch.save({'model': deepcopy(model).half()}, 'a.pt')\n"
        ])
        XCTAssertFalse(DiffHarness.plan(objects).1.contains { $0.title.hasPrefix("Load checkpoints") })
    }

    func testSmokeTestForRepositoryWithoutTests() throws {
        let (repo, diff) = try planApply(
            ["train.py": "x = 1\n", "pkg/model.py": "def f():\n    return 1\n"],
            title: "Add `tests/test_compile_smoke.py`")
        XCTAssertEqual(diff.paths, ["tests/test_compile_smoke.py"])
        guard let python = DiffHarness.python else { return }
        // The test runs (with pytest when installed) and passes on compiling sources.
        let probe = try ProcessRunner.run(python, ["-c", "import pytest"], timeout: 60)
        guard probe.exitCode == 0 else { return }
        let r = try ProcessRunner.run(
            python, ["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_compile_smoke.py"], in: repo.root,
            environment: ["PYTHONDONTWRITEBYTECODE": "1", "PATH": "/usr/bin:/bin"], timeout: 120)
        XCTAssertEqual(r.exitCode, 0, r.stdoutText + r.stderrText)
    }

    /// Every diff planned on an unkept fixture applies, compiles and uses only names in scope, each on its own.
    func testEveryDiffAppliesCompilesAndUsesNamesInScope() throws {
        try requireReader()
        let repo = try FixtureRepository.committed([
            "train.py":
                "import torch\nimport yaml\n\ncfg = yaml.load(open('c.yaml'))\nmodel = torch.nn.Linear(2, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nstate = torch.load('init.pt')\ntry:\n    state = torch.load('more.pt')\nexcept:\n    pass\nloss = model(torch.zeros(1, 2)).sum()\nloss.backward()\nopt.step()\ntorch.save({'model': model.state_dict(), 'opt': opt.state_dict()}, 'ckpt.pt')\n",
            "tests/test_train.py": "def test_train():\n    assert True\n",
            "requirements.txt": "torch\n",
        ])
        let (facts, diffs) = DiffHarness.plan(repo)
        XCTAssertTrue((3...10).contains(diffs.count), "\(diffs.map(\.title))")
        XCTAssertTrue(diffs.allSatisfy { !$0.scaffold }, "four true findings need no scaffold")
        XCTAssertTrue(diffs.allSatisfy(\.applies))
        XCTAssertTrue(facts.errors.all.filter { $0.step == .diffs }.isEmpty, "\(facts.errors.all)")
        // Each diff on its own clean tree: applies, compiles (applyAndCompile), and every added name is bound.
        for diff in diffs {
            let copy = try FixtureRepository.committed(
                Dictionary(
                    uniqueKeysWithValues: ["train.py", "tests/test_train.py", "requirements.txt"].map {
                        ($0, repo.read($0)!)
                    }))
            try DiffHarness.applyAndCompile(diff, to: copy)
            for path in diff.paths where path.hasSuffix(".py") {
                let text = try XCTUnwrap(copy.read(path))
                let module = PythonReader.read(source: Array(text.utf8), path: path)
                XCTAssertEqual(
                    ScopeCheck.unbound(
                        module: module, text: text, lines: PatchVerifier.addedLines(diff.patch, path: path)), [],
                    diff.title)
            }
        }
    }
}
