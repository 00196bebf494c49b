import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 12: the audited repository is an attacker. One fixture per attack class, each run through the CLI as a
/// user would (audit, explain, apply --check): no program but git may run (a marker file proves one did), nothing
/// outside the repository may change or appear in any output, every run ends within a generous bound.
/// `MLAUDIT_TEST_BINARY=/path/to/old/mlaudit swift test --filter HostileAttackTests` replays them against another
/// build (at af2d305 every one of them fails).
final class HostileAttackTests: XCTestCase {
    override func setUpWithError() throws {
        guard Binary.url != nil else { throw XCTSkip("the mlaudit binary is not built beside the tests") }
    }

    // MARK: git configuration that runs programs

    func testFsmonitorInRepositoryConfig() throws {
        let f = try AttackFixture("fsmonitor")
        try f.initProject()
        try f.appendConfig("[core]\n\tfsmonitor = \"\(f.touch("fsmonitor"))\"\n")
        try f.runAllReadingCommands()
    }

    func testFsmonitorThroughIncludePathFromATrackedFile() throws {
        let f = try AttackFixture("include")
        try f.initProject()
        try f.write("tools/gitconfig", "[core]\n\tfsmonitor = \"\(f.touch("include"))\"\n")
        try f.appendConfig("[include]\n\tpath = ../tools/gitconfig\n")
        try f.runAllReadingCommands()
    }

    func testFsmonitorThroughIncludeIf() throws {
        let f = try AttackFixture("includeif")
        try f.initProject()
        try f.write("tools/onbranch.inc", "[core]\n\tfsmonitor = \"\(f.touch("includeif"))\"\n")
        try f.appendConfig(
            "[includeIf \"onbranch:main\"]\n\tpath = ../tools/onbranch.inc\n[includeIf \"gitdir:/\"]\n\tpath = ../tools/onbranch.inc\n"
        )
        try f.runAllReadingCommands()
    }

    func testFsmonitorInAnEmbeddedSubmoduleConfig() throws {
        let f = try AttackFixture("submodule")
        try f.initProject()
        let sub = f.repo.appendingPathComponent("vendor/lib")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try f.initProject(in: sub)
        try f.write(
            ".gitmodules", "[submodule \"lib\"]\n\tpath = vendor/lib\n\turl = https://example.invalid/lib.git\n")
        try f.git(["add", ".gitmodules", "vendor/lib"])
        try f.git(["commit", "-q", "-m", "embed lib"])
        try f.appendConfig(
            "[core]\n\tfsmonitor = \"\(f.touch("submodule"))\"\n", gitDir: sub.appendingPathComponent(".git"))
        f.statDirty("vendor/lib/train.py")
        try f.runAllReadingCommands()
    }

    func testCleanAndProcessFiltersOnStatDirtyFiles() throws {
        let f = try AttackFixture("filter")
        try f.initProject()
        try f.write("data.txt", "rows\n")
        try f.write(
            ".gitattributes", "*.py filter=evil\n*.txt filter=evilproc\n[attr]sneaky filter=macro\n*.md sneaky\n")
        try f.git(["add", "-A"])
        try f.git(["commit", "-q", "-m", "attributes"])
        try f.appendConfig(
            """
            [filter "evil"]
            \tclean = "\(f.touch("clean")); cat"
            \tsmudge = "\(f.touch("smudge")); cat"
            \trequired = true
            [filter "evilproc"]
            \tprocess = "\(f.touch("process"))"
            [filter "macro"]
            \tclean = "\(f.touch("macro")); cat"

            """)
        for p in ["train.py", "data.txt", "README.md"] { f.statDirty(p) }
        try f.runAllReadingCommands()
    }

    func testShowSignatureRunsGpgProgram() throws {
        let f = try AttackFixture("gpg")
        try f.initProject()
        // A commit carrying a (fake) signature: `git log` with log.showSignature hands it to gpg.program.
        let raw = try f.git(["cat-file", "commit", "HEAD"])
        var lines = raw.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let committer = lines.firstIndex { $0.hasPrefix("committer ") }!
        lines.insert(
            contentsOf: [
                "gpgsig -----BEGIN PGP SIGNATURE-----", " ", " iQEzBAABCAAdFiEE", " -----END PGP SIGNATURE-----",
            ], at: committer + 1)
        try f.write("../signed.txt", lines.joined(separator: "\n"))
        let sha = try f.git(["hash-object", "-t", "commit", "-w", f.base.url.appendingPathComponent("signed.txt").path])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try f.git(["update-ref", "refs/heads/main", sha])
        try f.write("tools/gpg.sh", "#!/bin/sh\n\(f.touch("gpg"))\nexit 1\n")
        chmod(f.repo.appendingPathComponent("tools/gpg.sh").path, 0o755)
        try f.appendConfig(
            "[log]\n\tshowSignature = true\n[gpg]\n\tprogram = \(f.repo.path)/tools/gpg.sh\n[gpg \"ssh\"]\n\tprogram = \(f.repo.path)/tools/gpg.sh\n"
        )
        try f.runAllReadingCommands()
    }

    // MARK: history outside the root

    /// `outside/other`: another repository of the user's, with a secret remote and commit subject.
    private func outsideRepository(_ f: AttackFixture) throws -> URL {
        let other = f.outside.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try f.git(["init", "-q"], in: other)
        try f.write("private.py", "KEY = 1\n", in: other)
        try f.git(["add", "-A"], in: other)
        try f.git(["commit", "-q", "-m", "OUTSIDE-SECRET-7f3a subject"], in: other)
        try f.git(["branch", "outside-secret-branch-7f3a"], in: other)
        try f.git(["remote", "add", "origin", "https://github.com/outside/outside-secret-remote-7f3a"], in: other)
        f.forbidden += ["outside-secret-branch-7f3a", "outside-secret-remote-7f3a"]
        return other
    }

    func testGitFileWithGitdirElsewhere() throws {
        let f = try AttackFixture("gitfile")
        let other = try outsideRepository(f)
        try f.write("train.py", "import torch\nx = torch.load('a.pt')\n")
        try f.write(".git", "gitdir: \(other.path)/.git\n")
        let run = try f.run(["audit", f.repo.path, "--date", "2026-01-02"])
        XCTAssertTrue(run.result.stderrText.contains("git history not read"), run.result.stderrText)
        try f.run(["explain", "CAP-CKP-01", f.repo.path])
    }

    func testGitSymlinkToAnotherRepository() throws {
        let f = try AttackFixture("gitlink")
        let other = try outsideRepository(f)
        try f.write("train.py", "import torch\n")
        try FileManager.default.createSymbolicLink(
            atPath: f.repo.appendingPathComponent(".git").path, withDestinationPath: other.path + "/.git")
        let run = try f.run(["audit", f.repo.path, "--date", "2026-01-02"])
        XCTAssertTrue(run.result.stderrText.contains("git history not read"), run.result.stderrText)
        try f.run(["explain", "CAP-CKP-01", f.repo.path])
    }

    func testAlternatesPointingOutside() throws {
        let f = try AttackFixture("alternates")
        let other = try outsideRepository(f)
        try FileManager.default.removeItem(at: f.repo)
        try f.git(["clone", "-q", "--shared", other.path, f.repo.path], in: f.base.url)
        try f.git(["remote", "remove", "origin"])
        let run = try f.run(["audit", f.repo.path, "--date", "2026-01-02"])
        XCTAssertTrue(run.result.stderrText.contains("alternates"), run.result.stderrText)
    }

    // MARK: secrets in remote URLs

    func testCredentialsInRemoteURLsNeverReachTheReport() throws {
        let remotes = [
            "hunter2scp": "deploy:hunter2scp@github.com:acme/model.git",
            "hunter2query": "https://github.com/acme/model.git?private_token=hunter2query#frag",
            "hunter2slash": "https://ci:pa/ss@hunter2slash@github.com/acme/model.git",
            "hunter2at": "ssh://user:p@ss:hunter2at@gitlab.example.com:2222/acme/model.git",
        ]
        for (secret, url) in remotes.sorted(by: { $0.key < $1.key }) {
            let f = try AttackFixture("remote-\(secret)")
            f.forbidden += [secret]
            try f.initProject()
            try f.git(["remote", "add", "origin", url])
            let run = try f.run(["audit", f.repo.path, "--date", "2026-01-02", "--format", "json"])
            XCTAssertTrue(run.result.stdoutText.contains("acme/model"), "\(secret): the cleaned remote is still used")
        }
    }

    // MARK: terminal injection

    func testControlSequencesInFileNamesNeverReachATerminal() throws {
        let f = try AttackFixture("escape")
        try f.git(["init", "-q"])
        let names = ["\u{1B}]52;c;ZXZpbA==\u{07}clip.py", "\u{1B}[2J\u{1B}]0;pwned\u{07}title.py", "c1\u{9B}31mred.py"]
        for n in names { try f.write(n, "import torch\nstate = torch.load('w.pt')\ndef broken(:\n") }
        try f.git(["add", "-A"])
        try f.git(["commit", "-q", "-m", "names"])
        let out = f.base.url.appendingPathComponent("out")
        var texts: [(String, String)] = []
        for args in [
            ["audit", f.repo.path, "--date", "2026-01-02"],
            ["audit", f.repo.path, "--date", "2026-01-02", "--out", out.path],
            ["explain", "CAP-CKP-01", f.repo.path], ["apply", "1", f.repo.path, "--check", "--show"],
        ] {
            let r = try f.run(args)
            texts.append(("\(args[0]) stderr", r.result.stderrText))
            if args[0] != "audit" || !args.contains("--out") {
                texts.append(("\(args[0]) stdout", r.result.stdoutText))
            }
        }
        texts.append(
            (
                "report",
                (try? String(contentsOf: out.appendingPathComponent("status-update-2026-01-02.md"), encoding: .utf8))
                    ?? ""
            ))
        XCTAssertTrue(texts.contains { $0.1.contains("clip.py") }, "the file names are still reported")
        for (what, text) in texts {
            let bad = text.unicodeScalars.filter {
                ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value)
            }
            XCTAssertTrue(bad.isEmpty, "\(what) holds control characters \(bad.map { String($0.value, radix: 16) })")
        }
    }

    // MARK: exhaustion

    func testRepositoryConfigCannotRaiseTheReadCap() throws {
        let f = try AttackFixture("readcap")
        try f.initProject()
        try f.write(".mlaudit.toml", "max_file_bytes = 4000000000\nmax_files = 100000000\n")
        let handle = try FileHandle(
            forWritingTo: {
                try f.write("weights_dump.py", "")
                return f.repo.appendingPathComponent("weights_dump.py")
            }())
        try handle.truncate(atOffset: 256 << 20)  // sparse: no disk blocks
        try handle.close()
        let run = try f.run(["audit", f.repo.path, "--date", "2026-01-02", "--format", "json"])
        let json = try JSONSerialization.jsonObject(with: run.result.stdout) as? [String: Any]
        let skipped = ((json?["repo_map"] as? [String: Any])?["skipped"] as? [[String: Any]]) ?? []
        XCTAssertTrue(
            skipped.contains {
                ($0["path"] as? String) == "weights_dump.py"
                    && String(describing: $0["reason"] ?? "").contains("read cap")
            },
            "the 256 MB file was not held back by the read cap: \(skipped)")
    }

    func testCatastrophicBacktrackingPatternsAreBounded() throws {
        let f = try AttackFixture("redos")
        try f.initProject()
        try f.write("tokenize_text.py", "value = '" + String(repeating: "a", count: 390) + "'\n")
        // Neither nests a quantifier inside a quantified group, so both pass the old filter; both backtrack
        // exponentially on a run of `a`.
        try f.write(
            ".mlaudit.toml",
            """
            [subfeatures."fast tokenizer"]
            patterns = ["(a|aa)*c", "(a|a?)+$x"]

            """)
        let run = try f.run(["audit", f.repo.path, "--date", "2026-01-02"], bound: 100)
        XCTAssertTrue(run.result.stderrText.contains("time limit"), run.result.stderrText)
        try f.run(["explain", "CAP-TOK-01", f.repo.path], bound: 100)
    }

    func testEightThousandTorchLoadCallsOnOneLine() throws {
        let f = try AttackFixture("longline")
        try f.git(["init", "-q"])
        let calls = (0..<8000).map { "torch.load('m\($0).pt')" }.joined(separator: "; ")
        try f.write("generated.py", "import torch\n" + calls + "\n")
        try f.git(["add", "-A"])
        try f.git(["commit", "-q", "-m", "minified"])
        let run = try f.run(["audit", f.repo.path, "--date", "2026-01-02", "--format", "json"], bound: 100)
        // Evidence text is capped per line.
        var longest = 0
        func walk(_ v: Any, key: String) {
            if let d = v as? [String: Any] {
                for (k, x) in d { walk(x, key: k) }
            } else if let a = v as? [Any] {
                for x in a { walk(x, key: key) }
            } else if let s = v as? String, key == "text" {
                longest = max(longest, s.count)
            }
        }
        walk(try JSONSerialization.jsonObject(with: run.result.stdout), key: "")
        XCTAssertGreaterThan(longest, 0, "no evidence text at all")
        XCTAssertLessThanOrEqual(longest, RepositoryFacts.maxEvidence, "an evidence text is not capped")
    }

    func testTimeBudgetIsHonouredByTheAnalysisStages() throws {
        let f = try AttackFixture("budget")
        try f.initProject()
        let run = try f.run(["audit", f.repo.path, "--date", "2026-01-02", "--time-budget", "0.001"])
        XCTAssertTrue(
            run.result.stderrText.contains("the time budget ran out before verifying atomic diffs"),
            run.result.stderrText)
    }

    func testGitattributesFifoIsNeverHandedToGit() throws {
        let f = try AttackFixture("fifo")
        try f.initProject()
        try f.write(".gitattributes", "*.py text\n")
        try f.git(["add", "-A"])
        try f.git(["commit", "-q", "-m", "attributes"])
        try FileManager.default.removeItem(at: f.repo.appendingPathComponent(".gitattributes"))
        XCTAssertEqual(mkfifo(f.repo.appendingPathComponent(".gitattributes").path, 0o644), 0)
        XCTAssertEqual(mkfifo(f.repo.appendingPathComponent(".gitignore").path, 0o644), 0)
        f.statDirty("train.py")
        let run = try f.run(["audit", f.repo.path, "--date", "2026-01-02"], bound: 100)
        XCTAssertFalse(run.result.stderrText.contains("timed out"), run.result.stderrText)
        XCTAssertTrue(run.result.stderrText.contains(".gitattributes"), run.result.stderrText)
        try f.run(["apply", "1", f.repo.path, "--check"], bound: 100)
    }

    func testSigtermKillsGitChildren() throws {
        let f = try AttackFixture("sigterm")
        try f.initProject()
        // An include that is a FIFO: git blocks reading it, so a git child is alive when SIGTERM arrives.
        XCTAssertEqual(mkfifo(f.repo.appendingPathComponent("hang.inc").path, 0o644), 0)
        try f.appendConfig("[include]\n\tpath = ../hang.inc\n")
        defer {
            // Unblock any git left behind so the fixture can be removed.
            let fd = open(f.repo.appendingPathComponent("hang.inc").path, O_WRONLY | O_NONBLOCK)
            if fd >= 0 { close(fd) }
        }
        let p = Process()
        p.executableURL = Binary.url!
        p.arguments = ["audit", f.repo.path, "--date", "2026-01-02"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        var gitPids: [pid_t] = []
        for _ in 0..<200 where gitPids.isEmpty {
            usleep(100_000)
            gitPids = Self.children(of: p.processIdentifier).filter { Self.command($0) == "git" }
        }
        XCTAssertFalse(gitPids.isEmpty, "no git child appeared")
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        usleep(300_000)
        let survivors = gitPids.filter { Self.alive($0) }
        for s in survivors { kill(s, SIGKILL) }
        XCTAssertEqual(survivors, [], "git children outlived mlaudit's SIGTERM")
        XCTAssertEqual(f.markers, [])
    }

    static func children(of parent: pid_t) -> [pid_t] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == parent
        }
    }

    static func command(_ pid: pid_t) -> String {
        ((try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? "").trimmingCharacters(
            in: .whitespacesAndNewlines)
    }

    static func alive(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return !stat[stat.index(close, offsetBy: 2)...].hasPrefix("Z")
    }

    // MARK: smaller

    func testSymlinkedSettingsAreRefusedByApplyAndExplain() throws {
        let f = try AttackFixture("settings-link")
        try f.initProject()
        try f.write(
            "evil.toml",
            "exclude = [\"**\"]\n[subfeatures.\"weights\"]\nnot_applicable = \"OUTSIDE-SECRET-7f3a reason\"\n",
            in: f.outside)
        try FileManager.default.createSymbolicLink(
            atPath: f.repo.appendingPathComponent(".mlaudit.toml").path,
            withDestinationPath: f.outside.appendingPathComponent("evil.toml").path)
        let explain = try f.run(["explain", "CAP-CKP-01", f.repo.path])
        XCTAssertEqual(explain.result.exitCode, 0, explain.result.stderrText)
        let apply = try f.run(["apply", "1", f.repo.path, "--check"])
        XCTAssertEqual(apply.result.exitCode, 0, apply.result.stderrText)
        XCTAssertTrue(
            apply.result.stdoutText.contains("torch.load"),
            "apply read the symlinked settings (which exclude every file): \(apply.result.stdoutText)")
    }

    func testFilesBeyondPathMaxBecomeErrorCaptureEntries() throws {
        let f = try AttackFixture("pathmax")
        try f.write("train.py", "import torch\n")
        // Folders up to ~3,900 bytes of path, then a 250-byte file name: the file's path exceeds PATH_MAX (4096).
        var dir = f.repo.path
        while dir.utf8.count < 3_900 {
            dir += "/" + String(repeating: "d", count: 120)
            XCTAssertEqual(mkdir(dir, 0o755), 0)
        }
        let dfd = open(dir, O_RDONLY | O_DIRECTORY)
        let fd = openat(dfd, String(repeating: "f", count: 247) + ".py", O_CREAT | O_WRONLY, 0o644)
        XCTAssertGreaterThanOrEqual(fd, 0)
        _ = write(fd, "import os\n", 10)
        close(fd)
        close(dfd)
        let run = try f.run(["audit", f.repo.path, "--date", "2026-01-02"])
        XCTAssertTrue(run.result.stderrText.contains("PATH_MAX"), run.result.stderrText)
    }

    func testConcurrentRunsToOneOutFolderCannotBothWrite() throws {
        let f = try AttackFixture("concurrent")
        try f.initProject()
        for i in 0..<400 { try f.write("pkg/m\(i).py", "import torch\nx = torch.load('w\(i).pt')\n") }
        let out = f.base.url.appendingPathComponent("out")
        let args = ["audit", f.repo.path, "--date", "2026-01-02", "--out", out.path]
        let group = DispatchGroup()
        final class Box: @unchecked Sendable {
            var codes: [Int32] = []
            let lock = NSLock()
        }
        let box = Box()
        for _ in 0..<2 {
            group.enter()
            DispatchQueue.global().async {
                let r = try? Binary.run(args, timeout: 300)
                box.lock.lock()
                box.codes.append(r?.exitCode ?? -1)
                box.lock.unlock()
                group.leave()
            }
        }
        group.wait()
        XCTAssertEqual(box.codes.filter { $0 == 2 }.count, 1, "exactly one run must refuse to write: \(box.codes)")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).sorted()
        XCTAssertEqual(
            files, ["status-update-2026-01-02.json", "status-update-2026-01-02.md"], "no temporary file left behind")
    }
}
