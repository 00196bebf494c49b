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

@main
struct MLAuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mlaudit",
        abstract: "Audit a machine-learning repository and write its Status Update (Markdown + JSON).",
        discussion: ExitCodes.help,
        version: MLAuditVersion.value,
        subcommands: [
            AuditCommand.self, CheckCommand.self, DiffCommand.self, RulesCommand.self, ExplainCommand.self,
            ApplyCommand.self, VersionCommand.self, DebugCommand.self,
        ],
        defaultSubcommand: AuditCommand.self
    )

    /// ArgumentParser's own parse and validation errors exit 64 (EX_USAGE); mlaudit documents 2 for every usage
    /// error, so they are mapped here. `-V` is the short spelling of `--version`. Installs the signal handlers that
    /// kill live git (and gate) process groups first.
    static func main() {
        ChildProcesses.installSignalHandlers()
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments == ["-V"] {
            FileHandle.standardOutput.write(Data((MLAuditVersion.value + "\n").utf8))
            Foundation.exit(ExitCodes.ok)
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }  // --help, --version: printed to stdout
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitCodes.usage)
            }
            exit(withError: error)
        }
    }
}

enum ExitCodes {
    static let ok: Int32 = 0
    static let failed: Int32 = 1
    static let usage: Int32 = 2
    static let help = """
        Exit codes:
          0  done; problems inside the audited repository (an unreadable file, a malformed setting) are warnings on
             stderr and Error Capture blocks in the report
          1  a finding at or above --fail-on (check: default high; audit: only with --fail-on)
          2  usage error, unreadable --config/--baseline/--compare-to, or the output could not be written
        """
}

/// `mlaudit version`: the same line as `--version` and `-V`.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print mlaudit's version.")
    func run() throws { FileHandle.standardOutput.write(Data((MLAuditVersion.value + "\n").utf8)) }
}
