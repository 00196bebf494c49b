import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// High-Signal Findings: checks with stable codes, ranked by severity then evidence strength.
public enum FindingCatalog {
    /// Evidence locations kept per finding (the strongest first).
    package static let maxEvidence = 5

    /// Every check, in code order. A code is never reused for another meaning.
    public static let checks: [any FindingCheck] = [
        SecretInRepositoryCheck(), TorchLoadWithoutWeightsOnlyCheck(), PickleLoadCheck(), TrustRemoteCodeCheck(),
        DynamicExecCheck(), HostedCIFilesCheck(), UnpinnedRequirementsCheck(), NoLockFileCheck(),
        MissingSeedCheck(), IncompleteCheckpointCheck(), NoCoverageThresholdCheck(), NoTestsCheck(),
        WandbOfflineCheck(), MLflowTrackingURICheck(), BareExceptCheck(), PlaceholderImplementationCheck(),
        TodoMarkerCheck(), NoSecretScannerCheck(), NoLocalGatesCheck(), UnsafeYAMLLoadCheck(),
        UnpinnedHubRevisionCheck(), TrackedEnvFileCheck(), TrackedWeightsCheck(), ShellInjectionCheck(),
        NondeterministicKernelsCheck(), UnpinnedBaseImageCheck(), CapabilityGapCheck(), StubbedSubfeatureCheck(),
        UnverifiedDownloadCheck(), PartialCapabilityGapCheck(), UndeclaredImportCheck(), HardcodedMachinePathCheck(),
        DuplicateYAMLKeyCheck(), BrokenDocLinkCheck(), ArgparseTypeBoolCheck(), DiscardedExceptionCheck(),
        LiteralIdentityCheck(), InertFlagDefaultCheck(), ShadowedDefinitionCheck(),
        SyntaxNewerThanRequiresPythonCheck(),
        DanglingEntryPointCheck(), DockerCopyMissingSourceCheck(), ClassifierContradictsRequiresPythonCheck(),
        UnboundNameCheck(), UndefinedExportCheck(),
        StripWithWordCheck(), LoggingArgumentsCheck(), RaiseNotImplementedCheck(), ControlFlowInFinallyCheck(),
        StrMethodReturnsNothingCheck(), PointlessComparisonCheck(), MissingFStringPrefixCheck(), RaiseLiteralCheck(),
        VacuousAssertCheck(), ExceptBooleanOperatorCheck(),
    ]

    /// The per-file readings checks take in the read pass (`SourceAnalysis`), so the findings stage does not read
    /// the released Python texts again; handed to `RepositoryFacts.build` by the auditor.
    public static let sourceAnalyses: [any SourceAnalysis] = [
        NameBindingSummary.Analysis(), LineShapes.Analysis(), ControlFlowInFinallyCheck.Analysis(),
        PointlessComparisonCheck.Analysis(), SuppressionMarker.Presence(), PythonStatementSites.Analysis(),
    ]

    /// Codes ranked after every other finding whatever their severity: they restate capability-table gaps
    /// that no specific check reports, so they fill the list only after the specific findings.
    package static let trailingCodes: Set<FindingCode> = [.mla130]

    public static func findings(
        facts: RepositoryFacts, capabilities: [CapabilityAssessment], preset: AuditSettings.Preset = .default,
        suppression: SuppressionFilter? = nil
    ) -> [Finding] {
        findings(
            context: FindingContext(facts: facts, capabilities: capabilities), checks: checks, preset: preset,
            suppression: suppression)
    }

    /// Runs `checks`, keeps what applies to this kind of repository and agrees with the capability table, drops what
    /// the repository suppressed, and ranks: consequential findings first, then trailing codes, severity, evidence
    /// strength, amount of evidence, code and title.
    package static func findings(
        context: FindingContext, checks: [any FindingCheck], preset: AuditSettings.Preset = .default,
        suppression: SuppressionFilter? = nil, concurrent: Bool = true
    ) -> [Finding] {
        let kind = RepositoryKind.of(context)
        var ranked: [(Finding, EvidenceStrength, Int)] = []
        // Checks are pure functions of the facts and the capability table: evaluated concurrently, their hits then
        // filtered and collected in catalogue order (the output does not depend on which check finished first).
        context.prepareForConcurrentUse()
        let one = { @Sendable (check: any FindingCheck) in
            StageTrace.detail("check \(check.code.rawValue)") { check.evaluate(context) }
        }
        let hits = concurrent ? ConcurrentMap.map(checks, one) : checks.map(one)
        for (check, found) in zip(checks, hits) {
            for found in found {
                // Code in folders closed to changes is cited by no finding (`ClosedToChanges`).
                guard let found = context.withoutClosedEvidence(found) else { continue }
                // Relevance first: a finding that does not apply here is not reported as suppressed either.
                guard FindingRelevance.keeps(check.finding(from: found), kind: kind, preset: preset, context: context)
                else { continue }
                // Suppressed locations are recorded by the filter and leave the hit before its evidence is cut.
                var hit = found
                if let suppression {
                    guard let kept = suppression.filter(found, code: check.code, severity: check.severity)
                    else { continue }
                    hit = kept
                }
                var finding = check.finding(from: hit)
                // Every location is fingerprinted, also those past the evidence kept for display.
                finding.fingerprints = FindingFingerprint.locations(
                    code: check.code.rawValue, title: hit.title,
                    evidence: hit.evidence.map { ($0.path, $0.text) })
                ranked.append((finding, hit.strength, hit.evidence.count))
            }
        }
        ranked.sort { a, b in
            let ca = FindingRelevance.isFiller(a.0, kind: kind, capabilities: context.capabilities)
            let cb = FindingRelevance.isFiller(b.0, kind: kind, capabilities: context.capabilities)
            if ca != cb { return cb }
            let ta = trailingCodes.contains(a.0.code)
            let tb = trailingCodes.contains(b.0.code)
            if ta != tb { return tb }
            if a.0.severity != b.0.severity { return a.0.severity < b.0.severity }
            if a.1 != b.1 { return a.1 > b.1 }
            if a.2 != b.2 { return a.2 > b.2 }
            return (a.0.code, a.0.title) < (b.0.code, b.0.title)
        }
        // Fillers only reach the template's ten findings; every consequential one is kept.
        let core = ranked.map(\.0).filter {
            !FindingRelevance.isFiller($0, kind: kind, capabilities: context.capabilities)
        }
        let fillers = ranked.map(\.0).filter {
            FindingRelevance.isFiller($0, kind: kind, capabilities: context.capabilities)
        }
        return core
            + fillers.prefix(max(0, minimumListed - core.count)).map {
                var f = $0
                f.filler = true
                return f
            }
    }

    /// The template's lower bound of High-Signal Findings.
    static let minimumListed = 10

    public static func check(code: String) -> (any FindingCheck)? { checks.first { $0.code.rawValue == code } }
}

extension Array where Element == Evidence {
    /// "train.py, sample.py (+2 more files)" for titles: the files, first-seen order (line citations are the evidence's job).
    package var citationSummary: String {
        var files: [String] = []
        for e in self where !files.contains(e.path) { files.append(e.path) }
        let shown = files.prefix(2).joined(separator: ", ")
        return files.count > 2 ? "\(shown) (+\(files.count - 2) more files)" : shown
    }
}
