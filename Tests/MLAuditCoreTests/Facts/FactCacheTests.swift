import Foundation
import MLAuditPython
import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditReport

final class FactCacheTests: XCTestCase {
    static let source = """
        # comment
        import torch as th
        from x.y import load as ld, save
        from . import sibling


        class Net(th.nn.Module, metaclass=Meta):
            \"\"\"A net.\"\"\"
            @staticmethod
            def stub(a, *b, **c):
                raise NotImplementedError("later")

            async def go(self):
                return "not implemented yet"


        def main():
            th.manual_seed(0)
            ld("w.pt", map_location="cpu", weights_only=True)
            cfg.lr = 1e-3


        if __name__ == "__main__":
            main()
        x = (1,
        """

    func cacheFolder() throws -> URL { try temporaryCacheFolder("cache") }

    func testEntryRoundTripsEveryField() {
        let m = PythonReader.read(source: Array(Self.source.utf8), path: "pkg/a.py")
        XCTAssertFalse(m.calls.isEmpty)
        XCTAssertFalse(m.functions.isEmpty)
        XCTAssertFalse(m.problems.isEmpty)
        XCTAssertEqual(FactCodec.decode(FactCodec.encode(m), path: "pkg/a.py"), m)
        XCTAssertEqual(FactCodec.decode(FactCodec.encode(m), path: "other.py")?.path, "other.py")
    }

    func testCorruptTruncatedOrHostileEntriesAreRejected() {
        let m = PythonReader.read(source: Array(Self.source.utf8), path: "a.py")
        let good = FactCodec.encode(m)
        for cut in stride(from: 0, to: good.count, by: max(1, good.count / 97)) {
            XCTAssertNil(FactCodec.decode(Array(good[0..<cut]), path: "a.py"), "truncated at \(cut)")
        }
        XCTAssertNil(FactCodec.decode(good + [0], path: "a.py"), "trailing bytes")
        var huge = FactCodec.magic
        huge += [0x02, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]  // a count far past the end
        XCTAssertNil(FactCodec.decode(huge, path: "a.py"))
        var flipped = good
        for i in stride(from: FactCodec.magic.count, to: flipped.count, by: 7) { flipped[i] ^= 0xA5 }
        _ = FactCodec.decode(flipped, path: "a.py")  // must not crash; nil or some valid module
        XCTAssertNil(FactCodec.decode(Array("not an entry".utf8), path: "a.py"))
    }

    func testABadEntryOnDiskIsRecomputedAndTheReportIsIdentical() throws {
        let repo = try FixtureRepository.mlProject()
        let dir = try cacheFolder()
        let audits = CachedAudits.run(repo.root, cacheDirectory: dir)
        let (uncached, settings) = (audits.uncached, audits.settings)
        let entries = try FileManager.default.subpathsOfDirectory(atPath: dir.path).filter { $0.hasSuffix("-1") }
        XCTAssertFalse(entries.isEmpty, "the cache stored no entry")
        for e in entries { try Data("garbage".utf8).write(to: dir.appendingPathComponent(e)) }
        let repaired = Auditor.run(root: repo.root, settings: settings)
        XCTAssertEqual(repaired.json, uncached.json)
        XCTAssertTrue(
            entries.allSatisfy { path in
                let d = FileManager.default.contents(atPath: dir.appendingPathComponent(path).path) ?? Data()
                return FactCodec.decode(Array(d), path: "x.py") != nil
            }, "bad entries were not rewritten")
    }

    func testTheCacheIsNeverInsideTheAuditedTree() throws {
        let repo = try FixtureRepository.mlProject()
        XCTAssertNil(
            FactCache.open(root: repo.root, directory: repo.root.appendingPathComponent(".cache").path, disabled: false)
        )
        XCTAssertNil(FactCache.open(root: repo.root, directory: repo.root.path, disabled: false))
        XCTAssertNil(FactCache.open(root: repo.root, directory: nil, disabled: true))
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: repo.root.appendingPathComponent(".cache").path),
            "a refused cache folder was created in the audited tree")
        let dir = try cacheFolder()
        XCTAssertNotNil(
            FactCache.open(
                root: repo.root, directory: nil, disabled: false,
                environment: ["XDG_CACHE_HOME": dir.path]))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("mlaudit/secret").path))
    }

    func testKeysFollowContentNotPath() throws {
        let dir = try cacheFolder()
        let cache = try XCTUnwrap(
            FactCache.open(root: URL(fileURLWithPath: "/nonexistent-root"), directory: dir.path, disabled: false))
        let a = Array("x = 1\n".utf8)
        let b = Array("x = 2\n".utf8)
        let ka = a.withUnsafeBufferPointer { cache.key($0, kind: .python) }
        XCTAssertEqual(ka, a.withUnsafeBufferPointer { cache.key($0, kind: .python) })
        XCTAssertNotEqual(ka, b.withUnsafeBufferPointer { cache.key($0, kind: .python) })
        XCTAssertNotEqual(ka, a.withUnsafeBufferPointer { cache.key($0, kind: .notebook) })
    }

    func testSipHashMatchesTheReferenceVector() {
        // SipHash-2-4 reference: key 00..0f, message 00..0e (15 bytes) -> 0xa129ca6149be45e5
        let msg = (0..<15).map { UInt8($0) }
        let h = msg.withUnsafeBufferPointer { SipHash.hash($0, k0: 0x0706_0504_0302_0100, k1: 0x0f0e_0d0c_0b0a_0908) }
        XCTAssertEqual(h, 0xa129_ca61_49be_45e5)
    }
}
