import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// The capability rules, one per sub-feature, grouped by capability in contract order.
public enum RuleCatalog {
    /// One capability of the contract with its sub-feature rules in rubric order.
    public struct Group: Sendable {
        public var capability: Capability
        public var rules: [CapabilityRule]
        public var name: String { capability.rawValue }
        public var label: String { capability.label }
    }

    /// Every rule, in contract order of their sub-features (a test checks the order and that each has one rule).
    public static let all: [CapabilityRule] = [
        FastTokenizerRule(), VocabRule(), EncodeDecodeRule(), PaddingTruncationRule(), ModelInitRule(), DtypeRule(),
        DevicePlacementRule(), PeftRule(), TrainingLoopRule(), PrecisionRule(), GradientAccumulationRule(),
        StructuredConfigRule(), OverridesRule(), SweepsRule(), ValidationLoopRule(), MetricsAPIRule(),
        MetricsFileLoggingRule(), TrackerLoggingRule(), SystemMetricsRule(), WeightsRule(), OptimizerStateRule(),
        SchedulerStateRule(), RNGStateRule(), BestKRule(), ResumeRule(), DatasetSplitsRule(),
        DeterministicShufflingRule(), DataCachingRule(), DependencyLockingRule(), SecretsScanningRule(),
        PromptSafetyRule(), PytestTargetsRule(), LocalGatesRule(), CoverageEnforcementRule(), PackagingRule(),
        CLIEntryPointsRule(), DockerInfraRule(), ReadmeRule(), QuickstartRule(), DiagramsRule(),
        NotebooksExamplesRule(), MLflowLocalRule(), WandbOfflineRule(), PluggableComponentsRule(),
        RegistryPatternsRule(),
    ]

    public static let capabilities: [Group] = Capability.allCases.map { c in
        Group(capability: c, rules: all.filter { $0.description.capability == c })
    }

    /// The rule of a sub-feature (every sub-feature has exactly one; a test checks it).
    public static func rule(for subfeature: Subfeature) -> CapabilityRule? {
        all.first { $0.description.subfeature == subfeature }
    }

    /// A rule by code ("CAP-TOK-01", case-insensitive) or sub-feature name.
    public static func rule(named key: String) -> CapabilityRule? {
        all.first {
            $0.description.code.rawValue.caseInsensitiveCompare(key) == .orderedSame
                || $0.description.subfeature.rawValue.caseInsensitiveCompare(key) == .orderedSame
        }
    }

    /// A capability by name or label prefix (case-insensitive).
    public static func capability(named key: String) -> Group? {
        capabilities.first {
            $0.name.caseInsensitiveCompare(key) == .orderedSame || $0.label.lowercased().hasPrefix(key.lowercased())
        }
    }
}
