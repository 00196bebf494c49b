import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Which findings a maintainer of this kind of repository would act on, and which agree with the capability table.
///
/// - A finding about a capability sub-feature exists only while the table says that sub-feature is absent or stubbed:
///   "no coverage floor" beside a codecov target, "no secret scanner" beside trufflehog, "no W&B offline mode" beside
///   an offline setting cannot both be printed.
/// - Hosted CI is the repository's policy, not a defect: never a finding in the default preset; in the `codex`
///   preset (whose template forbids hosted runs for `_codex_` itself) it is said once, neutrally.
/// - Kind decides applicability: no lock-file, pinning or tracker-default advice for a pip-installable library,
///   no training or checkpoint gaps for an inference-only one, no process advice for an archived one, no
///   tokenizer gaps where no text is processed.
/// - Fillers (true but low-consequence: table restatements of minor sub-features, TODO counts, process policy) rank
///   after everything else and are listed only to reach the template's ten findings.
package enum FindingRelevance {
    /// Codes whose finding reports the absence of its sub-feature (`Finding.subfeature`): kept only while the
    /// table says that sub-feature is absent or stubbed.
    package static let absenceOfSubfeature: Set<FindingCode> = [
        .mla108, .mla111, .mla112, .mla113, .mla114, .mla118, .mla119,
    ]
    package static let libraryPolicy: Set<FindingCode> = [.mla107, .mla108, .mla113, .mla114]
    package static let processAdvice: Set<FindingCode> = [
        .mla106, .mla107, .mla108, .mla111, .mla113, .mla114, .mla117, .mla118, .mla119,
        .mla125, .mla127, .mla130,
    ]
    package static let trainingCapabilities: Set<Capability> = [
        .trainingEngine, .checkpointingResume, .experimentTracking,
    ]
    package static let gapCodes: Set<FindingCode> = [.mla127, .mla128, .mla130]
    /// Low-consequence codes: listed only to reach ten findings. Hardening advice whose sites, read against the code
    /// of fifteen ML repositories, were never a defect their maintainers would act on (bench/review): remote code
    /// the named model families require (MLA104), Hub revisions (MLA121), shell strings built from the repository's
    /// own paths (MLA124), a missing deterministic-algorithms switch (MLA125).
    package static let fillerCodes: Set<FindingCode> = [
        .mla104, .mla106, .mla111, .mla113, .mla117, .mla118, .mla119, .mla121, .mla124, .mla125, .mla129,
    ]
    /// Sub-features whose absence is worth a finding on its own (the rest of MLA130/MLA127 are fillers).
    package static let consequentialSubfeatures: Set<Subfeature> = [
        .trainingLoop, .optimizerState, .rngState, .resume, .datasetSplits,
        .deterministicShuffling, .validationLoop, .pytestTargets, .dependencyLocking,
    ]

    package static func keeps(_ f: Finding, kind: RepositoryKind, preset: AuditSettings.Preset, context: FindingContext)
        -> Bool
    {
        let code = f.code
        if code == .mla106 && preset != .codex { return false }
        // Evidence only in copied third-party trees is about someone else's code.
        if !f.evidence.isEmpty && f.evidence.allSatisfy({ context.isCopied($0.path) }) { return false }
        if absenceOfSubfeature.contains(code), let s = f.subfeature, let sub = context.subfeature(s),
            sub.state == .present || sub.override != nil
        {
            return false
        }
        if libraryPolicy.contains(code) && kind != .application && RepositoryKind.isPackagedLibrary(context) {
            return false
        }
        switch kind {
        case .library where libraryPolicy.contains(code): return false
        case .archived where processAdvice.contains(code): return false
        case .inferenceOnly where code == .mla110 || code == .mla109: return false
        case .inferenceOnly where gapCodes.contains(code) && f.capability.map(trainingCapabilities.contains) == true:
            return false
        default: break
        }
        if gapCodes.contains(code) && f.capability == .tokenization && !processesText(context) { return false }
        if gapCodes.contains(code) && !context.facts.files.contains(where: { $0.kind == .python }) { return false }
        return true
    }

    package static let peripheralCodes: Set<FindingCode> = [
        .mla103, .mla104, .mla105, .mla124, .mla126, .mla135, .mla136, .mla137, .mla138, .mla139,
        .mla147, .mla148, .mla149, .mla150, .mla151, .mla152, .mla153, .mla154, .mla155, .mla156,
    ]
    static let peripheralFolders: Set<String> = [
        "examples", "example", "benchmarks", "benchmark", "research_projects", "recipes", "notebooks",
        "academic_paper_scripts", "demo", "demos", "tutorials", "docs", "doc",
    ]

    /// Example, benchmark, recipe or documentation code: what users copy from, not what they install.
    package static func isPeripheral(_ path: String) -> Bool {
        path.split(separator: "/").dropLast().contains { peripheralFolders.contains($0.lowercased()) }
    }

    /// A filler only reaches the template's minimum of listed findings. MLA127 is consequential when the
    /// capability it reports is Stubbed (read from the table, never from the finding's title).
    package static func isFiller(_ f: Finding, kind: RepositoryKind, capabilities: [CapabilityAssessment]) -> Bool {
        let code = f.code
        if fillerCodes.contains(code) { return true }
        // Risky calls that only example, benchmark or recipe code makes weigh less than the same call in the
        // product: ranked after it, listed only to reach ten.
        if peripheralCodes.contains(code), !f.evidence.isEmpty, f.evidence.allSatisfy({ isPeripheral($0.path) }) {
            return true
        }
        if kind == .research && (code == .mla107 || code == .mla108) { return true }
        if code == .mla127 { return capabilities.first { $0.capability == f.capability }?.status != .stubbed }
        if code == .mla130 { return !(f.subfeature.map(consequentialSubfeatures.contains) ?? false) }
        return false
    }

    /// Product code handles text: a tokenizer library is imported or a tokenizer is built.
    package static func processesText(_ context: FindingContext) -> Bool {
        context.facts.memo("processesText") {
            context.productModules.contains { m in
                m.imports.contains {
                    ["transformers", "tokenizers", "sentencepiece", "tiktoken", "nltk", "spacy", "torchtext"].contains(
                        String($0.module.split(separator: ".").first ?? ""))
                }
                    || m.calls.contains { $0.callee.lowercased().contains("tokenizer") }
            }
        }
    }
}
