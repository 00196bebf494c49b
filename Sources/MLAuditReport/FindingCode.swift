/// Finding codes (`findings[].code`): stable, never reused for another meaning. One check per code.
public enum FindingCode: String, CaseIterable, Sendable, Hashable, Comparable {
    case mla101 = "MLA101"  // SecretInRepositoryCheck
    case mla102 = "MLA102"  // TorchLoadWithoutWeightsOnlyCheck
    case mla103 = "MLA103"  // PickleLoadCheck
    case mla104 = "MLA104"  // TrustRemoteCodeCheck
    case mla105 = "MLA105"  // DynamicExecCheck
    case mla106 = "MLA106"  // HostedCIFilesCheck
    case mla107 = "MLA107"  // UnpinnedRequirementsCheck
    case mla108 = "MLA108"  // NoLockFileCheck
    case mla109 = "MLA109"  // MissingSeedCheck
    case mla110 = "MLA110"  // IncompleteCheckpointCheck
    case mla111 = "MLA111"  // NoCoverageThresholdCheck
    case mla112 = "MLA112"  // NoTestsCheck
    case mla113 = "MLA113"  // WandbOfflineCheck
    case mla114 = "MLA114"  // MLflowTrackingURICheck
    case mla115 = "MLA115"  // BareExceptCheck
    case mla116 = "MLA116"  // PlaceholderImplementationCheck
    case mla117 = "MLA117"  // TodoMarkerCheck
    case mla118 = "MLA118"  // NoSecretScannerCheck
    case mla119 = "MLA119"  // NoLocalGatesCheck
    case mla120 = "MLA120"  // UnsafeYAMLLoadCheck
    case mla121 = "MLA121"  // UnpinnedHubRevisionCheck
    case mla122 = "MLA122"  // TrackedEnvFileCheck
    case mla123 = "MLA123"  // TrackedWeightsCheck
    case mla124 = "MLA124"  // ShellInjectionCheck
    case mla125 = "MLA125"  // NondeterministicKernelsCheck
    case mla126 = "MLA126"  // UnpinnedBaseImageCheck
    case mla127 = "MLA127"  // CapabilityGapCheck
    case mla128 = "MLA128"  // StubbedSubfeatureCheck
    case mla129 = "MLA129"  // UnverifiedDownloadCheck
    case mla130 = "MLA130"  // PartialCapabilityGapCheck
    case mla131 = "MLA131"  // UndeclaredImportCheck
    case mla132 = "MLA132"  // HardcodedMachinePathCheck
    case mla133 = "MLA133"  // DuplicateYAMLKeyCheck
    case mla134 = "MLA134"  // BrokenDocLinkCheck
    case mla135 = "MLA135"  // ArgparseTypeBoolCheck
    case mla136 = "MLA136"  // DiscardedExceptionCheck
    case mla137 = "MLA137"  // LiteralIdentityCheck
    case mla138 = "MLA138"  // InertFlagDefaultCheck
    case mla139 = "MLA139"  // ShadowedDefinitionCheck
    case mla140 = "MLA140"  // SyntaxNewerThanRequiresPythonCheck
    case mla141 = "MLA141"  // DanglingEntryPointCheck
    case mla142 = "MLA142"  // DockerCopyMissingSourceCheck
    case mla143 = "MLA143"  // ClassifierContradictsRequiresPythonCheck
    case mla144 = "MLA144"  // UnboundNameCheck
    case mla145 = "MLA145"  // UndefinedExportCheck
    case mla147 = "MLA147"  // StripWithWordCheck
    case mla148 = "MLA148"  // LoggingArgumentsCheck
    case mla149 = "MLA149"  // RaiseNotImplementedCheck
    case mla150 = "MLA150"  // ControlFlowInFinallyCheck
    case mla151 = "MLA151"  // StrMethodReturnsNothingCheck
    case mla152 = "MLA152"  // PointlessComparisonCheck
    case mla153 = "MLA153"  // MissingFStringPrefixCheck
    case mla154 = "MLA154"  // RaiseLiteralCheck
    case mla155 = "MLA155"  // VacuousAssertCheck
    case mla156 = "MLA156"  // ExceptBooleanOperatorCheck

    public static func < (a: FindingCode, b: FindingCode) -> Bool { a.rawValue < b.rawValue }
}

extension FindingCode: CustomStringConvertible { public var description: String { rawValue } }
