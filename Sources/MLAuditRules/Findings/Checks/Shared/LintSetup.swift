import Foundation
import MLAuditFacts
import MLAuditKit

/// What the repository's own linters already decide and already run, read from the facts' parsed configuration
/// (pyproject.toml, ruff.toml, .ruff.toml, setup.cfg, .flake8, tox.ini, .pylintrc, pylintrc: the one TOML/INI reader)
/// and from the commands that run them (pre-commit hooks, Makefile recipes, CI steps, tox commands).
///
/// A check whose rule the project ignores project-wide reports nothing (the maintainers decided it), and a scaffold
/// that duplicates what a linter the repository runs already does is not proposed.
package enum LintSetup {
    /// One lint rule under its names: ruff/flake8/pycodestyle codes and pylint message names and ids.
    package struct Rule: Sendable {
        package var codes: Set<String>
        package var pylint: Set<String>
    }

    /// Bare `except:` (pycodestyle/ruff E722, pylint bare-except / W0702).
    package static let bareExcept = Rule(codes: ["E722"], pylint: ["bare-except", "W0702"])

    /// Root configuration files read for linter settings.
    static let settingsFiles = [
        "pyproject.toml", "ruff.toml", ".ruff.toml", "setup.cfg", ".flake8", "tox.ini", ".pylintrc", "pylintrc",
    ]

    /// The setting that turns `rule` off for `path` ("pyproject.toml:62 `[tool.ruff.lint] ignore`"), nil when none
    /// does. Only an explicit ignore counts: a rule the linter merely does not select is not a decision.
    package static func ignoring(_ rule: Rule, for path: String, facts: RepositoryFacts) -> String? {
        for file in settingsFiles {
            for e in entries(file, facts) {
                let key = e.keyPath.lowercased()
                let tokens = codes(in: e.value)
                if isIgnoreKey(key, file: file), tokens.contains(where: { matches($0, rule) }) {
                    return "\(file):\(e.line) `\(e.keyPath)`"
                }
                if let glob = perFileGlob(e, key: key, file: file), PathGlob.matches(glob, path),
                    tokens.contains(where: { matches($0, rule) })
                {
                    return "\(file):\(e.line) `\(e.keyPath)`"
                }
                // flake8 INI per-file-ignores: continuation lines `path/*.py: E722,F401`
                if file != "pyproject.toml",
                    key.hasSuffix("flake8.per-file-ignores")
                        || key.hasSuffix(
                            "flake8.per_file_ignores"),
                    let colon = e.value.firstIndex(of: ":")
                {
                    let glob = e.value[..<colon].trimmingCharacters(in: .whitespaces)
                    if !glob.isEmpty, PathGlob.matches(glob, path),
                        codes(in: String(e.value[e.value.index(after: colon)...])).contains(where: { matches($0, rule) }
                        )
                    {
                        return "\(file):\(e.line) `\(e.keyPath)`"
                    }
                }
                // pylint's `disable=all` followed by an `enable=` list is a selection, not a decision about this rule:
                // only the rule's own name or id counts.
                if key.hasSuffix("disable") && isPylintSection(key, file: file),
                    tokens.contains(where: { rule.pylint.map { $0.uppercased() }.contains($0) })
                {
                    return "\(file):\(e.line) `\(e.keyPath)`"
                }
            }
        }
        return nil
    }

    /// The root file's entries; `pylintrc` (no extension) is scanned as INI here, the snapshot does not classify it.
    static func entries(_ file: String, _ facts: RepositoryFacts) -> [ConfigEntry] {
        let parsed = facts.config.entries(in: file)
        if !parsed.isEmpty || file != "pylintrc" { return parsed }
        return facts.text(file).map { TOMLConfigReader.scanINI(text: $0, path: file) } ?? []
    }

    /// `ignore` / `extend-ignore` of ruff (pyproject `[tool.ruff]`, `[tool.ruff.lint]`; ruff.toml top level or
    /// `[lint]`) and of flake8 (`[flake8]` in setup.cfg, .flake8, tox.ini).
    static func isIgnoreKey(_ key: String, file: String) -> Bool {
        let names = ["ignore", "extend-ignore", "extend_ignore"]
        switch file {
        case "pyproject.toml":
            return names.contains { key == "tool.ruff.\($0)" || key == "tool.ruff.lint.\($0)" }
        case "ruff.toml", ".ruff.toml":
            return names.contains { key == $0 || key == "lint.\($0)" }
        case "setup.cfg", ".flake8", "tox.ini":
            return names.contains { key == "flake8.\($0)" }
        default:
            return false
        }
    }

    /// The glob of a ruff `per-file-ignores` table entry (`"**/__init__.py" = ["E501"]`), nil for other entries.
    static func perFileGlob(_ e: ConfigEntry, key: String, file: String) -> String? {
        let tables: [String]
        switch file {
        case "pyproject.toml": tables = ["tool.ruff.per-file-ignores.", "tool.ruff.lint.per-file-ignores."]
        case "ruff.toml", ".ruff.toml": tables = ["per-file-ignores.", "lint.per-file-ignores."]
        default: return nil
        }
        return tables.contains(where: key.hasPrefix) ? e.key : nil
    }

    static func isPylintSection(_ key: String, file: String) -> Bool {
        switch file {
        case "pyproject.toml": return key.hasPrefix("tool.pylint")
        case ".pylintrc", "pylintrc": return true
        case "setup.cfg", "tox.ini": return key.hasPrefix("pylint")
        default: return false
        }
    }

    /// The rule codes or names a value lists, upper-cased (`"E722,W503  # bare"` -> E722, W503).
    static func codes(in value: String) -> [String] {
        let text = value.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return text.split(whereSeparator: { ", \t\"'[]".contains($0) }).map { $0.uppercased() }
    }

    /// A ruff/flake8 ignore entry matches the rule: the code itself or a prefix of it (`E7`, `E`).
    static func matches(_ token: String, _ rule: Rule) -> Bool {
        guard let first = token.first, first.isLetter, token.count >= 1, token != "ALL" else { return false }
        return rule.codes.contains { $0.hasPrefix(token) }
    }

    // MARK: Tools the repository already runs

    /// Linters and formatters that parse every Python file they are given (a syntax error fails them).
    static let parsingTools: Set<String> = ["ruff", "black", "flake8", "pylint", "pyflakes", "yapf", "autopep8"]
    /// pre-commit hook ids that parse Python: the tools' own hooks and pre-commit-hooks' `check-ast`.
    static let parsingHooks: Set<String> = [
        "ruff", "ruff-check", "ruff-format", "black", "black-jupyter", "flake8", "pylint", "pyflakes", "yapf",
        "autopep8", "check-ast",
    ]
    /// pre-commit hook ids that load every YAML file and reject duplicate keys (pre-commit-hooks' `check-yaml`
    /// uses ruamel, which refuses a duplicate key; yamllint's `key-duplicates` rule is on by default).
    static let yamlHooks: Set<String> = ["check-yaml", "yamllint"]

    /// Where the repository already runs a tool that parses every Python file ("`.pre-commit-config.yaml:24`
    /// hook `black`", "Makefile:10 `ruff check .`"), nil when it runs none.
    package static func pythonParser(_ facts: RepositoryFacts) -> String? {
        if let hook = hook(in: parsingHooks, facts) { return hook }
        let tox = facts.config.entries(in: "tox.ini").filter { $0.key == "commands" && !$0.value.isEmpty }.map {
            ShellCommandLine(path: $0.path, line: $0.line, text: $0.value)
        }
        for c in facts.config.commands + tox {
            let words = c.text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ";" || $0 == "&" }).map {
                $0.lowercased()
            }
            // `ruff check src`, `python -m black --check .`, `flake8 lm_eval`
            guard let i = words.firstIndex(where: { parsingTools.contains(($0 as NSString).lastPathComponent) })
            else { continue }
            let tool = (words[i] as NSString).lastPathComponent
            // `pip install black` installs it; `ruff rule E722` and the like read no file
            if words.contains("install") || words.contains("uninstall") { continue }
            if tool == "ruff", i + 1 < words.count,
                ["rule", "config", "linter", "version", "clean", "server", "help", "--version"].contains(words[i + 1])
            {
                continue
            }
            // cited from the tool's name on: `ruff check src`, not the shell wrapped around it
            let text =
                c.text.range(of: words[i], options: .caseInsensitive).map { c.text[$0.lowerBound...] } ?? c.text[...]
            return "\(c.path):\(c.line) `\(text.trimmingCharacters(in: .whitespaces).prefix(60))`"
        }
        return nil
    }

    /// Where the repository already loads every YAML file rejecting duplicate keys (a pre-commit `check-yaml` or
    /// `yamllint` hook, or yamllint run by a command), nil when nothing does.
    package static func yamlDuplicateKeyCheck(_ facts: RepositoryFacts) -> String? {
        if let hook = hook(in: yamlHooks, facts) { return hook }
        for c in facts.config.commands where c.text.split(separator: " ").first.map({ $0 == "yamllint" }) == true {
            return "\(c.path):\(c.line) `\(c.text.trimmingCharacters(in: .whitespaces).prefix(60))`"
        }
        return nil
    }

    private static func hook(in ids: Set<String>, _ facts: RepositoryFacts) -> String? {
        for file in [".pre-commit-config.yaml", ".pre-commit-config.yml"] {
            if let e = facts.config.preCommitHooks(in: file).first(where: { ids.contains($0.value.lowercased()) }) {
                return "\(file):\(e.line) hook `\(e.value)`"
            }
        }
        return nil
    }
}
