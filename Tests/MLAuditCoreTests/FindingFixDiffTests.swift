import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditRemediation
@testable import MLAuditReport
@testable import MLAuditRules

/// The fix diffs of MLA131 (MLD220: undeclared imports declared in the nearest requirements file) and MLA133
/// (MLD221: the overridden first occurrence of a duplicated YAML key removed): proposed only where the finding holds,
/// writing only what is certain, and verified like every diff.
final class FindingFixDiffTests: XCTestCase {
    private func propose(_ proposer: any DiffProposer, _ repo: FixtureRepository) throws -> AtomicDiff? {
        try DiffHarness.propose(proposer, repo)
    }

    func testUndeclaredImportsGoToTheNearestRequirementsFileWithKnownNamesOnly() throws {
        let repo = try FixtureRepository.committed([
            "requirements.txt": "torch>=2.0\nnumpy\n",
            "train.py": "import torch\nimport yaml\nimport cv2\nimport somecorp_internal_tool\n",
            "tools/requirements.txt": "numpy\n",
            "tools/plot.py": "import matplotlib.pyplot as plt\n",
        ])
        let diff = try XCTUnwrap(propose(DeclareImportedDependencyProposer(), repo))
        XCTAssertTrue(diff.applies)
        XCTAssertEqual(diff.paths, ["requirements.txt", "tools/requirements.txt"])
        XCTAssertTrue(diff.patch.contains("+pyyaml\n"), diff.patch)
        XCTAssertTrue(diff.patch.contains("+opencv-python\n"), diff.patch)
        XCTAssertTrue(diff.patch.contains("+matplotlib\n"), diff.patch)
        XCTAssertFalse(diff.patch.contains("somecorp"), "an unknown import name is not guessed as a distribution")
        try DiffHarness.applyAndCompile(diff, to: repo)

        let declared = try FixtureRepository.committed([
            "requirements.txt": "torch\nPyYAML\n", "train.py": "import torch\nimport yaml\n",
        ])
        XCTAssertNil(try propose(DeclareImportedDependencyProposer(), declared))
    }

    func testDuplicateYAMLKeyRemovesOnlyAnOverriddenPlaceholder() throws {
        let repo = try FixtureRepository.committed([
            "configs/train.yaml":
                "model:\n  moe: null\n  layers: 12\n  moe:\n    experts: 8\ntest_split: test\nlr: 1e-4\ntest_split: validation\n",
            "train.py": "print('x')\n",
        ])
        let diff = try XCTUnwrap(propose(DuplicateYAMLKeyProposer(), repo))
        XCTAssertTrue(diff.applies)
        XCTAssertTrue(diff.patch.contains("-  moe: null\n"), diff.patch)
        XCTAssertFalse(
            diff.patch.contains("-test_split"), "two real values: which one was meant is the maintainer's call")
        XCTAssertFalse(diff.patch.contains("-    experts"), diff.patch)
        try DiffHarness.applyAndCompile(diff, to: repo)

        // A first occurrence with nested content is the maintainer's call; nothing else is duplicated.
        let nested = try FixtureRepository.committed([
            "c.yaml": "a:\n  x: 1\nb: 2\na:\n  y: 2\n", "train.py": "print('x')\n",
        ])
        XCTAssertNil(try propose(DuplicateYAMLKeyProposer(), nested))
    }

    func testDuplicateKeyScannerReadsScopes() {
        let text = """
            a: 1
            b:
              a: 2
              c: |
                a: 3
                a: 4
            list:
              - a: 1
                b: 2
              - a: 1
            a: 5
            ---
            a: 6
            """
        let found = DuplicateYAMLKeyCheck.duplicates(text.split(separator: "\n", omittingEmptySubsequences: false))
        XCTAssertEqual(found.map(\.key), ["a"])
        XCTAssertEqual(found.map(\.first), [1])
        XCTAssertEqual(found.map(\.again), [11])
    }

    func testMachinePathRecognition() {
        for yes in ["/home/alice/data", "/mnt/nfs/ckpt", "/fsx/jason/tasks.py", "C:\\Users\\bob", "D:/data/x"] {
            XCTAssertTrue(HardcodedMachinePathCheck.isMachinePath(yes), yes)
        }
        for no in ["/tmp/run", "/dev/null", "/home/", "/usr/lib", "data/x", "/home/{user}", "see /home/alice"] {
            XCTAssertFalse(HardcodedMachinePathCheck.isMachinePath(no), no)
        }
    }
}
