import ArgumentParser
import MLAuditCore
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditFacts
import MLAuditRules
import MLAuditRemediation
import MLAuditRender

@main
struct MLAuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mlaudit",
        abstract: "Audit a machine-learning repository and write its Status Update (Markdown + JSON).",
        discussion: ExitCodes.help,
        version: MLAuditVersion.value,
        subcommands: [AuditCommand.self, RulesCommand.self, ExplainCommand.self, ApplyCommand.self, DebugCommand.self],
        defaultSubcommand: AuditCommand.self
    )

    /// Installs the signal handlers that kill live git (and gate) process groups, then runs the command.
    static func main() {
        ChildProcesses.installSignalHandlers()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}

enum ExitCodes {
    static let ok: Int32 = 0
    static let reportedErrors: Int32 = 1
    static let usage: Int32 = 2
    static let help = """
    Exit codes:
      0  the audit ran and recorded no errors
      1  the audit ran and the report carries Error Capture blocks (see stderr)
      2  usage error, or the output could not be written (nothing was audited or written)
    """
}
