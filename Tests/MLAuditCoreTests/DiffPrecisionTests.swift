import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditRemediation
@testable import MLAuditReport
@testable import MLAuditRules

/// What keeps a diff from being merged although its idea is right, on repositories built on the fly: the
/// repository's line length (every diff, in the verifier), a torch older than `weights_only`, twin loads treated
/// differently, one rank's RNG state restored on every rank, documentation links repointed at a test folder.
final class DiffPrecisionTests: XCTestCase {
    private func context(_ repo: FixtureRepository) -> FindingContext {
        FindingContext(facts: repo.facts(), capabilities: [])
    }

    func testLineLengthIsReadFromEachToolsSettings() {
        XCTAssertEqual(
            LineLengthPolicy.read(
                text: "[tool.black]\nline-length = 115\n[tool.ruff]\nline-length = 115\n", path: "pyproject.toml"
            )
            .map(\.limit), [115, 115])
        XCTAssertEqual(
            LineLengthPolicy.read(text: "[tool.black]\ntarget-version = ['py38']\n", path: "pyproject.toml").map(
                \.limit), [88])
        XCTAssertEqual(
            LineLengthPolicy.read(text: "[flake8]\nmax-line-length = 120\n", path: "setup.cfg").map(\.limit), [120])
        XCTAssertEqual(
            LineLengthPolicy.read(text: "[FORMAT]\nmax-line-length=119\n", path: ".pylintrc").map(\.limit), [119])
        XCTAssertEqual(LineLengthPolicy.read(text: "line-length = 100\n", path: "ruff.toml").map(\.limit), [100])
        XCTAssertEqual(
            LineLengthPolicy.readPreCommit(
                "  - id: black\n    args: [--line-length, \"99\"]\n  - id: flake8\n    args: [\"--max-line-length=120\"]\n"
            ).map(\.limit), [99, 120])
        // Another tool's section or another key is not a line length.
        XCTAssertEqual(
            LineLengthPolicy.read(
                text: "[tool.isort]\nline_length = 100\n[mypy]\nmax-line-length = 70\n", path: "setup.cfg"
            ).map(\.limit), [])
    }

    func testAnOverlongAddedCallIsWrappedAsBlackWould() {
        let line =
            "    compare_model = torch.load(str(folder / \"model.pt\"), map_location=map_location, weights_only=True)"
        XCTAssertEqual(
            LineLengthPolicy.wrapCall(line, limit: 100),
            [
                "    compare_model = torch.load(",
                "        str(folder / \"model.pt\"), map_location=map_location, weights_only=True",
                "    )",
            ])
        XCTAssertEqual(
            LineLengthPolicy.wrapCall(line, limit: 60),
            [
                "    compare_model = torch.load(", "        str(folder / \"model.pt\"),",
                "        map_location=map_location,", "        weights_only=True,", "    )",
            ])
        XCTAssertNil(LineLengthPolicy.wrapCall("    x = f(a, b)  # a comment that makes it long", limit: 20))
        // What scaffolds add: one-line docstrings, comments, generators, sums.
        XCTAssertEqual(
            LineLengthPolicy.wrap("\"\"\"Every YAML config parses, and no mapping gives a key twice.\"\"\"", limit: 40),
            ["\"\"\"Every YAML config parses, and no", "mapping gives a key twice.\"\"\""])
        XCTAssertEqual(
            LineLengthPolicy.wrap("    # Application tags are the application's business here", limit: 40),
            ["    # Application tags are the", "    # application's business here"])
        XCTAssertEqual(
            LineLengthPolicy.wrap("SOURCES = sorted(p for p in ROOT.rglob(\"*.py\") if not skip(p))", limit: 40),
            ["SOURCES = sorted(", "    p", "    for p in ROOT.rglob(\"*.py\")", "    if not skip(p)", ")"])
        XCTAssertEqual(
            LineLengthPolicy.wrap("FILES = sorted(a.rglob(\"*.yaml\")) + sorted(b.rglob(\"*.yaml\"))", limit: 34),
            ["FILES = (", "    sorted(a.rglob(\"*.yaml\"))", "    + sorted(b.rglob(\"*.yaml\"))", ")"])
        let policy = LineLengthPolicy(limit: 60, source: "test")
        XCTAssertNil(policy.problem(in: "+++ b/a.py\n+short\n"))
        XCTAssertNotNil(policy.problem(in: "+++ b/a.py\n+" + String(repeating: "x", count: 61) + "\n"))
        XCTAssertNil(policy.problem(in: "+++ b/README.md\n+" + String(repeating: "x", count: 61) + "\n"))
    }

    func testTorchLoadDiffWrapsToTheLineLengthAndTreatsTwinLoadsAlike() throws {
        let repo = try FixtureRepository.committed([
            "pyproject.toml":
                "[project]\nname = \"x\"\ndependencies = [\"torch>=2.1\"]\n[tool.black]\nline-length = 80\n",
            "scripts/compare.py": """
            import torch


            def compare(base_folder, compare_folder, map_location):
                base_model = torch.load(str(base_folder / "model.pt"), map_location=map_location)
                compare_model = torch.load(str(compare_folder / "model.pt"), map_location=map_location)
                return base_model, compare_model


            def inputs(a, b):
                base_input = torch.load(a, map_location="cpu")
                compare_input = torch.load(b, map_location="cpu")
                return base_input, compare_input

            """,
        ])
        let diff = try XCTUnwrap(DiffHarness.propose(TorchLoadWeightsOnlyProposer(), repo))
        XCTAssertTrue(
            diff.patch.contains("+    base_input = torch.load(a, map_location=\"cpu\", weights_only=True)"), diff.patch)
        XCTAssertTrue(
            diff.patch.contains("+    compare_input = torch.load(b, map_location=\"cpu\", weights_only=True)"),
            diff.patch)
        XCTAssertTrue(diff.patch.contains("+    compare_model = torch.load(\n"), diff.patch)
        XCTAssertTrue(diff.patch.contains("+    base_model = torch.load(\n"), diff.patch)
        for line in diff.patch.split(separator: "\n") where line.hasPrefix("+") && !line.hasPrefix("+++") {
            XCTAssertLessThanOrEqual(line.count - 1, 80, String(line))
        }
        try DiffHarness.applyAndCompile(diff, to: repo)
    }

    func testNoWeightsOnlyWhereTheRepositorySupportsTorchBefore113() throws {
        let load = "import torch\n\n\ndef load(path):\n    return torch.load(path, map_location=\"cpu\")\n"
        let asserted = try FixtureRepository.committed([
            "setup.py":
                "import torch\ntorch_ver = [int(x) for x in torch.__version__.split(\".\")[:2]]\nassert torch_ver >= [1, 8], \"Requires PyTorch >= 1.8\"\n",
            "pkg/__init__.py": "", "pkg/ckpt.py": load,
        ])
        XCTAssertNil(try DiffHarness.propose(TorchLoadWeightsOnlyProposer(), asserted))
        let documented = try FixtureRepository.committed([
            "INSTALL.md": "## Requirements\n- PyTorch ≥ 1.8 and torchvision that matches it\n", "ckpt.py": load,
        ])
        XCTAssertNil(try DiffHarness.propose(TorchLoadWeightsOnlyProposer(), documented))
        let modern = try FixtureRepository.committed([
            "INSTALL.md": "## Requirements\n- PyTorch ≥ 2.1\n", "ckpt.py": load,
        ])
        XCTAssertNotNil(try DiffHarness.propose(TorchLoadWeightsOnlyProposer(), modern))
    }

    func testNoRNGStateRestoreWhereRanksSeedApartAndOneRankSaves() throws {
        let ddp = """
            import os
            import torch

            ddp_rank = int(os.environ.get("RANK", 0))
            master_process = ddp_rank == 0
            seed_offset = ddp_rank
            torch.manual_seed(1337 + seed_offset)
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
                if step % 5 == 0 and master_process:
                    checkpoint = {
                        'model': model.state_dict(),
                        'optimizer': optimizer.state_dict(),
                    }
                    torch.save(checkpoint, 'ckpt.pt')

            """
        let repo = try FixtureRepository.committed(["train.py": ddp])
        XCTAssertNil(try DiffHarness.propose(CheckpointStateProposer(), repo))
        // The same script without the per-rank seed offset gets the RNG state saved and restored.
        let single = try FixtureRepository.committed([
            "train.py": ddp.replacingOccurrences(of: "seed_offset = ddp_rank\n", with: "seed_offset = 0\n")
        ])
        let diff = try XCTUnwrap(DiffHarness.propose(CheckpointStateProposer(), single))
        XCTAssertTrue(diff.patch.contains("rng_state"), diff.patch)
    }

    func testDocumentationLinksAreNotRepointedAtATestFolder() {
        XCTAssertFalse(
            DocLinkTargetProposer.sameKind(
                written: "../api/pipelines/stable_diffusion_2#depthtoimage",
                page: "docs/source/ko/using-diffusers/controlling_generation.md",
                certain: "tests/pipelines/stable_diffusion_2"))
        XCTAssertFalse(
            DocLinkTargetProposer.sameKind(
                written: "./api/pipelines/stable_diffusion_2", page: "docs/source/zh/index.md",
                certain: "src/pkg/pipelines/stable_diffusion_2"))
        XCTAssertFalse(
            DocLinkTargetProposer.sameKind(written: "guide.md", page: "README.md", certain: "docs/guide.rst"))
        XCTAssertTrue(
            DocLinkTargetProposer.sameKind(
                written: "doc/DENSEPOSE_IUV.md#ModelZoo", page: "projects/DensePose/doc/RELEASE.md",
                certain: "projects/DensePose/doc/DENSEPOSE_IUV.md"))
        XCTAssertTrue(
            DocLinkTargetProposer.sameKind(
                written: "evaluation/experiments/task_sets", page: "evaluation/README.md",
                certain: "evaluation/experiments/task_sets"))
    }
}
