import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

final class GitFactsTests: XCTestCase {
    func testBranchesDatesAndRecentCommits() throws {
        let repo = try FixtureRepository.mlProject()
        try repo.git("remote", "add", "origin", "git@github.com:acme/tinyml.git")
        let facts = GitFacts.read(root: repo.root, errors: ErrorLog(timestamp: "t"))
        XCTAssertTrue(facts.isRepository)
        XCTAssertEqual(facts.branch, "main")
        XCTAssertEqual(facts.branches.map(\.name), ["feature/eval", "main"])
        XCTAssertEqual(facts.branches.map(\.lastCommitDate), ["2026-01-05", "2026-01-02"])
        XCTAssertEqual(facts.mostRecentActiveBranch, "feature/eval")
        XCTAssertEqual(facts.recentCommits.map(\.subject), ["Initial tiny model"])
        XCTAssertEqual(facts.originURL, "https://github.com/acme/tinyml")
        XCTAssertEqual(facts.head?.count, 40)
        XCTAssertFalse(facts.isShallow)
    }

    func testEmptyDetachedShallowAndNonGit() throws {
        let empty = try FixtureRepository()
        try empty.initGit()
        let e = GitFacts.read(root: empty.root, errors: ErrorLog(timestamp: "t"))
        XCTAssertTrue(e.isEmpty)
        XCTAssertNil(e.head)
        XCTAssertEqual(e.branch, "main")
        XCTAssertTrue(e.branches.isEmpty)

        let repo = try FixtureRepository.mlProject()
        let head = try repo.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.git("checkout", "-q", "--detach", head)
        let d = GitFacts.read(root: repo.root, errors: ErrorLog(timestamp: "t"))
        XCTAssertTrue(d.isDetached)
        XCTAssertNil(d.branch)
        XCTAssertEqual(d.head, head)

        let shallow = try FixtureRepository("shallow")
        try FileManager.default.removeItem(at: shallow.root)
        let clone = try ProcessRunner.run(
            "git", ["clone", "-q", "--depth", "1", "file://" + repo.root.path, shallow.root.path], timeout: 60)
        XCTAssertEqual(clone.exitCode, 0, clone.stderrText)
        let s = GitFacts.read(root: shallow.root, errors: ErrorLog(timestamp: "t"))
        XCTAssertTrue(s.isShallow)

        let plain = try FixtureRepository()
        try plain.write("a.py", "")
        let p = GitFacts.read(root: plain.root, errors: ErrorLog(timestamp: "t"))
        XCTAssertFalse(p.isRepository)
    }

    func testRemoteURLNormalization() {
        XCTAssertEqual(
            RemoteURL.normalize("git@github.com:karpathy/nanoGPT.git"), "https://github.com/karpathy/nanoGPT")
        XCTAssertEqual(RemoteURL.normalize("ssh://git@github.com/o/n"), "https://github.com/o/n")
        XCTAssertEqual(RemoteURL.normalize("https://user:s3cret@github.com/o/n.git/"), "https://github.com/o/n")
        XCTAssertEqual(
            RemoteURL.normalize("ssh://git@gitlab.example.com:2222/group/sub/n.git"),
            "https://gitlab.example.com/group/sub/n")
        XCTAssertNil(RemoteURL.normalize("/srv/git/repo.git"))
        // Issue 12: credentials end at the last `@`, queries and fragments go, the scp form is parsed.
        XCTAssertEqual(RemoteURL.normalize("deploy:TOKEN@github.com:acme/model.git"), "https://github.com/acme/model")
        XCTAssertEqual(
            RemoteURL.normalize("https://github.com/acme/model.git?private_token=TOKEN#x"),
            "https://github.com/acme/model")
        XCTAssertEqual(
            RemoteURL.normalize("https://ci:pa/ss@TOKEN@github.com/acme/model"), "https://github.com/acme/model")
        XCTAssertEqual(
            RemoteURL.normalize("ssh://u:p@ss:TOKEN@gitlab.example.com:2222/g/n.git"), "https://gitlab.example.com/g/n")
        XCTAssertNil(RemoteURL.normalize("file:///srv/git/repo.git"))
        XCTAssertNil(RemoteURL.normalize("./relative/repo"))
        XCTAssertNil(RemoteURL.normalize("https://github.com/acme/../etc"))
        XCTAssertNil(RemoteURL.normalize("https://github.com/acme/na\u{1B}me"))
        XCTAssertNil(RemoteURL.normalize(""))
    }

    /// Issue 12: a configuration git cannot read refuses history (one Error Capture entry) instead of
    /// claiming "no commits"; filter drivers are collected from attributes, macros included.
    func testUnreadableConfigRefusesHistoryAndFilterNamesAreCollected() throws {
        let repo = try FixtureRepository.mlProject()
        let config = repo.root.appendingPathComponent(".git/config")
        let handle = try FileHandle(forWritingTo: config)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("[core\n".utf8))
        try handle.close()
        let errors = ErrorLog(timestamp: "t")
        let facts = GitFacts.read(root: repo.root, errors: errors)
        XCTAssertFalse(facts.isRepository)
        XCTAssertFalse(facts.isEmpty)
        XCTAssertEqual(errors.all.count, 1)
        XCTAssertTrue(errors.all.first?.error.contains("git history not read") == true, "\(errors.all)")

        XCTAssertEqual(
            HardenedGit.filterNames(inAttributes: "*.py filter=a\n[attr]m filter=b -diff\n*.md\tfilter=c\n"),
            ["a", "b", "c"])
        XCTAssertFalse(HardenedGit.overridable("a=b"))
        XCTAssertFalse(HardenedGit.overridable("a\u{1B}"))
        XCTAssertTrue(HardenedGit.overridable("lfs.v2"))
    }
}
