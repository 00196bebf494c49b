import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// The six phases of the Codex-ready Task Sequence, each step naming this audit's modules, findings, diffs and gates.
package struct TaskSequenceBuilder {
    package let facts: RepositoryFacts
    package let capabilities: [CapabilityAssessment]
    package let findings: [Finding]
    package let diffs: [AtomicDiff]
    package let gates: [Gate]

    package static let phaseNames = [
        "Preparation", "Search & Mapping", "Best-Effort Construction",
        "Controlled Pruning", "Error Capture", "Finalization",
    ]
    package static let scriptName = "codex_remediation.py"

    package func build() -> TaskSequence {
        TaskSequence(
            phases: zip(
                Self.phaseNames,
                [preparation(), searchAndMapping(), construction(), pruning(), errorCapture(), finalization()]
            )
            .map { TaskSequence.Phase(name: $0.0, steps: $0.1) })
    }

    /// Gates that exist and can pass on a CPU-only machine from this checkout alone.
    private var offlineGates: [Gate] {
        gates.filter(\.runsOffline)
    }
    private var shortHead: String { facts.git.head.map { String($0.prefix(12)) } ?? "the working tree (no commit yet)" }

    package func preparation() -> [String] {
        var steps: [String] = []
        if facts.git.isRepository {
            steps.append(
                "Record the audited state: git rev-parse HEAD (audited at \(shortHead)); git status --porcelain must be empty"
                    + (facts.git.isDirty ? " (it is not: commit or stash the tracked changes first)" : ""))
            steps.append(
                "Create a work branch: git switch -c codex/remediation-\(facts.git.head.map { String($0.prefix(7)) } ?? "initial")"
            )
        } else {
            steps.append(
                "Put the tree under version control before changing it: git init && git add -A && git commit -m \"baseline before remediation\""
            )
        }
        let env = facts.files.filter {
            !$0.isVendored
                && ($0.kind == .requirements || ["pyproject.toml", "setup.py", "environment.yml"].contains($0.path))
        }
        .sorted { ($0.components.count, $0.path) < ($1.components.count, $1.path) }
        if let e = env.first {
            let install =
                e.kind == .requirements
                ? "python -m pip install --no-index --find-links ./wheels -r \(e.path)"
                : "python -m pip install --no-index --find-links ./wheels -e ."
            steps.append(
                "Install offline from a local wheelhouse: \(install) (network-free; build ./wheels beforehand)")
        } else {
            steps.append(
                "No requirements file or package metadata exists: list the imports of \(entryPoints().prefix(3).joined(separator: ", ")) and write requirements.txt with pinned versions"
            )
        }
        let baseline = (offlineGates.isEmpty ? gates : offlineGates).prefix(3).map(\.command)
        if !baseline.isEmpty {
            steps.append(
                "Run the baseline gates offline and keep their output: " + baseline.joined(separator: "; ")
                    + " (HF_HUB_OFFLINE=1 WANDB_MODE=offline)")
        }
        return steps
    }

    package func searchAndMapping() -> [String] {
        var steps: [String] = []
        // Findings are numbered in section 3; here only where to look.
        let cited = findings.prefix(6).filter { !$0.evidence.isEmpty }
        if !cited.isEmpty {
            steps.append(
                "Open the cited lines of findings "
                    + cited.map { f in "\(f.code) (\(f.evidence.prefix(2).map(\.citation).joined(separator: ", ")))" }
                    .joined(separator: "; "))
        }
        let weak = capabilities.filter { $0.status != .implemented }
        for c in weak.prefix(3) {
            let open = c.subfeatures.filter { $0.state != .present }.map(\.name)
            let place = c.artifacts.prefix(2).joined(separator: ", ")
            steps.append(
                "Map \(c.name) (\(c.status.rawValue)): missing \(open.joined(separator: ", "))"
                    + (place.isEmpty ? "" : "; start from \(place)"))
        }
        let gaps = facts.stubs.filter { !$0.declaration }
        if !gaps.isEmpty {
            let sample = gaps.prefix(3).map { "\($0.path):\($0.line)" }.joined(separator: ", ")
            steps.append(
                "List the \(gaps.count) stub site(s) that are gaps, not declarations: \(sample)\(gaps.count > 3 ? ", ..." : "")"
            )
        }
        if steps.isEmpty {
            steps.append(
                "Walk the entry points \(entryPoints().prefix(4).joined(separator: ", ")) and confirm no finding was missed (grep -rn \"TODO\\|NotImplementedError\" --include=*.py .)"
            )
        }
        return steps
    }

    package func construction() -> [String] {
        var steps: [String] = []
        let applicable = diffs.enumerated().filter { $0.element.applies }.map { $0.offset + 1 }
        if !applicable.isEmpty {
            steps.append(
                "Review Atomic Diffs \(applicable.map(String.init).joined(separator: ", ")), then apply the ones you accept: python3 \(Self.scriptName) --apply \(applicable.map(String.init).joined(separator: ","))"
            )
        }
        for f in findings.prefix(8)
        where !diffs.contains(where: { d in f.evidence.contains { d.paths.contains($0.path) } }) {
            steps.append("\(f.code) at \(f.evidence.first?.citation ?? "the repository"): \(Self.firstSentence(f.fix))")
            if steps.count >= 6 { break }
        }
        let proposed = gates.filter { $0.origin == .proposed }
        for g in proposed {
            steps.append(
                "Add the missing gate `\(g.command)`: \(g.purpose.replacingOccurrences(of: "Proposed: ", with: "").replacingOccurrences(of: "Proposed ", with: ""))"
            )
        }
        steps.append("Dry-run the generated script first (it changes nothing): python3 \(Self.scriptName)")
        return steps
    }

    static func firstSentence(_ s: String) -> String {
        guard let r = s.range(of: #"[.;] "#, options: .regularExpression) else { return s }
        return String(s[..<r.lowerBound]) + "."
    }

    package func pruning() -> [String] {
        var steps: [String] = []
        for (i, d) in diffs.enumerated() where !d.applies {
            steps.append(
                "Drop Atomic Diff \(i + 1) — \(d.title): it does not apply to \(shortHead); regenerate it after rebasing"
            )
        }
        // Gaps the construction phase already tackles through a finding's fix are not deferred.
        let fixed = Set(findings.prefix(8).compactMap(\.subfeature))
        let deferred = RemediationPlanner.deferred(capabilities: capabilities, diffs: diffs, alsoAddressed: fixed)
        if !deferred.isEmpty {
            steps.append("Defer what section 7 lists: " + deferred.prefix(4).map(\.item).joined(separator: "; "))
        }
        steps.append(
            "Revert any change whose gate turns red and cannot be fixed within the diff's scope: git restore -- <path> (or git revert <commit>), then record it in .codex/status/status_update_change_log.md"
        )
        steps.append(
            "Never add hosted-CI files (.github/workflows/, .gitlab-ci.yml, .circleci/, Jenkinsfile, ...): every gate stays local"
        )
        return steps
    }

    package func errorCapture() -> [String] {
        let ts = facts.errors.timestamp
        // The template's block verbatim (the renderer fences the whole sequence, so nothing is Markdown-escaped here).
        let block = ErrorCaptureTemplate.lines(
            timestamp: ts, step: "[STEP_NUMBER:STEP_DESCRIPTION]", error: "[ERROR_MESSAGE]",
            context: "[BRIEF_CONTEXT]"
        ).joined(separator: "\n")
        var steps = [
            "For every failing command above, record this block (with the real step, error and context) and append it as one JSON line to .codex/status/status_update_errors.ndjson:\n"
                + block
        ]
        let captured = facts.errors.all
        if !captured.isEmpty {
            let bySteps = Dictionary(grouping: captured, by: \.step.code).map { "\($0.key) (\($0.value.count))" }
                .sorted()
            steps.append(
                "Resolve the \(captured.count) error(s) this audit captured: \(bySteps.joined(separator: ", ")); first: \(captured[0].error)"
            )
        }
        let failed = gates.filter { $0.ran && $0.exitCode != 0 }
        for g in failed.prefix(3) {
            steps.append(
                "Gate `\(g.command)` exited \(g.exitCode.map(String.init) ?? "?"): capture it as [10:LOCAL_GATES] with the last lines of its output"
            )
        }
        steps.append(
            "The generated script prints the same block on stderr for any failed step (STEP_1:README_LINK_NORMALISATION ... STEP_4:CHANGE_LOG) and exits 1"
        )
        return steps
    }

    package func finalization() -> [String] {
        var steps: [String] = []
        let all = (offlineGates.isEmpty ? gates : offlineGates).prefix(4).map(\.command)
        if !all.isEmpty { steps.append("Re-run the gates offline; all must pass: " + all.joined(separator: "; ")) }
        steps.append(
            "Check the tree: git status --porcelain; git diff --stat (only the files named by the applied diffs, docs and .codex/status/)"
        )
        steps.append(
            "Commit in small steps, one diff per commit: git add <paths> && git commit -m \"<finding code>: <diff title>\""
        )
        steps.append(
            "Regenerate this report (mlaudit audit --out <dir>) and compare the capability table and reproducibility checklist with this one"
        )
        return steps
    }

    /// Product entry points: files with a `__main__` block, else the shallowest Python files.
    package func entryPoints() -> [String] {
        let product = facts.productModules
        let mains = product.filter { !$0.mainBlocks.isEmpty }.map(\.path)
            .sorted { ($0.split(separator: "/").count, $0) < ($1.split(separator: "/").count, $1) }
        if !mains.isEmpty { return mains }
        return facts.files.filter { $0.kind == .python && $0.countsAsProduct }
            .sorted { ($0.components.count, $0.path) < ($1.components.count, $1.path) }.map(\.path)
    }
}
