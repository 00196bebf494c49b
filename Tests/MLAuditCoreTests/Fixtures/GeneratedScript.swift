import Foundation

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// The generated remediation script, written beside a fixture repository and run as a user would.
enum GeneratedScript {
    static func write(_ text: String, beside root: URL) throws -> URL {
        let url = root.deletingLastPathComponent().appendingPathComponent("codex_remediation.py")
        try Data(text.utf8).write(to: url)
        return url
    }

    /// `python3 SCRIPT ARGS` in `root`, with the timestamp pinned and no bytecode written into the tree.
    static func run(_ script: URL, _ args: [String], in root: URL) throws -> ProcessResult {
        var env = ProcessInfo.processInfo.environment
        env["MLAUDIT_TIMESTAMP"] = "2026-11-25T00:00:00Z"
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        return try ProcessRunner.run("python3", [script.path] + args, in: root, environment: env, timeout: 120)
    }
}
