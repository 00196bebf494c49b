import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// Atomic Diffs: fixes of true findings at their evidence, in the file's own style, each verified by
/// `PatchVerifier` (git's own diff, `git apply --check`, `py_compile`, names in scope). Mechanisms a repository
/// already has, or that only serve mlaudit, are never proposed (no coverage floor nobody measured, no noxfile beside
/// the repository's own gates, no lock recipe for a library, no secret-scanner hook without a baseline, no W&B or
/// MLflow defaults forced into library code, no ledger of mlaudit's own errors). When fewer than `minimum` fixes
/// meet that bar, the safest additive scaffolds fill in, labelled as such.
public enum DiffPlanner {
    public static let maxDiffs = 10
    public static let minimum = 3

    /// Fixes in priority order (security first, then reproducibility and robustness).
    package static let proposers: [any DiffProposer] = [
        TorchLoadWeightsOnlyProposer(), YAMLSafeLoadProposer(), CheckpointStateProposer(), SeedHelperProposer(),
        BareExceptProposer(), DeclareImportedDependencyProposer(), DuplicateYAMLKeyProposer(),
        DiscardedExceptionProposer(), ArgparseStrToBoolProposer(), LiteralIdentityProposer(),
        DuplicateTestRenameProposer(), RequiresPythonProposer(), DocLinkTargetProposer(), StaleClassifierProposer(),
        MissingImportProposer(), StaleExportProposer(),
        NotImplementedErrorProposer(), LoggingPlaceholderProposer(), StripAffixProposer(), AssertComparisonProposer(),
        ExceptTupleProposer(), FStringPrefixProposer(), RaiseLiteralProposer(),
        AssertNumberMessageProposer(),
    ]
    /// Additive scaffolds, used only to reach `minimum`.
    static let scaffolds: [any DiffProposer] = [
        SeedDeterminismTestProposer(), ConfigParseTestProposer(), ImportSmokeTestProposer(), SmokeTestProposer(),
        GitignorePythonCachesProposer(), PytestDevRequirementProposer(),
    ]

    public static func diffs(facts: RepositoryFacts, capabilities: [CapabilityAssessment], findings: [Finding])
        -> [AtomicDiff]
    {
        // Proposers read the repository without its folders closed to changes (`ClosedToChanges`).
        let context = FindingContext(facts: facts, capabilities: capabilities)
        let lineLength = LineLengthPolicy.read(facts)
        var out: [AtomicDiff] = []
        // Scaffolds that would duplicate a mechanism the repository already runs come only after every other one,
        // and only while the template's minimum is not met; their text then says what they duplicate.
        var duplicated: [String: String] = [:]
        for s in scaffolds { if let d = s.duplicates(context) { duplicated[s.code.rawValue] = d } }
        let fresh = scaffolds.filter { duplicated[$0.code.rawValue] == nil }
        let lastResort = scaffolds.filter { duplicated[$0.code.rawValue] != nil }
        for (list, scaffold) in [(proposers, false), (fresh, true), (lastResort, true)] {
            let limit = scaffold ? minimum : maxDiffs
            var next = list.startIndex
            // Proposals are made lazily, as many as the diffs still wanted, and each such batch is verified in one
            // temporary tree with one interpreter: the result (and every failure captured) is that of proposing and
            // verifying one by one in order until the limit.
            while out.count < limit, next < list.endIndex, !facts.deadline.expired {
                var proposals: [(proposer: any DiffProposer, proposal: DiffProposal)] = []
                while proposals.count < limit - out.count, next < list.endIndex, !facts.deadline.expired {
                    let proposer = list[next]
                    next += 1
                    // A proposer reading files directly may still reach a closed folder: no diff edits one.
                    if let proposal = StageTrace.detail(
                        "propose \(proposer.code.rawValue)", { proposer.propose(context) }),
                        !proposal.files.contains(where: { context.isClosedToChanges($0.path) })
                    {
                        proposals.append((proposer, proposal))
                    }
                }
                let outcomes = StageTrace.detail("verify \(proposals.count) \(scaffold ? "scaffolds" : "fixes")") {
                    verify(proposals.map(\.proposal), lineLength: lineLength, cache: facts.factCache)
                }
                for ((proposer, proposal), outcome) in zip(proposals, outcomes) {
                    switch outcome {
                    case .success(var diff):
                        if scaffold, let already = duplicated[proposer.code.rawValue] {
                            diff.why +=
                                " The repository already runs \(already), which covers this: the test is listed only so that the report has the template's minimum of \(minimum) diffs, and a maintainer can drop it."
                        }
                        diff.code = proposer.code
                        diff.findings = proposer.findings
                        diff.subfeatures = proposal.subfeatures ?? proposer.subfeatures
                        diff.scaffold = scaffold
                        out.append(diff)
                    case .failure(let problem):
                        facts.errors.record(
                            step: .diffs, error: "\(proposal.title): \(problem.description)",
                            context:
                                "the diff was generated from the current file contents but failed verification (git apply --check, py_compile or names in scope); it is left out of the report",
                            path: proposal.files.first?.path)
                    }
                }
            }
        }
        return out
    }

    /// Builds each patch with git and checks that it applies, compiles, uses only names in scope and keeps the
    /// repository's line length (added Python lines over it are re-wrapped as black would, or the diff fails).
    static func verify(_ proposal: DiffProposal, lineLength: LineLengthPolicy? = nil) -> Result<AtomicDiff, DiffProblem>
    {
        verify([proposal], lineLength: lineLength)[0]
    }

    /// `verify` of several proposals at once (one temporary tree, one `python3` for every patched file).
    static func verify(_ proposals: [DiffProposal], lineLength: LineLengthPolicy? = nil, cache: FactCache? = nil)
        -> [Result<AtomicDiff, DiffProblem>]
    {
        let files = proposals.map { p in
            p.files.map { f in
                PatchVerifier.File(
                    path: f.path, original: f.original,
                    updated: f.path.hasSuffix(".py")
                        ? (lineLength?.rewrap(original: f.original, updated: f.updated) ?? f.updated) : f.updated)
            }
        }
        let offLimits = proposals.map { p in p.files.map(\.path).first(where: HostedCI.isOffLimits) }
        let batch = proposals.indices.filter { offLimits[$0] == nil }
        var outcomes = [PatchVerifier.Outcome?](repeating: nil, count: proposals.count)
        for (i, o) in zip(batch, PatchVerifier.verifyAll(batch.map { files[$0] }, cache: cache)) { outcomes[i] = o }
        return proposals.indices.map { i in
            if let ci = offLimits[i] { return .failure(DiffProblem("refusing to touch hosted-CI file \(ci)")) }
            var outcome = outcomes[i]!
            // The template's checker reads `{{`/`}}` anywhere as an unfilled placeholder: keep such context lines out.
            if outcome.problem == nil && (outcome.patch.contains("{{") || outcome.patch.contains("}}")) {
                outcome = PatchVerifier.verify(files[i], context: 1)
                if outcome.patch.contains("{{") || outcome.patch.contains("}}") {
                    return .failure(
                        DiffProblem("the patch text contains `{{` or `}}`, which the report template reserves"))
                }
            }
            if let problem = outcome.problem ?? lineLength?.problem(in: outcome.patch) {
                return .failure(DiffProblem(problem))
            }
            let p = proposals[i]
            return .success(
                AtomicDiff(
                    title: p.title, why: p.why, risk: p.risk, rollback: p.rollback, testsDocs: p.testsDocs,
                    paths: p.files.map(\.path), patch: outcome.patch, applies: true))
        }
    }
}

package struct DiffProblem: Error, CustomStringConvertible {
    package let description: String
    package init(_ d: String) { description = d }
}

/// One proposed change: its files' current and proposed texts and the text the report shows with it.
package struct DiffProposal {
    package struct File {
        package var path: String
        package var original: String?
        package var updated: String
    }
    package var title: String
    package var why: String
    package var risk: String
    package var rollback: String
    package var testsDocs: String
    package var files: [File]
    /// The sub-features this proposal addresses when it narrows its proposer's (nil: the proposer's).
    package var subfeatures: [Subfeature]? = nil
}

package protocol DiffProposer: Sendable {
    var code: DiffCode { get }
    /// The findings whose fix the proposer's diffs are, and the sub-features they add (typed: the deferral and the
    /// task sequence read these, never the diff's prose).
    var findings: [FindingCode] { get }
    var subfeatures: [Subfeature] { get }
    /// Nil when the repository does not have the gap, or the change cannot be made minimal and safe here.
    func propose(_ context: FindingContext) -> DiffProposal?
    /// Scaffolds: where the repository already runs the mechanism the scaffold would add (a pre-commit hook, a
    /// Makefile or CI command, a test), nil when it does not.
    func duplicates(_ context: FindingContext) -> String?
}

extension DiffProposer {
    package func duplicates(_ context: FindingContext) -> String? { nil }
}

extension DiffProposal.File {
    package init(_ editor: SourceEditor) {
        self.init(path: editor.path, original: editor.original, updated: editor.updated)
    }
}

extension FindingContext {
    /// A path not yet in the repository (nor on disk).
    package func isFree(_ path: String) -> Bool {
        facts.snapshot.file(path) == nil
            && !FileManager.default.fileExists(atPath: facts.root.appendingPathComponent(path).path)
    }

    package func editor(_ path: String) -> SourceEditor? {
        facts.text(path).flatMap { SourceEditor(path: path, text: $0) }
    }

    /// The first two paths and how many more (`a.py, b.py, +3 files`), for a diff's title.
    package static func fileSummary(_ paths: [String]) -> String {
        paths.prefix(2).joined(separator: ", ") + (paths.count > 2 ? ", +\(paths.count - 2) files" : "")
    }

    /// "git checkout -- a b" for touched files, "git rm -f" / delete for new ones.
    package static func rollback(modified: [String], created: [String]) -> String {
        var parts: [String] = []
        if !modified.isEmpty { parts.append("`git checkout -- \(modified.joined(separator: " "))`") }
        if !created.isEmpty { parts.append("delete \(created.map { "`\($0)`" }.joined(separator: ", "))") }
        return "Revert with " + parts.joined(separator: " and ")
            + " (or `git revert` the commit that applied it); nothing else depends on it."
    }
}
