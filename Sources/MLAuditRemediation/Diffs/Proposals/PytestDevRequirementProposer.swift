import Foundation
import MLAuditFacts
import MLAuditReport
import MLAuditRules

/// Scaffold: `pytest` declared as a development requirement. Proposed only when the repository has Python files and
/// none of its dependency declarations (requirements files, pyproject, setup.cfg/setup.py, tox, conda environments)
/// names pytest, so the test targets this report proposes have a declared runner.
package struct PytestDevRequirementProposer: DiffProposer {
    package let code = DiffCode.mld219
    package let findings: [FindingCode] = []
    package let subfeatures: [Subfeature] = []

    static func declaresDependencies(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return (name.hasPrefix("requirements") && name.hasSuffix(".txt"))
            || name.hasPrefix("environment") && (name.hasSuffix(".yml") || name.hasSuffix(".yaml"))
            || ["pyproject.toml", "setup.cfg", "setup.py", "tox.ini", "Pipfile"].contains(name)
    }

    package func propose(_ context: FindingContext) -> DiffProposal? {
        let path = "requirements-dev.txt"
        guard context.isFree(path), !context.files({ $0.kind == .python }).isEmpty else { return nil }
        let declarations = context.files { Self.declaresDependencies($0.path) }
        guard !declarations.contains(where: { (context.facts.text($0.path) ?? "").lowercased().contains("pytest") })
        else { return nil }
        return DiffProposal(
            title: "Declare the test runner in `\(path)`",
            why: declarations.isEmpty
                ? "The repository declares no dependencies at all, and nothing says which runner its tests need; `pytest` is the runner the test targets in this report use."
                : "None of \(declarations.map { "`\($0.path)`" }.prefix(3).joined(separator: ", ")) names `pytest`, the runner the test targets in this report use, so a fresh environment cannot run them.",
            risk:
                "None for the code (a new file); the version floor is the oldest pytest that supports the Python versions still maintained.",
            rollback: FindingContext.rollback(modified: [], created: [path]),
            testsDocs: "`pip install -r \(path)` then `python -m pytest -q`.",
            files: [
                DiffProposal.File(
                    path: path, original: nil,
                    updated: "# Development and test tools (not needed to use the project)\npytest>=7\n")
            ],
            subfeatures: [])
    }
}
