import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditFacts
import MLAuditRules

/// `git apply --check` of a patch against clean copies of just the files it touches, in a private temporary
/// folder. The audited tree is never written to.
public enum PatchVerifier {
    public struct Outcome: Sendable { public var applies: Bool; public var message: String }

    /// `paths` that exist under `root` are copied byte for byte; the rest are new files of the patch.
    public static func check(patch: String, paths: [String], root: URL) -> Outcome {
        let fm = FileManager.default
        let base = fm.temporaryDirectory.appendingPathComponent("mlaudit-apply-\(UUID().uuidString)")
        let tree = base.appendingPathComponent("tree")
        defer { try? fm.removeItem(at: base) }
        do {
            try fm.createDirectory(at: tree, withIntermediateDirectories: true)
            for path in paths {
                guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
                    return Outcome(applies: false, message: "unsafe path \(path)")
                }
                let bytes: [UInt8]
                switch SafeFileReader.read(root: root.path, relative: path, limit: 64 << 20) {
                case .success(let b): bytes = b
                case .failure(.missing): continue // a new file of the patch
                case .failure(let why): return Outcome(applies: false, message: "\(path): \(why)")
                }
                let target = tree.appendingPathComponent(path)
                try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: target)
            }
            let patchFile = base.appendingPathComponent("change.diff")
            try Data(patch.utf8).write(to: patchFile)
            let r = try ProcessRunner.run("git", HardenedGit.outsideRepositoryOverrides + ["apply", "--check", "--verbose", patchFile.path], in: tree,
                                          environment: environment(ceiling: base), timeout: 30)
            if r.timedOut { return Outcome(applies: false, message: "git apply --check timed out") }
            let text = (r.stderrText + r.stdoutText).trimmingCharacters(in: .whitespacesAndNewlines)
            return Outcome(applies: r.exitCode == 0, message: text)
        } catch {
            return Outcome(applies: false, message: "\(error)")
        }
    }

    /// git outside any repository: no discovery above the temp folder, no inherited GIT_DIR.
    package static func environment(ceiling: URL) -> [String: String] {
        var env = HardenedGit.environment(gitDir: "", workTree: "")
        for key in ["GIT_DIR", "GIT_WORK_TREE"] { env[key] = nil }
        env["GIT_CEILING_DIRECTORIES"] = ceiling.path
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_TERMINAL_PROMPT"] = "0"
        env["LC_ALL"] = "C"
        return env
    }
}
