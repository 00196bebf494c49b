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
            let before = baselines[tests] ?? sandbox.pytest(tests)
            baselines[tests] = before
            let run = sandbox.withPatch(diff.patch, base: base) { sandbox.pytest(tests) }
            diff.testRun = outcome(tests: tests, before: before, after: run)
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
