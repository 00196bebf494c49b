import Foundation
import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts

/// A repository audited without the fact cache, then twice with it in `cacheDirectory` (cold: the cache fills;
/// warm: it is read): both cached runs must give the uncached report, Markdown and JSON, byte for byte.
struct CachedAudits {
    let uncached: AuditOutcome
    /// The pinned settings with the cache on, for further runs.
    let settings: AuditSettings

    static func run(
        _ root: URL, cacheDirectory: URL, file: StaticString = #filePath, line: UInt = #line
    ) -> CachedAudits {
        var settings = AuditSettings.pinned()
        let uncached = Auditor.run(root: root, settings: settings)
        settings.useFactCache = true
        settings.cacheDirectory = cacheDirectory.path
        for run in ["cold", "warm"] {
            let cached = Auditor.run(root: root, settings: settings)
            XCTAssertEqual(cached.markdown, uncached.markdown, "\(run) Markdown", file: file, line: line)
            XCTAssertEqual(cached.json, uncached.json, "\(run) JSON", file: file, line: line)
        }
        return CachedAudits(uncached: uncached, settings: settings)
    }
}

extension XCTestCase {
    /// A fresh folder for a fact cache under the temporary directory (`label` names the test), removed after the
    /// test.
    func temporaryCacheFolder(_ label: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "mlaudit-\(label)-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }
}
