import Foundation
import MLAuditPython
import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditReport

/// The facts stage's concurrency, interning and blob-keyed cache: the same facts and the same report whatever the
/// number of workers, whatever the interner has seen, with or without the cache.
final class ParallelFactsTests: XCTestCase {
    func testSnapshotReadsGiveTheSameContentWithOneAndManyWorkers() throws {
        let tree = try TemporaryTree()
        var paths: [String] = []
        for i in 0..<23 {
            let p = "pkg\(i % 4)/m\(i).py"
            try tree.write(p, String(repeating: "x_\(i) = \(i)\n", count: i + 1))
            paths.append(p)
        }
        try tree.write("bin.py", bytes: [0x61, 0, 0x62])
        paths.append("bin.py")
        paths.append("missing.py")
        paths.sort()
        func describe(_ r: [Result<FileContent, ReadFailure>?]) -> [String] {
            r.map { o in
                switch o {
                case .none: return "none"
                case .success(let c)?: return "ok \(c.isBinary) \(c.text)"
                case .failure(let f)?: return "fail \(f.description)"
                }
            }
        }
        let one = describe(
            RepositorySnapshot.readConcurrently(paths, rootPath: tree.path, limit: 1 << 20, deadline: .none, workers: 1)
        )
        let many = describe(
            RepositorySnapshot.readConcurrently(paths, rootPath: tree.path, limit: 1 << 20, deadline: .none, workers: 5)
        )
        XCTAssertEqual(one, many)
        XCTAssertEqual(one.count, paths.count)
        XCTAssertEqual(one[paths.firstIndex(of: "pkg1/m1.py")!], "ok false x_1 = 1\nx_1 = 1\n")
        XCTAssertTrue(one[paths.firstIndex(of: "missing.py")!].hasPrefix("fail"))
        XCTAssertTrue(one[paths.firstIndex(of: "bin.py")!].hasPrefix("ok true"))
    }

    func testFactsAreTheSameWithOneAndManyWorkers() throws {
        let repo = try FixtureRepository.mlProject()
        for i in 0..<9 {
            try repo.write(
                "tinyml/gen\(i).py",
                "import torch\n\ndef step_\(i)(model, batch):\n    return model.forward_with_long_name(batch, dim=\(i))\n"
            )
        }
        func facts(_ workers: Int) -> RepositoryFacts {
            let errors = ErrorLog(timestamp: "t")
            let snapshot = RepositorySnapshot.take(root: repo.root, errors: errors, workers: workers)
            let git = GitFacts.read(root: repo.root, errors: errors)
            return RepositoryFacts.build(snapshot: snapshot, git: git, errors: errors, workers: workers)
        }
        let one = facts(1)
        let many = facts(4)
        XCTAssertEqual(one.python, many.python)
        XCTAssertEqual(one.python.count, many.python.count)
        XCTAssertGreaterThan(one.python.count, 9)
        XCTAssertEqual(one.stubs, many.stubs)
    }

    func testInterningKeepsEveryValueAndSharesRepeatedTexts() {
        let source = """
            class VeryLongClassNameForTesting:
                def forward_pass_of_the_model(self, x):
                    self.layer_number_one_projection(x, scale_factor=2.0)
                    self.layer_number_one_projection(x, scale_factor=2.0)
                    return x

            """
        let a = PythonReader.read(source: Array(source.utf8), path: "a.py")
        let b = PythonReader.read(source: Array(source.utf8), path: "b.py")
        let interner = FactInterner()
        let ia = interner.intern(a)
        let ib = interner.intern(b)
        XCTAssertEqual(ia, a)
        XCTAssertEqual(ib, b)
        XCTAssertEqual(a.calls.count, 2)
        func storage(_ s: String) -> UnsafeRawPointer? {
            var s = s
            return s.withUTF8 { UnsafeRawPointer($0.baseAddress) }
        }
        // one stored copy of the callee and enclosing function across both calls of both files
        XCTAssertEqual(storage(ia.calls[0].callee), storage(ib.calls[1].callee))
        XCTAssertEqual(
            storage(ia.calls[0].enclosingFunction ?? ""), storage(ib.calls[0].enclosingFunction ?? ""))
        // short texts stay inline and are not counted
        XCTAssertEqual(interner.text("x"), "x")
        // the callee (also the expression statements' dotted name), the class name (also its qualified name), the
        // method's name and its qualified name (also the calls' enclosing function)
        XCTAssertEqual(interner.distinctTexts, 4)
    }

    func testCleanBlobIDsLeaveOutChangedHiddenAndUntrackedFiles() throws {
        let repo = try FixtureRepository.mlProject()
        try repo.write("tinyml/model.py", "# changed\n")
        try repo.git("update-index", "--assume-unchanged", "train.py")
        try repo.write("train.py", "# changed behind git's back\n")
        try repo.write("new.py", "x = 1\n")
        let facts = GitFacts.read(root: repo.root, errors: ErrorLog(timestamp: "t"))
        let expected = try repo.git("rev-parse", "HEAD:README.md").trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(facts.cleanBlobIDs["README.md"], expected)
        XCTAssertNil(facts.cleanBlobIDs["tinyml/model.py"], "modified")
        XCTAssertNil(facts.cleanBlobIDs["train.py"], "assume-unchanged")
        XCTAssertNil(facts.cleanBlobIDs["new.py"], "untracked")
        XCTAssertTrue(facts.isDirty)
    }

    func testStagedAndStatusParsing() {
        let ls = Array(
            "H 100644 \(String(repeating: "a", count: 40)) 0\tdir/a b.py\0S 100644 \(String(repeating: "b", count: 40)) 0\tskip.py\0H 160000 \(String(repeating: "c", count: 40)) 0\tsub\0H 100644 XYZ 0\tbad.py\0junk\0"
                .utf8)
        let entries = GitFacts.stagedEntries(ls)
        XCTAssertEqual(entries.map(\.path), ["dir/a b.py", "skip.py", "sub", "bad.py"])
        let changed = GitFacts.changedPaths(Array(" M other.py\0".utf8))
        XCTAssertEqual(changed, ["other.py"])
        XCTAssertEqual(
            GitFacts.cleanBlobs(entries, changed: changed), ["dir/a b.py": String(repeating: "a", count: 40)])
        XCTAssertEqual(GitFacts.cleanBlobs(entries, changed: ["dir/a b.py"]), [:])
    }

    func testBlobKeyedCacheAfterAOneFileChangeGivesTheUncachedReport() throws {
        let repo = try FixtureRepository.mlProject()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "mlaudit-blobcache-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        var settings = AuditSettings.pinned()
        settings.useFactCache = true
        settings.cacheDirectory = dir.path
        _ = Auditor.run(root: repo.root, settings: settings)
        let entries = try FileManager.default.subpathsOfDirectory(atPath: dir.path)
        XCTAssertTrue(entries.contains { $0.contains("/g") }, "no entry keyed by a blob id: \(entries)")
        try repo.write("tinyml/eval.py", "import torch\n\ndef perplexity(x):\n    return torch.exp(x)  # edited\n")
        let warm = Auditor.run(root: repo.root, settings: settings)
        settings.useFactCache = false
        let uncached = Auditor.run(root: repo.root, settings: settings)
        XCTAssertEqual(warm.markdown, uncached.markdown)
        XCTAssertEqual(warm.json, uncached.json)
    }

    func testBlobKeysAreValidatedAndIncludeTheByteCount() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mlaudit-blobkey-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("mlaudit-root-\(UUID().uuidString)")
        let cache = try XCTUnwrap(FactCache.open(root: root, directory: dir.path, disabled: false))
        let id = String(repeating: "ab", count: 20)
        XCTAssertEqual(cache.key(blob: id, byteCount: 255, kind: .python), "ab/g\(id)-ff-1")
        XCTAssertNotEqual(
            cache.key(blob: id, byteCount: 256, kind: .python), cache.key(blob: id, byteCount: 255, kind: .python))
        XCTAssertNil(cache.key(blob: "../../etc/passwd", byteCount: 1, kind: .python))
        XCTAssertNil(cache.key(blob: String(repeating: "A", count: 40), byteCount: 1, kind: .python))
    }
}
