import Foundation
import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditReport

/// The secret-scan results kept in the fact cache, and the Python texts the facts stage releases.
final class SecretCacheTests: XCTestCase {
    func cacheFolder() throws -> URL { try temporaryCacheFolder("secret-cache") }

    /// A planted secret in a Python file, beside the ML project's code.
    func repository() throws -> FixtureRepository {
        let planted = try XCTUnwrap(SecretFixtures.all(seed: 5).first)
        return try FixtureRepository.mlProject("secretcache").write(
            "tinyml/keys.py", "import os\n\n\(planted.line)\nprint(os.getcwd())\n")
    }

    func testEntryRoundTripsAndHostileEntriesAreRejected() {
        let text = Array("x = 1\n\(SecretFixtures.all(seed: 3).map(\.line).prefix(4).joined(separator: "\n"))\n".utf8)
        let hits = text.withUnsafeBufferPointer { SecretScanner.scanFile(path: "a.py", bytes: $0) }
        XCTAssertFalse(hits.matches.isEmpty)
        let good = SecretHitsCodec.encode(hits)
        let back = SecretHitsCodec.decode(good, path: "b.py")
        XCTAssertEqual(back?.matches.map(\.line), hits.matches.map(\.line))
        XCTAssertEqual(back?.matches.map(\.kind), hits.matches.map(\.kind))
        XCTAssertEqual(back?.matches.map(\.path), hits.matches.map { _ in "b.py" })
        XCTAssertEqual(back?.values.map(\.0), hits.values.map(\.0))
        for cut in 0..<good.count {
            XCTAssertNil(SecretHitsCodec.decode(Array(good[0..<cut]), path: "a.py"), "truncated at \(cut)")
        }
        XCTAssertNil(SecretHitsCodec.decode(good + [0], path: "a.py"), "trailing bytes")
        var flipped = good
        for i in stride(from: SecretHitsCodec.magic.count, to: flipped.count, by: 5) { flipped[i] ^= 0x5A }
        _ = SecretHitsCodec.decode(flipped, path: "a.py")  // must not crash
        XCTAssertNil(SecretHitsCodec.decode(SecretHitsCodec.magic + [0x7f], path: "a.py"), "a count past the end")
    }

    func testCachedSecretsGiveTheSameReportAndBadEntriesAreRescanned() throws {
        let repo = try repository()
        let dir = try cacheFolder()
        let audits = CachedAudits.run(repo.root, cacheDirectory: dir)
        let (uncached, settings) = (audits.uncached, audits.settings)
        XCTAssertTrue(uncached.json.contains("MLA101"), "the planted secret is found")
        let entries = try FileManager.default.subpathsOfDirectory(atPath: dir.path).filter { $0.hasSuffix("-3") }
        XCTAssertFalse(entries.isEmpty, "no secret-scan entry was stored")
        // An entry that lies (a valid layout claiming no secret) is data the cache trusts only if it decodes; a
        // garbage entry is rescanned.
        for e in entries { try Data("garbage".utf8).write(to: dir.appendingPathComponent(e)) }
        let repaired = Auditor.run(root: repo.root, settings: settings)
        XCTAssertEqual(repaired.json, uncached.json)
        XCTAssertEqual(repaired.markdown, uncached.markdown)
    }

    func testReleasedTextsReadAgainAsTheyWere() throws {
        let repo = try repository()
        let errors = ErrorLog(timestamp: "2026-11-25T00:00:00Z")
        let snapshot = RepositorySnapshot.take(root: repo.root, errors: errors)
        let before = try XCTUnwrap(snapshot.text("tinyml/keys.py"))
        snapshot.release("tinyml/keys.py")
        XCTAssertEqual(snapshot.text("tinyml/keys.py"), before)
        XCTAssertEqual(snapshot.rereads, 1)
        XCTAssertEqual(snapshot.text("tinyml/keys.py"), before)
        XCTAssertEqual(snapshot.rereads, 1, "a recent re-read is kept")
        XCTAssertNil(snapshot.text("no/such/file.py"))
        // The facts stage releases Python texts after reading them; lines still come back the same.
        let facts = RepositoryFacts.build(snapshot: snapshot, git: GitFacts(), errors: errors)
        XCTAssertEqual(facts.lines("tinyml/keys.py").joined(separator: "\n"), before)
        XCTAssertEqual(facts.line("tinyml/keys.py", 3).map(String.init), before.split(separator: "\n")[1].description)
    }
}

extension SecretCacheTests {
    func testThePairFilterHasNoFalseNegatives() {
        let text = Array("def f(x):\n    try:\n        return g(x)\n    except:  # noqa\n        pass\n".utf8)
        let filter = text.withUnsafeBufferPointer { PairFilter($0) }
        for start in 0..<text.count {
            for end in (start + 1)...min(text.count, start + 12) {
                XCTAssertTrue(filter.mayContain(Array(text[start..<end])), "\(start)..<\(end)")
            }
        }
        XCTAssertTrue(filter.mayContain(Array("q".utf8)), "one byte says nothing")
    }
}
