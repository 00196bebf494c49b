import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditPython
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

final class ReproChecklistTests: XCTestCase {
    private func items(_ files: [String: String], git: Bool = true) throws -> [String: ReproItem] {
        let root = try GateFixtures.repo(files, git: git)
        defer { GateFixtures.remove(root) }
        let list = ReproducibilityChecklist.items(facts: GateFixtures.facts(root), capabilities: [])
        XCTAssertEqual(list.map(\.item), ["Seeds", "Environment capture", "Code versioning", "Results determinism"])
        return Dictionary(uniqueKeysWithValues: list.map { ($0.item, $0) })
    }

    /// `argumentsContain` answers what `arguments.fastContains` answers, for needles that cannot span two
    /// arguments (searched piece by piece) and for those that can (searched in the joined text).
    func testArgumentsContainMatchesTheJoinedText() {
        let call = CodeSignals.Call(
            PythonCall(
                callee: "subprocess.check_output", line: 3, column: 0, keywords: ["cwd", "text"],
                keywordValues: ["cwd": "repo_dir", "text": "True"],
                positionalArguments: ["[\"git\", \"rev-parse\", \"HEAD\"]", "café"], enclosingFunction: nil))
        for needle in [
            "rev-parse", "HEAD", "cwd", "repo_dir", "True", "café", "generator", "cwd=repo_dir", "\", café",
            "text=True", "e=r", "é", "",
        ] {
            XCTAssertEqual(call.argumentsContain(needle), call.arguments.fastContains(needle), needle)
        }
        let text = CodeSignals.Call(callee: "f", line: 1, arguments: "seed=1, generator=g")
        XCTAssertTrue(text.argumentsContain("generator"))
        XCTAssertFalse(text.argumentsContain("worker_init_fn"))
    }

    /// The byte-level `gitLeaf` answers what lower-casing the leaf and searching it answers.
    func testGitLeafMatchesTheStringDefinition() {
        func reference(_ callee: String) -> Bool {
            let leaf = CodeSignals.leaf(callee)
            guard leaf.utf8.count >= 8 else { return false }
            let lower = leaf.lowercased()
            return lower.fastContains("git_hash") || lower.fastContains("git_commit")
        }
        for callee in [
            "get_git_hash", "utils.GET_GIT_COMMIT", "git_hash.x", "a.git_hash.", "repo.Git_Commit_Sha", "git_has",
            "x.y.get_git_commit_id", "gitcommit", "été.git_hash", "x.GİT_HASH", "", ".", "git_commit", "a.b.c",
            "self.log_git_hash_to(run)", "G.git_COMMIT",
        ] {
            XCTAssertEqual(ReproducibilityChecklist.gitLeaf(callee), reference(callee), callee)
        }
    }

    func testWellPreparedRepository() throws {
        let r = try items([
            "train.py": """
            import os
            import random
            import subprocess
            import numpy as np
            import torch
            from torch.utils.data import DataLoader

            os.environ["PYTHONHASHSEED"] = "0"
            random.seed(0)
            np.random.seed(0)
            torch.manual_seed(0)
            torch.use_deterministic_algorithms(True)
            torch.backends.cudnn.benchmark = False
            g = torch.Generator()
            loader = DataLoader(range(4), generator=g)
            commit = subprocess.check_output(["git", "rev-parse", "HEAD"]).decode()
            x = np.random.rand(3)
            y = random.random()
            """,
            "requirements.txt": "torch==2.3.0\nnumpy==1.26.4\n# a comment\n",
            "Dockerfile": "FROM python:3.11-slim\n",
        ])
        XCTAssertEqual(r["Seeds"]?.status, .present, r["Seeds"]!.notes)
        XCTAssertEqual(r["Seeds"]?.evidence.map(\.citation), ["train.py:10", "train.py:9", "train.py:11"])
        XCTAssertEqual(r["Environment capture"]?.status, .present, r["Environment capture"]!.notes)
        XCTAssertTrue(r["Environment capture"]!.notes.contains("requirements.txt pins all 2 requirement(s)"))
        XCTAssertTrue(r["Environment capture"]!.notes.contains("not pinned by digest"))
        XCTAssertEqual(r["Code versioning"]?.status, .present, r["Code versioning"]!.notes)
        XCTAssertEqual(r["Code versioning"]?.evidence.first?.citation, "train.py:16")
        XCTAssertEqual(r["Results determinism"]?.status, .present, r["Results determinism"]!.notes)
        XCTAssertTrue(r["Results determinism"]!.notes.contains("Every DataLoader passes a generator"))
        XCTAssertTrue(r["Results determinism"]!.evidence.contains { $0.citation == "train.py:12" })
    }

    func testPartialSeedsAndNondeterministicFlags() throws {
        let r = try items([
            "train.py": """
            import numpy as np
            import torch

            torch.manual_seed(1337)
            torch.backends.cuda.matmul.allow_tf32 = True
            torch.backends.cudnn.benchmark = True
            noise = np.random.randn(3)
            """,
            "requirements.txt": "torch\nnumpy>=1.20\n",
        ])
        let seeds = try XCTUnwrap(r["Seeds"])
        XCTAssertEqual(seeds.status, .partial)
        XCTAssertTrue(seeds.notes.contains("torch at train.py:4"), seeds.notes)
        XCTAssertTrue(seeds.notes.contains("Not seeded but used: numpy"), seeds.notes)
        let env = try XCTUnwrap(r["Environment capture"])
        XCTAssertEqual(env.status, .partial)
        XCTAssertTrue(env.notes.contains("2 of 2 unpinned (e.g. `torch` at line 1)"), env.notes)
        XCTAssertEqual(env.evidence.first?.citation, "requirements.txt:1")
        let det = try XCTUnwrap(r["Results determinism"])
        XCTAssertEqual(det.status, .missing, det.notes)
        XCTAssertTrue(det.notes.contains("cudnn.benchmark = True at train.py:6"), det.notes)
        XCTAssertTrue(det.notes.contains("matmul.allow_tf32 = True at train.py:5"), det.notes)
        XCTAssertEqual(r["Code versioning"]?.status, .partial)
    }

    func testNothingAtAllOutsideGit() throws {
        let r = try items(["model.py": "class Net:\n    pass\n"], git: false)
        XCTAssertEqual(r["Seeds"]?.status, .missing)
        XCTAssertEqual(r["Environment capture"]?.status, .missing)
        XCTAssertEqual(r["Code versioning"]?.status, .missing)
        XCTAssertTrue(r["Code versioning"]!.notes.contains("not a git work tree"))
        XCTAssertEqual(r["Results determinism"]?.status, .missing)
        for item in r.values { XCTAssertTrue(item.evidence.isEmpty, item.item) }
    }

    /// A commit written into a metrics record is found by its field name; files that cannot hold any such text
    /// (skipped without reading them again) record nothing.
    func testCommitFieldsRecordTheCommit() throws {
        let r = try items([
            "pkg/__init__.py": "",
            "pkg/log.py":
                "import json\n\n\ndef record(sha, path):\n    json.dump({'git_commit': sha}, open(path, 'w'))\n",
            "pkg/track.py": "import mlflow\n\n\ndef tag(sha):\n    mlflow.set_tag('mlflow.source.git.commit', sha)\n",
            "pkg/meta.py": "META = {\"commit_hash\": None}\n",
            "pkg/model.py": "def forward(x):\n    commit = x\n    return commit\n",
        ])
        XCTAssertEqual(r["Code versioning"]?.status, .present, r["Code versioning"]!.notes)
        XCTAssertEqual(
            r["Code versioning"]?.evidence.map(\.citation), ["pkg/log.py:5", "pkg/meta.py:1", "pkg/track.py:5"])
    }

    func testDirtyTreeMakesRecordedCommitPartial() throws {
        let root = try GateFixtures.repo([
            "train.py": "import subprocess\nsha = subprocess.check_output(['git', 'rev-parse', 'HEAD'])\n"
        ])
        defer { GateFixtures.remove(root) }
        try Data("import subprocess\nsha = subprocess.check_output(['git', 'rev-parse', 'HEAD'])\nprint(sha)\n".utf8)
            .write(to: root.appendingPathComponent("train.py"))
        let list = ReproducibilityChecklist.items(facts: GateFixtures.facts(root), capabilities: [])
        let v = try XCTUnwrap(list.first { $0.item == "Code versioning" })
        XCTAssertEqual(v.status, .partial)
        XCTAssertTrue(v.notes.contains("uncommitted changes"), v.notes)
    }
}
