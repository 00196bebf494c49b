import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

final class SnapshotTests: XCTestCase {
    func testGitListingHasTrackedAndUntrackedButNotIgnored() throws {
        let repo = try FixtureRepository()
        try repo.initGit()
        try repo.write("a.py", "x = 1\n").write(".gitignore", "ignored/\n*.log\n")
        try repo.commitAll("init")
        try repo.write("new.py", "y = 2\n").write("ignored/b.py", "z = 3\n").write("run.log", "log\n")
        let snap = RepositorySnapshot.take(root: repo.root, errors: ErrorLog(timestamp: "t"))
        XCTAssertTrue(snap.isGitWorkTree)
        XCTAssertEqual(snap.files.map(\.path), [".gitignore", "a.py", "new.py"])
        XCTAssertEqual(snap.text("a.py"), "x = 1\n")
    }

    func testWalkHonoursGitignoreOutsideGit() throws {
        let repo = try FixtureRepository()
        try repo.write(".gitignore", "build/\n*.tmp\n!keep.tmp\n/rootonly.txt\n")
        try repo.write("src/a.py", "").write("build/x.py", "").write("src/x.tmp", "").write("src/keep.tmp", "")
        try repo.write("rootonly.txt", "").write("src/rootonly.txt", "").write(".venv/lib.py", "")
        let snap = RepositorySnapshot.take(root: repo.root, errors: ErrorLog(timestamp: "t"))
        XCTAssertFalse(snap.isGitWorkTree)
        XCTAssertEqual(snap.files.map(\.path), [".gitignore", "src/a.py", "src/keep.tmp", "src/rootonly.txt"])
    }

    func testSymlinksAreNeverFollowedAndFifosNeverOpened() throws {
        let repo = try FixtureRepository()
        try repo.write("real.py", "a = 1\n")
        let fm = FileManager.default
        try fm.createSymbolicLink(
            atPath: repo.root.appendingPathComponent("passwd.py").path, withDestinationPath: "/etc/passwd")
        try fm.createSymbolicLink(atPath: repo.root.appendingPathComponent("loop").path, withDestinationPath: "loop")
        try fm.createSymbolicLink(atPath: repo.root.appendingPathComponent("up").path, withDestinationPath: "..")
        XCTAssertEqual(mkfifo(repo.root.appendingPathComponent("pipe.py").path, 0o644), 0)
        let snap = RepositorySnapshot.take(root: repo.root, errors: ErrorLog(timestamp: "t"))
        XCTAssertEqual(snap.files.map(\.path), ["real.py"])
        let reasons = Dictionary(uniqueKeysWithValues: snap.skipped.map { ($0.path, $0.reason) })
        XCTAssertTrue(reasons["passwd.py"]?.contains("outside the repository") == true, "\(reasons)")
        XCTAssertTrue(reasons["loop"]?.contains("does not resolve") == true, "\(reasons)")
        XCTAssertTrue(reasons["pipe.py"]?.contains("not a regular file") == true, "\(reasons)")
        XCTAssertNil(snap.text("passwd.py"))
    }

    func testSizeCapAndBinaryDetection() throws {
        let repo = try FixtureRepository()
        try repo.write("big.py", String(repeating: "x = 1\n", count: 1000))
        try repo.write("bin.yaml", Data([0x61, 0x00, 0x62]))
        try repo.write("ok.py", "a = 1\n")
        var options = RepositorySnapshot.Options()
        options.maxFileBytes = 100
        let snap = RepositorySnapshot.take(root: repo.root, options: options, errors: ErrorLog(timestamp: "t"))
        XCTAssertEqual(Set(snap.files.map(\.path)), ["big.py", "bin.yaml", "ok.py"])
        XCTAssertNil(snap.text("big.py"))
        XCTAssertNil(snap.text("bin.yaml"))
        XCTAssertEqual(snap.text("ok.py"), "a = 1\n")
        XCTAssertEqual(snap.skipped.map(\.path), ["big.py", "bin.yaml"])
    }

    func testPythonFilesAreProbedNotHeldAndReadBackOnDemand() throws {
        let repo = try FixtureRepository()
        try repo.write("train.py", "import torch\nlr = 0.1\n").write("nb.ipynb", "{\"cells\": []}\n")
        try repo.write("blob.py", Data([0x69, 0x00, 0x6d])).write("cfg.yaml", "lr: 0.1\n")
        let snap = RepositorySnapshot.take(root: repo.root, errors: ErrorLog(timestamp: "t"))
        // Binary Python is skipped at the snapshot as any binary file is.
        XCTAssertEqual(snap.skipped.map(\.path), ["blob.py"])
        XCTAssertFalse(snap.isRead("blob.py"))
        XCTAssertNil(snap.content("blob.py"))
        for path in ["train.py", "nb.ipynb", "cfg.yaml"] { XCTAssertTrue(snap.isRead(path), path) }
        XCTAssertFalse(snap.isRead("missing.py"))
        // The facts stage's single pass reads the probed file without counting a re-read.
        XCTAssertEqual(snap.contentForPass("train.py")?.text, "import torch\nlr = 0.1\n")
        XCTAssertNil(snap.contentForPass("missing.py"))
        XCTAssertEqual(snap.rereads, 0)
        // The byte-pair prefilter answers for a probed file: no false negative, and a pair it lacks is a "no".
        XCTAssertTrue(snap.mayContain("train.py", Array("torch".utf8)))
        XCTAssertFalse(snap.mayContain("train.py", Array("QZ".utf8)))
        // A later content() reads it again (counted); other files stay held.
        XCTAssertEqual(snap.text("train.py"), "import torch\nlr = 0.1\n")
        XCTAssertEqual(snap.rereads, 1)
        XCTAssertEqual(snap.text("cfg.yaml"), "lr: 0.1\n")
        XCTAssertEqual(snap.rereads, 1)
    }

    func testPathRoles() {
        XCTAssertTrue(PathRoles.isVendored("third_party/lib/x.py"))
        XCTAssertFalse(PathRoles.isVendored("src/vendor.py"))
        XCTAssertTrue(PathRoles.isTest("tests/test_a.py"))
        XCTAssertTrue(PathRoles.isTest("pkg/test_a.py"))
        XCTAssertTrue(PathRoles.isTest("pkg/a_test.py"))
        XCTAssertFalse(PathRoles.isTest("pkg/testing_utils.py") && !PathRoles.isTest("pkg/testing_utils.py"))
        XCTAssertFalse(PathRoles.isTest("src/attest.py"))
    }

    func testGitIgnoreGlobs() {
        var g = GitIgnore()
        g.add(contents: "**/cache/\n*.pyc\ndocs/*.html\n", base: "")
        XCTAssertTrue(g.isIgnored("a/b/cache", isDirectory: true))
        XCTAssertTrue(g.isIgnored("cache", isDirectory: true))
        XCTAssertFalse(g.isIgnored("cache", isDirectory: false))
        XCTAssertTrue(g.isIgnored("x/y.pyc", isDirectory: false))
        XCTAssertTrue(g.isIgnored("docs/a.html", isDirectory: false))
        XCTAssertFalse(g.isIgnored("docs/sub/a.html", isDirectory: false))
    }
}

final class TimeBudgetTests: XCTestCase {
    func testAnExpiredBudgetSkipsReadingButTheAuditCompletes() throws {
        let repo = try FixtureRepository.mlProject()
        var settings = AuditSettings.pinned()
        settings.timeBudget = 0
        let outcome = Auditor.run(root: repo.root, settings: settings)
        XCTAssertEqual(outcome.exitCode, 1)
        XCTAssertTrue(
            outcome.report.errors.contains { $0.error.contains("time budget ran out") }, "\(outcome.report.errors)")
        XCTAssertTrue(
            outcome.report.repoMap.skippedFiles.contains {
                $0.path == "train.py" && $0.reason.contains("--time-budget")
            })
        XCTAssertEqual(outcome.report.capabilities.count, 14)
    }
}

final class FileKindTests: XCTestCase {
    func testClassifiesByName() {
        XCTAssertEqual(FileKind.classify(path: ".coveragerc"), .ini)
        XCTAssertEqual(FileKind.classify(path: "pkg/.flake8"), .ini)
        XCTAssertEqual(FileKind.classify(path: "pytest.ini"), .ini)
        XCTAssertEqual(FileKind.classify(path: "docker/Dockerfile.gpu"), .dockerfile)
        XCTAssertEqual(FileKind.classify(path: "requirements-dev.txt"), .requirements)
        XCTAssertEqual(FileKind.classify(path: "nb/a.ipynb"), .notebook)
        XCTAssertEqual(FileKind.classify(path: "docker-compose.yml"), .compose)
        XCTAssertEqual(FileKind.classify(path: "weights.bin"), .other)
    }
}
