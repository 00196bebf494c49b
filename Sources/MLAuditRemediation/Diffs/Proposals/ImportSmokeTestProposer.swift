import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// Scaffold: every module of the repository's package imports (circular imports and missing required
/// dependencies fail; an optional third-party dependency that is not installed skips its module).
package struct ImportSmokeTestProposer: DiffProposer {
    package let code = DiffCode.mld217
    package let findings: [FindingCode] = []
    package let subfeatures: [Subfeature] = []

    /// A test about imports (`test_pipeline_imports`, `test_module_imports`) that imports modules by name
    /// (`importlib.import_module`, `__import__`) is the repository's own import check: a second one duplicates it. An
    /// `import_module` elsewhere in the tests (a worker loading a script, a plugin fixture) is not.
    package func duplicates(_ context: FindingContext) -> String? {
        for m in context.facts.code.tests {
            // The enclosing test's name first: resolving every call of every test module through its imports
            // costs more.
            if let c = m.calls.first(where: { c in
                c.enclosingFunction.map {
                    let name = $0.lastComponent.lowercased()
                    return name.hasPrefix("test") && name.contains("import")
                } == true
                    && ["importlib.import_module", "__import__"].contains(context.resolve(c.callee, in: m))
            }) {
                return "\(m.path):\(c.line) `\(c.callee)(...)`"
            }
        }
        return nil
    }

    package func propose(_ context: FindingContext) -> DiffProposal? {
        let modules = context.productModules.compactMap { ScaffoldPlace.importPath($0.path, context) }
        let roots = Set(modules.map { String($0.split(separator: ".")[0]) })
            .subtracting([
                "examples", "example", "scripts", "tools", "benchmarks", "docs", "tests", "test", "notebooks",
            ])
        guard
            let package = roots.max(by: { a, b in
                (modules.filter { $0.hasPrefix(a) }.count, b) < (modules.filter { $0.hasPrefix(b) }.count, a)
            }),
            modules.filter({ $0.hasPrefix(package + ".") || $0 == package }).count >= 2
        else { return nil }
        let dir = ScaffoldPlace.testsDirectory(context)
        let path = "\(dir)/test_\(package)_imports.py"
        guard context.isFree(path) else { return nil }
        let sample = QualityGates.testFiles(context).first?.path ?? context.productModules[0].path
        let style = ScaffoldPlace.style(context, sample: sample)
        let q = style.quote
        let u = style.indent
        let body =
            [
                "\(q)\(q)\(q)Every module of `\(package)` imports: circular imports and missing required dependencies fail here.\(q)\(q)\(q)",
                "import importlib", "import pkgutil", "", "import pytest", "", "import \(package)", "",
                "MODULES = sorted(m.name for m in pkgutil.walk_packages(\(package).__path__, \(q)\(package).\(q)))", "",
                "",
                "@pytest.mark.parametrize(\(q)name\(q), MODULES)",
                "def test_module_imports(name):",
                u + "try:",
                u + u + "importlib.import_module(name)",
                u + "except ModuleNotFoundError as error:",
                u + u + "if error.name and error.name.split(\(q).\(q))[0] == \(q)\(package)\(q):",
                u + u + u + "raise",
                u + u + "pytest.skip(f\(q)optional dependency {error.name} is not installed\(q))",
            ].joined(separator: "\n") + "\n"
        return DiffProposal(
            title: "Add `\(path)`: every `\(package)` module imports",
            why:
                "Users import `\(package)` module by module; a circular import or a module that needs an undeclared dependency breaks only the users who import it. This test imports each of the package's modules once.",
            risk:
                "None for the code (a new test). Importing runs module-level code; a module that starts work at import time shows up here (which is worth knowing).",
            rollback: FindingContext.rollback(modified: [], created: [path]),
            testsDocs: "This is the test: `python -m pytest -q \(path)`.",
            files: [DiffProposal.File(path: path, original: nil, updated: body)],
            // The first test target of a repository without tests adds its pytest target.
            subfeatures: QualityGates.testFiles(context).isEmpty ? [.pytestTargets] : [])
    }
}
