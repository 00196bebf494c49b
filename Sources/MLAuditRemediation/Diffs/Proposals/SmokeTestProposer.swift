import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditFacts
import MLAuditRules

/// For a repository with no tests at all: a first pytest target that byte-compiles every Python file of the
/// repository (without importing it, so training scripts do not run).
package struct SmokeTestProposer: DiffProposer {
    package static let path = "tests/test_compile_smoke.py"

    package func propose(_ context: FindingContext) -> DiffProposal? {
        guard QualityGates.testFiles(context).isEmpty, context.isFree(Self.path) else { return nil }
        let product = context.files { $0.kind == .python && !$0.isTest && $0.path.hasSuffix(".py") }
        guard !product.isEmpty else { return nil }
        let sample = product.first { $0.path.split(separator: "/").count == 1 } ?? product[0]
        let q = context.editor(sample.path)?.quote ?? "\""
        let unit = context.editor(sample.path)?.indentUnit ?? "    "
        let skipped = ["\(q).git\(q)", "\(q).venv\(q)", "\(q)venv\(q)", "\(q)build\(q)", "\(q)dist\(q)", "\(q)node_modules\(q)",
                       "\(q)site-packages\(q)", "\(q).tox\(q)", "\(q).nox\(q)", "\(q)third_party\(q)", "\(q)vendor\(q)"]
        // `doraise=True` raises PyCompileError on a syntax error; the byte code goes to a temporary folder.
        let body = [
            "\(q)\(q)\(q)Smoke test: every Python file of the repository compiles (nothing is imported or run).\(q)\(q)\(q)",
            "import pathlib", "import py_compile", "", "import pytest", "",
            "ROOT = pathlib.Path(__file__).resolve().parents[1]",
            "SKIPPED = {\(skipped.joined(separator: ", "))}",
            "SOURCES = sorted(p for p in ROOT.rglob(\(q)*.py\(q)) if not SKIPPED.intersection(p.relative_to(ROOT).parts))", "", "",
            "@pytest.mark.parametrize(\(q)path\(q), SOURCES, ids=lambda p: str(p.relative_to(ROOT)))",
            "def test_source_compiles(path, tmp_path):",
            unit + "py_compile.compile(str(path), cfile=str(tmp_path / \(q)out.pyc\(q)), doraise=True)",
        ].joined(separator: "\n") + "\n"
        return DiffProposal(
            title: "Add a first pytest target: `\(Self.path)` compiles every Python file",
            why: "The repository has \(product.count) Python file(s) and no test at all, so nothing gates a change; this test needs no fixtures or GPU, imports nothing (training scripts do not run) and fails on any syntax error, giving `pytest` a target to grow from.",
            risk: "None for the code (a new file). Files that are not valid Python 3 for the running interpreter fail the test; skip them in SKIPPED or fix them.",
            rollback: FindingContext.rollback(modified: [], created: [Self.path]),
            testsDocs: "This is the test: `python -m pytest -q \(Self.path)`. Next, add a forward/backward test on a tiny model config; document `pytest -q` in the README.",
            files: [DiffProposal.File(path: Self.path, original: nil, updated: body)])
    }
}
