import Foundation

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// Git states an audited checkout can be in: a submodule never checked out, a shallow clone, no commit at all,
/// a detached HEAD.
enum HostileGitFixtures {
    static func commit(_ r: HostileRepository, _ file: String, _ text: String, _ message: String, in dir: URL? = nil)
        throws
    {
        let base = dir ?? r.root
        let url = base.appendingPathComponent(file)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        try r.git(["add", "--", file], in: base)
        try r.git(["commit", "-q", "-m", message], in: base)
    }

    /// A `.gitmodules` entry and gitlink whose folder was never checked out (and whose URL is unreachable).
    static func submoduleWithoutCheckout() throws -> HostileRepository {
        let r = try HostileRepository(name: "submodule")
        try r.git(["init", "-q"])
        try commit(r, "train.py", "import torch\n", "initial")
        try r.write(
            ".gitmodules", "[submodule \"vendor/lib\"]\n\tpath = vendor/lib\n\turl = https://example.invalid/lib.git\n")
        try r.git([
            "update-index", "--add", "--cacheinfo", "160000,0123456789abcdef0123456789abcdef01234567,vendor/lib",
        ])
        try r.git(["add", ".gitmodules"])
        try r.git(["commit", "-q", "-m", "add submodule"])
        return r
    }

    /// `git clone --depth 1` of a three-commit repository (local file transport, no network).
    static func shallowClone() throws -> HostileRepository {
        var r = try HostileRepository(name: "shallow")
        let origin = r.tree.url.appendingPathComponent("origin")
        try FileManager.default.createDirectory(at: origin, withIntermediateDirectories: true)
        try r.git(["init", "-q"], in: origin)
        for k in 1...3 { try commit(r, "train.py", "EPOCHS = \(k)\n", "commit \(k)", in: origin) }
        try r.git(["clone", "-q", "--depth", "1", "file://" + origin.path, "clone"], in: r.tree.url)
        r.root = r.tree.url.appendingPathComponent("clone")
        return r
    }

    /// `git init` and files, but no commit.
    static func emptyRepository() throws -> HostileRepository {
        let r = try HostileRepository(name: "nocommit")
        try r.git(["init", "-q"])
        try r.write("train.py", "print('not committed yet')\n")
        return r
    }

    /// A detached HEAD one commit behind the branch tip.
    static func detachedHead() throws -> HostileRepository {
        let r = try HostileRepository(name: "detached")
        try r.git(["init", "-q"])
        try commit(r, "train.py", "LR = 0.1\n", "first")
        try commit(r, "train.py", "LR = 0.01\n", "second")
        try r.git(["checkout", "-q", "--detach", "HEAD~1"])
        return r
    }
}
