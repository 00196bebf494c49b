import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Stage 2: what git knows. Read through `git` subprocesses with timeouts; never fetches.
public struct GitFacts: Sendable {
    public var isRepository = false
    public var head: String?                 // full commit id
    public var branch: String?               // nil when detached or not a repository
    public var isDetached = false
    public var isShallow = false
    public var isEmpty = false               // a repository with no commits
    public var isDirty = false
    public var originURL: String?            // normalized https://github.com/OWNER/NAME form when recognisable
    public var branches: [BranchInfo] = []   // most recent first, then by name
    public var recentCommits: [RecentChange] = []
    public var submodulesWithoutCheckout: [String] = []

    public var mostRecentActiveBranch: String? { branches.first?.name ?? branch }

    public static func read(root: URL, errors: ErrorLog, recentCount: Int = 8) -> GitFacts {
        var facts = GitFacts()
        func git(_ args: [String], timeout: TimeInterval = 20) -> ProcessResult? {
            do {
                let r = try ProcessRunner.run("git", ["-C", root.path, "-c", "core.quotepath=off"] + args,
                                              environment: GitFacts.offlineEnvironment, timeout: timeout)
                if r.timedOut {
                    errors.record(step: .git, error: "git \(args.first ?? "") timed out after \(Int(timeout)) s",
                                  context: "the repository may be very large or locked; the git facts it would give are left out", path: nil)
                    return nil
                }
                return r
            } catch {
                errors.record(step: .git, error: "\(error)", context: "git is needed for branches and history; install git or audit without them", path: nil)
                return nil
            }
        }
        guard let inside = git(["rev-parse", "--is-inside-work-tree"]), inside.exitCode == 0,
              inside.stdoutText.hasPrefix("true") else { return facts }
        facts.isRepository = true
        if let head = git(["rev-parse", "--verify", "-q", "HEAD"]), head.exitCode == 0 {
            facts.head = head.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            facts.isEmpty = true
        }
        if let b = git(["symbolic-ref", "-q", "--short", "HEAD"]), b.exitCode == 0 {
            facts.branch = b.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        } else if !facts.isEmpty {
            facts.isDetached = true
        }
        if let s = git(["rev-parse", "--is-shallow-repository"]) {
            facts.isShallow = s.stdoutText.hasPrefix("true")
        }
        if let st = git(["status", "--porcelain", "--untracked-files=no"], timeout: 60), st.exitCode == 0 {
            facts.isDirty = !st.stdoutText.isEmpty
        }
        if let url = git(["config", "--get", "remote.origin.url"]), url.exitCode == 0 {
            facts.originURL = RemoteURL.normalize(url.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        if !facts.isEmpty {
            if let refs = git(["for-each-ref", "--format=%(committerdate:short)%09%(refname:short)", "refs/heads", "refs/remotes"]),
               refs.exitCode == 0 {
                facts.branches = branchList(refs.stdoutText)
            }
            if let log = git(["log", "-n", String(recentCount), "--no-color", "--format=%h%x09%cs%x09%s"]), log.exitCode == 0 {
                facts.recentCommits = log.stdoutText.split(separator: "\n").compactMap { line in
                    let parts = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
                    guard parts.count == 3 else { return nil }
                    return RecentChange(commit: String(parts[0]), date: String(parts[1]), subject: String(parts[2]))
                }
            }
        }
        if let sub = git(["submodule", "status"]), sub.exitCode == 0 {
            facts.submodulesWithoutCheckout = sub.stdoutText.split(separator: "\n")
                .filter { $0.hasPrefix("-") }
                .compactMap { $0.split(separator: " ").dropFirst().first.map(String.init) }
                .sorted()
        }
        return facts
    }

    /// Local branches and remote-tracking branches folded by name; the newest date wins.
    package static func branchList(_ text: String) -> [BranchInfo] {
        var newest: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2 else { continue }
            var name = String(parts[1])
            if name.hasSuffix("/HEAD") || name == "origin" { continue }
            if let slash = name.firstIndex(of: "/"), name.hasPrefix("origin/") { name = String(name[name.index(after: slash)...]) }
            let date = String(parts[0])
            if let d = newest[name], d >= date { continue }
            newest[name] = date
        }
        return newest.map { BranchInfo(name: $0.key, lastCommitDate: $0.value) }
            .sorted { ($0.lastCommitDate, $1.name) > ($1.lastCommitDate, $0.name) }
    }

    /// git must never reach the network or prompt: no credential helpers, no terminal prompts.
    package static let offlineEnvironment: [String: String] = {
        var env = ProcessInfo.processInfo.environment
        env["GIT_TERMINAL_PROMPT"] = "0"
        env["GIT_OPTIONAL_LOCKS"] = "0"          // read-only: git status must not refresh the index
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["LC_ALL"] = "C"
        return env
    }()
}

public enum RemoteURL {
    /// `git@github.com:o/n.git`, `ssh://git@github.com/o/n`, `https://user:tok@github.com/o/n.git` -> `https://github.com/o/n`.
    /// Credentials are always dropped. Unknown forms come back without credentials and without `.git`.
    public static func normalize(_ raw: String) -> String? {
        var s = raw.trimmingCharacters(in: .whitespaces)
        if s.isEmpty { return nil }
        if s.hasSuffix("/") { s.removeLast() }
        if s.hasSuffix(".git") { s.removeLast(4) }
        var host = "", path = ""
        if let schemeEnd = s.range(of: "://") {
            var rest = String(s[schemeEnd.upperBound...])
            if let at = rest.firstIndex(of: "@"), rest[..<at].contains(where: { $0 != "/" }), !rest[..<at].contains("/") {
                rest = String(rest[rest.index(after: at)...])
            }
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            host = String(rest[..<slash]); path = String(rest[rest.index(after: slash)...])
            if let colon = host.firstIndex(of: ":") { host = String(host[..<colon]) }
        } else if let colon = s.firstIndex(of: ":"), !s.hasPrefix("/") {
            var h = String(s[..<colon])
            if let at = h.firstIndex(of: "@") { h = String(h[h.index(after: at)...]) }
            host = h; path = String(s[s.index(after: colon)...])
        } else {
            return nil // a local path remote: no web address
        }
        path = path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard !host.isEmpty, !path.isEmpty else { return nil }
        return "https://\(host)/\(path)"
    }
}
