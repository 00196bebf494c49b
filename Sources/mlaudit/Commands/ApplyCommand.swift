import ArgumentParser
import Foundation
import MLAuditCore
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditFacts
import MLAuditRules
import MLAuditRemediation
import MLAuditRender

/// `mlaudit apply N [PATH]`: re-audits PATH and applies its Atomic Diff N with `git apply`.
/// Explicit user action only; refuses when a file the diff touches has uncommitted changes.
struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Re-audit PATH and apply its Atomic Diff N (1-based) with git apply.",
        discussion: """
        The audit is run again so the diff matches the files as they are now. The command refuses when PATH is not \
        a git work tree, when a file the diff touches has uncommitted or untracked changes, or when the diff no \
        longer passes `git apply --check`. Nothing is committed: review with `git diff`, revert with `git checkout -- FILES`.

        Exit codes: 0 applied (or, with --check, would apply); 1 refused or failed; 2 usage error.
        """
    )

    @Argument(help: "The Atomic Diff number, as numbered in the report.") var number: Int
    @Argument(help: "The repository (git work tree) to change.") var path: String = "."
    @Flag(help: "Only check that the diff applies; change nothing.") var check = false
    @Flag(help: "Print the patch before applying it.") var show = false

    func run() throws {
        let root = URL(fileURLWithPath: path).standardizedFileURL
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDir), isDir.boolValue else {
            throw Self.fail("\(path) is not a folder", code: 2)
        }
        guard number >= 1 else { throw Self.fail("N is 1-based: the first Atomic Diff is 1", code: 2) }
        guard let inside = try? git(root, ["rev-parse", "--is-inside-work-tree"]), inside.exitCode == 0,
              inside.stdoutText.hasPrefix("true"),
              let prefixResult = try? git(root, ["rev-parse", "--show-prefix"]), prefixResult.exitCode == 0 else {
            throw Self.fail("\(path) is not a git work tree: uncommitted changes could not be protected; run `git init` and commit first", code: 1)
        }
        let prefix = prefixResult.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)

        let date = Self.today()
        var settings = AuditSettings(date: date, timestamp: ProcessInfo.processInfo.environment["MLAUDIT_TIMESTAMP"] ?? "\(date)T00:00:00Z")
        let settingsFile = root.appendingPathComponent(".mlaudit.toml")
        if let data = FileManager.default.contents(atPath: settingsFile.path) {
            do { try SettingsFile.apply(text: String(decoding: data, as: UTF8.self), to: &settings) } catch {
                settings.problems.append("\(error)")
            }
        }
        let outcome = Auditor.run(root: root, settings: settings)
        let diffs = outcome.report.diffs
        guard number <= diffs.count else {
            let list = diffs.enumerated().map { "  \($0.offset + 1). \($0.element.title)" }.joined(separator: "\n")
            throw Self.fail("the audit of \(path) has \(diffs.count) Atomic Diff(s); there is no \(number)" + (list.isEmpty ? "" : ":\n" + list), code: 1)
        }
        let diff = diffs[number - 1]
        Self.say("Atomic Diff \(number) — \(diff.title)")
        Self.say("  touches: \(diff.paths.joined(separator: ", "))")
        guard diff.applies else { throw Self.fail("the diff did not pass git apply --check during the audit; not applied", code: 1) }
        let hosted = diff.paths.filter { p in
            let l = p.lowercased()
            return l.hasPrefix(".github/workflows/") || [".gitlab-ci.yml", ".travis.yml", "azure-pipelines.yml", "bitbucket-pipelines.yml", "jenkinsfile"].contains(l)
                || l.hasPrefix(".circleci/") || l.hasPrefix(".buildkite/")
        }
        guard hosted.isEmpty else { throw Self.fail("the diff touches hosted-CI file(s) \(hosted.joined(separator: ", ")); refused", code: 1) }

        // Refuse to mix the change with uncommitted work on the same files.
        let status = try git(root, ["status", "--porcelain", "--untracked-files=all", "--"] + diff.paths)
        guard status.exitCode == 0 else { throw Self.fail("git status failed: \(status.stderrText)", code: 1) }
        let dirty = status.stdoutText.split(separator: "\n").map { String($0) }.filter { !$0.isEmpty }
        guard dirty.isEmpty else {
            throw Self.fail("uncommitted changes in file(s) the diff touches; commit or stash them first:\n" + dirty.map { "  " + $0 }.joined(separator: "\n"), code: 1)
        }
        if show { FileHandle.standardOutput.write(Data(diff.patch.utf8)) }

        let patchFile = FileManager.default.temporaryDirectory.appendingPathComponent("mlaudit-apply-\(UUID().uuidString).diff")
        try Data(diff.patch.utf8).write(to: patchFile)
        defer { try? FileManager.default.removeItem(at: patchFile) }
        // From the top level, with the audited folder as the patch's base directory.
        var applyArgs = ["apply"]
        if !prefix.isEmpty { applyArgs.append("--directory=\(prefix)") }
        let top = try git(root, ["rev-parse", "--show-toplevel"])
        let topURL = URL(fileURLWithPath: top.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines))
        let checked = try git(topURL, applyArgs + ["--check", patchFile.path])
        guard checked.exitCode == 0 else { throw Self.fail("git apply --check failed: \(checked.stderrText.trimmingCharacters(in: .whitespacesAndNewlines))", code: 1) }
        if check { Self.say("  would apply cleanly (--check: nothing changed)"); return }
        let applied = try git(topURL, applyArgs + [patchFile.path])
        guard applied.exitCode == 0 else { throw Self.fail("git apply failed: \(applied.stderrText.trimmingCharacters(in: .whitespacesAndNewlines))", code: 1) }
        Self.say("  applied; nothing committed. Review with `git diff`; tests/docs: \(diff.testsDocs)")
        Self.say("  rollback: \(diff.rollback)")
    }

    private func git(_ dir: URL, _ args: [String]) throws -> ProcessResult {
        var env = ProcessInfo.processInfo.environment
        env["GIT_TERMINAL_PROMPT"] = "0"
        env["LC_ALL"] = "C"
        return try ProcessRunner.run("git", ["-C", dir.path] + args, environment: env, timeout: 60)
    }

    static func say(_ s: String) { FileHandle.standardOutput.write(Data((s + "\n").utf8)) }

    static func fail(_ message: String, code: Int32) -> ExitCode {
        FileHandle.standardError.write(Data("mlaudit: error: \(message)\n".utf8))
        return ExitCode(code)
    }

    static func today() -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = TimeZone(identifier: "UTC"); f.dateFormat = "yyyy-MM-dd"
        return f.string(from: Date())
    }
}
