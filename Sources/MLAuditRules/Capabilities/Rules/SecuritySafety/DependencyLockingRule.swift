import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct DependencyLockingRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .dependencyLocking,
        summary:
            "A lock file (poetry.lock, uv.lock, Pipfile.lock, pdm.lock, conda-lock, hashed requirements) or requirements in which every dependency is pinned with `==`.",
        rationale: "Unpinned dependencies change under the repository, breaking builds and opening supply-chain risk.",
        triggering: [
            RuleExample(["requirements.txt": "torch==2.1.0\nnumpy==1.26.4\n"]),
            RuleExample(["uv.lock": "version = 1\n[[package]]\nname = \"torch\"\n"]),
            RuleExample(["pylock.toml": "lock-version = \"1.0\"\n[[packages]]\nname = \"torch\"\n"]),
        ],
        nonTriggering: [
            RuleExample(["requirements.txt": "torch>=2.0\nhydra-core==1.3.2\nrich\n"], .absent),
            RuleExample(
                [
                    "requirements.txt": "torch>=2.0\n", "requirements-dev.txt": "pytest==8.0.0\n",
                    "docs/requirements.txt": "sphinx==7.2.6\n",
                ], .absent),
            RuleExample(["README.md": "pip install torch==2.1.0\n"], .absent),
        ],
        stubTerms: "",
        searches: RuleSearch(
            names: [],
            files: LockFiles.names.sorted() + [
                "pylock.*.toml", "requirements*.lock", "requirements*-lock.txt", "requirements files with exact pins",
            ]),
        gap: "dependencies are unpinned (ranges or bare names) and there is no lock file",
        risk: "A new upstream release can break installation or change numerics without any commit in the repository.",
        patch:
            "Generate a lock with `pip-compile --generate-hashes requirements.in -o requirements.lock` (or `uv lock`) and install from it in CI and docs.",
        deferral: Deferral(
            .low, why: "a generated file, but it must be kept fresh",
            plan:
                "commit a lock file (pip-compile --generate-hashes, uv lock or poetry lock) and a local gate that checks it is current"
        ))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out: [RuleCandidate] = []
        for f in ctx.facts.files where ctx.isProductPath(f.path) && LockFiles.isLockFile(f.name) {
            out.append(RuleCandidate(ctx.ev(f.path, ctx.firstLine(f.path)), strength: 9, note: "lock file"))
        }
        // The runtime requirements files (documentation-only lists aside) must all be fully pinned.
        let byFile = Dictionary(
            grouping: ctx.config.requirements.filter {
                ctx.isProductPath($0.path) && $0.path.hasSuffix(".txt")
                    && !$0.path.imatches(#"(^|/|[-_])docs?([-_/.]|$)"#)
            }, by: \.path)
        var pinned: [RuleCandidate] = []
        var loose: [RuleCandidate] = []
        for (path, reqs) in byFile.sorted(by: { $0.key < $1.key }) where !reqs.isEmpty {
            let unpinned = reqs.filter { !$0.isExactPin && !$0.hasHash }
            if unpinned.isEmpty {
                pinned.append(RuleCandidate(ctx.ev(path, reqs[0].line), strength: 8, note: "every requirement pinned"))
            } else {
                loose.append(
                    RuleCandidate(
                        ctx.ev(path, unpinned[0].line), strength: 1,
                        .rejected(
                            "\(unpinned.count) of \(reqs.count) requirements are not pinned with == (e.g. `\(unpinned[0].name)\(unpinned[0].specifier)`)"
                        )))
            }
        }
        out += loose
        out +=
            loose.isEmpty
            ? pinned
            : pinned.map { c in
                var r = c
                r.verdict = .rejected("pinned, but other requirements files of the project are not")
                return r
            }
        return out
    }
}
