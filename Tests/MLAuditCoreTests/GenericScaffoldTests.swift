import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditRemediation
@testable import MLAuditReport
@testable import MLAuditRules

/// The two generic scaffolds (MLD218, MLD219): proposed where the repository lacks the mechanism, never where it
/// has it, and each applies and compiles like every other diff.
final class GenericScaffoldTests: XCTestCase {
    private func propose(_ proposer: any DiffProposer, _ repo: FixtureRepository) throws -> AtomicDiff? {
        try DiffHarness.propose(proposer, repo)
    }

    func testGitignoreScaffoldAppendsOnlyWhereCachesAreNotIgnored() throws {
        let bare = try FixtureRepository.committed(["src/a.py": "def run():\n    pass\n", ".gitignore": "*.log"])
        let diff = try XCTUnwrap(propose(GitignorePythonCachesProposer(), bare))
        XCTAssertTrue(diff.applies)
        XCTAssertTrue(diff.patch.contains("+__pycache__/"))
        XCTAssertTrue(
            diff.patch.contains(" *.log") || diff.patch.contains("-*.log"), "the existing line is kept as context")
        try DiffHarness.applyAndCompile(diff, to: bare)
        let covered = try FixtureRepository.committed([
            "src/a.py": "def run():\n    pass\n", ".gitignore": "__pycache__/\n",
        ])
        XCTAssertNil(try propose(GitignorePythonCachesProposer(), covered))
    }

    /// keras' `set_random_seed` seeds torch only under the torch backend: the test draws only what is always seeded.
    func testSeedDeterminismScaffoldDrawsOnlyFromGeneratorsSeededOnEveryCall() throws {
        let utils = """
            import random

            import numpy as np


            def set_random_seed(seed):
                \"\"\"Seeds everything.\"\"\"
                random.seed(seed)
                np.random.seed(seed)
                if backend() == "torch":
                    import torch

                    torch.manual_seed(seed)
            """
        let repo = try FixtureRepository.committed([
            "pkg/__init__.py": "", "pkg/rng_utils.py": utils, "tests/test_a.py": "def test_a():\n    pass\n",
        ])
        let diff = try XCTUnwrap(propose(SeedDeterminismTestProposer(), repo))
        XCTAssertTrue(diff.patch.contains("np.random.rand(3)"), diff.patch)
        XCTAssertTrue(diff.patch.contains("random.random()"), diff.patch)
        XCTAssertFalse(diff.patch.contains("torch"), "torch is seeded only under a branch")
        try DiffHarness.applyAndCompile(diff, to: repo)
    }

    func testPytestRequirementScaffoldOnlyWhereNoDeclarationNamesPytest() throws {
        let bare = try FixtureRepository.committed([
            "src/a.py": "def run():\n    pass\n", "requirements.txt": "numpy\n",
        ])
        let diff = try XCTUnwrap(propose(PytestDevRequirementProposer(), bare))
        XCTAssertTrue(diff.applies)
        XCTAssertTrue(diff.patch.contains("+pytest>=7"))
        for declared in [
            ["requirements.txt": "numpy\npytest\n"],
            ["pyproject.toml": "[project.optional-dependencies]\ntest = [\"pytest\"]\n"],
        ] {
            let repo = try FixtureRepository.committed(
                declared.merging(["src/a.py": "def run():\n    pass\n"]) { a, _ in a })
            XCTAssertNil(try propose(PytestDevRequirementProposer(), repo), "\(declared.keys)")
        }
    }
}
