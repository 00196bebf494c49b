import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// Scaffold: a pytest target that byte-compiles every Python file of the repository (without importing it, so
/// training scripts do not run). For a repository without tests it is the first target; with tests, it covers the
/// scripts no test imports. Placed in the repository's own tests folder, in the style of its test files.
package struct SmokeTestProposer: DiffProposer {
    package let code = DiffCode.mld207
    package let findings: [FindingCode] = [.mla112]
    package let subfeatures: [Subfeature] = [.pytestTargets]

    /// A linter or formatter the repository already runs (ruff, black, flake8, a `check-ast` hook) parses every file
    /// and fails on a syntax error: the test would duplicate it.
    package func duplicates(_ context: FindingContext) -> String? { LintSetup.pythonParser(context.facts) }

    package func propose(_ context: FindingContext) -> DiffProposal? {
        let tests = QualityGates.testFiles(context)
        let dir = ScaffoldPlace.testsDirectory(context)
        let path = dir + "/test_compile_smoke.py"
        guard context.isFree(path) else { return nil }
        let product = context.files { $0.kind == .python && !$0.isTest && $0.path.hasSuffix(".py") }
        guard !product.isEmpty else { return nil }
        let style = ScaffoldPlace.style(
            context, sample: tests.first?.path ?? product.first { !$0.path.contains("/") }?.path ?? product[0].path)
        let q = style.quote
        let unit = style.indent
        let depth = path.split(separator: "/").count - 1
        let skipped = [
            ".git", ".venv", "venv", "build", "dist", "node_modules", "site-packages", ".tox", ".nox", "third_party",
            "vendor",
        ]
        .map { "\(q)\($0)\(q)" }
        let body =
            [
                "\(q)\(q)\(q)Smoke test: every Python file of the repository compiles (nothing is imported or run).\(q)\(q)\(q)",
                "import pathlib", "import py_compile", "", "import pytest", "",
                "ROOT = pathlib.Path(__file__).resolve().parents[\(depth)]",
                "SKIPPED = {\(skipped.joined(separator: ", "))}",
                "SOURCES = sorted(p for p in ROOT.rglob(\(q)*.py\(q)) if not SKIPPED.intersection(p.relative_to(ROOT).parts))",
                "", "",
                "@pytest.mark.parametrize(\(q)path\(q), SOURCES, ids=lambda p: str(p.relative_to(ROOT)))",
                "def test_source_compiles(path, tmp_path):",
                unit + "py_compile.compile(str(path), cfile=str(tmp_path / \(q)out.pyc\(q)), doraise=True)",
            ].joined(separator: "\n") + "\n"
        let why =
            tests.isEmpty
            ? "The repository has \(product.count) Python file(s) and no test at all, so nothing gates a change; this test needs no fixtures or GPU, imports nothing (training scripts do not run) and fails on any syntax error, giving `pytest` a target to grow from."
            : "The \(tests.count) test file(s) import the package, so a syntax error in one of the \(product.count) scripts, examples or tools no test imports reaches users first; this test compiles each without running it."
        return DiffProposal(
            title: "Add `\(path)`: every Python file compiles",
            why: why,
            risk:
                "None for the code (a new file). A file that is not valid Python for the interpreter running the tests fails its case; add its folder to SKIPPED.",
            rollback: FindingContext.rollback(modified: [], created: [path]),
            testsDocs: "This is the test: `python -m pytest -q \(path)` (no GPU, no network).",
            files: [DiffProposal.File(path: path, original: nil, updated: body)],
            // The first test target of a repository without tests adds its pytest target.
            subfeatures: tests.isEmpty ? [.pytestTargets] : [])
    }
}

/// Where a scaffold test goes and how it is written: the folder most test files live in (`tests` when there are
/// none), the quote character and indentation of an existing file.
enum ScaffoldPlace {
    static func testsDirectory(_ context: FindingContext) -> String {
        var counts: [String: Int] = [:]
        for f in QualityGates.testFiles(context) {
            let parts = f.path.split(separator: "/")
            // A tests folder, never a package that ships (keras keeps `*_test.py` beside its sources).
            guard parts.count >= 2, parts[0].lowercased().contains("test") else { continue }
            counts[String(parts[0]), default: 0] += 1
        }
        return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? "tests"
    }

    static func style(_ context: FindingContext, sample: String) -> (quote: Character, indent: String) {
        guard let editor = context.editor(sample) else { return ("\"", "    ") }
        return (editor.quote, editor.indentUnit)
    }

    /// `pkg/sub/mod.py` -> `pkg.sub.mod` when every folder is a package (`src/` dropped); nil otherwise.
    static func importPath(_ path: String, _ context: FindingContext) -> String? {
        var parts = path.split(separator: "/").map(String.init)
        guard let last = parts.last, last.hasSuffix(".py") else { return nil }
        var dirs = Array(parts.dropLast())
        var prefix = ""
        if dirs.first == "src" && context.facts.snapshot.file("src/__init__.py") == nil {
            dirs.removeFirst()
            prefix = "src/"
        }
        // Every folder a package; the top one may be a namespace package (PEP 420) when the ones below are regular.
        for i in dirs.indices
        where context.facts.snapshot.file(prefix + dirs[0...i].joined(separator: "/") + "/__init__.py") == nil {
            if i == 0 && dirs.count >= 2 { continue }
            return nil
        }
        parts = dirs + [String(last.dropLast(3))]
        if parts.last == "__init__" { parts.removeLast() }
        guard !parts.isEmpty,
            parts.allSatisfy({
                $0.first.map { $0.isLetter || $0 == "_" } == true
                    && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
            })
        else { return nil }
        return parts.joined(separator: ".")
    }
}
