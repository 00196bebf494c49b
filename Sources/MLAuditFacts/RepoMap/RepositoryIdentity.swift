import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport

extension FetchPreamble {
    /// `--preset codex` reproduces the template; the default preset uses the repository's own remote, name and
    /// most recently active branches (or `.mlaudit.toml`'s `branches`) in the same shape.
    package static func make(settings: AuditSettings, git: GitFacts, root: URL) -> FetchPreamble {
        var p: FetchPreamble
        switch settings.preset {
        case .codex:
            p = .codex
        case .default:
            let url =
                settings.repositoryURL.flatMap(RemoteURL.normalize) ?? git.originURL
                ?? "local://\(RepositoryInfo.localName(root))"
            let name = FetchPreamble.safeName(settings.displayName ?? RepositoryInfo.name(remote: url, root: root))
            var branches = Array(git.branches.prefix(3).map(\.name))
            if let current = git.branch, !branches.contains(current) {
                branches.insert(current, at: 0)
                branches = Array(branches.prefix(3))
            }
            if branches.isEmpty { branches = ["HEAD"] }  // GitHub reads /tree/HEAD as the default branch
            p = FetchPreamble(
                repositoryURL: url, branches: branches, displayName: name,
                environmentName: "the \(name) repository")
        }
        if !settings.branches.isEmpty { p.branches = settings.branches }
        if let url = settings.repositoryURL.flatMap(RemoteURL.normalize), settings.preset == .codex {
            p.repositoryURL = url
        }
        if let name = settings.displayName, settings.preset == .codex { p.displayName = safeName(name) }
        p.branches = p.branches.map(safeRef)
        return p
    }

    /// Names in the title and the fetch lines hold only `[A-Za-z0-9._-]`; anything else becomes `-`, so neither a
    /// remote, a folder name nor `.mlaudit.toml` can inject Markdown or break a `//fetch` line.
    package static func safeName(_ s: String) -> String {
        let kept = String(s.unicodeScalars.map { isSafe($0) ? Character($0) : "-" })
        return kept.isEmpty ? "repository" : kept
    }

    /// Branch names may also hold `/` (`feature/eval`).
    package static func safeRef(_ s: String) -> String {
        let kept = String(s.unicodeScalars.map { isSafe($0) || $0 == "/" ? Character($0) : "-" })
        return kept.isEmpty ? "HEAD" : kept
    }

    private static func isSafe(_ u: Unicode.Scalar) -> Bool {
        (u.isASCII && (CharacterSet.alphanumerics.contains(u))) || u == "-" || u == "_" || u == "."
    }
}

extension RepositoryInfo {
    package static func make(facts: RepositoryFacts) -> RepositoryInfo {
        let git = facts.git
        return RepositoryInfo(
            name: name(remote: git.originURL, root: facts.root), commit: git.head, branch: git.branch,
            mostRecentActiveBranch: git.mostRecentActiveBranch, branches: git.branches,
            remoteURL: git.originURL, isShallow: git.isShallow, isDirty: git.isDirty)
    }

    /// The remote's repository name, else the folder's name.
    package static func name(remote: String?, root: URL) -> String {
        if let remote, !remote.hasPrefix("local://"), let last = remote.split(separator: "/").last, !last.isEmpty {
            return String(last)
        }
        return localName(root)
    }

    package static func localName(_ root: URL) -> String {
        let n = root.standardizedFileURL.lastPathComponent
        let cleaned = n.unicodeScalars.map {
            CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0) ? Character($0) : "-"
        }
        let s = String(cleaned)
        return s.isEmpty || s == "/" ? "repository" : s
    }
}
