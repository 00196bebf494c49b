import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Stage 2: what git knows. Read through `git` subprocesses with timeouts; never fetches.
public struct GitFacts: Sendable {
    public var isRepository = false
    public var head: String?  // full commit id
    public var branch: String?  // nil when detached or not a repository
    public var isDetached = false
    public var isShallow = false
    public var isEmpty = false  // a repository with no commits
    public var isDirty = false
    public var originURL: String?  // normalized https://github.com/OWNER/NAME form when recognisable
    public var branches: [BranchInfo] = []  // most recent first, then by name
    public var recentCommits: [RecentChange] = []
    public var submodulesWithoutCheckout: [String] = []
    /// Path -> git's blob id, for tracked files (stage 0, regular or executable) that `git status` found unchanged
    /// in the work tree: their content is named by the id without reading or hashing them (the fact cache's key).
    /// Empty when status could not run.
    public var cleanBlobIDs: [String: String] = [:]

    public var mostRecentActiveBranch: String? { branches.first?.name ?? branch }

    public static func read(root: URL, errors: ErrorLog, recentCount: Int = 8, deadline: Deadline = .none) -> GitFacts {
        var facts = GitFacts()
        let hardened: HardenedGit
        switch HardenedGit.open(root: root) {
        case .success(let g): hardened = g
        case .failure(.notRepository): return facts
        case .failure(let refusal):
            errors.record(
                step: .git, error: "git history not read: \(refusal.description)",
                context:
                    "mlaudit reads only the audited folder and never lets the repository's git configuration run a program; the audit goes on without git facts (branches, commits, remote)",
                path: nil)
            return facts
        }
        func git(_ args: [String], timeout: TimeInterval = 20) -> ProcessResult? {
            if deadline.expired { return nil }
            do {
                let r = try hardened.run(args, timeout: timeout, deadline: deadline)
                if r.timedOut {
                    errors.record(
                        step: .git, error: "git \(args.first ?? "") timed out after \(Int(timeout)) s",
                        context: "the repository may be very large or locked; the git facts it would give are left out",
                        path: nil)
                    return nil
                }
                return r
            } catch {
                errors.record(
                    step: .git, error: "\(error)",
                    context: "git is needed for branches and history; install git or audit without them", path: nil)
                return nil
            }
        }
        facts.isRepository = true
        // HEAD and the shallow marker are read natively; commit ids, dates and subjects need the object store.
        let gitDir = hardened.gitDir
        let headText =
            SafeFileReader.text(root: gitDir, relative: "HEAD", limit: 4096)?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if let head = git(["rev-parse", "--verify", "-q", "HEAD^{commit}"]), head.exitCode == 0 {
            facts.head = head.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            facts.isEmpty = true
        }
        if headText.hasPrefix("ref: refs/heads/") {
            facts.branch = String(headText.dropFirst("ref: refs/heads/".count))
        } else if !facts.isEmpty {
            facts.isDetached = true
        }
        facts.isShallow = !(SafeFileReader.text(root: gitDir, relative: "shallow", limit: 1 << 20) ?? "").isEmpty
        if let listed = git(["ls-files", "-s", "-v", "-z", "--cached"], timeout: 60), listed.exitCode == 0 {
            let staged = stagedEntries([UInt8](listed.stdout))
            // git status reads every folder's .gitattributes (blocking): refuse a FIFO or device before it runs.
            let folders = Set(
                staged.map { e -> String in e.path.lastIndex(of: "/").map { String(e.path[..<$0]) } ?? "" }
            ).union([""])
            switch HardenedGit.attributesFilesAreRegular(root: hardened.root, folders: folders.sorted()) {
            case .success:
                if let st = git(
                    [
                        "status", "--porcelain", "-z", "--untracked-files=no", "--ignore-submodules=all",
                        "--no-renames",
                    ],
                    timeout: 60),
                    st.exitCode == 0
                {
                    facts.isDirty = !st.stdout.isEmpty
                    facts.cleanBlobIDs = cleanBlobs(staged, changed: changedPaths([UInt8](st.stdout)))
                }
            case .failure(let why):
                errors.record(
                    step: .git, error: "git status not run: \(why.description)",
                    context: "whether the work tree has uncommitted changes is unknown", path: nil)
            }
        }
        // The remote from the repository's own config file only: an include could name a file outside the root.
        if let url = git(["config", "--file", gitDir + "/config", "--no-includes", "--get", "remote.origin.url"]),
            url.exitCode == 0
        {
            facts.originURL = RemoteURL.normalize(url.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        if !facts.isEmpty {
            if let refs = git([
                "for-each-ref", "--format=%(committerdate:short)%09%(refname:short)", "refs/heads", "refs/remotes",
            ]),
                refs.exitCode == 0
            {
                facts.branches = branchList(refs.stdoutText)
            }
            if let log = git([
                "log", "-n", String(recentCount), "--no-color", "--no-show-signature", "--no-ext-diff", "--no-textconv",
                "--format=%h%x09%cs%x09%s",
            ]), log.exitCode == 0 {
                facts.recentCommits = log.stdoutText.split(separator: "\n").compactMap { line in
                    let parts = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
                    guard parts.count == 3 else { return nil }
                    return RecentChange(commit: String(parts[0]), date: String(parts[1]), subject: String(parts[2]))
                }
            }
        }
        facts.submodulesWithoutCheckout = submodulesWithoutCheckout(hardened, git: git)
        return facts
    }

    /// Gitlinks (index mode 160000, `git ls-files -s`) whose folder holds nothing: never checked out. Named by
    /// `.gitmodules` when it lists them. `git submodule status` is never run: it reads each submodule's own config.
    static func submodulesWithoutCheckout(_ g: HardenedGit, git: ([String], TimeInterval) -> ProcessResult?) -> [String]
    {
        guard let staged = git(["ls-files", "-s", "-z"], 60), staged.exitCode == 0 else { return [] }
        var out: [String] = []
        for raw in staged.stdout.split(separator: 0) {
            let entry = String(decoding: raw, as: UTF8.self)
            guard entry.hasPrefix("160000 "), let tab = entry.firstIndex(of: "\t") else { continue }
            let path = String(entry[entry.index(after: tab)...])
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: g.root + "/" + path)) ?? []
            if entries.isEmpty { out.append(path) }
        }
        return out.sorted()
    }

    /// Local branches and remote-tracking branches folded by name; the newest date wins.
    package static func branchList(_ text: String) -> [BranchInfo] {
        var newest: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2 else { continue }
            var name = String(parts[1])
            if name.hasSuffix("/HEAD") || name == "origin" { continue }
            if let slash = name.firstIndex(of: "/"), name.hasPrefix("origin/") {
                name = String(name[name.index(after: slash)...])
            }
            let date = String(parts[0])
            if let d = newest[name], d >= date { continue }
            newest[name] = date
        }
        return newest.map { BranchInfo(name: $0.key, lastCommitDate: $0.value) }
            .sorted { ($0.lastCommitDate, $1.name) > ($1.lastCommitDate, $0.name) }
    }

}
