import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditFacts
import MLAuditRules

/// Atomic Diffs: minimal unified diffs against the audited files, each verified with `git apply --check`.
public enum DiffPlanner {
    public static let maxDiffs = 10

    /// Proposers in priority order (security first, then reproducibility, tracking, gates, the questions ledger last).
    package static let proposers: [any DiffProposer] = [
        TorchLoadWeightsOnlyProposer(), SeedHelperProposer(), CheckpointStateProposer(), WandbOfflineProposer(),
        WandbLoggerConfigProposer(), MLflowLocalURIProposer(), SmokeTestProposer(), DetectSecretsHookProposer(), CoverageFloorProposer(), NoxOfflineGatesProposer(),
        LockRecipeProposer(), QuestionsLedgerProposer(),
    ]

    public static func diffs(facts: RepositoryFacts, capabilities: [CapabilityAssessment], findings: [Finding]) -> [AtomicDiff] {
        let context = FindingContext(facts: facts, capabilities: capabilities)
        var out: [AtomicDiff] = []
        for proposer in proposers {
            if out.count >= maxDiffs || facts.deadline.expired { break }
            guard let proposal = proposer.propose(context) else { continue }
            switch verify(proposal, root: facts.root) {
            case .success(let diff): out.append(diff)
            case .failure(let problem):
                facts.errors.record(step: .diffs, error: "\(proposal.title): \(problem.description)",
                                    context: "the diff was generated from the current file contents but did not pass `git apply --check` against a clean copy; it is left out of the report",
                                    path: proposal.files.first?.path)
            }
        }
        return out
    }

    /// Builds the patch and checks it against clean copies of the touched files.
    package static func verify(_ proposal: DiffProposal, root: URL) -> Result<AtomicDiff, DiffProblem> {
        let paths = proposal.files.map(\.path)
        if let ci = paths.first(where: HostedCIFilesCheck.isHostedCI) { return .failure(DiffProblem("refusing to touch hosted-CI file \(ci)")) }
        let patch = proposal.files.compactMap { UnifiedDiff.patch(path: $0.path, original: $0.original, updated: $0.updated) }.joined()
        guard !patch.isEmpty else { return .failure(DiffProblem("the proposal changes nothing")) }
        let outcome = PatchVerifier.check(patch: patch, paths: paths, root: root)
        guard outcome.applies else { return .failure(DiffProblem("git apply --check failed: \(outcome.message.prefix(300))")) }
        return .success(AtomicDiff(title: proposal.title, why: proposal.why, risk: proposal.risk, rollback: proposal.rollback,
                                   testsDocs: proposal.testsDocs, paths: paths, patch: patch, applies: true))
    }
}

package struct DiffProblem: Error, CustomStringConvertible {
    package let description: String
    package init(_ d: String) { description = d }
}

/// One proposed change: its files' current and proposed texts and the text the report shows with it.
package struct DiffProposal {
    package struct File { package var path: String; package var original: String?; package var updated: String }
    package var title: String
    package var why: String
    package var risk: String
    package var rollback: String
    package var testsDocs: String
    package var files: [File]
}

package protocol DiffProposer: Sendable {
    /// Nil when the repository does not have the gap, or the change cannot be made minimal and safe here.
    func propose(_ context: FindingContext) -> DiffProposal?
}

extension DiffProposal.File {
    package init(_ editor: SourceEditor) { self.init(path: editor.path, original: editor.original, updated: editor.updated) }
}

extension FindingContext {
    /// A path not yet in the repository (nor on disk).
    package func isFree(_ path: String) -> Bool {
        facts.snapshot.file(path) == nil && !FileManager.default.fileExists(atPath: facts.root.appendingPathComponent(path).path)
    }

    package func editor(_ path: String) -> SourceEditor? { facts.text(path).flatMap { SourceEditor(path: path, text: $0) } }

    /// "git checkout -- a b" for touched files, "git rm -f" / delete for new ones.
    package static func rollback(modified: [String], created: [String]) -> String {
        var parts: [String] = []
        if !modified.isEmpty { parts.append("`git checkout -- \(modified.joined(separator: " "))`") }
        if !created.isEmpty { parts.append("delete \(created.map { "`\($0)`" }.joined(separator: ", "))") }
        return "Revert with " + parts.joined(separator: " and ") + " (or `git revert` the commit that applied it); nothing else depends on it."
    }
}
