import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// A console or GUI script declared by the package (`[project.scripts]`, `[project.gui-scripts]`,
/// `[tool.poetry.scripts]`, setup.cfg `[options.entry_points]`, setup.py `entry_points`) names `module:function`
/// where the module is not in the repository (at its path from the root or under `src/`) or defines and imports no
/// such name: `pip install` succeeds and the command fails with ModuleNotFoundError or ImportError. Conservative: a
/// module whose top-level package is nowhere in the tree is reported only when no `package_dir` mapping could put it
/// elsewhere; a compiled or generated module (`.pyx`, `.so`, a stub), a star import or a module `__getattr__` is
/// taken to provide any name.
package struct DanglingEntryPointCheck: FindingCheck {
    package let code = FindingCode.mla141
    package let severity = Severity.high
    package let capability: Capability? = .deployment
    package let summary = "A declared console script points at a module or function the repository does not have."
    package let why =
        "pip installs the command, and running it fails at once with ModuleNotFoundError or ImportError: the documented entry point is broken for every user."
    package let fix = "Point the script at the module and function that exist now (or restore the function)."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "pyproject.toml":
                        "[project]\nname = \"pkg\"\n[project.scripts]\npkg-train = \"pkg.train:main\"\npkg-eval = \"pkg.evaluate:main\"\n",
                    "pkg/__init__.py": "", "pkg/train.py": "def run():\n    pass\n",
                ], needsPythonReader: true),
            FindingExample(
                [
                    "setup.py":
                        "from setuptools import setup\nsetup(name='pkg', entry_points={'console_scripts': ['pkg = pkg.cli:main']})\n",
                    "pkg/__init__.py": "",
                ], needsPythonReader: true),
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "pyproject.toml":
                        "[project]\nname = \"pkg\"\n[project.scripts]\na = \"pkg.cli:main\"\nb = \"pkg.tools:run\"\nc = \"pkg.fast:go\"\nd = \"pkg:entry\"\ne = \"pkg.cli:App.run\"\n",
                    "src/pkg/__init__.py": "from .cli import main as entry\n",
                    "src/pkg/cli.py": "class App:\n    pass\ndef main():\n    pass\n",
                    "src/pkg/tools.py": "from pkg.impl import run\n", "src/pkg/fast.pyx": "def go():\n    pass\n",
                ], needsPythonReader: true),
            // A package_dir mapping may put an unknown top-level package anywhere: not judged.
            FindingExample(
                [
                    "setup.py":
                        "from setuptools import setup\nsetup(name='x', package_dir={'x': 'lib/x'}, entry_points={'console_scripts': ['x = x.main:cli']})\n",
                    "lib/x/__init__.py": "", "lib/x/main.py": "def cli():\n    pass\n",
                ], needsPythonReader: true),
        ]
    }

    /// One declared script: `name = module:attribute` at a declaration line.
    package struct Script: Sendable, Equatable {
        package var name: String
        package var module: String
        package var attribute: String
        package var path: String
        package var line: Int
    }

    static let specPattern =
        #"^\s*([A-Za-z0-9][\w.\-]*)\s*=\s*([A-Za-z_][\w.]*)\s*:\s*([A-Za-z_][\w.]*)\s*(\[[^\]]*\])?\s*$"#

    /// `name = module:attribute` (extras allowed), or nil.
    static func parse(_ spec: String, name: String? = nil) -> (String, String, String)? {
        let text = name.map { "\($0) = \(spec)" } ?? spec
        guard text.range(of: specPattern, options: .regularExpression) != nil else { return nil }
        let eq = text.firstIndex(of: "=")!
        let n = text[..<eq].trimmingCharacters(in: .whitespaces)
        var target = text[text.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        if let bracket = target.firstIndex(of: "[") { target = target[..<bracket].trimmingCharacters(in: .whitespaces) }
        let parts = target.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2 else { return nil }
        return (n, parts[0], parts[1])
    }

    /// Every declared console or GUI script of the root's packaging files.
    package static func scripts(_ context: FindingContext) -> [Script] {
        let facts = context.facts
        var out: [Script] = []
        for path in ["pyproject.toml", "setup.cfg"] where facts.snapshot.file(path) != nil {
            for e in facts.builtConfig.entries(in: path) {
                let k = e.keyPath
                if path == "pyproject.toml",
                    k.hasPrefix("project.scripts.") || k.hasPrefix("project.gui-scripts.")
                        || k.hasPrefix("tool.poetry.scripts."),
                    let (n, m, a) = parse(e.value, name: e.key)
                {
                    out.append(Script(name: n, module: m, attribute: a, path: path, line: e.line))
                }
                if path == "setup.cfg",
                    k == "options.entry_points.console_scripts" || k == "options.entry_points.gui_scripts",
                    let (n, m, a) = parse(e.value)
                {
                    out.append(Script(name: n, module: m, attribute: a, path: path, line: e.line))
                }
            }
        }
        if facts.snapshot.file("setup.py") != nil, let module = facts.python["setup.py"],
            facts.text("setup.py").map({ $0.contains("console_scripts") || $0.contains("gui_scripts") }) == true
        {
            for s in module.strings where !s.isDocstring {
                if let (n, m, a) = parse(s.value) {
                    out.append(Script(name: n, module: m, attribute: a, path: "setup.py", line: s.line))
                }
            }
        }
        return out
    }

    /// Why `script` fails, or nil when it resolves (or cannot be judged).
    package static func problem(_ script: Script, _ context: FindingContext) -> String? {
        let facts = context.facts
        guard let file = InstalledPackages.file(ofModule: script.module, context) else {
            let parts = script.module.split(separator: ".").map(String.init)
            let top = parts[0]
            let topExists = InstalledPackages.file(ofModule: top, context) != nil
            if !topExists {
                // The package may be mapped elsewhere (`package_dir`, `package-dir`, poetry `from`), or built.
                let mapped = ["setup.py", "setup.cfg", "pyproject.toml"].contains { p in
                    facts.text(p).map {
                        $0.contains("package_dir") || $0.contains("package-dir") || $0.contains("from =")
                    }
                        ?? false
                }
                if mapped { return nil }
            }
            // A compiled or generated module of that name (`.pyx`, `.so`, `.pyi`) provides it.
            let rel = parts.joined(separator: "/")
            if facts.files.contains(where: {
                ($0.path.hasPrefix(rel + ".") || $0.path.hasPrefix("src/" + rel + "."))
            }) {
                return nil
            }
            return "module `\(script.module)` is not in the repository"
        }
        guard let module = facts.python[file] else { return nil }
        let name = String(script.attribute.split(separator: ".").first ?? "")
        if module.imports.contains(where: { $0.names.contains { $0.name == "*" } }) { return nil }
        if module.functions.contains(where: { $0.qualifiedName == "__getattr__" }) { return nil }
        let defined =
            module.functions.contains { $0.qualifiedName == name }
            || module.classes.contains { $0.qualifiedName == name }
            || module.assignments.contains { $0.enclosingFunction == nil && $0.target == name }
            || module.imports.contains { imp in
                imp.names.contains { ($0.alias ?? $0.name) == name }
                    || (imp.alias ?? String(imp.module.split(separator: ".").first ?? "")) == name
            }
        return defined ? nil : "`\(file)` defines no `\(name)`"
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let broken = Self.scripts(context).compactMap { s in Self.problem(s, context).map { (s, $0) } }
        guard !broken.isEmpty else { return [] }
        let shown = broken.prefix(3).map { "`\($0.0.name)` → \($0.0.module):\($0.0.attribute): \($0.1)" }
        return [
            FindingHit(
                title:
                    "\(broken.count) declared console script(s) point nowhere (\(shown.joined(separator: "; "))\(broken.count > 3 ? "; +\(broken.count - 3) more" : ""))",
                evidence: broken.map { context.facts.evidence($0.0.path, $0.0.line) }, strength: .configuration)
        ]
    }
}
