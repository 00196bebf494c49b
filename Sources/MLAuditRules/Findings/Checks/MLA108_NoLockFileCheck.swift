import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct NoLockFileCheck: FindingCheck {
    package let code = FindingCode.mla108
    package let severity = Severity.medium
    package let capability: Capability? = .securitySafety
    package let subfeature: Subfeature? = .dependencyLocking
    package let summary = "No lock file pins the full dependency tree."
    package let why =
        "Without a lock (uv.lock, poetry.lock, a hashed pip-compile output) transitive dependencies drift between installs, so results and failures are not reproducible."
    package let fix =
        "Generate and commit a lock: `pip-compile --generate-hashes -o requirements.lock` (or `uv lock` / `poetry lock`) and install from it in gates."
    package init() {}

    package var triggering: [FindingExample] {
        [
            FindingExample(["pyproject.toml": "[project]\nname = \"x\"\ndependencies = [\"torch>=2\"]\n"]),
            FindingExample(["README.md": "# x\n\n```\npip install torch numpy\n```\n", "train.py": "import torch\n"]),
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(["pyproject.toml": "[project]\nname = \"x\"\n", "uv.lock": "version = 1\n"]),
            FindingExample(["pyproject.toml": "[project]\nname = \"x\"\n", "pylock.toml": "lock-version = \"1.0\"\n"]),
            FindingExample(["requirements.txt": "torch==2.1.0\nnumpy==1.26.0\n"]),
        ]
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let locks = context.files { LockFiles.isLockFile($0.name) }
        if !locks.isEmpty { return [] }
        let reqs = Requirements.files(context)
        let entries = reqs.flatMap { Requirements.entries(context.facts.lines($0.path)) }
        if !entries.isEmpty && entries.allSatisfy(\.pinned) { return [] }
        let manifestNames: Set<String> = [
            "pyproject.toml", "setup.py", "setup.cfg", "environment.yml", "environment.yaml", "pipfile",
        ]
        let manifests = context.files { manifestNames.contains($0.name.lowercased()) && !$0.path.contains("/") } + reqs
        if !manifests.isEmpty {
            let evidence = manifests.map { context.facts.evidence($0.path, 1) }
            return [
                FindingHit(
                    title:
                        "no lock file: dependencies come only from \(manifests.map(\.path).prefix(3).joined(separator: ", "))",
                    evidence: evidence, strength: .absence)
            ]
        }
        guard !context.productModules.isEmpty || context.files({ $0.kind == .python }).count > 0 else { return [] }
        let pipLines = context.grep({ $0.kind == .markdown || $0.kind == .shell }) {
            $0.contains("pip install ") && !$0.contains("-r ") && !$0.contains(" -e ") && !$0.contains(" .")
        }
        return [
            FindingHit(
                title: "no dependency manifest or lock file"
                    + (pipLines.isEmpty
                        ? "" : ": installs are ad hoc `pip install` lines (\(pipLines.citationSummary))"),
                evidence: pipLines, strength: .absence)
        ]
    }
}
