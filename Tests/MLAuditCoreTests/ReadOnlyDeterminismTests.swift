import XCTest
@testable import MLAuditCore

final class ReadOnlyDeterminismTests: XCTestCase {
    func testTwoRunsGiveIdenticalBytesAndTheTreeIsUntouched() throws {
        let repo = try FixtureRepository.mlProject()
        try repo.write("notes/untracked.md", "# scratch\n")           // untracked, not ignored
        try repo.write("ckpt.pt", Data([0, 1, 2]))                    // ignored
        let before = try repo.fingerprint()
        let a = Auditor.run(root: repo.root, settings: .pinned())
        let b = Auditor.run(root: repo.root, settings: .pinned())
        XCTAssertEqual(a.markdown, b.markdown)
        XCTAssertEqual(a.json, b.json)
        XCTAssertEqual(try repo.fingerprint(), before, "the audit wrote into the audited tree")
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.root.appendingPathComponent(".git/index.lock").path))
    }
}
