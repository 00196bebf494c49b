import Foundation
import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// `mlaudit apply N PATH` through the built binary.
final class DiffApplyCommandTests: XCTestCase {
    private func requireCommand() throws {
        guard Binary.url != nil, let help = try? Binary.run(["apply", "--help"]), help.exitCode == 0,
            help.stdoutText.contains("Atomic Diff")
        else {
            throw XCTSkip("the apply subcommand is not registered in this build")
        }
    }

    private func project() throws -> FixtureRepository {
        try FixtureRepository.committed([
            "load.py": "import torch\n\nstate = torch.load('model.pt')\n",
            "tests/test_load.py": "def test_load():\n    assert True\n",
        ])
    }

    func testAppliesTheNumberedDiffToACleanTree() throws {
        try requireCommand()
        let repo = try project()
        let r = try Binary.run(["apply", "1", repo.root.path])
        XCTAssertEqual(r.exitCode, 0, r.stderrText)
        XCTAssertTrue(r.stdoutText.contains("Atomic Diff 1 — "), r.stdoutText)
        XCTAssertEqual(repo.read("load.py"), "import torch\n\nstate = torch.load('model.pt', weights_only=True)\n")
    }

    func testRefusesWhenATouchedFileHasUncommittedChanges() throws {
        try requireCommand()
        let repo = try project()
        try repo.write("load.py", "import torch\n\nstate = torch.load('model.pt')  # local edit\n")
        let r = try Binary.run(["apply", "1", repo.root.path])
        XCTAssertEqual(r.exitCode, 1)
        XCTAssertTrue(r.stderrText.contains("uncommitted"), r.stderrText)
        XCTAssertEqual(repo.read("load.py"), "import torch\n\nstate = torch.load('model.pt')  # local edit\n")
    }

    func testCheckChangesNothingAndBadNumbersAreRefused() throws {
        try requireCommand()
        let repo = try project()
        let before = try repo.fingerprint()
        let check = try Binary.run(["apply", "1", repo.root.path, "--check"])
        XCTAssertEqual(check.exitCode, 0, check.stderrText)
        XCTAssertEqual(try repo.fingerprint(), before)
        XCTAssertEqual(try Binary.run(["apply", "99", repo.root.path]).exitCode, 1)
        XCTAssertEqual(try Binary.run(["apply", "0", repo.root.path]).exitCode, 2)
        XCTAssertEqual(try repo.fingerprint(), before)
    }

    func testRefusesOutsideAGitWorkTree() throws {
        try requireCommand()
        let tree = try TemporaryTree(prefix: "mlaudit-apply-nogit")
        try Data("import torch\nx = torch.load('a.pt')\n".utf8).write(to: tree.url.appendingPathComponent("load.py"))
        let r = try Binary.run(["apply", "1", tree.url.path])
        XCTAssertEqual(r.exitCode, 1)
        XCTAssertTrue(r.stderrText.contains("not a git work tree"), r.stderrText)
    }
}
