import Foundation
import XCTest
@testable import MLAuditCore
@testable import MLAuditKit
@testable import MLAuditReport
@testable import MLAuditFacts
@testable import MLAuditRules
@testable import MLAuditRemediation
@testable import MLAuditRender

/// Each proposer on a fixture repository that has its gap: the diff is produced, passes `git apply --check`,
/// applies, leaves compiling Python, and closes the gap (planning again does not propose it).
final class DiffPlannerTests: XCTestCase {
    private func requireReader() throws {
        if !ReaderProbe.available { throw XCTSkip("the Python structure reader is not available in this build") }
    }

    /// Plans, checks the diff titled `prefix` exists and applies, applies it, and returns the repository.
    @discardableResult
    private func planApply(_ files: [String: String], title prefix: String, file: StaticString = #filePath, line: UInt = #line) throws -> (FixtureRepository, AtomicDiff) {
        let repo = try FixtureRepository.committed(files)
        let (_, diffs) = DiffHarness.plan(repo)
        let diff = try XCTUnwrap(diffs.first { $0.title.hasPrefix(prefix) }, "no diff '\(prefix)' in \(diffs.map(\.title))", file: file, line: line)
        XCTAssertTrue(diff.applies, file: file, line: line)
        XCTAssertFalse(diff.why.isEmpty || diff.risk.isEmpty || diff.rollback.isEmpty || diff.testsDocs.isEmpty, file: file, line: line)
        XCTAssertTrue(diff.patch.hasPrefix("diff --git a/"), file: file, line: line)
        XCTAssertFalse(diff.paths.contains(where: HostedCIFilesCheck.isHostedCI), file: file, line: line)
        try DiffHarness.applyAndCompile(diff, to: repo, file: file, line: line)
        try repo.commitAll("applied")
        let (_, again) = DiffHarness.plan(repo)
        XCTAssertFalse(again.contains { $0.title.hasPrefix(prefix) }, "the gap is still reported after applying '\(prefix)'", file: file, line: line)
        return (repo, diff)
    }

    func testWeightsOnlyOnSingleAndMultiLineCalls() throws {
        try requireReader()
        let (repo, _) = try planApply([
            "sample.py": "import torch\n\nckpt = torch.load(path, map_location='cpu')\nstate = torch.load(\n    other,\n    map_location=device,\n)\n",
            "eval.py": "import torch as th\n\n\ndef load(p):\n    return th.load(p)  # checkpoint\n",
        ], title: "Load checkpoints with `torch.load")
        XCTAssertEqual(repo.read("sample.py"), "import torch\n\nckpt = torch.load(path, map_location='cpu', weights_only=True)\nstate = torch.load(\n    other,\n    map_location=device,\n    weights_only=True,\n)\n")
        XCTAssertEqual(repo.read("eval.py"), "import torch as th\n\n\ndef load(p):\n    return th.load(p, weights_only=True)  # checkpoint\n")
    }

    func testNotebooksAreNeverEdited() throws {
        try requireReader()
        let notebook = #"{"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["import torch\n", "x = torch.load('a.pt')\n"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}"#
        let (_, diff) = try planApply(["demo.ipynb": notebook, "load.py": "import torch\nx = torch.load('a.pt')\n"], title: "Load checkpoints with `torch.load")
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
        let (repo, diff) = try planApply(["train.py": train, "tests/test_model.py": "def test_x():\n    assert True\n"], title: "Seed every RNG")
        let updated = try XCTUnwrap(repo.read("train.py"))
        XCTAssertTrue(updated.contains("import torch\nfrom seeding import seed_everything\n"), updated)
        XCTAssertTrue(updated.contains("    args = parser.parse_args()\n    seed_everything(args.seed)\n"), updated)
        XCTAssertEqual(Set(diff.paths), ["train.py", "seeding.py", "tests/test_seeding.py"])
        XCTAssertTrue(repo.read("seeding.py")?.contains("torch.manual_seed(seed)") == true)
    }

    func testSeedHelperAtModuleLevelForScripts() throws {
        try requireReader()
        let (repo, _) = try planApply([
            "scripts/train.py": "\"\"\"Train.\"\"\"\nimport numpy as np\nimport torch\n\nmodel = torch.nn.Linear(2, 2)\nloss = model(torch.zeros(1, 2)).sum()\nloss.backward()\n",
        ], title: "Seed every RNG")
        let updated = try XCTUnwrap(repo.read("scripts/train.py"))
        XCTAssertTrue(updated.hasPrefix("\"\"\"Train.\"\"\"\nimport numpy as np\nimport torch\nfrom seeding import seed_everything\nseed_everything(42)\n"), updated)
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
        XCTAssertTrue(updated.contains("        'optimizer': optimizer.state_dict(),\n        'rng_state': torch.get_rng_state(),\n"), updated)
        XCTAssertTrue(updated.contains("    optimizer.load_state_dict(checkpoint['optimizer'])\n    if 'rng_state' in checkpoint:\n        torch.set_rng_state(checkpoint['rng_state'].cpu())\n"), updated)
    }

    func testWandbOfflineGuardAddsOSImport() throws {
        try requireReader()
        let (repo, _) = try planApply([
            "train.py": "from __future__ import annotations\nimport wandb\n\nwandb.init(project=\"demo\", config={\"lr\": 1})\n",
        ], title: "Default W&B to offline")
        XCTAssertEqual(repo.read("train.py"), "from __future__ import annotations\nimport os\nimport wandb\n\nwandb.init(project=\"demo\", config={\"lr\": 1}, mode=os.environ.get(\"WANDB_MODE\", \"offline\"))\n")
    }

    func testWandbGuardForReportToConfigs() throws {
        try requireReader()
        let script = "import sys\n\nfrom trl import SFTTrainer\n\n\ndef main():\n    trainer = SFTTrainer(model=m, args=a)\n    trainer.train()\n\n\nif __name__ == \"__main__\":\n    main()\n"
        let (repo, _) = try planApply(["scripts/sft.py": script, "recipes/sft.yaml": "report_to:\n- wandb\n"], title: "Default W&B to offline in the training entry points")
        XCTAssertEqual(repo.read("scripts/sft.py"), "import os\nimport sys\n\nfrom trl import SFTTrainer\n\n# W&B (enabled by report_to in the configs) stays offline unless WANDB_MODE says otherwise.\nos.environ.setdefault(\"WANDB_MODE\", \"offline\")\n\n\ndef main():\n    trainer = SFTTrainer(model=m, args=a)\n    trainer.train()\n\n\nif __name__ == \"__main__\":\n    main()\n")
    }

    func testMLflowLocalURIBeforeFirstRun() throws {
        try requireReader()
        let (repo, _) = try planApply([
            "track.py": "import os\nimport mlflow\n\n\ndef log(loss):\n    with mlflow.start_run():\n        mlflow.log_metric('loss', loss)\n",
        ], title: "Pin MLflow")
        XCTAssertTrue(repo.read("track.py")?.contains("    mlflow.set_tracking_uri(os.environ.get('MLFLOW_TRACKING_URI', 'file:./mlruns'))\n    with mlflow.start_run():\n") == true)
    }

    func testDetectSecretsHookAppendedToExistingConfig() throws {
        let config = "repos:\n  - repo: https://github.com/psf/black\n    rev: 24.1.0\n    hooks:\n      - id: black\n"
        let (repo, _) = try planApply([".pre-commit-config.yaml": config, "a.py": "x = 1\n"], title: "Add a local `detect-secrets`")
        XCTAssertEqual(repo.read(".pre-commit-config.yaml"), config + "  - repo: local\n    hooks:\n      - id: detect-secrets\n        name: detect-secrets (local, offline)\n        entry: detect-secrets-hook\n        language: system\n        types: [text]\n")
    }

    func testCoverageFloorInExistingSection() throws {
        let (repo, _) = try planApply([
            "pyproject.toml": "[project]\nname = \"x\"\n\n[tool.coverage.report]\nshow_missing = true\n",
            "tests/test_a.py": "def test_a():\n    assert True\n",
        ], title: "Enforce a 70% coverage floor")
        XCTAssertEqual(repo.read("pyproject.toml"), "[project]\nname = \"x\"\n\n[tool.coverage.report]\nfail_under = 70\nshow_missing = true\n")
    }

    func testCoverageFloorAppendedToFileWithoutFinalNewline() throws {
        let (repo, _) = try planApply([
            "setup.cfg": "[metadata]\nname = x",
            "tests/test_a.py": "def test_a():\n    assert True\n",
        ], title: "Enforce a 70% coverage floor")
        XCTAssertEqual(repo.read("setup.cfg"), "[metadata]\nname = x\n\n[coverage:report]\nfail_under = 70\n")
    }

    func testSmokeTestForRepositoryWithoutTests() throws {
        let (repo, diff) = try planApply(["train.py": "x = 1\n", "pkg/model.py": "def f():\n    return 1\n"], title: "Add a first pytest target")
        XCTAssertEqual(diff.paths, ["tests/test_compile_smoke.py"])
        guard let python = DiffHarness.python else { return }
        // The test runs (with pytest when installed) and passes on compiling sources.
        let probe = try ProcessRunner.run(python, ["-c", "import pytest"], timeout: 60)
        guard probe.exitCode == 0 else { return }
        let r = try ProcessRunner.run(python, ["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_compile_smoke.py"], in: repo.root,
                                      environment: ["PYTHONDONTWRITEBYTECODE": "1", "PATH": "/usr/bin:/bin"], timeout: 120)
        XCTAssertEqual(r.exitCode, 0, r.stdoutText + r.stderrText)
    }

    func testNoxfileAndLockRecipe() throws {
        let (repo, _) = try planApply([
            "pkg/__init__.py": "", "pkg/core.py": "x = 1\n", "run.py": "import pkg\n",
            "requirements.txt": "torch>=2\n", "tests/test_core.py": "def test_core():\n    assert True\n",
        ], title: "Add `noxfile.py`")
        XCTAssertTrue(repo.read("noxfile.py")?.contains("\"compileall\", \"-q\", \"pkg\", \"run.py\"") == true)
        let (locked, _) = try planApply(["requirements.txt": "torch>=2\n", "Makefile": "test:\n\tpytest\n"], title: "Add a `make lock` recipe")
        XCTAssertEqual(locked.read("Makefile"), "test:\n\tpytest\n\n.PHONY: lock sync\nlock:  ## Pin every dependency, with hashes, into requirements.lock (pip install pip-tools)\n\tpython -m piptools compile --generate-hashes --output-file requirements.lock requirements.txt\nsync:  ## Install exactly the pinned set\n\tpython -m piptools sync requirements.lock\n")
    }

    func testBetweenThreeAndTenVerifiedDiffsOnAnUnkeptRepository() throws {
        try requireReader()
        let repo = try FixtureRepository.committed([
            "train.py": "import torch\nimport wandb\n\nwandb.init(project='p')\nmodel = torch.nn.Linear(2, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nstate = torch.load('init.pt')\nloss = model(torch.zeros(1, 2)).sum()\nloss.backward()\nopt.step()\ntorch.save({'model': model.state_dict(), 'opt': opt.state_dict()}, 'ckpt.pt')\n",
            "tests/test_train.py": "def test_train():\n    assert True\n",
            "requirements.txt": "torch\nwandb\n",
        ])
        let (facts, diffs) = DiffHarness.plan(repo)
        XCTAssertTrue((3...10).contains(diffs.count), "\(diffs.map(\.title))")
        XCTAssertTrue(diffs.allSatisfy(\.applies))
        XCTAssertTrue(facts.errors.all.filter { $0.step == AuditStep.diffs.code }.isEmpty, "\(facts.errors.all)")
        // Every diff applies on its own to a clean tree.
        for diff in diffs {
            let copy = try FixtureRepository.committed(Dictionary(uniqueKeysWithValues: ["train.py", "tests/test_train.py", "requirements.txt"].map { ($0, repo.read($0)!) }))
            try DiffHarness.applyAndCompile(diff, to: copy)
        }
    }
}
