import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditRemediation
import MLAuditRender
import MLAuditReport
import MLAuditRules

/// The whole audit, stage by stage: snapshot -> facts -> analyses -> one `AuditReport` -> renderers.
public struct AuditOutcome: Sendable {
    public var report: AuditReport
    public var markdown: String
    public var json: String
    /// 0 when no error was captured, 1 when the report carries Error Capture blocks.
    public var exitCode: Int32
    /// One line per captured error, already redacted: what the CLI prints on stderr.
    public var stderrLines: [String]
}

public enum Auditor {
    /// `progress` receives short stage names ("reading files", ...); the CLI shows them on a TTY only.
    public static func run(root: URL, settings: AuditSettings, progress: ((String) -> Void)? = nil) -> AuditOutcome {
        let errors = ErrorLog(timestamp: settings.timestamp)
        for problem in settings.problems {
            let file = settings.settingsSource.hasPrefix("pyproject.toml") ? "pyproject.toml" : ".mlaudit.toml"
            errors.record(
                step: .settings, error: "\(settings.settingsSource): \(problem)",
                context: "the file's settings were ignored; the audit ran with the defaults", path: file)
        }
        var settings = settings
        for problem in SettingsValidation.validate(&settings) {
            errors.record(
                step: .settings, error: problem, context: "the unknown name was dropped; the other settings apply",
                path: settings.settingsSource.hasPrefix("pyproject.toml") ? "pyproject.toml" : ".mlaudit.toml")
        }
        progress?("listing files")
        var options = RepositorySnapshot.Options()
        options.maxFileBytes = settings.maxFileBytes
        options.maxFiles = settings.maxFiles
        let deadline = Deadline(seconds: settings.timeBudget)
        options.deadline = deadline
        options.exclude = settings.exclude
        let snapshot = StageTrace.stage("snapshot") {
            RepositorySnapshot.take(root: root, options: options, errors: errors)
        }
        progress?("reading git history")
        let git = StageTrace.stage("git") { GitFacts.read(root: root, errors: errors, deadline: deadline) }
        progress?("reading \(snapshot.files.count) files")
        let cache =
            settings.useFactCache
            ? FactCache.open(root: root, directory: settings.cacheDirectory, disabled: false) : nil
        let facts = RepositoryFacts.build(
            snapshot: snapshot, git: git, errors: errors, deadline: deadline, cache: cache,
            analyses: FindingCatalog.sourceAnalyses)
        let report = assemble(facts: facts, settings: settings, progress: progress)
        progress?("rendering")
        let rendered = StageTrace.stage("render") { render(report, secrets: facts.secrets) }
        StageTrace.note("rereads \(snapshot.rereads) (released Python/notebook texts read again)")
        return rendered
    }

    /// Stage 4: every analysis, in dependency order, into one value.
    package static func assemble(facts: RepositoryFacts, settings: AuditSettings, progress: ((String) -> Void)?)
        -> AuditReport
    {
        let errors = facts.errors
        progress?("rating capabilities")
        let capabilities = StageTrace.stage("rules") { CapabilityEngine.assess(facts: facts, settings: settings) }
        // A Python file's marker presence was taken in the read pass; another file's is searched in its held text.
        let markers = SuppressionMarker.Presence()
        let suppression = SuppressionFilter(
            settings: settings, lines: facts.lines,
            mayHaveMarker: { path in
                if facts.snapshot.file(path)?.kind == .python { return facts.analysis(markers, of: path) ?? true }
                return facts.snapshot.content(path).map { SuppressionMarker.mayOccur(in: $0) } ?? true
            })
        // Past the --time-budget, the stages that cost most (diff verification with git, running gates, the
        // script's site search) are skipped and the skip is captured; the cheap rest still fills the template.
        @Sendable func withinBudget(_ stage: String, _ step: AuditStep) -> Bool {
            guard facts.deadline.expired else { return true }
            errors.record(
                step: step, error: "the time budget ran out before \(stage)",
                context: "that part of the report is empty; raise --time-budget to include it", path: nil)
            return false
        }
        var gateSettings = settings
        if settings.runGates && !withinBudget("running the local gates", .gates) { gateSettings.runGates = false }
        progress?(gateSettings.runGates ? "ranking findings, verifying diffs, running gates" : "ranking findings")
        // Three independent branches on the same facts and capability table: findings then the diffs that fix them,
        // the gates, the reproducibility checklist. The gates and the checklist are serial loops, so running them
        // beside the findings keeps both cores busy; none reads another's result, so the report is the same. (With
        // MLAUDIT_TRACE the three branches' stage lines overlap in time; the "analyses" line is the block's own cost.)
        let runGates = gateSettings.runGates
        let (ranked, gates, repro) = StageTrace.stage("analyses (findings+diffs | gates | repro)") {
            Concurrently.run(
                { () -> ([Finding], [AtomicDiff]) in
                    let findings = StageTrace.stage("findings") {
                        FindingCatalog.findings(
                            facts: facts, capabilities: capabilities, preset: settings.preset, suppression: suppression)
                    }
                    let diffs =
                        withinBudget("verifying atomic diffs", .diffs)
                        ? StageTrace.stage("remediation.diffs") {
                            DiffPlanner.diffs(facts: facts, capabilities: capabilities, findings: findings)
                        } : []
                    return (findings, diffs)
                },
                {
                    var s = settings
                    s.runGates = runGates
                    return StageTrace.stage("remediation.gates") { GateDiscovery.gates(facts: facts, settings: s) }
                },
                {
                    StageTrace.stage("remediation.repro") {
                        ReproducibilityChecklist.items(facts: facts, capabilities: capabilities)
                    }
                })
        }
        let findings = ranked.0
        var diffs = ranked.1
        if gateSettings.runGates {
            progress?("running the repository's tests against the diffs")
            diffs = StageTrace.stage("remediation.difftests") {
                DiffTestRunner.run(diffs, facts: facts, settings: gateSettings)
            }
        }
        let deferred = RemediationPlanner.deferred(capabilities: capabilities, diffs: diffs)
        let sequence = RemediationPlanner.taskSequence(
            facts: facts, capabilities: capabilities, findings: findings,
            diffs: diffs, gates: gates)
        let script = StageTrace.stage("remediation.script") {
            ScriptGenerator.script(
                facts: facts, findings: findings, diffs: diffs, reportName: "status-update-\(settings.date)",
                statusDir: settings.preset == .codex ? ".codex/status" : ".mlaudit")
        }
        let ledger = QuestionsLedger.read(facts: facts)
        let stubs = facts.stubs.map { site in
            StubEntry(
                path: site.path, line: site.line, kind: StubEntry.Kind(site.kind), symbol: site.symbol,
                declaration: site.declaration, capability: StubCapabilityMapper.capability(for: site, facts: facts),
                text: site.text, borderline: site.borderline)
        }
        var report = AuditReport(
            date: settings.date,
            preamble: FetchPreamble.make(settings: settings, git: facts.git, root: facts.root),
            repository: RepositoryInfo.make(facts: facts),
            repoMap: RepoMapBuilder.build(facts: facts),
            stubs: stubs, capabilities: capabilities, findings: findings, diffs: diffs,
            gates: gates, reproducibility: repro, deferred: deferred, errors: errors.all,
            taskSequence: sequence, script: script, ledger: ledger)
        report.suppressed = suppression.suppressed
        return report
    }

    /// Stage 5: the renderers, then redaction of every output with the secrets the facts stage found. The report
    /// value handed back is redacted too, so every consumer of it (`apply --show` included) gets redacted text.
    public static func render(_ report: AuditReport, secrets: SecretFacts = SecretFacts()) -> AuditOutcome {
        let known = secrets.known
        let redact = { (text: String) in SecretScanner.redact(text, known: known) }
        let markdown = redact(MarkdownRenderer.render(report))
        let json = redact(JSONRenderer.render(report))
        let lines = report.errors.map { redact(StderrLine.format($0)) }
        return AuditOutcome(
            report: report.mappingText(redact), markdown: markdown, json: json,
            exitCode: report.errors.isEmpty ? 0 : 1, stderrLines: lines)
    }
}

enum StderrLine {
    /// "mlaudit: warning: [4:PYTHON_READ] broken.py:3: ... (the file was read up to the problem ...)"
    package static func format(_ e: CapturedError) -> String {
        let oneLine = { (s: String) in s.replacingOccurrences(of: "\n", with: " ") }
        return "mlaudit: warning: [\(e.step.code)] \(oneLine(e.error)) (\(oneLine(e.context)))"
    }
}

extension StubEntry.Kind {
    /// The report's kind of a stub site the Python reader found.
    init(_ kind: StubKind) {
        switch kind {
        case .notImplemented: self = .notImplemented
        case .pass: self = .pass
        case .ellipsis: self = .ellipsis
        case .docstringOnly: self = .docstringOnly
        case .placeholderMessage: self = .placeholderMessage
        case .todoComment: self = .todoComment
        }
    }
}
