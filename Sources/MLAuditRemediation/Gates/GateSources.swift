import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// Reads gate definitions from configuration files: pytest, coverage, tox, Makefile and pre-commit.
/// (nox sessions live in `NoxSessions`.) Every gate cites the line that defines it.
package enum GateSources {
    /// The file's sections through the one INI / TOML reader (`TOMLConfigReader`); `text` when the snapshot
    /// holds none (a config name the snapshot does not read as text is read through the capped reader).
    package static func sections(_ file: String, _ facts: RepositoryFacts) -> [ConfigSection] {
        guard
            let text = facts.text(file)
                ?? SafeFileReader.text(root: facts.root.path, relative: file, limit: 1 << 20)
        else { return [] }
        return file.hasSuffix(".toml")
            ? TOMLConfigReader.tomlSections(text: text, path: file)
            : TOMLConfigReader.iniSections(text: text, path: file)
    }

    package static func listItems(_ raw: String) -> [String] {
        raw.replacingOccurrences(of: "[", with: " ").replacingOccurrences(of: "]", with: " ")
            .split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" })
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"' ")) }.filter { !$0.isEmpty }
    }

    // MARK: pytest

    package static let pytestSections: [String: Set<String>] = [
        "pyproject.toml": ["tool.pytest.ini_options", "tool.pytest"], "pytest.ini": ["pytest"],
        "setup.cfg": ["tool:pytest"], "tox.ini": ["pytest"],
    ]

    /// The pytest configuration (root files only), with `testpaths` and `--cov-fail-under` when set.
    package static func pytest(_ facts: RepositoryFacts) -> GateSpec? {
        for file in ["pytest.ini", "pyproject.toml", "setup.cfg", "tox.ini"] {
            guard facts.snapshot.file(file) != nil, let names = pytestSections[file] else { continue }
            guard let s = sections(file, facts).first(where: { names.contains($0.name) }) else { continue }
            let paths = s.value("testpaths").map { listItems($0.0) } ?? []
            var purpose = "Runs the pytest suite configured in \(file) [\(s.name)]"
            if !paths.isEmpty { purpose += " (testpaths: \(paths.joined(separator: ", ")))" }
            if let add = s.value("addopts")?.0,
                let r = add.range(of: #"--cov-fail-under[= ](\d+)"#, options: .regularExpression)
            {
                purpose += "; addopts enforce \(add[r])"
            } else if let add = s.value("addopts")?.0, add.contains("--cov") {
                purpose += "; addopts measure coverage (pytest-cov) without a fail-under threshold"
            }
            return GateSpec(
                kind: .pytest, steps: [["python", "-m", "pytest", "-q"]], purpose: purpose,
                selection: paths.isEmpty ? .allTests : .paths(paths), source: facts.evidence(file, s.line))
        }
        return nil
    }

    // MARK: coverage

    /// Coverage configuration: `.coveragerc`, `[tool.coverage.*]`, `[coverage:*]`; the gate enforces `fail_under` when set.
    package static func coverage(_ facts: RepositoryFacts) -> GateSpec? {
        var place: Evidence? = nil
        var failUnder: String? = nil
        for (file, prefix) in [
            (".coveragerc", ""), ("pyproject.toml", "tool.coverage."), ("setup.cfg", "coverage:"),
            ("tox.ini", "coverage:"),
        ] {
            guard facts.snapshot.file(file) != nil else { continue }
            for s in sections(file, facts) where s.line > 0 && (prefix.isEmpty || s.name.hasPrefix(prefix)) {
                if place == nil { place = Evidence(path: file, line: s.line, text: "[\(s.name)]") }
                if let (v, n) = s.value("fail_under") {
                    failUnder = v
                    place = Evidence(path: file, line: n, text: "fail_under = \(v)")
                }
            }
            if place != nil { break }
        }
        guard let source = place else { return nil }
        let purpose =
            failUnder.map { "Measures test coverage and fails under \($0)% (fail_under in \(source.path))" }
            ?? "Measures test coverage (configured in \(source.path); no fail_under threshold, so it never fails on coverage)"
        return GateSpec(
            kind: .coverage,
            steps: [
                ["python", "-m", "coverage", "run", "-m", "pytest", "-q"], ["python", "-m", "coverage", "report"],
            ],
            purpose: purpose, selection: .allTests, source: source)
    }

    // MARK: tox

    package static func tox(_ facts: RepositoryFacts) -> [GateSpec] {
        var out: [GateSpec] = []
        for file in ["tox.ini", "pyproject.toml", "setup.cfg"] where facts.snapshot.file(file) != nil {
            let secs = sections(file, facts)
            let envlist = secs.first { $0.name == "tox" || $0.name == "tool.tox" }.flatMap {
                $0.value("envlist") ?? $0.value("env_list")
            }
            for s in secs {
                var env: String? = nil
                if s.name.hasPrefix("testenv:") {
                    env = String(s.name.dropFirst("testenv:".count))
                } else if s.name.hasPrefix("tool.tox.env.") {
                    env = String(s.name.dropFirst("tool.tox.env.".count))
                } else if s.name == "testenv" || s.name == "tool.tox.env_run_base" {
                    env = ""
                }
                guard let name = env else { continue }
                let commands = (s.value("commands")?.0 ?? "")
                let role = CommandRole.of(commands)
                var selection = GateSpec.Selection.none
                if case .tests(let p) = role { selection = p.isEmpty ? .allTests : .paths(p) }
                if name.isEmpty {
                    let envs = envlist.map { listItems($0.0).joined(separator: ", ") } ?? "the default environments"
                    out.append(
                        GateSpec(
                            kind: .tox, steps: [["tox"]],
                            purpose:
                                "Runs every tox environment of envlist (\(envs)): \(commands.isEmpty ? "no commands set" : commands)",
                            selection: selection, source: facts.evidence(file, s.line),
                            baseCategories: [.infrastructure]))
                } else {
                    out.append(
                        GateSpec(
                            kind: .tox, steps: [["tox", "-e", name]],
                            purpose:
                                "tox environment \(name): \(commands.isEmpty ? "inherits [testenv] commands" : commands)",
                            selection: selection, source: facts.evidence(file, s.line),
                            baseCategories: [.infrastructure]))
                }
            }
            if !out.isEmpty { break }
        }
        return out
    }

    // MARK: Makefile

    /// Targets whose recipes run tests or non-mutating linters.
    package static func make(_ facts: RepositoryFacts) -> [GateSpec] {
        guard let file = ["Makefile", "makefile", "GNUmakefile"].first(where: { facts.snapshot.file($0) != nil }) else {
            return []
        }
        guard let makefile = facts.config.makefiles[file] else { return [] }
        var out: [GateSpec] = []
        for rule in makefile.targets
        where rule.name.range(of: #"^[A-Za-z0-9_][A-Za-z0-9_.-]*$"#, options: .regularExpression) != nil {
            let target = rule.name
            let defLine = rule.line
            let source = facts.evidence(rule.path, defLine)
            let recipe = rule.recipeTexts.map { makefile.expand($0, target: target) }
            let roles = recipe.map { CommandRole.of(stripMakeVariables($0)) }
            var testPaths: [String] = []
            var runsTests = false
            var lints = false
            var mutates = false
            for r in roles {
                switch r {
                case .tests(let p):
                    runsTests = true
                    testPaths += p
                case .lint: lints = true
                case .mutating: mutates = true
                case .other: break
                }
            }
            guard (runsTests || lints) && !mutates else { continue }
            let shown =
                recipe.prefix(2).map { stripMakeVariables($0) }.joined(separator: "; ")
                + (recipe.count > 2 ? "; ..." : "")
            var purpose = "Makefile target \(target): \(shown)"
            let absent = testPaths.filter { !exists($0, facts) }
            if !absent.isEmpty {
                purpose += " (selects \(absent.joined(separator: ", ")), which is not in the repository)"
            }
            let needsGPU =
                recipe.joined(separator: " ").range(of: #"gpu|GPU|cuda"#, options: .regularExpression) != nil
                || target.lowercased().contains("gpu")
            if needsGPU {
                purpose += " (needs a GPU: selected tests are skipped or fail on a CPU-only machine)"
            }
            out.append(
                GateSpec(
                    kind: .make, steps: [["make", target]], purpose: purpose,
                    selection: runsTests ? (testPaths.isEmpty ? .allTests : .paths(testPaths)) : .none,
                    source: source,
                    baseCategories: lints || !runsTests ? [.infrastructure] : [],
                    needsGPU: needsGPU, selectsAbsentPaths: !absent.isEmpty))
        }
        // The conventional entry points (`make test`, `make quality`) first, GPU-only targets last; at most ten.
        let main = { (g: GateSpec) in
            ["make test", "make tests", "make check", "make quality", "make lint"].contains(g.command)
        }
        return Array(
            (out.filter(main) + out.filter { !main($0) && !$0.needsGPU } + out.filter { !main($0) && $0.needsGPU })
                .prefix(10))
    }

    /// A path a command selects exists in the snapshot: `./tests/`, `tests/test_x.py::test_y` and `tests` all name
    /// `tests`; globs are not checked (never reported missing).
    static func exists(_ raw: String, _ facts: RepositoryFacts) -> Bool {
        var p = raw
        if let sel = p.range(of: "::") { p = String(p[..<sel.lowerBound]) }
        while p.hasPrefix("./") { p.removeFirst(2) }
        while p.hasSuffix("/") { p.removeLast() }
        if p.isEmpty || p == "." || p.contains("*") || p.contains("?") || p.hasPrefix("/") { return true }
        return facts.files.contains { $0.path == p || $0.path.hasPrefix(p + "/") }
    }

    /// `$(if $(X),--flag,)` and `$(VAR)` removed, so the role and shown text describe what runs locally.
    package static func stripMakeVariables(_ s: String) -> String {
        var t = s
        while let r = t.range(of: #"\$\([^()]*\)"#, options: .regularExpression) { t.replaceSubrange(r, with: "") }
        return t.trimmingCharacters(in: CharacterSet(charactersIn: "@- ")).replacingOccurrences(of: "  ", with: " ")
    }

    // MARK: pre-commit

    package static func preCommit(_ facts: RepositoryFacts) -> GateSpec? {
        let file = ".pre-commit-config.yaml"
        guard facts.snapshot.file(file) != nil else { return nil }
        let hooks = facts.config.preCommitHooks(in: file).map { ($0.value, $0.line) }
        guard let first = hooks.first else { return nil }
        let ids = hooks.map(\.0)
        let shown = ids.prefix(8).joined(separator: ", ") + (ids.count > 8 ? ", ..." : "")
        return GateSpec(
            kind: .preCommit, steps: [["pre-commit", "run", "--all-files"]],
            purpose:
                "pre-commit hooks (\(ids.count)): \(shown); offline runs need the hook environments already cached",
            selection: .none, source: facts.evidence(file, first.1), baseCategories: [.infrastructure])
    }
}
