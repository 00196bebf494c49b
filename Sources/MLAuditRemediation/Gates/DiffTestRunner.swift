import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Under `--run-gates` only: runs the repository's own tests against each fix diff. The tests are the test files
/// that import a module the diff touches (read from their import statements); they run with pytest in one temporary
/// copy of the repository (the audited tree is never written), first without the diff, then with it applied, under
/// the gate sandbox (minimal environment, no network when `unshare -rn` works, the gate timeout). A diff whose tests
/// pass without it and fail with it is dropped and the drop is captured; every other outcome is told on the diff.
package enum DiffTestRunner {
    /// Test files run per diff (the first by path): enough to exercise the module, bounded in time.
    static let maxTestFiles = 8

    package static func run(_ diffs: [AtomicDiff], facts: RepositoryFacts, settings: AuditSettings) -> [AtomicDiff] {
        guard settings.runGates, diffs.contains(where: { !$0.scaffold }) else { return diffs }
        let selector = TestSelector(facts: facts)
        let plans = diffs.map { d in d.scaffold ? nil : selector.tests(importing: d.paths) }
        guard plans.contains(where: { !($0 ?? []).isEmpty }) else {
            return zip(diffs, plans).map { d, p in
                var d = d
                if p != nil { d.testRun = DiffTestRun(result: .noTests) }
                return d
            }
        }
        let fm = FileManager.default
        let base = fm.temporaryDirectory.appendingPathComponent("mlaudit-difftests-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: base) }
        let copy = base.appendingPathComponent("repo")
        let home = base.appendingPathComponent("home")
        do {
            try fm.createDirectory(at: home, withIntermediateDirectories: true)
            try GateRunner.copyTree(facts: facts, to: copy)
        } catch {
            facts.errors.record(
                step: .gates, error: "could not make a temporary copy of the repository: \(error.localizedDescription)",
                context: "the repository's tests run against diffs only in a temporary copy; none was run", path: nil)
            return diffs
        }
        let sandbox = Sandbox(
            dir: copy, env: GateRunner.environment(home: home), isolation: GateRunner.Isolation.probe(),
            hasTimeout: fm.isExecutableFile(atPath: "/usr/bin/timeout") || fm.isExecutableFile(atPath: "/bin/timeout"),
            timeout: settings.gateTimeout, errors: facts.errors, known: facts.secrets.known)
        var baselines: [[String]: GateRunner.GateOutcome] = [:]
        var collections: [[String]: Collection] = [:]
        var out: [AtomicDiff] = []
        for (diff, plan) in zip(diffs, plans) {
            var diff = diff
            guard let tests = plan else {
                out.append(diff)
                continue
            }
            if tests.isEmpty || facts.deadline.expired {
                diff.testRun = DiffTestRun(
                    result: tests.isEmpty ? .noTests : .notRun, tests: tests,
                    output: tests.isEmpty ? nil : "the time budget ran out")
                out.append(diff)
                continue
            }
            // Test files that cannot even be collected here (a dependency not installed) are set aside, so that
            // one file needing an absent framework does not stop the others from telling about the diff.
            let collected = collections[tests] ?? sandbox.collectable(tests)
            collections[tests] = collected
            guard !collected.runnable.isEmpty else {
                diff.testRun = DiffTestRun(
                    result: .notRun, command: GateSpec.shellJoin(command(tests)), tests: tests,
                    output: collected.note ?? "pytest collected no test")
                out.append(diff)
                continue
            }
            let runnable = collected.runnable
            let before = baselines[runnable] ?? sandbox.pytest(runnable)
            baselines[runnable] = before
            let run = sandbox.withPatch(diff.patch, base: base) { sandbox.pytest(runnable) }
            diff.testRun = outcome(tests: runnable, before: before, after: run)
            if let note = collected.note, let output = diff.testRun?.output {
                diff.testRun?.output = note + "\n" + output
            }
            if diff.testRun?.result == .broken {
                facts.errors.record(
                    step: .diffs,
                    error:
                        "\(diff.title): the repository's tests \(tests.joined(separator: ", ")) pass without the diff and fail with it (exit \(diff.testRun?.exitAfter.map(String.init) ?? "?"))",
                    context: "the diff is left out of the report; its fix needs a different shape here",
                    path: diff.paths.first)
                continue
            }
            out.append(diff)
        }
        return out
    }

    static func command(_ tests: [String]) -> [String] {
        ["python3", "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"] + tests
    }

    static func outcome(tests: [String], before: GateRunner.GateOutcome, after: GateRunner.GateOutcome?)
        -> DiffTestRun
    {
        let shown = GateSpec.shellJoin(command(tests))
        guard let after else {
            return DiffTestRun(
                result: .notRun, command: shown, tests: tests, output: "the diff did not apply to the temporary copy")
        }
        let output = after.output ?? before.output ?? ""
        let baseline = before.output ?? ""
        // pytest missing, nothing collected (exit 5), or the tests' own dependencies missing at collection says
        // nothing about the diff.
        let missing = Self.missingModule(in: baseline)
        if !before.ran || !after.ran || baseline.contains("No module named pytest") || before.exitCode == 5
            || (before.exitCode != 0 && missing != nil)
        {
            let why =
                baseline.contains("No module named pytest")
                ? "pytest is not installed for python3"
                : before.exitCode == 5
                    ? "pytest collected no test"
                    : missing.map { "their dependency `\($0)` is not installed here" } ?? output
            return DiffTestRun(
                result: .notRun, command: shown, tests: tests, exitBefore: before.exitCode, exitAfter: after.exitCode,
                output: why)
        }
        let result: DiffTestRun.Result =
            before.exitCode != 0 ? .failsWithoutDiff : after.exitCode == 0 ? .passed : .broken
        return DiffTestRun(
            result: result, command: shown, tests: tests, exitBefore: before.exitCode, exitAfter: after.exitCode,
            output: output)
    }

    /// The module a collection error names (`ModuleNotFoundError: No module named 'torch'` -> torch).
    static func missingModule(in output: String) -> String? {
        guard let r = output.range(of: "ModuleNotFoundError: No module named '") else { return nil }
        let rest = output[r.upperBound...]
        guard let end = rest.firstIndex(of: "'") else { return nil }
        let name = String(rest[..<end])
        return name.isEmpty || name.count > 100 ? nil : name
    }

    /// The test files pytest can collect here, and a sentence naming those it cannot and why.
    struct Collection {
        var runnable: [String]
        var note: String?
    }

    /// Reads a `pytest --collect-only --continue-on-collection-errors` transcript: the files with a collection error
    /// (`ERROR path - ModuleNotFoundError: No module named 'x'`) are set aside, grouped by the module they lack.
    static func collection(of tests: [String], transcript: String) -> Collection {
        var failed: [String: String] = [:]  // path -> why
        var section: String? = nil  // the file whose "ERROR collecting" section is being read
        var lacking: [String: String] = [:]  // path -> the module its section says is missing
        for line in transcript.split(separator: "\n").map(String.init) {
            if line.hasPrefix("_"), let r = line.range(of: " ERROR collecting ") {
                section = line[r.upperBound...].split(separator: " ").first.map(String.init)
                continue
            }
            if line.hasPrefix("===") { section = nil }
            if let path = section, lacking[path] == nil, let module = missingModule(in: line) {
                lacking[path] = module
            }
            guard line.hasPrefix("ERROR ") else { continue }
            let rest = line.dropFirst(6)
            let path = rest.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
            guard tests.contains(path) else { continue }
            let module = missingModule(in: String(rest)) ?? lacking[path]
            failed[path] = module.map { "`\($0)` is not installed here" } ?? "it fails to import"
        }
        guard !failed.isEmpty else { return Collection(runnable: tests, note: nil) }
        var byWhy: [String: [String]] = [:]
        for (path, why) in failed { byWhy[why, default: []].append(path) }
        let parts = byWhy.keys.sorted().map { why in
            "\(byWhy[why]!.sorted().map { "`\($0)`" }.joined(separator: ", ")) (\(why))"
        }
        let runnable = tests.filter { failed[$0] == nil }
        let lead =
            runnable.isEmpty ? "no selected test file can be collected here: " : "set aside, not collectable here: "
        return Collection(runnable: runnable, note: lead + parts.joined(separator: "; "))
    }

    struct Sandbox {
        var dir: URL
        var env: [String: String]
        var isolation: GateRunner.Isolation
        var hasTimeout: Bool
        var timeout: TimeInterval
        var errors: ErrorLog
        var known: KnownSecrets

        func pytest(_ tests: [String]) -> GateRunner.GateOutcome {
            let argv = DiffTestRunner.command(tests)
            let spec = GateSpec(
                kind: .pytest, steps: [argv], purpose: "the tests importing a diff's module", selection: .none)
            return GateRunner.runOne(
                spec, in: dir, env: env, isolation: isolation, hasTimeout: hasTimeout, timeout: timeout,
                errors: errors, known: known)
        }

        /// Which of `tests` pytest can collect (one `--collect-only` run; nothing executes beyond imports).
        func collectable(_ tests: [String]) -> Collection {
            var argv = ["python3", "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
            argv += ["--continue-on-collection-errors"] + tests
            var full = isolation.prefix + argv
            if hasTimeout { full = ["timeout", "-k", "5", String(max(1, Int(timeout)))] + full }
            guard
                let r = try? ProcessRunner.run(
                    full[0], Array(full.dropFirst()), in: dir, environment: env, timeout: timeout + 15,
                    maxOutput: 4 << 20), !r.timedOut
            else { return Collection(runnable: tests, note: nil) }
            return DiffTestRunner.collection(of: tests, transcript: r.stdoutText + "\n" + r.stderrText)
        }

        /// Applies `patch` to the copy, runs `body`, reverts the patch; nil when it does not apply.
        func withPatch(_ patch: String, base: URL, _ body: () -> GateRunner.GateOutcome) -> GateRunner.GateOutcome? {
            let file = base.appendingPathComponent("diff.patch")
            guard (try? Data(patch.utf8).write(to: file)) != nil,
                let applied = try? PatchVerifier.git(["apply", file.path], in: dir, ceiling: base),
                applied.exitCode == 0, !applied.timedOut
            else { return nil }
            let result = body()
            if let reverted = try? PatchVerifier.git(["apply", "-R", file.path], in: dir, ceiling: base),
                reverted.exitCode == 0
            {
                return result
            }
            errors.record(
                step: .gates, error: "could not revert a diff in the temporary copy after running its tests",
                context: "later diffs' test runs may see it; rerun with fewer diffs", path: nil)
            return result
        }
    }

    /// Test files whose imports name a module a diff touches.
    struct TestSelector {
        /// Per test file (sorted): the dotted module names its absolute imports name (`a.b`, and `a.b.c` for
        /// `from a.b import c`), and its relative imports resolved against its own package path.
        let imported: [(path: String, names: Set<String>)]

        init(facts: RepositoryFacts) {
            var rows: [(String, Set<String>)] = []
            for path in facts.python.keys.sorted() {
                guard let file = facts.snapshot.file(path), file.isTest, !file.isVendored, path.hasSuffix(".py"),
                    let module = facts.python[path]
                else { continue }
                var names: Set<String> = []
                let dir = path.split(separator: "/").dropLast().map(String.init)
                for imp in module.imports {
                    var stem = imp.module
                    if imp.level > 0 {
                        guard imp.level - 1 <= dir.count else { continue }
                        let parent = dir.dropLast(imp.level - 1).joined(separator: ".")
                        stem = [parent, imp.module].filter { !$0.isEmpty }.joined(separator: ".")
                    }
                    if !stem.isEmpty { names.insert(stem) }
                    if imp.isFrom {
                        for n in imp.names where n.name != "*" {
                            names.insert(stem.isEmpty ? n.name : stem + "." + n.name)
                        }
                    }
                }
                rows.append((path, names))
            }
            imported = rows
        }

        /// The dotted names a repository path may be imported as: every suffix of its path, the top-level
        /// `x.py` included, a package's `__init__.py` as the package, never a bare one-word name of a nested file.
        static func importNames(of path: String) -> [String] {
            guard path.hasSuffix(".py") else { return [] }
            var parts = path.dropLast(3).split(separator: "/").map(String.init)
            if parts.last == "__init__" { parts.removeLast() }
            guard !parts.isEmpty else { return [] }
            if parts.count == 1 { return parts }
            return (0..<(parts.count - 1)).map { parts[$0...].joined(separator: ".") }
        }

        /// Up to `maxTestFiles` test files importing a touched module; nil when the diff touches no Python file.
        func tests(importing paths: [String]) -> [String]? {
            let wanted = Set(paths.filter { !PathRoles.isTest($0) }.flatMap(Self.importNames))
            guard !wanted.isEmpty else { return nil }
            let hits = imported.filter { !$0.names.isDisjoint(with: wanted) }.map(\.path)
            return Array(hits.prefix(DiffTestRunner.maxTestFiles))
        }
    }
}
