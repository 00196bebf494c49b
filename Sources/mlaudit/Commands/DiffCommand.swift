import ArgumentParser
import Foundation
import MLAuditCore
import MLAuditFacts
import MLAuditKit
import MLAuditRender
import MLAuditReport
import MLAuditRules

/// `mlaudit diff OLD.json NEW.json`: what changed between two reports, as the report's "Recent changes" states it.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "State what changed between two JSON reports: capability statuses, findings new and resolved.",
        discussion:
            "Findings are matched by fingerprint (code, path, normalized line text), so a moved line is neither new nor resolved. Exit codes: 0 done; 2 usage error or unreadable report."
    )

    @Argument(help: "The earlier JSON report.") var old: String
    @Argument(help: "The later JSON report.") var new: String
    @Option(help: "text or json (the report's `delta` object).") var format: Format = .text

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    func run() throws {
        let before: ReportSnapshot
        let after: ReportSnapshot
        do {
            before = try ReportSnapshot(jsonFile: URL(fileURLWithPath: old))
            after = try ReportSnapshot(jsonFile: URL(fileURLWithPath: new))
        } catch {
            Terminal.stderr("mlaudit: error: \(error)")
            throw ExitCode(ExitCodes.usage)
        }
        let delta = after.delta(since: before)
        switch format {
        case .json: Terminal.stdout(Auditor.deltaJSON(delta) + "\n")
        case .text: Terminal.stdout(TerminalText.cleanLines(DeltaText.render(delta, newDate: after.date)))
        }
    }
}

enum DeltaText {
    static func render(_ d: ReportDelta, newDate: String) -> String {
        var out = "\(d.previousFile.isEmpty ? d.previousDate : d.previousFile) -> report of \(newDate)\n\(d.summary)\n"
        if !d.statusChanges.isEmpty {
            out += "Capability statuses:\n"
            for c in d.statusChanges { out += "  \(c.capability): \(c.from) -> \(c.to)\n" }
        }
        for (title, list) in [("New findings", d.newFindings), ("Resolved findings", d.resolvedFindings)]
        where !list.isEmpty {
            out += "\(title):\n"
            for l in list { out += "  \(l.citation): \(l.code) [\(l.severity)] \(l.title)\n" }
        }
        return out
    }
}
