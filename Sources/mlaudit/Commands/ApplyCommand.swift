import ArgumentParser
import Foundation
import MLAuditCore
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditRemediation
import MLAuditRender
import MLAuditReport
import MLAuditRules

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
        let git: HardenedGit
        switch HardenedGit.open(root: root) {
        case .success(let g): git = g
        case .failure(.notRepository):
            throw Self.fail(
                "\(path) is not a git work tree (mlaudit reads only a `.git` folder at its top): uncommitted changes could not be protected; run `git init` and commit first",
                code: 1)
        case .failure(let why):
            throw Self.fail("\(path): git refused: \(why)", code: 1)
        }

        let date = Self.today()
        var settings = AuditSettings(
            date: date, timestamp: ProcessInfo.processInfo.environment["MLAUDIT_TIMESTAMP"] ?? "\(date)T00:00:00Z")
        try? SettingsLoader.load(root: root, config: nil, into: &settings)
        let outcome = Auditor.run(root: root, settings: settings)
        let diffs = outcome.report.diffs
        guard number <= diffs.count else {
            let list = diffs.enumerated().map { "  \($0.offset + 1). \($0.element.title)" }.joined(separator: "\n")
            throw Self.fail(
                "the audit of \(path) has \(diffs.count) Atomic Diff(s); there is no \(number)"
                    + (list.isEmpty ? "" : ":\n" + list), code: 1)
        }
        let diff = diffs[number - 1]
        Self.say("Atomic Diff \(number) — \(diff.title)")
        Self.say("  touches: \(diff.paths.joined(separator: ", "))")
        guard diff.applies else {
            throw Self.fail("the diff did not pass git apply --check during the audit; not applied", code: 1)
        }
        let hosted = diff.paths.filter(HostedCI.isOffLimits)
        guard hosted.isEmpty else {
            throw Self.fail("the diff touches hosted-CI file(s) \(hosted.joined(separator: ", ")); refused", code: 1)
        }
        // git status and git apply read every folder's .gitattributes on the way (blocking): regular files only.
        let folders = Set(diff.paths.map { p in p.lastIndex(of: "/").map { String(p[..<$0]) } ?? "" }).union([""])
        if case .failure(let why) = HardenedGit.attributesFilesAreRegular(root: git.root, folders: folders.sorted()) {
            throw Self.fail(why.description, code: 1)
        }

        // git works on a private copy of the index: neither `status` nor `apply` may rewrite .git/index.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "mlaudit-apply-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let index = scratch.appendingPathComponent("index")
        if case .success(let bytes) = SafeFileReader.read(root: git.gitDir, relative: "index", limit: 1 << 30) {
            try Data(bytes).write(to: index)
        }

        // Refuse to mix the change with uncommitted work on the same files.
        let status = try git.run(
            ["status", "--porcelain", "--untracked-files=all", "--ignore-submodules=all", "--"] + diff.paths,
            timeout: 60, indexFile: index.path)
        guard status.exitCode == 0, !status.timedOut else {
            throw Self.fail("git status failed: \(status.stderrText)", code: 1)
        }
        let dirty = status.stdoutText.split(separator: "\n").map { String($0) }.filter { !$0.isEmpty }
        guard dirty.isEmpty else {
            throw Self.fail(
                "uncommitted changes in file(s) the diff touches; commit or stash them first:\n"
                    + dirty.map { "  " + $0 }.joined(separator: "\n"), code: 1)
        }
        if show { FileHandle.standardOutput.write(Data(TerminalText.cleanLines(diff.patch).utf8)) }

        if check {
            // In a temporary copy of the touched files: the repository is not even read by git.
            let verdict = PatchVerifier.check(
                patch: diff.patch, paths: diff.paths, root: URL(fileURLWithPath: git.root))
            guard verdict.applies else { throw Self.fail("git apply --check failed: \(verdict.message)", code: 1) }
            Self.say("  would apply cleanly (--check: nothing changed)")
            return
        }
        let patchFile = scratch.appendingPathComponent("change.diff")
        try Data(diff.patch.utf8).write(to: patchFile)
        let checked = try git.run(["apply", "--check", patchFile.path], timeout: 60, indexFile: index.path)
        guard checked.exitCode == 0, !checked.timedOut else {
            throw Self.fail(
                "git apply --check failed: \(checked.stderrText.trimmingCharacters(in: .whitespacesAndNewlines))",
                code: 1)
        }
        let applied = try git.run(["apply", patchFile.path], timeout: 60, indexFile: index.path)
        guard applied.exitCode == 0, !applied.timedOut else {
            throw Self.fail(
                "git apply failed: \(applied.stderrText.trimmingCharacters(in: .whitespacesAndNewlines))", code: 1)
        }
        Self.say("  applied; nothing committed. Review with `git diff`; tests/docs: \(diff.testsDocs)")
        Self.say("  rollback: \(diff.rollback)")
    }

    /// Repository text (titles, paths, git's messages) passes the terminal filter.
    static func say(_ s: String) { FileHandle.standardOutput.write(Data((TerminalText.cleanLines(s) + "\n").utf8)) }

    static func fail(_ message: String, code: Int32) -> ExitCode {
        FileHandle.standardError.write(Data("mlaudit: error: \(TerminalText.cleanLines(message))\n".utf8))
        return ExitCode(code)
    }

    static func today() -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: Date())
    }
}
