import Foundation
import XCTest
@testable import MLAuditCore
@testable import MLAuditKit
@testable import MLAuditReport
@testable import MLAuditFacts
@testable import MLAuditRules
@testable import MLAuditRemediation
@testable import MLAuditRender

/// Coverage floors in existing sections, lock targets appended to Makefiles, offline WandbLogger configs and the
/// questions ledger: each diff applies to a fixture repository and planning again no longer proposes it.
final class DiffGateLedgerTests: XCTestCase {
    @discardableResult
    private func planApply(_ files: [String: String], title prefix: String, file: StaticString = #filePath, line: UInt = #line) throws -> (FixtureRepository, AtomicDiff) {
        let repo = try FixtureRepository.committed(files)
        let (_, diffs) = DiffHarness.plan(repo)
        let diff = try XCTUnwrap(diffs.first { $0.title.hasPrefix(prefix) }, "no diff '\(prefix)' in \(diffs.map(\.title))", file: file, line: line)
        XCTAssertTrue(diff.applies, file: file, line: line)
        XCTAssertFalse(diff.why.isEmpty || diff.risk.isEmpty || diff.rollback.isEmpty || diff.testsDocs.isEmpty, file: file, line: line)
        try DiffHarness.applyAndCompile(diff, to: repo, file: file, line: line)
        try repo.commitAll("applied")
        let (_, again) = DiffHarness.plan(repo)
        XCTAssertFalse(again.contains { $0.title.hasPrefix(prefix) }, "still proposed after applying '\(prefix)': \(again.map(\.title))", file: file, line: line)
        return (repo, diff)
    }

    private let test = ["tests/test_a.py": "def test_a():\n    assert True\n"]

    func testCoverageFloorJoinsExistingSectionsInTheirStyle() throws {
        let (rc, _) = try planApply(test.merging([".coveragerc": "[run]\nbranch = True\n\n[report]\nshow_missing: True\nskip_covered: True\n"]) { a, _ in a },
                                    title: "Enforce a 70% coverage floor (`fail_under` in .coveragerc [report])")
        XCTAssertEqual(rc.read(".coveragerc"), "[run]\nbranch = True\n\n[report]\nfail_under: 70\nshow_missing: True\nskip_covered: True\n")
        let (cfg, _) = try planApply(test.merging(["setup.cfg": "[metadata]\nname = x\n\n[coverage:report]\nshow_missing=true\n"]) { a, _ in a },
                                     title: "Enforce a 70% coverage floor (`fail_under` in setup.cfg [coverage:report])")
        XCTAssertEqual(cfg.read("setup.cfg"), "[metadata]\nname = x\n\n[coverage:report]\nfail_under=70\nshow_missing=true\n")
        let pyproject = "[tool.coverage.report]\nexclude_lines = [\n    \"pragma: nocover\",\n]\n\n[tool.pytest.ini_options]\naddopts = \"-q\"\n"
        let (py, _) = try planApply(test.merging(["pyproject.toml": pyproject]) { a, _ in a },
                                    title: "Enforce a 70% coverage floor (`fail_under` in pyproject.toml [tool.coverage.report])")
        XCTAssertEqual(py.read("pyproject.toml"), "[tool.coverage.report]\nfail_under = 70\nexclude_lines = [\n    \"pragma: nocover\",\n]\n\n[tool.pytest.ini_options]\naddopts = \"-q\"\n")
    }

    func testLockTargetsAppendedWithoutReusingTargetNames() throws {
        let makefile = "help:  ## Show help\n\t@grep -E '^[a-z-]+:' Makefile\n\nsync: ## Merge main\n\tgit pull origin main\n\nX := a:b\n"
        let (repo, diff) = try planApply(["requirements.txt": "torch>=2\n", "Makefile": makefile], title: "Add a `make lock` recipe")
        XCTAssertEqual(diff.paths, ["Makefile"])
        let text = try XCTUnwrap(repo.read("Makefile"))
        XCTAssertTrue(text.hasPrefix(makefile), "existing targets are left as they are")
        XCTAssertEqual(String(text.dropFirst(makefile.count)),
                       "\n.PHONY: lock deps-sync\nlock:  ## Pin every dependency, with hashes, into requirements.lock (pip install pip-tools)\n\tpython -m piptools compile --generate-hashes --output-file requirements.lock requirements.txt\ndeps-sync:  ## Install exactly the pinned set\n\tpython -m piptools sync requirements.lock\n")
        XCTAssertEqual(LockRecipeProposer.targets(in: text.components(separatedBy: "\n")), ["help", "sync", "lock", "deps-sync", ".PHONY"])
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/make") else { return }
        // make accepts the file (recipe lines start with a tab) and knows both new targets.
        for target in ["lock", "deps-sync", "sync"] {
            let r = try ProcessRunner.run("/usr/bin/make", ["-n", "-C", repo.root.path, target], timeout: 30)
            XCTAssertEqual(r.exitCode, 0, "make -n \(target): \(r.stderrText)")
        }
    }

    func testLockRecipeNotProposedWhenTheMakefileAlreadyLocks() throws {
        let repo = try FixtureRepository.committed(["requirements.txt": "torch\n", "Makefile": "deps:\n\tpip-compile -o requirements.lock requirements.txt\n"])
        XCTAssertFalse(NoLockFileCheck().evaluate(FindingContext(facts: repo.facts(), capabilities: [])).isEmpty, "the gap itself is there")
        let (_, diffs) = DiffHarness.plan(repo)
        XCTAssertFalse(diffs.contains { $0.title.contains("recipe that pins dependencies") }, "\(diffs.map(\.title))")
    }

    func testWandbLoggerConfigDefaultsOffline() throws {
        let comment = "  # W&B stays offline (sync later with `wandb sync`); override with offline=False to stream"
        // `offline: False` is switched in place, other keys and interpolations untouched.
        let logger = "wandb:\n  _target_: lightning.pytorch.loggers.wandb.WandbLogger\n  save_dir: \"${paths.output_dir}\"\n  offline: False\n  project: \"p\"\n"
        let (repo, _) = try planApply(["configs/logger/wandb.yaml": logger], title: "Default the WandbLogger config to offline")
        XCTAssertEqual(repo.read("configs/logger/wandb.yaml"),
                       "wandb:\n  _target_: lightning.pytorch.loggers.wandb.WandbLogger\n  save_dir: \"${paths.output_dir}\"\n  offline: True\(comment)\n  project: \"p\"\n")
        // No `offline` key: one is added under the target, at its indentation.
        let (literal, _) = try planApply(["logger.yaml": "_target_: pytorch_lightning.loggers.WandbLogger\nproject: p\n"], title: "Default the WandbLogger config to offline")
        let updated = try XCTUnwrap(literal.read("logger.yaml"))
        XCTAssertEqual(updated, "_target_: pytorch_lightning.loggers.WandbLogger\noffline: True\(comment)\nproject: p\n")
        guard case .success(let entries) = YAMLConfigReader.read(text: updated, path: "logger.yaml", format: .yaml) else { return XCTFail("invalid YAML") }
        XCTAssertEqual(entries.first { $0.keyPath == "offline" }?.boolValue, true)
    }

    func testWandbLoggerAlreadyOfflineOrOtherLoggersAreLeftAlone() throws {
        let repo = try FixtureRepository.committed([
            "a.yaml": "wandb:\n  _target_: lightning.pytorch.loggers.WandbLogger\n  offline: true\n",
            "b.yaml": "csv:\n  _target_: lightning.pytorch.loggers.CSVLogger\n  offline: false\n",
        ])
        XCTAssertTrue(WandbLoggerConfigProposer.sites(FindingContext(facts: repo.facts(), capabilities: [])).isEmpty)
    }

    func testQuestionsLedgerListsTheErrorsRecordedSoFar() throws {
        // A config that cannot be parsed is an Error Capture entry; its message holds a `|`-free parser text, the path a `|`.
        let repo = try FixtureRepository.committed(["train.py": "x = 1\n", "conf/a|b.yaml": "key: [unclosed\n"])
        let errors = ErrorLog(timestamp: "2026-11-25T09:00:00Z")
        let facts = repo.facts(errors: errors)
        _ = RuleContext(facts: facts)   // reads the configs, recording the parse error
        errors.record(step: .gates, error: "pytest exited 2 | collection failed\nsecond line", context: "c")
        let proposal = try XCTUnwrap(QuestionsLedgerProposer().propose(FindingContext(facts: facts, capabilities: [])))
        let text = try XCTUnwrap(proposal.files.first?.updated)
        XCTAssertEqual(proposal.files.map(\.path), ["docs/status_update_outstanding_questions.md"])
        let lines = text.components(separatedBy: "\n")
        XCTAssertEqual(lines.first, "# Outstanding Automation Questions")
        XCTAssertTrue(lines.contains("| Timestamp(s) | Step / Phase | Recorded blocker | Status | Still Valid? | Current disposition |"))
        let rows = lines.filter { $0.hasPrefix("| 2026-11-25T09:00:00Z") }
        XCTAssertEqual(rows.count, errors.all.count)
        XCTAssertGreaterThanOrEqual(rows.count, 2)
        for row in rows {
            XCTAssertEqual(QuestionsLedger.splitRow(row).count, 6, row)
            XCTAssertTrue(row.contains("| Action required | Yes |"), row)
        }
        XCTAssertTrue(rows.contains { $0.contains("10:LOCAL_GATES") && $0.contains("pytest exited 2 \\| collection failed second line") }, "\(rows)")
        // Written to the repository, the renderer's reader sees every row as open.
        try repo.write(QuestionsLedger.path, text)
        XCTAssertEqual(QuestionsLedger.read(facts: repo.facts())?.openRows.count, rows.count)
    }

    func testQuestionsLedgerIsLastAndNotProposedOnceItExists() throws {
        let (_, diff) = try planApply(["train.py": "x = 1\n"], title: "Add the outstanding-questions ledger")
        XCTAssertTrue(diff.patch.contains("+| Timestamp(s) | Step / Phase | Recorded blocker | Status | Still Valid? | Current disposition |\n+| --- | --- | --- | --- | --- | --- |\n"), diff.patch)
        XCTAssertTrue(DiffPlanner.proposers.last is QuestionsLedgerProposer)
        let repo = try FixtureRepository.committed(["train.py": "x = 1\n", QuestionsLedger.path: "# Ledger\n"])
        XCTAssertNil(QuestionsLedgerProposer().propose(FindingContext(facts: repo.facts(), capabilities: [])))
    }
}
