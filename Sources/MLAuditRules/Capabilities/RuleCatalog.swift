import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditFacts
/// The 14 capabilities, in contract order, each with its sub-feature rules in rubric order.
public enum RuleCatalog {
    public struct Capability: Sendable {
        public var name: String
        public var label: String
        public var rules: [CapabilityRule]
    }

    public static let capabilities: [Capability] = [
        Capability(name: "Tokenization", label: "Tokenization (fast tokenizer, vocab, encode/decode, padding/truncation)",
                   rules: [FastTokenizerRule(), VocabRule(), EncodeDecodeRule(), PaddingTruncationRule()]),
        Capability(name: "Modeling", label: "ChatGPT Codex Modeling (model init, dtype, device placement, LoRA/PEFT hooks)",
                   rules: [ModelInitRule(), DtypeRule(), DevicePlacementRule(), PeftRule()]),
        Capability(name: "Training Engine", label: "Training Engine (HF Trainer or custom loop, precision, gradient accumulation)",
                   rules: [TrainingLoopRule(), PrecisionRule(), GradientAccumulationRule()]),
        Capability(name: "Configuration Management", label: "Configuration Management (Hydra/YAML structure, overrides, sweeps)",
                   rules: [StructuredConfigRule(), OverridesRule(), SweepsRule()]),
        Capability(name: "Evaluation & Metrics", label: "Evaluation & Metrics (validation loops, metrics API, NDJSON/CSV logging)",
                   rules: [ValidationLoopRule(), MetricsAPIRule(), MetricsFileLoggingRule()]),
        Capability(name: "Logging & Monitoring", label: "Logging & Monitoring (TensorBoard / W&B / MLflow, system metrics via `psutil`/NVML)",
                   rules: [TrackerLoggingRule(), SystemMetricsRule()]),
        Capability(name: "Checkpointing & Resume", label: "Checkpointing & Resume (weights, optimizer state, scheduler, RNG, best-k retention)",
                   rules: [WeightsRule(), OptimizerStateRule(), SchedulerStateRule(), RNGStateRule(), BestKRule(), ResumeRule()]),
        Capability(name: "Data Handling", label: "Data Handling (dataset splits, deterministic shuffling, caching)",
                   rules: [DatasetSplitsRule(), DeterministicShufflingRule(), DataCachingRule()]),
        Capability(name: "Security & Safety", label: "Security & Safety (dependency locking, secrets scanning, prompt safety)",
                   rules: [DependencyLockingRule(), SecretsScanningRule(), PromptSafetyRule()]),
        Capability(name: "Internal CI/Test", label: "Internal CI/Test (pytest targets, tox/nox local gates, coverage enforcement)",
                   rules: [PytestTargetsRule(), LocalGatesRule(), CoverageEnforcementRule()]),
        Capability(name: "Deployment", label: "Deployment (packaging, CLI entry points, Docker infra)",
                   rules: [PackagingRule(), CLIEntryPointsRule(), DockerInfraRule()]),
        Capability(name: "Documentation & Examples", label: "Documentation & Examples (README, quickstarts, diagrams, notebooks)",
                   rules: [ReadmeRule(), QuickstartRule(), DiagramsRule(), NotebooksExamplesRule()]),
        Capability(name: "Experiment Tracking", label: "Experiment Tracking (MLflow local tracking, W&B offline mode)",
                   rules: [MLflowLocalRule(), WandbOfflineRule()]),
        Capability(name: "Extensibility", label: "Extensibility (pluggable components, registry patterns)",
                   rules: [PluggableComponentsRule(), RegistryPatternsRule()]),
    ]

    public static var all: [CapabilityRule] { capabilities.flatMap(\.rules) }

    /// A rule by code ("CAP-TOK-01", case-insensitive) or sub-feature name.
    public static func rule(named key: String) -> CapabilityRule? {
        all.first { $0.description.code.caseInsensitiveCompare(key) == .orderedSame
            || $0.description.subfeature.caseInsensitiveCompare(key) == .orderedSame }
    }

    /// A capability by name or label prefix (case-insensitive).
    public static func capability(named key: String) -> Capability? {
        capabilities.first { $0.name.caseInsensitiveCompare(key) == .orderedSame || $0.label.lowercased().hasPrefix(key.lowercased()) }
    }
}
