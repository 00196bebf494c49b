import Foundation
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

/// One attack from issue 12, built on the fly: a folder holding `repo/` (the audited root), `outside/` (another
/// folder of the user's, with a secret and sometimes another repository) and `marker/` (where an attack's command
/// writes a file if git, or anything else, ran it). The repository's git config names commands as
/// `touch <marker>/<name>`, so a marker file is proof that repository configuration ran a program.
final class AttackFixture {
    let name: String
    let base: TemporaryTree
    let repo: URL
    let outside: URL
    let marker: URL
    /// Strings only `outside/` holds: none may appear in any output.
    var forbidden: [String] = ["OUTSIDE-SECRET-7f3a"]

    init(_ name: String) throws {
        self.name = name
        base = try TemporaryTree(prefix: "mlaudit-attack-\(name)")
        repo = base.url.appendingPathComponent("repo")
        outside = base.url.appendingPathComponent("outside")
        marker = base.url.appendingPathComponent("marker")
        for d in [repo, outside, marker] {
            try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        }
        try Data("OUTSIDE-SECRET-7f3a\n".utf8).write(to: outside.appendingPathComponent("secret.txt"))
    }

    /// A shell command that records that it ran.
    func touch(_ what: String) -> String { "touch \(marker.path)/\(what)" }

    func write(_ rel: String, _ text: String, in dir: URL? = nil) throws {
        let url = (dir ?? repo).appendingPathComponent(rel)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    @discardableResult
    func git(_ args: [String], in dir: URL? = nil) throws -> String {
        let env = [
            "GIT_AUTHOR_NAME": "Hostile", "GIT_AUTHOR_EMAIL": "hostile@example.invalid",
            "GIT_COMMITTER_NAME": "Hostile", "GIT_COMMITTER_EMAIL": "hostile@example.invalid",
            "GIT_AUTHOR_DATE": "2026-01-02T03:04:05Z", "GIT_COMMITTER_DATE": "2026-01-02T03:04:05Z",
            "GIT_CONFIG_NOSYSTEM": "1", "HOME": base.path,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        ]
        let r = try ProcessRunner.run(
            "git", ["-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always"] + args,
            in: dir ?? repo, environment: env, timeout: 120)
        guard r.exitCode == 0, !r.timedOut else {
            throw FixtureError("git \(args.joined(separator: " ")) failed: \(r.stderrText)")
        }
        return r.stdoutText
    }

    /// `git init`, a small ML project with a `torch.load` (so `apply 1` has a diff) and one commit.
    func initProject(in dir: URL? = nil) throws {
        try git(["init", "-q"], in: dir)
        try write("train.py", "import torch\n\n\ndef resume(path):\n    return torch.load(path)\n", in: dir)
        try write("README.md", "# project\n", in: dir)
        try git(["add", "-A"], in: dir)
        try git(["commit", "-q", "-m", "initial"], in: dir)
    }

    /// Appends raw text to the repository's `.git/config` (after the fixture's own git calls are done).
    func appendConfig(_ text: String, gitDir: URL? = nil) throws {
        let url = (gitDir ?? repo.appendingPathComponent(".git")).appendingPathComponent("config")
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    /// Makes `rel` stat-dirty (same bytes, new mtime) so that `git status` re-hashes it through its filter.
    func statDirty(_ rel: String) {
        var times = [timespec(tv_sec: 1_900_000_000, tv_nsec: 0), timespec(tv_sec: 1_900_000_000, tv_nsec: 0)]
        _ = utimensat(AT_FDCWD, repo.appendingPathComponent(rel).path, &times, 0)
    }

    /// Every entry under `root`, `.git` included (its index, config and hooks must not change either), by lstat
    /// and content; never runs git (git would run the attack) and never opens anything but a regular file.
    static func fingerprint(_ root: URL) -> [String: String] {
        var out: [String: String] = [:]
        func walk(_ dir: String, _ rel: String) {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
                out[rel] = "unlistable"
                return
            }
            for name in names {
                let full = dir + "/" + name
                let key = rel.isEmpty ? name : rel + "/" + name
                var st = stat()
                guard lstat(full, &st) == 0 else {
                    out[key] = "unstatable"
                    continue
                }
                let type = st.st_mode & S_IFMT
                var desc = "mode=\(st.st_mode) size=\(st.st_size) mtime=\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
                if type == S_IFDIR {
                    out[key] = "dir mode=\(st.st_mode)"
                    walk(full, key)
                    continue
                }
                if type == S_IFREG, st.st_size <= 8 << 20,
                    case .success(let bytes) = SafeFileReader.read(absolute: full, limit: 8 << 20)
                {
                    desc +=
                        " hash=\(bytes.reduce(into: UInt64(14_695_981_039_346_656_037)) { $0 = ($0 ^ UInt64($1)) &* 1_099_511_628_211 })"
                }
                out[key] = desc
            }
        }
        walk(root.path, "")
        return out
    }

    var markers: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: marker.path)) ?? []).sorted() }

    struct Run {
        let args: [String]
        let result: ProcessResult
        var output: String { result.stdoutText + "\n" + result.stderrText }
    }

    /// Runs mlaudit with `args` (the repository path is part of them). Asserts the run ended within `bound` seconds,
    /// that it wrote no marker, left `outside/` (and, for read-only commands, the repository) untouched, and that no
    /// forbidden text reached stdout, stderr or a written report.
    @discardableResult
    func run(
        _ args: [String], bound: TimeInterval = 120, readOnly: Bool = true, mayChange: Set<String> = [],
        outFolder: URL? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> Run {
        let outsideBefore = AttackFixture.fingerprint(outside)
        let repoBefore = AttackFixture.fingerprint(repo)
        let r = try Binary.run(args, environment: ["HOME": base.path], timeout: bound)
        XCTAssertFalse(
            r.timedOut, "\(name): `mlaudit \(args.first ?? "")` did not end within \(Int(bound)) s", file: file,
            line: line)
        XCTAssertEqual(
            markers, [], "\(name): `mlaudit \(args.first ?? "")` let the repository run a program (marker written)",
            file: file, line: line)
        XCTAssertEqual(
            AttackFixture.fingerprint(outside), outsideBefore, "\(name): a file outside the repository changed",
            file: file, line: line)
        if readOnly || !mayChange.isEmpty {
            let after = AttackFixture.fingerprint(repo)
            let changed = Set(repoBefore.keys).union(after.keys).filter { repoBefore[$0] != after[$0] }.subtracting(
                mayChange
            ).sorted()
            XCTAssertEqual(
                changed, [],
                "\(name): `mlaudit \(args.first ?? "")` changed the repository beyond \(mayChange.sorted())",
                file: file, line: line)
        }
        var texts = [r.stdoutText, r.stderrText]
        if let outFolder {
            for f in (try? FileManager.default.contentsOfDirectory(atPath: outFolder.path)) ?? [] {
                texts.append((try? String(contentsOf: outFolder.appendingPathComponent(f), encoding: .utf8)) ?? "")
            }
        }
        for f in forbidden {
            for t in texts { XCTAssertFalse(t.contains(f), "\(name): output holds \(f)", file: file, line: line) }
        }
        return Run(args: args, result: r)
    }

    /// audit (stdout and --out), explain and apply --check: the commands that read a repository.
    func runAllReadingCommands(file: StaticString = #filePath, line: UInt = #line) throws {
        let out = base.url.appendingPathComponent("out-\(UUID().uuidString)")
        try run(["audit", repo.path, "--date", "2026-01-02"], file: file, line: line)
        try run(
            ["audit", repo.path, "--date", "2026-01-02", "--out", out.path], outFolder: out, file: file, line: line)
        try run(["explain", "CAP-CKP-01", repo.path], file: file, line: line)
        try run(["apply", "1", repo.path, "--check"], file: file, line: line)
        // The one writing command: only the diff's file may change (not .git/index, no hook, no filter).
        let applied = try run(["apply", "1", repo.path], mayChange: ["train.py"], file: file, line: line)
        XCTAssertEqual(
            applied.result.exitCode, 0, "\(name): apply failed: \(applied.result.stderrText)", file: file, line: line)
    }
}
