import Foundation
import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// Applying planned diffs to fixture repositories and compiling the result.
enum DiffHarness {
    static let python: String? = {
        for candidate in ["/usr/bin/python3", "/usr/local/bin/python3"]
        where FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        return nil
    }()

    static func plan(_ repo: FixtureRepository, capabilities: [CapabilityAssessment] = []) -> (
        RepositoryFacts, [AtomicDiff]
    ) {
        let facts = repo.facts()
        let findings = FindingCatalog.findings(facts: facts, capabilities: capabilities)
        return (facts, DiffPlanner.diffs(facts: facts, capabilities: capabilities, findings: findings))
    }

    /// One proposer alone (the planner stops adding scaffolds at the template's minimum), verified like every diff.
    static func propose(_ proposer: any DiffProposer, _ repo: FixtureRepository) throws -> AtomicDiff? {
        let facts = plan(repo).0
        guard let proposal = proposer.propose(FindingContext(facts: facts, capabilities: [])) else { return nil }
        var diff = try DiffPlanner.verify(proposal, lineLength: LineLengthPolicy.read(facts)).get()
        diff.code = proposer.code
        return diff
    }

    /// `git apply --check`, then `git apply`, in the fixture's own work tree; then py_compile of every touched .py file.
    static func applyAndCompile(
        _ diff: AtomicDiff, to repo: FixtureRepository, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let patch = repo.root.deletingLastPathComponent().appendingPathComponent("change-\(UUID().uuidString).diff")
        try Data(diff.patch.utf8).write(to: patch)
        defer { try? FileManager.default.removeItem(at: patch) }
        let check = try ProcessRunner.run("git", ["-C", repo.root.path, "apply", "--check", patch.path], timeout: 30)
        XCTAssertEqual(
            check.exitCode, 0, "git apply --check: \(check.stderrText)\n\(diff.patch)", file: file, line: line)
        let apply = try ProcessRunner.run("git", ["-C", repo.root.path, "apply", patch.path], timeout: 30)
        XCTAssertEqual(apply.exitCode, 0, apply.stderrText, file: file, line: line)
        guard let python else { return }
        for path in diff.paths where path.hasSuffix(".py") {
            let r = try ProcessRunner.run(
                python, ["-m", "py_compile", repo.root.appendingPathComponent(path).path],
                environment: ["PYTHONDONTWRITEBYTECODE": "1", "PATH": "/usr/bin:/bin"], timeout: 60)
            XCTAssertEqual(
                r.exitCode, 0, "\(path) does not compile after the diff: \(r.stderrText)\n\(diff.patch)", file: file,
                line: line)
        }
    }
}
