import Foundation
import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// Fixture repositories built on the fly for the gate, reproducibility, planner and script tests.
enum GateFixtures {
    /// A temp folder with `files` written (parents created), optionally a git repository with one commit.
    static func repo(_ files: [String: String], git: Bool = true, name: String = "fixture") throws -> URL {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("mlaudit-fixture-\(UUID().uuidString)").appendingPathComponent(name)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        if git {
            try run(root, ["git", "init", "-q", "-b", "main"])
            try run(root, ["git", "add", "-A"])
            try run(
                root,
                [
                    "git", "-c", "user.name=Fixture", "-c", "user.email=fixture@example.invalid",
                    "commit", "-q", "-m", "fixture",
                ])
        }
        return root
    }

    @discardableResult
    static func run(_ dir: URL, _ argv: [String], timeout: TimeInterval = 60) throws -> ProcessResult {
        let r = try ProcessRunner.run(argv[0], Array(argv.dropFirst()), in: dir, timeout: timeout)
        if r.exitCode != 0 && argv[0] == "git" {
            XCTFail("\(argv.joined(separator: " ")) failed: \(r.stderrText)")
        }
        return r
    }

    static func facts(_ root: URL) -> RepositoryFacts {
        let errors = ErrorLog(timestamp: "2026-11-25T00:00:00Z")
        let snapshot = RepositorySnapshot.take(root: root, errors: errors)
        let git = GitFacts.read(root: root, errors: errors)
        return RepositoryFacts.build(snapshot: snapshot, git: git, errors: errors)
    }

    static func settings(runGates: Bool = false, timeout: TimeInterval = 120) -> AuditSettings {
        var s = AuditSettings(date: "2026-11-25", timestamp: "2026-11-25T00:00:00Z")
        s.runGates = runGates
        s.gateTimeout = timeout
        return s
    }

    /// Every file under `root` (the `.git` folder included) with its bytes: equal values mean a byte-identical tree.
    static func tree(_ root: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        guard let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return out
        }
        for case let url as URL in e {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            out[String(url.path.dropFirst(root.path.count))] = FileManager.default.contents(atPath: url.path)
        }
        return out
    }

    static func remove(_ root: URL) { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
}
