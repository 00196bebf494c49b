import ArgumentParser
import Foundation
import MLAuditCore
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditRemediation
import MLAuditRender
import MLAuditReport
import MLAuditRules

/// `mlaudit rules`: every capability rule with its code, capability, sub-feature and summary.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract:
            "List the capability rules (one per rubric sub-feature) and the finding checks (MLA1xx) with their codes and summaries.",
        discussion:
            "Use `mlaudit explain CODE` for a rule's rationale and examples, or `mlaudit explain CODE PATH` for what it found in a repository."
    )

    @Flag(help: "Only the codes and sub-feature names, one per line.") var short = false

    func run() throws {
        var out = ""
        for cap in RuleCatalog.capabilities {
            if !short { out += "\(cap.name)\n" }
            for rule in cap.rules {
                let d = rule.description
                if short {
                    out += "\(d.code)\t\(d.capability)\t\(d.subfeature)\n"
                } else {
                    out += "  \(d.code)  \(d.subfeature)\n"
                    out += RulesText.wrap(d.summary, indent: "      ") + "\n"
                }
            }
        }
        out += FindingRulesText.list(short: short)
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}

enum RulesText {
    /// Wraps `text` at 100 columns with `indent` before every line.
    static func wrap(_ text: String, indent: String, width: Int = 100) -> String {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            if line.count + word.count + 1 > width && line.count > indent.count {
                lines.append(line)
                line = indent
            }
            line += (line.count > indent.count ? " " : "") + word
        }
        if line.count > indent.count { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
