import Foundation
import MLAuditPython
import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// Finding and diff tests: a fixture repository from a file map, committed, and its facts.
extension FixtureRepository {
    static func committed(_ files: [String: String]) throws -> FixtureRepository {
        let repo = try FixtureRepository()
        try repo.initGit()
        for (path, text) in files.sorted(by: { $0.key < $1.key }) { try repo.write(path, text) }
        try repo.commitAll("fixture")
        return repo
    }

    /// With `analyses`, the read pass takes those per-file readings (as the auditor does with
    /// `FindingCatalog.sourceAnalyses`); without, checks compute them from the content when they ask.
    func facts(
        errors: ErrorLog = ErrorLog(timestamp: "2026-01-01T00:00:00Z"), analyses: [any SourceAnalysis] = []
    ) -> RepositoryFacts {
        let snapshot = RepositorySnapshot.take(root: root, errors: errors)
        let git = GitFacts.read(root: root, errors: errors)
        return RepositoryFacts.build(snapshot: snapshot, git: git, errors: errors, analyses: analyses)
    }

    func read(_ path: String) -> String? {
        (try? Data(contentsOf: root.appendingPathComponent(path))).map { String(decoding: $0, as: UTF8.self) }
    }
}

enum ReaderProbe {
    /// True once the structure reader records calls (until then Python-based checks have nothing to read).
    static let available: Bool = !PythonReader.read(source: Array("import os\nos.getcwd()\n".utf8), path: "probe.py")
        .calls.isEmpty
}
