import Foundation
import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditReport

/// Verified diffs kept in the fact cache (`VerificationCache`).
final class VerificationCacheTests: XCTestCase {
    func cache() throws -> (FactCache, URL) {
        let dir = try temporaryCacheFolder("verify-cache")
        let c = try XCTUnwrap(
            FactCache.open(root: URL(fileURLWithPath: "/nonexistent-root"), directory: dir.path, disabled: false))
        return (c, dir)
    }

    static let train = "import torch\n\n\ndef save(model):\n    torch.save(model.state_dict(), 'c.pt')\n"
    let passing: [PatchVerifier.File] = [.init(path: "train.py", original: train, updated: train + "\nSTEPS = 2\n")]
    let failing: [PatchVerifier.File] = [
        .init(path: "train.py", original: train, updated: train + "\nprint(scheduler)\n")
    ]

    /// A passing outcome is stored and read back as the uncached verification gives it; a failing one is verified
    /// again every time (never stored).
    func testPassingOutcomesAreStoredAndFailuresAreNot() throws {
        let (c, _) = try cache()
        let plain = PatchVerifier.verifyAll([passing, failing])
        let first = PatchVerifier.verifyAll([passing, failing], cache: c)
        let second = PatchVerifier.verifyAll([passing, failing], cache: c)
        XCTAssertEqual(first.map(\.patch), plain.map(\.patch))
        XCTAssertEqual(first.map(\.problem), plain.map(\.problem))
        XCTAssertEqual(second.map(\.patch), plain.map(\.patch))
        XCTAssertEqual(second.map(\.problem), plain.map(\.problem))
        XCTAssertNil(plain[0].problem)
        XCTAssertNotNil(plain[1].problem)
        XCTAssertNotNil(c.loadEntry(VerificationCache.key(passing, context: 3, cache: c)))
        XCTAssertNil(c.loadEntry(VerificationCache.key(failing, context: 3, cache: c)), "a failure was stored")
        XCTAssertNotEqual(
            VerificationCache.key(passing, context: 3, cache: c), VerificationCache.key(passing, context: 1, cache: c))
    }

    /// The stored outcome is what a verification under the same tools returns (the entry is read, not the tools
    /// run); under other tools, or when the entry is not valid, the proposal is verified again and the entry
    /// rewritten.
    func testAnEntryIsReadOnlyUnderTheSameToolsAndWhenValid() throws {
        let (c, _) = try cache()
        let key = VerificationCache.key(passing, context: 3, cache: c)
        let real = PatchVerifier.verifyAll([passing], cache: c)[0]
        c.storeEntry(key, VerificationCache.encode(stamp: VerificationCache.toolStamp, patch: "stored patch\n"))
        XCTAssertEqual(PatchVerifier.verifyAll([passing], cache: c)[0].patch, "stored patch\n")
        c.storeEntry(key, VerificationCache.encode(stamp: "python=other", patch: "stale patch\n"))
        XCTAssertEqual(PatchVerifier.verifyAll([passing], cache: c)[0].patch, real.patch, "another tool's entry")
        XCTAssertEqual(VerificationCache.decode(try XCTUnwrap(c.loadEntry(key)))?.patch, real.patch, "not rewritten")
        for bad in [Array("garbage".utf8), VerificationCache.magic, VerificationCache.encode(stamp: "s", patch: "")] {
            c.storeEntry(key, bad)
            XCTAssertEqual(PatchVerifier.verifyAll([passing], cache: c)[0].patch, real.patch)
        }
        let good = VerificationCache.encode(stamp: "s", patch: "p")
        for cut in 0..<good.count { XCTAssertNil(VerificationCache.decode(Array(good[0..<cut])), "cut at \(cut)") }
        XCTAssertNil(VerificationCache.decode(good + [0]), "trailing bytes")
        XCTAssertEqual(VerificationCache.decode(good)?.stamp, "s")
    }

    func testTheToolStampNamesTheInterpreterAndGit() {
        let stamp = VerificationCache.toolStamp
        XCTAssertTrue(stamp.hasPrefix("python="), stamp)
        XCTAssertTrue(stamp.contains("|git=/"), stamp)
        XCTAssertEqual(stamp, VerificationCache.toolStamp, "taken once")
    }

    /// A whole audit with diffs: cold, warm (diffs from the cache) and uncached give the same report.
    func testCachedVerificationsGiveTheSameReport() throws {
        let repo = try FixtureRepository.mlProject("verifycache")
        let (_, dir) = try cache()
        _ = CachedAudits.run(repo.root, cacheDirectory: dir)
        let entries = try FileManager.default.subpathsOfDirectory(atPath: dir.path).filter { $0.hasSuffix("-5") }
        XCTAssertFalse(entries.isEmpty, "no verified diff was stored")
    }
}
