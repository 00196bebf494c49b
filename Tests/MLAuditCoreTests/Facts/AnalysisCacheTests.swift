import Foundation
import MLAuditPython
import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditReport
@testable import MLAuditRules

/// The source-analysis values kept in the fact cache (`AnalysesCodec`, `SourceAnalysis.encode`/`decode`), so a
/// re-audit neither tokenizes nor scans an unchanged file for them.
final class AnalysisCacheTests: XCTestCase {
    /// A module each cached analysis finds something in: an unbound name and an unbound export (MLA144/145), a
    /// `return` in `finally` (MLA150), a comparison statement (MLA152), an import after code, indented lines, and a
    /// suppression marker.
    static let source = """
        import os
        __all__ = ["main", "missing_export"]


        def main(x):
            try:
                os.getcwd()
            finally:
                return undefined_name + 1
            x == 2  # mlaudit: ignore[MLA152]


        import sys
        """

    func cacheFolder() throws -> URL { try temporaryCacheFolder("analysis-cache") }

    /// Every analysis the auditor hands the read pass is cached, and each value reads back as it was computed.
    func testEveryAuditorAnalysisRoundTrips() throws {
        let source = PythonSource(FileContent(bytes: Array(Self.source.utf8)))
        let names = NameBindingSummary.Analysis()
        let summary = names.analyze(source)
        XCTAssertEqual(summary.unbound.map(\.name), ["undefined_name"])
        XCTAssertEqual(summary.unboundExports.map(\.name), ["missing_export"])
        let back = try XCTUnwrap(names.erasedDecode(try XCTUnwrap(names.erasedEncode(summary))) as? NameBindingSummary)
        XCTAssertEqual(back.isOpaque, summary.isOpaque)
        XCTAssertEqual(back.exemptFromUndefinedNames, summary.exemptFromUndefinedNames)
        XCTAssertEqual(back.unbound.map(\.name), summary.unbound.map(\.name))
        XCTAssertEqual(back.unbound.map(\.lines), summary.unbound.map(\.lines))
        XCTAssertEqual(back.unbound.map(\.boundElsewhere), summary.unbound.map(\.boundElsewhere))
        XCTAssertEqual(back.unboundExports.map(\.name), summary.unboundExports.map(\.name))
        XCTAssertEqual(back.unboundExports.map(\.line), summary.unboundExports.map(\.line))

        let shapes = LineShapes.Analysis()
        let s = shapes.analyze(source)
        let s2 = try XCTUnwrap(shapes.erasedDecode(try XCTUnwrap(shapes.erasedEncode(s))) as? LineShapes)
        XCTAssertEqual(s2.count, s.count)
        for n in 1...s.count {
            XCTAssertEqual(s2.startsImport(n), s.startsImport(n), "line \(n)")
            XCTAssertEqual(s2.isIndented(n), s.isIndented(n), "line \(n)")
        }
        XCTAssertTrue(s.startsImport(13))

        let exits = ControlFlowInFinallyCheck.Analysis()
        let e = exits.analyze(source)
        XCTAssertEqual(e.map(\.line), [9])
        let e2 = try XCTUnwrap(
            exits.erasedDecode(try XCTUnwrap(exits.erasedEncode(e))) as? [ControlFlowInFinallyCheck.Exit])
        XCTAssertEqual(e2.map(\.line), e.map(\.line))
        XCTAssertEqual(e2.map(\.keyword), e.map(\.keyword))

        let comparisons = PointlessComparisonCheck.Analysis()
        let c = comparisons.analyze(source)
        XCTAssertEqual(c, [10])
        XCTAssertEqual(comparisons.erasedDecode(try XCTUnwrap(comparisons.erasedEncode(c))) as? [Int], c)

        let presence = SuppressionMarker.Presence()
        XCTAssertEqual(presence.erasedDecode(try XCTUnwrap(presence.erasedEncode(true))) as? Bool, true)
        XCTAssertEqual(presence.erasedDecode(try XCTUnwrap(presence.erasedEncode(false))) as? Bool, false)

        for a in FindingCatalog.sourceAnalyses {
            let v = a.erasedAnalyze(source)
            XCTAssertNotNil(a.erasedEncode(v), "\(a.name) is not cached")
        }
    }

    /// The MLA153-156 sites of one file, path-free, read back as computed (the four kinds, optional classes).
    func testStatementSitesRoundTrip() throws {
        let text = """
            import logging


            def run(step, path):
                raise ValueError("bad step {step}")


            def check(x):
                assert (x, "never fails")
                assert x, 16
                raise "stop"
                try:
                    pass
                except ValueError or KeyError:
                    pass
            """
        let analysis = PythonStatementSites.Analysis()
        let sites = analysis.analyze(PythonSource(FileContent(bytes: Array(text.utf8))))
        XCTAssertEqual(sites.missingFStringPrefix.map(\.line), [5])
        XCTAssertEqual(sites.missingFStringPrefix.first?.fields, ["step"])
        XCTAssertEqual(sites.raiseLiteral.map(\.line), [11])
        XCTAssertEqual(sites.vacuousAssert.map(\.line), [9, 10])
        XCTAssertEqual(sites.exceptBooleanOperator.map(\.line), [14])
        XCTAssertTrue((sites.missingFStringPrefix.map(\.path) + sites.raiseLiteral.map(\.path)).allSatisfy(\.isEmpty))
        let back = try XCTUnwrap(
            analysis.erasedDecode(try XCTUnwrap(analysis.erasedEncode(sites))) as? PythonStatementSites)
        XCTAssertEqual(back.missingFStringPrefix.map(\.line), sites.missingFStringPrefix.map(\.line))
        XCTAssertEqual(back.missingFStringPrefix.map(\.fields), sites.missingFStringPrefix.map(\.fields))
        XCTAssertEqual(
            back.missingFStringPrefix.map { $0.pieces.map { "\($0.line):\($0.text)" } },
            sites.missingFStringPrefix.map { $0.pieces.map { "\($0.line):\($0.text)" } })
        XCTAssertEqual(back.raiseLiteral.map(\.literal), sites.raiseLiteral.map(\.literal))
        XCTAssertEqual(back.raiseLiteral.map(\.isSingleString), sites.raiseLiteral.map(\.isSingleString))
        XCTAssertEqual(back.vacuousAssert.map(\.kind), sites.vacuousAssert.map(\.kind))
        XCTAssertEqual(back.exceptBooleanOperator.map(\.op), sites.exceptBooleanOperator.map(\.op))
        XCTAssertEqual(back.exceptBooleanOperator.map(\.classes), sites.exceptBooleanOperator.map(\.classes))
        // the facts handed over and the ones read from the bytes give the same sites
        let module = PythonReader.read(source: Array(text.utf8), path: "pkg/run.py")
        let handed = analysis.analyze(PythonSource(FileContent(bytes: Array(text.utf8)), module: module))
        XCTAssertEqual(handed.missingFStringPrefix.map(\.line), sites.missingFStringPrefix.map(\.line))
    }

    /// Hostile bytes never crash a decoder and never pass as a value: truncated, trailing, or out of range.
    func testHostileEntriesAreRejected() throws {
        let good = AnalysesCodec.encode([("b", [1, 2]), ("a", [3])])
        XCTAssertEqual(AnalysesCodec.decode(good), ["a": [3], "b": [1, 2]])
        for cut in 0..<good.count { XCTAssertNil(AnalysesCodec.decode(Array(good[0..<cut])), "truncated at \(cut)") }
        XCTAssertNil(AnalysesCodec.decode(good + [0]), "trailing bytes")
        var w = FactCodec.Writer()
        w.out += AnalysesCodec.magic
        w.uint(2)
        for name in ["b", "a"] {
            w.str(name)
            w.raw([])
        }
        XCTAssertNil(AnalysesCodec.decode(w.out), "names out of order")
        XCTAssertNil(AnalysesCodec.decode(AnalysesCodec.magic + [0x7f]), "a count past the end")

        let source = PythonSource(FileContent(bytes: Array(Self.source.utf8)))
        for a in FindingCatalog.sourceAnalyses {
            let bytes = try XCTUnwrap(a.erasedEncode(a.erasedAnalyze(source)))
            for cut in 0..<bytes.count {
                XCTAssertNil(a.erasedDecode(Array(bytes[0..<cut])), "\(a.name) cut at \(cut)")
            }
            XCTAssertNil(a.erasedDecode(bytes + [0]), "\(a.name) with trailing bytes")
            var flipped = bytes
            for i in stride(from: 0, to: flipped.count, by: 3) { flipped[i] ^= 0x5A }
            _ = a.erasedDecode(flipped)  // must not crash
        }
        var lines = FactCodec.Writer()
        lines.list([0]) { $0.int($1) }
        XCTAssertNil(PointlessComparisonCheck.Analysis().erasedDecode(lines.out), "line 0")
        var shapes = FactCodec.Writer()
        shapes.int(3)
        shapes.list([UInt64(1), 2]) { $0.uint($1) }
        shapes.list([UInt64]()) { $0.uint($1) }
        XCTAssertNil(LineShapes.Analysis().erasedDecode(shapes.out), "more bit words than lines")
    }

    /// An analysis that counts its runs: the cache is what keeps a second read pass from running it.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func bump() {
            lock.lock()
            n += 1
            lock.unlock()
        }
        var count: Int {
            lock.lock()
            defer { lock.unlock() }
            return n
        }
    }

    struct CountingLines: SourceAnalysis {
        let name = "test.lineCount"
        let counter: Counter
        func analyze(_ source: PythonSource) -> Int {
            counter.bump()
            return source.lines.count
        }
        func encode(_ v: Int, into w: inout FactCodec.Writer) -> Bool {
            w.int(v)
            return true
        }
        func decode(_ r: inout FactCodec.Reader) -> Int? { r.int() }
    }

    func testAStoredValueIsReadNotRecomputedAndABadOneIsRecomputed() throws {
        let dir = try cacheFolder()
        let cache = try XCTUnwrap(
            FactCache.open(root: URL(fileURLWithPath: "/nonexistent-root"), directory: dir.path, disabled: false))
        let counter = Counter()
        let analysis = CountingLines(counter: counter)
        let bytes = Array("a = 1\nb = 2\nc = 3\n".utf8)
        let content = FileContent(bytes: bytes)
        let key = bytes.withUnsafeBufferPointer { cache.key($0, kind: .python) }
        let file = RepoFile(path: "pkg/m.py", size: bytes.count, kind: .python, isVendored: false, isTest: false)
        let run = { RepositoryFacts.analyse(file, content, nil, [analysis], cache: cache, key: key)[0] as? Int }
        XCTAssertEqual(run(), 4)
        XCTAssertEqual(counter.count, 1)
        XCTAssertEqual(run(), 4)
        XCTAssertEqual(counter.count, 1, "the stored value was not used")
        // A valid entry with another value is what the next read takes: the value comes from the entry.
        var w = FactCodec.Writer()
        w.int(41)
        cache.storeAnalyses(key, [(analysis.name, w.out)])
        XCTAssertEqual(run(), 41)
        XCTAssertEqual(counter.count, 1)
        // A corrupt entry is recomputed and rewritten.
        let entry = dir.appendingPathComponent(cache.folder.lastPathComponent)
            .appendingPathComponent(cache.key(key, as: .analyses))
        try Data("garbage".utf8).write(to: entry)
        XCTAssertEqual(run(), 4)
        XCTAssertEqual(counter.count, 2)
        let rewritten = try XCTUnwrap(cache.loadAnalyses(key)?[analysis.name])
        var reader = FactCodec.Reader(bytes: rewritten)
        XCTAssertEqual(reader.int(), 4)
        // Without a cache every run computes.
        _ = RepositoryFacts.analyse(file, content, nil, [analysis], cache: nil, key: nil)
        XCTAssertEqual(counter.count, 3)
    }

    /// A whole audit: cold, warm and after every analyses entry was corrupted, the report is the uncached one.
    func testCachedAnalysesGiveTheSameReport() throws {
        let repo = try FixtureRepository.mlProject("analysiscache").write("tinyml/defects.py", Self.source)
        let dir = try cacheFolder()
        let audits = CachedAudits.run(repo.root, cacheDirectory: dir)
        let (uncached, settings) = (audits.uncached, audits.settings)
        XCTAssertTrue(uncached.json.contains("MLA150"), "the fixture's finally/return is found")
        let entries = try FileManager.default.subpathsOfDirectory(atPath: dir.path).filter { $0.hasSuffix("-4") }
        XCTAssertFalse(entries.isEmpty, "no analyses entry was stored")
        for e in entries {
            try Data([0x4d, 0x4c, 0x41, 0x4e, 0x31, 0x0a, 0x7f]).write(to: dir.appendingPathComponent(e))
        }
        let repaired = Auditor.run(root: repo.root, settings: settings)
        XCTAssertEqual(repaired.json, uncached.json)
        for e in entries {
            let d = try XCTUnwrap(FileManager.default.contents(atPath: dir.appendingPathComponent(e).path))
            XCTAssertNotNil(AnalysesCodec.decode(Array(d)), "\(e) was not rewritten")
        }
    }
}
