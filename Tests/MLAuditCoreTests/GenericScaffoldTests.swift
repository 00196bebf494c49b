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
