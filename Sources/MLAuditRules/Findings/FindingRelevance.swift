import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditFacts

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
    /// Finding code -> the table sub-feature whose absence it reports.
    package static let subfeatureOf: [String: (capability: String, subfeature: String)] = [
        "MLA108": ("Security & Safety", "dependency locking"),
        "MLA111": ("Internal CI/Test", "coverage enforcement"),
        "MLA112": ("Internal CI/Test", "pytest targets"),
        "MLA113": ("Experiment Tracking", "W&B offline mode"),
        "MLA114": ("Experiment Tracking", "MLflow local tracking"),
        "MLA118": ("Security & Safety", "secrets scanning"),
        "MLA119": ("Internal CI/Test", "local gates"),
    ]
    package static let libraryPolicy: Set<String> = ["MLA107", "MLA108", "MLA113", "MLA114"]
    package static let processAdvice: Set<String> = ["MLA106", "MLA107", "MLA108", "MLA111", "MLA113", "MLA114", "MLA117", "MLA118", "MLA119",
                                             "MLA125", "MLA127", "MLA130"]
    package static let trainingCapabilities = ["Training Engine", "Checkpointing & Resume", "Experiment Tracking"]
    package static let gapCodes: Set<String> = ["MLA127", "MLA128", "MLA130"]
    /// Low-consequence codes: listed only to reach ten findings.
    package static let fillerCodes: Set<String> = ["MLA106", "MLA111", "MLA113", "MLA117", "MLA118", "MLA119", "MLA121", "MLA125", "MLA129"]
    /// Sub-features whose absence is worth a finding on its own (the rest of MLA130/MLA127 are fillers).
    package static let consequentialSubfeatures: Set<String> = [
        "training loop", "optimizer state", "RNG state", "resume", "dataset splits",
        "deterministic shuffling", "validation loops", "pytest targets", "dependency locking",
    ]

    package static func keeps(_ f: Finding, kind: RepositoryKind, preset: AuditSettings.Preset, context: FindingContext) -> Bool {
        if f.code == "MLA106" && preset != .codex { return false }
        // Evidence only in copied third-party trees is about someone else's code.
        if !f.evidence.isEmpty && f.evidence.allSatisfy({ context.isCopied($0.path) }) { return false }
        if let gate = subfeatureOf[f.code], let sub = context.subfeature(gate.capability, gate.subfeature),
           sub.state == .present || sub.override != nil { return false }
        if libraryPolicy.contains(f.code) && kind != .application && RepositoryKind.isPackagedLibrary(context) { return false }
        switch kind {
        case .library where libraryPolicy.contains(f.code): return false
        case .archived where processAdvice.contains(f.code): return false
        case .inferenceOnly where f.code == "MLA110" || f.code == "MLA109": return false
        case .inferenceOnly where gapCodes.contains(f.code) && trainingCapabilities.contains(where: f.title.hasPrefix): return false
        default: break
        }
        if gapCodes.contains(f.code) && f.title.hasPrefix("Tokenization") && !processesText(context) { return false }
        if gapCodes.contains(f.code) && !context.facts.files.contains(where: { $0.kind == .python }) { return false }
        return true
    }

    package static func isFiller(_ f: Finding, kind: RepositoryKind) -> Bool {
        if fillerCodes.contains(f.code) { return true }
        if kind == .research && (f.code == "MLA107" || f.code == "MLA108") { return true }
        if f.code == "MLA127" { return !f.title.contains("is Stubbed") }
        if f.code == "MLA130" { return !consequentialSubfeatures.contains { f.title.contains(": \($0):") } }
        return false
    }

    /// Product code handles text: a tokenizer library is imported or a tokenizer is built.
    package static func processesText(_ context: FindingContext) -> Bool {
        context.facts.memo("processesText") {
            context.productModules.contains { m in
                m.imports.contains { ["transformers", "tokenizers", "sentencepiece", "tiktoken", "nltk", "spacy", "torchtext"].contains(String($0.module.split(separator: ".").first ?? "")) }
                    || m.calls.contains { $0.callee.lowercased().contains("tokenizer") }
            }
        }
    }
}
