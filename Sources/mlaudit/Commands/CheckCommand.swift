import ArgumentParser
import Foundation
import MLAuditCore
import MLAuditFacts
import MLAuditKit
import MLAuditRender
import MLAuditReport
import MLAuditRules

/// `mlaudit check`: the gate (pre-commit, CI-less local gates). Audits PATH like `audit`, then prints one line per
/// finding location at or above --fail-on and exits 1 when there is one.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Gate on findings: one line per finding at or above --fail-on; exit 1 when there is one.",
        discussion: """
            Text output: `path:line: CODE [severity] message`, one line per finding location at or above --fail-on, \
            sorted by path and line (a finding without a location prints `.: CODE ...`). --format json and sarif \
            print the whole report (every finding, after --baseline) instead.
            Silence a false positive with `# mlaudit: ignore[CODE]` on the line or the line above (peers' markers: \
            `# pragma: allowlist secret` and `gitleaks:allow` for MLA101, `# nosec` for unsafe loads), or with \
            `ignore` / `per_file_ignores` in .mlaudit.toml or [tool.mlaudit] of pyproject.toml.

            Exit codes: 0 no finding at or above --fail-on; 1 at least one; 2 usage or tool error.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, sarif }

    @Argument(help: "The repository to check.") var path: String = "."
    @Option(
        help: "The lowest severity that fails the check: critical, high, medium or low (or `error`: a captured error).")
    var failOn: FailOn = .high
    @Option(
        help:
            "An earlier JSON report (`audit --format json`, `check --format json`): only findings it does not have are reported."
    ) var baseline: String?
    @Option(help: "text, json or sarif.") var format: Format = .text
    @Option(help: "A settings file to use instead of PATH/.mlaudit.toml (or pyproject.toml [tool.mlaudit]).")
    var config: String?
    @Option(help: "Files larger than this many bytes are listed but not read.") var maxFileBytes: Int?
    @Option(help: "Seconds the whole check may take; files not reached in time are skipped and reported.")
    var timeBudget: Double?
    @Option(help: "The report date YYYY-MM-DD for json/sarif output (default: today, UTC).") var date: String?
    @Flag(name: .shortAndLong, help: "Print finding lines only: no summary, no warnings.") var quiet = false

    func run() throws {
        let root = URL(fileURLWithPath: path).standardizedFileURL
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDir), isDir.boolValue else {
            fail("\(path) is not a folder: pass the repository's root folder")
        }
        let reportDate = date ?? AuditCommand.today()
        guard AuditCommand.isDate(reportDate) else { fail("--date must be YYYY-MM-DD, got '\(reportDate)'") }
        var settings = AuditSettings(
            date: reportDate,
            timestamp: ProcessInfo.processInfo.environment["MLAUDIT_TIMESTAMP"] ?? "\(reportDate)T00:00:00Z")
        do { try CommandSettings.load(root: root, config: config, into: &settings) } catch let e
            as CommandSettings.UsageError
        { fail(e.message) }
        if let maxFileBytes {
            guard maxFileBytes > 0 else { fail("--max-file-bytes must be positive") }
            settings.maxFileBytes = maxFileBytes
        }
        if let timeBudget {
            guard timeBudget > 0 else { fail("--time-budget must be positive") }
            settings.timeBudget = timeBudget
        }
        var known: Set<String> = []
        if let baseline {
            do { known = try ReportSnapshot(jsonFile: URL(fileURLWithPath: baseline)).fingerprints } catch {
                fail("--baseline: \(error)")
            }
        }

        let progress = Progress(enabled: Terminal.progressEnabled(quiet: quiet))
        let outcome = Auditor.run(root: root, settings: settings, progress: progress.show)
        progress.finish()
        var report = outcome.report
        let (kept, inBaseline) = Baseline.filter(report.findings, known: known)
        report.findings = kept
        if !quiet { for line in outcome.stderrLines { Terminal.stderr(line) } }

        let gating = failOn.gating(report.findings)
        switch format {
        case .text: Terminal.stdout(CheckText.lines(gating, colour: Terminal.colourEnabled).joined())
        case .json: Terminal.stdout(Auditor.render(report).json)
        case .sarif: Terminal.stdout(Auditor.sarif(report))
        }
        if !quiet {
            var parts = [
                "\(gating.reduce(0) { $0 + max($1.fingerprints.count, 1) }) finding location(s) at or above \(failOn.rawValue)"
            ]
            parts.append("\(report.findings.count) finding(s) in all")
            if !report.suppressed.isEmpty { parts.append("\(report.suppressed.count) suppressed") }
            if baseline != nil { parts.append("\(inBaseline) already in the baseline") }
            Terminal.stderr("mlaudit check: " + parts.joined(separator: ", "))
        }
        if failOn.fails(report) { throw ExitCode(ExitCodes.failed) }
    }

    private func fail(_ message: String) -> Never {
        Terminal.stderr("mlaudit: error: \(message)")
        Foundation.exit(ExitCodes.usage)
    }
}

/// `path:line: CODE [severity] message` lines, sorted by path, line and code.
enum CheckText {
    static func lines(_ findings: [Finding], colour: Bool) -> [String] {
        var rows: [(path: String, line: Int, text: String)] = []
        for f in findings {
            let sev = colour ? paint(f.severity) : f.severity.rawValue
            // Paths and titles are repository text: no control characters reach the terminal.
            let message = TerminalText.clean(f.title.replacingOccurrences(of: "\n", with: " "))
            if f.evidence.isEmpty {
                rows.append((".", 0, ".: \(f.code) [\(sev)] \(message)\n"))
            }
            for e in f.evidence {
                rows.append(
                    (e.path, e.line, "\(TerminalText.clean(e.path)):\(e.line): \(f.code) [\(sev)] \(message)\n"))
            }
        }
        return rows.sorted { ($0.path, $0.line, $0.text) < ($1.path, $1.line, $1.text) }.map(\.text)
    }

    static func paint(_ s: Severity) -> String {
        let code: String
        switch s {
        case .critical: code = "1;31"
        case .high: code = "31"
        case .medium: code = "33"
        case .low: code = "36"
        }
        return "\u{1B}[\(code)m\(s.rawValue)\u{1B}[0m"
    }
}
