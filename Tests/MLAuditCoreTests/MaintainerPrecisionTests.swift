import Foundation
import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditReport
@testable import MLAuditRules

/// What a maintainer reading the report against the code would reject, on fixture repositories built on the fly:
/// findings and diffs in folders closed to changes, linter rules the project ignores, scaffolds duplicating a hook the
/// repository runs, diffs that change nothing, and severities that overstate dead code.
final class MaintainerPrecisionTests: XCTestCase {
    // MARK: Folders closed to changes

    func testClosureStatementsInFolderReadmes() {
        XCTAssertTrue(
            ClosedToChanges.declaresClosed(
                "This folder contains pipelines that have very low usage. We will stop testing the pipelines and will not accept any changes to existing files."
            ))
        XCTAssertTrue(ClosedToChanges.declaresClosed("Contributions to this directory are no longer accepted."))
        XCTAssertTrue(ClosedToChanges.declaresClosed("We are no longer accepting pull requests for these scripts."))
        XCTAssertTrue(ClosedToChanges.declaresClosed("No new changes will be accepted here."))
        XCTAssertFalse(ClosedToChanges.declaresClosed("The CLIP text encoder is kept frozen during training."))
        XCTAssertFalse(
            ClosedToChanges.declaresClosed(
                "They are not really maintained by the core maintainers and require a specific version."))
        XCTAssertFalse(ClosedToChanges.declaresClosed("We accept changes through pull requests; see CONTRIBUTING."))
        XCTAssertTrue(ClosedToChanges.isDeprecatedFolder("src/pkg/pipelines/deprecated/old/pipe.py"))
        XCTAssertFalse(ClosedToChanges.isDeprecatedFolder("src/pkg/deprecated.py"))
    }

    func testNoFindingOrDiffCitesAFolderClosedToChanges() throws {
        try XCTSkipUnless(ReaderProbe.available)
        let logging =
            "import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef run(x):\n    logger.info(\"value:\", x)\n"
        let repo = try FixtureRepository.committed([
            "pkg/__init__.py": "",
            "pkg/frozen/README.md":
                "# Frozen\n\nThese pipelines are kept for old users; we will not accept any changes to existing files.\n",
            "pkg/frozen/pipe.py": logging,
            "pkg/deprecated/old.py": logging,
            "pkg/live.py": logging,
        ])
        let facts = repo.facts()
        let findings = FindingCatalog.findings(facts: facts, capabilities: [])
        let cited = findings.flatMap(\.evidence).map(\.path)
        XCTAssertTrue(cited.contains("pkg/live.py"), "\(cited)")
        XCTAssertFalse(cited.contains { $0.hasPrefix("pkg/frozen/") || $0.hasPrefix("pkg/deprecated/") }, "\(cited)")
        let context = FindingContext(facts: facts, capabilities: [])
        let proposal = try XCTUnwrap(LoggingPlaceholderProposer().propose(context))
        XCTAssertEqual(proposal.files.map(\.path), ["pkg/live.py"])
        // Without live code there, nothing is reported at all.
        let closed = try FixtureRepository.committed([
            "pkg/__init__.py": "", "pkg/deprecated/old.py": logging,
        ])
        let none = FindingCatalog.findings(facts: closed.facts(), capabilities: []).filter { $0.code == .mla148 }
        XCTAssertTrue(none.isEmpty, "\(none.map(\.title))")
    }

    // MARK: MLA129 loopback and uploads

    func testLoopbackRequestsAndUploadsAreNotDownloads() throws {
        try XCTSkipUnless(ReaderProbe.available)
        let repo = try FixtureRepository.committed([
            "harness/run_cell.py":
                "import sys\nimport urllib.request\nPORT = 8888\n\n\ndef main(payload):\n    req = urllib.request.Request(\n        f\"http://127.0.0.1:{PORT}\",\n        data=payload,\n        method=\"POST\",\n    )\n    with urllib.request.urlopen(req) as r:\n        sys.stdout.write(r.read().decode())\n",
            "data/fetch.py":
                "import urllib.request\nURL = 'https://example.org/data.tar'\nurllib.request.urlretrieve(URL, 'data.tar')\n",
            "serve/local.py":
                "import urllib.request\nHOST = '0.0.0.0'\nurllib.request.urlretrieve(f'http://{HOST}:9000/w.bin', 'w.bin')\n",
        ])
        let hits = UnverifiedDownloadCheck().evaluate(FindingContext(facts: repo.facts(), capabilities: []))
        XCTAssertEqual(hits.flatMap(\.evidence).map(\.path), ["data/fetch.py"])
    }

    // MARK: Linter settings

    func testProjectWideLintIgnoresAreRead() throws {
        let repo = try FixtureRepository.committed([
            "pyproject.toml":
                "[tool.ruff.lint]\nselect = [\"E\"]\nignore = [\n    \"E722\",  # bare except\n    \"E741\",\n]\n\n[tool.ruff.lint.per-file-ignores]\n\"scripts/*.py\" = [\"E7\"]\n",
            "tox.ini": "[flake8]\nextend-ignore = E203, W503\n",
            "train.py": "x = 1\n",
        ])
        let facts = repo.facts()
        XCTAssertEqual(
            LintSetup.ignoring(LintSetup.bareExcept, for: "train.py", facts: facts)?.hasPrefix("pyproject.toml:"), true)
        let other = try FixtureRepository.committed([
            "pyproject.toml":
                "[tool.ruff.lint]\nselect = [\"F\"]\n\n[tool.ruff.lint.per-file-ignores]\n\"scripts/*.py\" = [\"E7\"]\n",
            "setup.cfg": "[flake8]\nignore = E203,W503\n",
            "train.py": "x = 1\n", "scripts/a.py": "x = 1\n",
        ])
        let f2 = other.facts()
        XCTAssertNil(LintSetup.ignoring(LintSetup.bareExcept, for: "train.py", facts: f2))
        XCTAssertNotNil(LintSetup.ignoring(LintSetup.bareExcept, for: "scripts/a.py", facts: f2))
        // pylint's `disable=all` with an `enable=` list selects rules; it decides nothing about bare-except.
        let pylint = try FixtureRepository.committed([
            ".pylintrc": "[MESSAGES CONTROL]\ndisable=all\n\nenable=C0115,W0611\n", "train.py": "x = 1\n",
        ])
        XCTAssertNil(LintSetup.ignoring(LintSetup.bareExcept, for: "train.py", facts: pylint.facts()))
    }

    func testBareExceptIgnoredProjectWideGetsNoFindingNorDiff() throws {
        let code = "def load(p):\n    try:\n        return open(p).read()\n    except:\n        return None\n"
        let ignored = try FixtureRepository.committed([
            "pyproject.toml": "[tool.ruff.lint]\nignore = [\"E722\"]\n", "pkg/__init__.py": "", "pkg/io.py": code,
        ])
        XCTAssertTrue(BareExceptCheck().evaluate(FindingContext(facts: ignored.facts(), capabilities: [])).isEmpty)
        XCTAssertNil(try DiffHarness.propose(BareExceptProposer(), ignored))
        let plain = try FixtureRepository.committed([
            "pyproject.toml": "[tool.ruff.lint]\nignore = [\"E501\"]\n", "pkg/__init__.py": "", "pkg/io.py": code,
        ])
        XCTAssertFalse(BareExceptCheck().evaluate(FindingContext(facts: plain.facts(), capabilities: [])).isEmpty)
    }

    // MARK: Scaffolds that would duplicate an existing mechanism

    func testScaffoldsSkipWhatTheRepositoryAlreadyRuns() throws {
        try XCTSkipUnless(ReaderProbe.available)
        var files = [
            "pkg/__init__.py": "", "pkg/a.py": "import yaml\n\n\ndef f():\n    return yaml.safe_load('a: 1')\n",
            "pkg/b.py": "def g():\n    return 2\n",
            "configs/a.yaml": "a: 1\n", "configs/b.yaml": "b: 2\n", "configs/c.yaml": "c: 3\n",
            "tests/test_a.py": "def test_a():\n    assert True\n",
        ]
        let bare = try FixtureRepository.committed(files)
        let plain = FindingContext(facts: bare.facts(), capabilities: [])
        XCTAssertNotNil(SmokeTestProposer().propose(plain))
        XCTAssertNil(SmokeTestProposer().duplicates(plain))
        XCTAssertNil(ConfigParseTestProposer().duplicates(plain))
        files[".pre-commit-config.yaml"] =
            "repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v4.5.0\n    hooks:\n      - id: check-yaml\n  - repo: https://github.com/psf/black\n    rev: 24.1.0\n    hooks:\n      - id: black\n"
        let hooked = try FixtureRepository.committed(files)
        let context = FindingContext(facts: hooked.facts(), capabilities: [])
        XCTAssertEqual(LintSetup.pythonParser(hooked.facts()), ".pre-commit-config.yaml:9 hook `black`")
        XCTAssertNotNil(SmokeTestProposer().duplicates(context))
        XCTAssertEqual(ConfigParseTestProposer().duplicates(context), ".pre-commit-config.yaml:5 hook `check-yaml`")
        // The planner proposes scaffolds that duplicate nothing first; one duplicating a hook only fills the
        // template's minimum, and says what it duplicates.
        let (_, diffs) = DiffHarness.plan(hooked)
        XCTAssertGreaterThanOrEqual(diffs.count, DiffPlanner.minimum)
        let firstDuplicate = diffs.firstIndex { [.mld207, .mld216].contains($0.code) } ?? diffs.count
        XCTAssertTrue(
            diffs[firstDuplicate...].allSatisfy { [.mld207, .mld216].contains($0.code) }, "\(diffs.map(\.code))")
        for d in diffs where [.mld207, .mld216].contains(d.code) {
            XCTAssertTrue(d.why.contains("The repository already runs .pre-commit-config.yaml:"), d.why)
        }
        // A Makefile target running ruff parses every file as well.
        var made = files
        made.removeValue(forKey: ".pre-commit-config.yaml")
        made["Makefile"] = "quality:\n\truff check pkg tests\n"
        let make = try FixtureRepository.committed(made)
        XCTAssertEqual(LintSetup.pythonParser(make.facts()), "Makefile:2 `ruff check pkg tests`")
        made["Makefile"] = "deps:\n\tpip install ruff black\n"
        let install = try FixtureRepository.committed(made)
        XCTAssertNil(LintSetup.pythonParser(install.facts()))
    }

    func testImportAndSeedScaffoldsSkipWhatTestsAlreadyCover() throws {
        try XCTSkipUnless(ReaderProbe.available)
        var files = [
            "pkg/__init__.py": "", "pkg/a.py": "def f():\n    return 1\n",
            "pkg/utils.py": "import random\n\n\ndef set_seed(seed):\n    random.seed(seed)\n",
            "tests/test_a.py": "def test_a():\n    assert True\n",
        ]
        let bare = try FixtureRepository.committed(files)
        let c1 = FindingContext(facts: bare.facts(), capabilities: [])
        XCTAssertNotNil(ImportSmokeTestProposer().propose(c1))
        XCTAssertNil(ImportSmokeTestProposer().duplicates(c1))
        XCTAssertNotNil(SeedDeterminismTestProposer().propose(c1))
        files["tests/test_deps.py"] =
            "from importlib import import_module\n\n\ndef load(name):\n    return import_module(name)\n\n\ndef test_module_imports():\n    import_module('pkg.a')\n"
        files["tests/test_utils.py"] = "from pkg.utils import set_seed\n\n\ndef test_seed():\n    set_seed(0)\n"
        let covered = try FixtureRepository.committed(files)
        let c2 = FindingContext(facts: covered.facts(), capabilities: [])
        XCTAssertEqual(ImportSmokeTestProposer().duplicates(c2), "tests/test_deps.py:9 `import_module(...)`")
        XCTAssertNil(SeedDeterminismTestProposer().propose(c2))
    }

    // MARK: MLD203 only with its restore

    func testCheckpointStateIsProposedOnlyWhereTheModuleRestoresIt() throws {
        try XCTSkipUnless(ReaderProbe.available)
        let save =
            "import torch\n\n\ndef train(model, opt, loader):\n    for x in loader:\n        loss = model(x)\n        loss.backward()\n        opt.step()\n    torch.save({'model': model.state_dict(), 'optimizer': opt.state_dict()}, 'ckpt.pt')\n"
        let saveOnly = try FixtureRepository.committed(["train.py": save])
        XCTAssertNil(try DiffHarness.propose(CheckpointStateProposer(), saveOnly))
        let restoring = try FixtureRepository.committed([
            "train.py": save
                + "\n\ndef resume(model, opt):\n    ckpt = torch.load('ckpt.pt')\n    model.load_state_dict(ckpt['model'])\n    opt.load_state_dict(ckpt['optimizer'])\n"
        ])
        let diff = try XCTUnwrap(try DiffHarness.propose(CheckpointStateProposer(), restoring))
        XCTAssertTrue(diff.patch.contains("torch.set_rng_state(ckpt['rng_state']"), diff.patch)
        XCTAssertTrue(diff.title.hasPrefix("Save and restore"), diff.title)
        try DiffHarness.applyAndCompile(diff, to: restoring)
    }

    // MARK: No-op diffs

    func testBareWordStripsAreNotRewrittenAndNoOpPatchesFail() throws {
        XCTAssertNil(StripAffixProposer.replacement(method: "lstrip", word: "the"))
        XCTAssertNil(StripAffixProposer.replacement(method: "rstrip", word: "json"))
        XCTAssertEqual(StripAffixProposer.replacement(method: "lstrip", word: "module."), "removeprefix")
        XCTAssertEqual(StripAffixProposer.replacement(method: "rstrip", word: ".wav"), "removesuffix")
        XCTAssertTrue(PatchVerifier.isNoOp(original: "a = 1\n", updated: "a = 1\n"))
        XCTAssertTrue(PatchVerifier.isNoOp(original: "a = 1\n", updated: "a = 1   \n\n"))
        XCTAssertFalse(PatchVerifier.isNoOp(original: "a = 1\n", updated: "a = 2\n"))
        XCTAssertFalse(PatchVerifier.isNoOp(original: "if x:\n    a()\n", updated: "if x:\n  a()\n"))
        let same = DiffProposal(
            title: "t", why: "w", risk: "r", rollback: "b", testsDocs: "d",
            files: [
                .init(path: "a.py", original: "x = 1\n", updated: "x = 2\n"),
                .init(path: "b.py", original: "y = 1\n", updated: "y = 1\n"),
            ])
        guard case .failure(let problem) = DiffPlanner.verify(same) else { return XCTFail("a no-op file passed") }
        XCTAssertTrue(problem.description.contains("b.py"), problem.description)
    }

    // MARK: MLD222 picks the options that matter

    func testStrToBoolFixGoesToTheTrainingScriptUsersDriveFirst() throws {
        try XCTSkipUnless(ReaderProbe.available)
        let repo = try FixtureRepository.committed([
            "scripts/aaa_convert.py":
                "import argparse\n\n\ndef main():\n    p = argparse.ArgumentParser()\n    p.add_argument('--save', default=True, type=bool)\n    args = p.parse_args()\n    print(args.save)\n",
            "train.py":
                "import argparse\n\n\ndef main(model, opt, x):\n    p = argparse.ArgumentParser()\n    p.add_argument('--use_ema', default=False, type=bool)\n    args = p.parse_args()\n    if args.use_ema:\n        model.ema()\n    model(x).backward()\n    opt.step()\n",
            "README.md": "Train with `python train.py --use_ema True`.\n",
        ])
        let diff = try XCTUnwrap(try DiffHarness.propose(ArgparseStrToBoolProposer(), repo))
        XCTAssertEqual(diff.paths, ["train.py"])
        XCTAssertTrue(diff.why.contains("scripts/aaa_convert.py"), diff.why)
        try DiffHarness.applyAndCompile(diff, to: repo)
        // A file whose edited option line would pass the repository's line length, and cannot be re-wrapped as black
        // would (its help text alone is too long), is skipped for the next one.
        let long = try FixtureRepository.committed([
            "pyproject.toml": "[tool.black]\nline-length = 60\n",
            "a.py":
                "import argparse\n\n\ndef main():\n    p = argparse.ArgumentParser()\n    p.add_argument('--keep', type=bool, help='keep every checkpoint the run writes to its disk')\n    return p.parse_args().keep\n",
            "b.py":
                "import argparse\n\n\ndef main():\n    p = argparse.ArgumentParser()\n    p.add_argument('--fp16', type=bool)\n    return p.parse_args().fp16\n",
        ])
        let fitted = try XCTUnwrap(try DiffHarness.propose(ArgparseStrToBoolProposer(), long))
        XCTAssertEqual(fitted.paths, ["b.py"])
        XCTAssertTrue(fitted.why.contains("a.py"), fitted.why)
    }

    // MARK: Severity of dead code

    func testDeadCodeRanksLow() throws {
        try XCTSkipUnless(ReaderProbe.available)
        let repo = try FixtureRepository.committed([
            "pkg/__init__.py": "",
            "pkg/samplers.py":
                "class FirstSampler:\n    def sample(self, n):\n        return list(range(n))\n\n\nclass BalancedSampler:\n    def sample(self, n):\n        raise NotImplementedError\n\n\nREGISTRY = {'first': FirstSampler}\n",
            "pkg/loss.py":
                "def scale(x):\n    return x * 2\n\n\ndef scale(x):\n    return x * 3\n",
        ])
        let context = FindingContext(facts: repo.facts(), capabilities: [])
        let placeholder = try XCTUnwrap(PlaceholderImplementationCheck().evaluate(context).first)
        XCTAssertEqual(placeholder.severity, .low)
        XCTAssertTrue(placeholder.title.contains("nothing references"), placeholder.title)
        let shadowed = try XCTUnwrap(ShadowedDefinitionCheck().evaluate(context).first)
        XCTAssertEqual(shadowed.severity, .low)
        // Another implementation under the same name (a kernel launch replaced by a loop): callers get other code.
        let other = try FixtureRepository.committed([
            "pkg/__init__.py": "",
            "pkg/ops.py":
                "def flatten(lse, cu):\n    out = launch_kernel(lse, cu, grid=(8,))\n    return out\n\n\ndef flatten(lse, cu):\n    parts = []\n    for i in range(len(cu) - 1):\n        parts.append(lse[i])\n    return cat(parts)\n",
        ])
        let differing = try XCTUnwrap(
            ShadowedDefinitionCheck().evaluate(FindingContext(facts: other.facts(), capabilities: [])).first)
        XCTAssertNil(differing.severity)
        // Registered, the same placeholder is running code: the check's own severity.
        let live = try FixtureRepository.committed([
            "pkg/__init__.py": "",
            "pkg/samplers.py":
                "class BalancedSampler:\n    def sample(self, n):\n        raise NotImplementedError\n\n\nREGISTRY = {'balanced': BalancedSampler}\n",
        ])
        let hit = try XCTUnwrap(
            PlaceholderImplementationCheck().evaluate(FindingContext(facts: live.facts(), capabilities: [])).first)
        XCTAssertNil(hit.severity)
    }
}
