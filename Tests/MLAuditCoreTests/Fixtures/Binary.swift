import Foundation

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// The `mlaudit` executable built beside the test bundle, run as a user would.
enum Binary {
    /// `MLAUDIT_TEST_BINARY` runs the CLI tests against another build (e.g. the release before a fix, to show a
    /// test fails there).
    static var url: URL? {
        if let other = ProcessInfo.processInfo.environment["MLAUDIT_TEST_BINARY"] { return URL(fileURLWithPath: other) }
        var dir = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("mlaudit")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    static func run(_ args: [String], environment: [String: String] = [:], timeout: TimeInterval = 120) throws
        -> ProcessResult
    {
        guard let url else { throw FixtureError("the mlaudit binary is not built beside the tests") }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        return try ProcessRunner.run(url.path, args, environment: env, timeout: timeout)
    }
}

/// `../shared/tools/check_report.py`, the template and contract checker.
enum ReportChecker {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../../shared/tools/check_report.py").standardizedFileURL.path

    static var available: Bool { FileManager.default.fileExists(atPath: path) }

    /// Runs the checker; returns its output lines (the last is `N problems`).
    static func check(markdown: URL, json: URL, repo: URL) throws -> [String] {
        let r = try ProcessRunner.run(
            "python3", [path, markdown.path, "--json", json.path, "--repo", repo.path], timeout: 120)
        return r.stdoutText.split(separator: "\n").map(String.init)
    }
}
