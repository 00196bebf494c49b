import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// Builds and verifies an Atomic Diff in a private temporary tree; the audited tree is never written to or read
/// outside the snapshot (the texts come from the proposal, which read them through the snapshot).
///
/// 1. `old/` holds the touched files as they are, `new/` as proposed; `git diff --no-index` between them is the
///    patch (git's own diff, so the patch is exactly what `git apply` expects).
/// 2. `git apply --check` of that patch against a third copy of the originals.
/// 3. `python3 -m py_compile` of every patched `.py` file.
/// 4. Every name the added Python lines use is bound where they stand (`ScopeCheck`, with the structure reader).
public enum PatchVerifier {
    public struct Outcome: Sendable {
        public var patch: String
        /// Nil when every check passed; otherwise which one failed and how.
        public var problem: String?
        public var applies: Bool { problem == nil }
    }

    public struct File: Sendable {
        public var path: String
        public var original: String?
        public var updated: String
        public init(path: String, original: String?, updated: String) {
            self.path = path
            self.original = original
            self.updated = updated
        }
    }

    public static func verify(_ files: [File], context: Int = 3) -> Outcome {
        verifyAll([files], context: context)[0]
    }

    /// Verifies several proposals in one temporary tree (one folder per proposal): their `git diff`/`git apply
    /// --check` run concurrently, one `python3` compiles every patched `.py` file of every proposal that got that
    /// far, then the scope check. Outcomes in input order, each the same as verifying the proposal alone.
    ///
    /// With `cache`, a proposal verified before under the same tools takes its stored outcome (`VerificationCache`)
    /// and only the others are verified (and stored when they pass).
    public static func verifyAll(_ batch: [[File]], context: Int = 3, cache: FactCache? = nil) -> [Outcome] {
        guard let cache, !batch.isEmpty else { return verifyFresh(batch, context: context) }
        let keys = batch.map { VerificationCache.key($0, context: context, cache: cache) }
        var out = [Outcome?](repeating: nil, count: batch.count)
        for i in batch.indices {
            out[i] = VerificationCache.load(keys[i], cache: cache, stamp: { VerificationCache.toolStamp })
        }
        let misses = batch.indices.filter { out[$0] == nil }
        if !misses.isEmpty {
            let fresh = verifyFresh(misses.map { batch[$0] }, context: context)
            for (i, o) in zip(misses, fresh) {
                out[i] = o
                if o.problem == nil {
                    VerificationCache.store(keys[i], o, cache: cache, stamp: VerificationCache.toolStamp)
                }
            }
        }
        return out.map { $0! }
    }

    static func verifyFresh(_ batch: [[File]], context: Int) -> [Outcome] {
        guard !batch.isEmpty else { return [] }
        let fm = FileManager.default
        let base = fm.temporaryDirectory.appendingPathComponent("mlaudit-diff-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: base) }
        let staged = ConcurrentMap.map(count: batch.count) { i in
            stage(batch[i], in: base.appendingPathComponent(String(i)), ceiling: base, context: context)
        }
        var targets: [(proposal: Int, path: String)] = []
        for (i, o) in staged.enumerated() where o.problem == nil {
            for f in batch[i] where f.path.hasSuffix(".py") { targets.append((i, "\(i)/new/\(f.path)")) }
        }
        var compileProblems: [Int: String] = [:]
        switch compile(targets.map(\.path), in: base) {
        case .success(let failed):
            for t in targets where compileProblems[t.proposal] == nil {
                // The message names the file as the repository does, not by its folder in the batch.
                if let why = failed[t.path] {
                    compileProblems[t.proposal] = why.replacingOccurrences(of: "\"\(t.proposal)/new/", with: "\"")
                }
            }
        case .failure(let why):
            for t in targets { compileProblems[t.proposal] = why.description }
        }
        return staged.enumerated().map { i, o in
            guard o.problem == nil else { return o }
            if let why = compileProblems[i] {
                return Outcome(patch: o.patch, problem: "python3 -m py_compile failed: \(why.prefix(300))")
            }
            return Outcome(patch: o.patch, problem: unboundProblem(batch[i], patch: o.patch))
        }
    }

    /// True when `updated` equals `original` up to trailing blanks and blank lines.
    static func isNoOp(original: String, updated: String) -> Bool {
        if original == updated { return true }
        func significant(_ text: String) -> [Substring] {
            text.split(separator: "\n").compactMap { line in
                line.lastIndex(where: { !" \t\r".contains($0) }).map { line[...$0] }
            }
        }
        return significant(original) == significant(updated)
    }

    /// Writes one proposal's `old/`, `check/` and `new/` trees under `base`, makes the patch with git and checks
    /// that it applies.
    static func stage(_ files: [File], in base: URL, ceiling: URL, context: Int) -> Outcome {
        let fm = FileManager.default
        func fail(_ why: String, _ patch: String = "") -> Outcome { Outcome(patch: patch, problem: why) }
        for f in files
        where f.path.hasPrefix("/") || f.path.isEmpty
            || f.path.split(separator: "/").contains(where: { $0 == ".." || $0 == "." })
        {
            return fail("unsafe path \(f.path)")
        }
        // Every file the proposal names must change in a way the interpreter or a reader sees: a file left as it was,
        // or changed only in trailing blanks and blank lines, makes the diff a no-op for that file.
        let noOps = files.filter { f in f.original.map { isNoOp(original: $0, updated: f.updated) } ?? false }
        if noOps.count == files.count, files.allSatisfy({ $0.original == $0.updated }) {
            return fail("the proposal changes nothing")
        }
        if let same = noOps.first {
            return fail("the proposal leaves \(same.path) unchanged (or changes only blank space)")
        }
        do {
            for dir in ["old", "check"] {
                for f in files { if let t = f.original { try write(t, to: base, dir, f.path) } }
            }
            for f in files { try write(f.updated, to: base, "new", f.path) }
            for dir in ["old", "check"] {
                try fm.createDirectory(at: base.appendingPathComponent(dir), withIntermediateDirectories: true)
            }
            let diff = try git(
                [
                    "diff", "--no-index", "--no-color", "--no-ext-diff", "--no-textconv", "--no-renames",
                    "--src-prefix=a/", "--dst-prefix=b/", "-U\(context)", "old", "new",
                ], in: base, ceiling: ceiling)
            guard diff.exitCode == 1, !diff.timedOut else {
                return fail(
                    diff.exitCode == 0
                        ? "the proposal changes nothing" : "git diff failed: \(diff.stderrText.prefix(200))")
            }
            let patch = rebase(diff.stdoutText)
            let patchFile = base.appendingPathComponent("change.diff")
            try Data(patch.utf8).write(to: patchFile)
            let check = try git(
                ["apply", "--check", "--verbose", patchFile.path], in: base.appendingPathComponent("check"),
                ceiling: ceiling)
            guard check.exitCode == 0, !check.timedOut else {
                return fail("git apply --check failed: \((check.stderrText + check.stdoutText).prefix(300))", patch)
            }
            return Outcome(patch: patch, problem: nil)
        } catch {
            return fail("\(error)")
        }
    }

    /// One isolated `python3` compiles every path (relative to `base`); the result maps each path that failed to
    /// its error (the interpreter's own message, as `python3 -m py_compile` prints it).
    static func compile(_ paths: [String], in base: URL) -> Result<[String: String], CompileFailure> {
        guard !paths.isEmpty else { return .success([:]) }
        let script = """
            import py_compile, sys
            for p in sys.argv[1:]:
                try:
                    py_compile.compile(p, doraise=True)
                except py_compile.PyCompileError as e:
                    sys.stdout.write(p + "\\0" + e.msg.replace("\\0", " ") + "\\0")
            """
        do {
            let r = try ProcessRunner.run(
                "python3", ["-I", "-c", script] + paths, in: base,
                environment: [
                    "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "LC_ALL": "C.UTF-8",
                ],
                timeout: 120)
            guard r.exitCode == 0, !r.timedOut else {
                return .failure(CompileFailure(description: "python3 could not compile: \(r.stderrText.prefix(300))"))
            }
            var failed: [String: String] = [:]
            let parts = r.stdoutText.split(separator: "\0", omittingEmptySubsequences: false)
            var i = 0
            while i + 1 < parts.count {
                failed[String(parts[i])] = String(parts[i + 1])
                i += 2
            }
            return .success(failed)
        } catch {
            return .failure(CompileFailure(description: "python3 could not start: \(error)"))
        }
    }

    struct CompileFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Names the added Python lines use that are not bound where they stand (nil when all are).
    static func unboundProblem(_ files: [File], patch: String) -> String? {
        let added = addedLines(patch, paths: files.map(\.path))
        for (f, lines) in zip(files, added) where f.path.hasSuffix(".py") {
            let module = PythonReader.read(source: Array(f.updated.utf8), path: f.path)
            var unbound = ScopeCheck.unbound(module: module, text: f.updated, lines: lines)
            if let original = f.original, !unbound.isEmpty {
                // Names the file already used unbound (a fixture-style script, a name from `exec`) are not the diff's doing.
                unbound = unbound.filter { !ScopeCheck.alreadyUnbound($0, in: original, path: f.path) }
            }
            if !unbound.isEmpty {
                return "\(f.path) uses \(unbound.map { "`\($0)`" }.joined(separator: ", ")), not bound in scope"
            }
        }
        return nil
    }

    public struct CheckOutcome: Sendable {
        public var applies: Bool
        public var message: String
    }

    /// `git apply --check` of an existing patch against clean copies of the files it touches (`mlaudit apply
    /// --check`): `paths` under `root` are read with P10's SafeFileReader (no link followed), the rest are new files.
    public static func check(patch: String, paths: [String], root: URL) -> CheckOutcome {
        let fm = FileManager.default
        let base = fm.temporaryDirectory.appendingPathComponent("mlaudit-apply-\(UUID().uuidString)")
        let tree = base.appendingPathComponent("tree")
        defer { try? fm.removeItem(at: base) }
        do {
            try fm.createDirectory(at: tree, withIntermediateDirectories: true)
            for path in paths {
                guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
                    return CheckOutcome(applies: false, message: "unsafe path \(path)")
                }
                let bytes: [UInt8]
                switch SafeFileReader.read(root: root.path, relative: path, limit: 64 << 20) {
                case .success(let b): bytes = b
                case .failure(.missing): continue  // a new file of the patch
                case .failure(let why): return CheckOutcome(applies: false, message: "\(path): \(why)")
                }
                let target = tree.appendingPathComponent(path)
                try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: target)
            }
            let patchFile = base.appendingPathComponent("change.diff")
            try Data(patch.utf8).write(to: patchFile)
            let r = try git(["apply", "--check", "--verbose", patchFile.path], in: tree, ceiling: base)
            if r.timedOut { return CheckOutcome(applies: false, message: "git apply --check timed out") }
            return CheckOutcome(
                applies: r.exitCode == 0,
                message: (r.stderrText + r.stdoutText).trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            return CheckOutcome(applies: false, message: "\(error)")
        }
    }

    static func write(_ text: String, to base: URL, _ dir: String, _ path: String) throws {
        let url = base.appendingPathComponent(dir).appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// `a/old/x.py` -> `a/x.py`, `b/new/x.py` -> `b/x.py` in the header lines; a file only in `new/` is a new file.
    static func rebase(_ diff: String) -> String {
        var out: [Substring] = []
        for line in diff.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("diff --git ") || line.hasPrefix("--- ") || line.hasPrefix("+++ ") {
                out.append(
                    Substring(
                        line.replacingOccurrences(of: " a/old/", with: " a/").replacingOccurrences(
                            of: " b/new/", with: " b/"
                        )
                        .replacingOccurrences(of: " a/new/", with: " a/")))
            } else if line.hasPrefix("index ") {
                continue  // blob ids of temporary files: noise in a report
            } else {
                out.append(line)
            }
        }
        return out.joined(separator: "\n")
    }

    /// 1-based line numbers of `+` lines in `path`'s hunks (new-file numbering).
    static func addedLines(_ patch: String, path: String) -> Set<Int> { addedLines(patch, paths: [path])[0] }

    /// `addedLines(patch, path:)` of each path, reading the patch once (a diff touching 60 files read it 60 times).
    static func addedLines(_ patch: String, paths: [String]) -> [Set<Int>] {
        var out = [Set<Int>](repeating: [], count: paths.count)
        var inFile: [Int] = []
        var next = 0
        for line in patch.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("diff --git ") {
                inFile = paths.indices.filter { line.hasSuffix(" b/" + paths[$0]) }
                continue
            }
            guard !inFile.isEmpty else { continue }
            if line.hasPrefix("@@ "), let plus = line.split(separator: " ").first(where: { $0.hasPrefix("+") }) {
                next = Int(plus.dropFirst().split(separator: ",").first ?? "0") ?? 0
            } else if line.hasPrefix("+") && !line.hasPrefix("+++") {
                for k in inFile { out[k].insert(next) }
                next += 1
            } else if line.hasPrefix(" ") {
                next += 1
            }
        }
        return out
    }

    /// git outside any repository: no discovery above `ceiling`, no user or system configuration, no hooks,
    /// no fsmonitor, no optional locks.
    static func git(_ args: [String], in dir: URL, ceiling: URL) throws -> ProcessResult {
        // P10's hardened git: scrubbed environment and fixed overrides (no hooks, no fsmonitor, no pager), used
        // outside any repository (no GIT_DIR, discovery stops at the temporary folder).
        var env = HardenedGit.environment(gitDir: "", workTree: "")
        for key in ["GIT_DIR", "GIT_WORK_TREE"] { env[key] = nil }
        env["GIT_CEILING_DIRECTORIES"] = ceiling.path
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        return try ProcessRunner.run(
            "git",
            HardenedGit.outsideRepositoryOverrides
                + ["-c", "core.attributesFile=/dev/null", "-c", "core.quotePath=true"] + args,
            in: dir, environment: env, timeout: 30)
    }

}
