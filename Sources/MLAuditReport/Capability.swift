/// The 14 capabilities of the rubric, in contract order. The raw value is the JSON name (`capabilities[].name`);
/// `label` is the template's row label. These strings appear here and nowhere else in the sources.
public enum Capability: String, CaseIterable, Sendable, Hashable {
    case tokenization = "Tokenization"
    case modeling = "Modeling"
    case trainingEngine = "Training Engine"
    case configurationManagement = "Configuration Management"
    case evaluationMetrics = "Evaluation & Metrics"
    case loggingMonitoring = "Logging & Monitoring"
    case checkpointingResume = "Checkpointing & Resume"
    case dataHandling = "Data Handling"
    case securitySafety = "Security & Safety"
    case internalCITest = "Internal CI/Test"
    case deployment = "Deployment"
    case documentationExamples = "Documentation & Examples"
    case experimentTracking = "Experiment Tracking"
    case extensibility = "Extensibility"

    /// The Capability Audit Table's row label (the template's wording, `ChatGPT Codex ` included).
    public var label: String {
        switch self {
        case .tokenization: return "Tokenization (fast tokenizer, vocab, encode/decode, padding/truncation)"
        case .modeling: return "ChatGPT Codex Modeling (model init, dtype, device placement, LoRA/PEFT hooks)"
        case .trainingEngine: return "Training Engine (HF Trainer or custom loop, precision, gradient accumulation)"
        case .configurationManagement: return "Configuration Management (Hydra/YAML structure, overrides, sweeps)"
        case .evaluationMetrics: return "Evaluation & Metrics (validation loops, metrics API, NDJSON/CSV logging)"
        case .loggingMonitoring:
            return "Logging & Monitoring (TensorBoard / W&B / MLflow, system metrics via `psutil`/NVML)"
        case .checkpointingResume:
            return "Checkpointing & Resume (weights, optimizer state, scheduler, RNG, best-k retention)"
        case .dataHandling: return "Data Handling (dataset splits, deterministic shuffling, caching)"
        case .securitySafety: return "Security & Safety (dependency locking, secrets scanning, prompt safety)"
        case .internalCITest: return "Internal CI/Test (pytest targets, tox/nox local gates, coverage enforcement)"
        case .deployment: return "Deployment (packaging, CLI entry points, Docker infra)"
        case .documentationExamples: return "Documentation & Examples (README, quickstarts, diagrams, notebooks)"
        case .experimentTracking: return "Experiment Tracking (MLflow local tracking, W&B offline mode)"
        case .extensibility: return "Extensibility (pluggable components, registry patterns)"
        }
    }

    /// Its sub-features, in rubric order.
    public var subfeatures: [Subfeature] { Subfeature.allCases.filter { $0.capability == self } }
}

/// The 45 rubric sub-features, in contract order. The raw value is the JSON name (`subfeatures[].name`).
public enum Subfeature: String, CaseIterable, Sendable, Hashable {
    case fastTokenizer = "fast tokenizer"
    case vocab = "vocab"
    case encodeDecode = "encode/decode"
    case paddingTruncation = "padding/truncation"
    case modelInit = "model init"
    case dtype = "dtype"
    case devicePlacement = "device placement"
    case loraPeftHooks = "LoRA/PEFT hooks"
    case trainingLoop = "training loop"
    case precision = "precision"
    case gradientAccumulation = "gradient accumulation"
    case structuredConfig = "structured config"
    case overrides = "overrides"
    case sweeps = "sweeps"
    case validationLoop = "validation loop"
    case metricsAPI = "metrics API"
    case ndjsonCSVLogging = "NDJSON/CSV logging"
    case trackerLogging = "tracker logging"
    case systemMetrics = "system metrics"
    case weights = "weights"
    case optimizerState = "optimizer state"
    case schedulerState = "scheduler state"
    case rngState = "RNG state"
    case bestKRetention = "best-k retention"
    case resume = "resume"
    case datasetSplits = "dataset splits"
    case deterministicShuffling = "deterministic shuffling"
    case caching = "caching"
    case dependencyLocking = "dependency locking"
    case secretsScanning = "secrets scanning"
    case promptSafety = "prompt safety"
    case pytestTargets = "pytest targets"
    case localGates = "local gates"
    case coverageEnforcement = "coverage enforcement"
    case packaging = "packaging"
    case cliEntryPoints = "CLI entry points"
    case dockerInfra = "Docker infra"
    case readme = "README"
    case quickstart = "quickstart"
    case diagrams = "diagrams"
    case notebooksOrExamples = "notebooks or examples"
    case mlflowLocalTracking = "MLflow local tracking"
    case wandbOfflineMode = "W&B offline mode"
    case pluggableComponents = "pluggable components"
    case registryPatterns = "registry patterns"

    public var capability: Capability {
        switch self {
        case .fastTokenizer, .vocab, .encodeDecode, .paddingTruncation: return .tokenization
        case .modelInit, .dtype, .devicePlacement, .loraPeftHooks: return .modeling
        case .trainingLoop, .precision, .gradientAccumulation: return .trainingEngine
        case .structuredConfig, .overrides, .sweeps: return .configurationManagement
        case .validationLoop, .metricsAPI, .ndjsonCSVLogging: return .evaluationMetrics
        case .trackerLogging, .systemMetrics: return .loggingMonitoring
        case .weights, .optimizerState, .schedulerState, .rngState, .bestKRetention, .resume:
            return .checkpointingResume
        case .datasetSplits, .deterministicShuffling, .caching: return .dataHandling
        case .dependencyLocking, .secretsScanning, .promptSafety: return .securitySafety
        case .pytestTargets, .localGates, .coverageEnforcement: return .internalCITest
        case .packaging, .cliEntryPoints, .dockerInfra: return .deployment
        case .readme, .quickstart, .diagrams, .notebooksOrExamples: return .documentationExamples
        case .mlflowLocalTracking, .wandbOfflineMode: return .experimentTracking
        case .pluggableComponents, .registryPatterns: return .extensibility
        }
    }

    /// The capability rule that rates it.
    public var ruleCode: RuleCode {
        switch self {
        case .fastTokenizer: return .tok01
        case .vocab: return .tok02
        case .encodeDecode: return .tok03
        case .paddingTruncation: return .tok04
        case .modelInit: return .mod01
        case .dtype: return .mod02
        case .devicePlacement: return .mod03
        case .loraPeftHooks: return .mod04
        case .trainingLoop: return .trn01
        case .precision: return .trn02
        case .gradientAccumulation: return .trn03
        case .structuredConfig: return .cfg01
        case .overrides: return .cfg02
        case .sweeps: return .cfg03
        case .validationLoop: return .evl01
        case .metricsAPI: return .evl02
        case .ndjsonCSVLogging: return .evl03
        case .trackerLogging: return .log01
        case .systemMetrics: return .log02
        case .weights: return .ckp01
        case .optimizerState: return .ckp02
        case .schedulerState: return .ckp03
        case .rngState: return .ckp04
        case .bestKRetention: return .ckp05
        case .resume: return .ckp06
        case .datasetSplits: return .dat01
        case .deterministicShuffling: return .dat02
        case .caching: return .dat03
        case .dependencyLocking: return .sec01
        case .secretsScanning: return .sec02
        case .promptSafety: return .sec03
        case .pytestTargets: return .cit01
        case .localGates: return .cit02
        case .coverageEnforcement: return .cit03
        case .packaging: return .dep01
        case .cliEntryPoints: return .dep02
        case .dockerInfra: return .dep03
        case .readme: return .doc01
        case .quickstart: return .doc02
        case .diagrams: return .doc03
        case .notebooksOrExamples: return .doc04
        case .mlflowLocalTracking: return .exp01
        case .wandbOfflineMode: return .exp02
        case .pluggableComponents: return .ext01
        case .registryPatterns: return .ext02
        }
    }
}

/// Capability rule codes (`subfeatures[].rule`), one per sub-feature.
public enum RuleCode: String, CaseIterable, Sendable, Hashable, Comparable {
    case tok01 = "CAP-TOK-01"
    case tok02 = "CAP-TOK-02"
    case tok03 = "CAP-TOK-03"
    case tok04 = "CAP-TOK-04"
    case mod01 = "CAP-MOD-01"
    case mod02 = "CAP-MOD-02"
    case mod03 = "CAP-MOD-03"
    case mod04 = "CAP-MOD-04"
    case trn01 = "CAP-TRN-01"
    case trn02 = "CAP-TRN-02"
    case trn03 = "CAP-TRN-03"
    case cfg01 = "CAP-CFG-01"
    case cfg02 = "CAP-CFG-02"
    case cfg03 = "CAP-CFG-03"
    case evl01 = "CAP-EVL-01"
    case evl02 = "CAP-EVL-02"
    case evl03 = "CAP-EVL-03"
    case log01 = "CAP-LOG-01"
    case log02 = "CAP-LOG-02"
    case ckp01 = "CAP-CKP-01"
    case ckp02 = "CAP-CKP-02"
    case ckp03 = "CAP-CKP-03"
    case ckp04 = "CAP-CKP-04"
    case ckp05 = "CAP-CKP-05"
    case ckp06 = "CAP-CKP-06"
    case dat01 = "CAP-DAT-01"
    case dat02 = "CAP-DAT-02"
    case dat03 = "CAP-DAT-03"
    case sec01 = "CAP-SEC-01"
    case sec02 = "CAP-SEC-02"
    case sec03 = "CAP-SEC-03"
    case cit01 = "CAP-CIT-01"
    case cit02 = "CAP-CIT-02"
    case cit03 = "CAP-CIT-03"
    case dep01 = "CAP-DEP-01"
    case dep02 = "CAP-DEP-02"
    case dep03 = "CAP-DEP-03"
    case doc01 = "CAP-DOC-01"
    case doc02 = "CAP-DOC-02"
    case doc03 = "CAP-DOC-03"
    case doc04 = "CAP-DOC-04"
    case exp01 = "CAP-EXP-01"
    case exp02 = "CAP-EXP-02"
    case ext01 = "CAP-EXT-01"
    case ext02 = "CAP-EXT-02"

    public static func < (a: RuleCode, b: RuleCode) -> Bool { a.rawValue < b.rawValue }
}

extension Capability: CustomStringConvertible { public var description: String { rawValue } }
extension Subfeature: CustomStringConvertible { public var description: String { rawValue } }
/// Data files (the framework knowledge) name sub-features by their contract names; an unknown name fails to decode.
extension Subfeature: Decodable {}
extension RuleCode: CustomStringConvertible { public var description: String { rawValue } }
