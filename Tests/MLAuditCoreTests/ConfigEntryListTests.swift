import XCTest

@testable import MLAuditFacts

final class ConfigEntryListTests: XCTestCase {
    private func entry(_ path: String, _ key: String, _ line: Int) -> ConfigEntry {
        ConfigEntry(path: path, format: .yaml, keyPath: key, key: key, value: "v", line: line)
    }

    private var flat: [ConfigEntry] {
        [
            entry("a.yaml", "x", 1), entry("a.yaml", "y", 2), entry("b.toml", "z", 3),
            entry("c.json", "p", 4), entry("c.json", "q", 5), entry("c.json", "r", 6),
        ]
    }

    func testPositionsIterationAndCountMatchTheFlatArray() {
        let list = ConfigEntryList(entries: flat)
        XCTAssertEqual(list.chunks.map(\.count), [2, 1, 3])
        XCTAssertEqual(list.count, flat.count)
        XCTAssertEqual(Array(list), flat)
        for i in flat.indices { XCTAssertEqual(list[i], flat[i], "position \(i)") }
        XCTAssertEqual(list.reversed().map(\.key), flat.reversed().map(\.key))
        XCTAssertEqual(list.firstIndex { $0.key == "q" }, 4)
    }

    func testEmptyChunksAreDroppedAndAnEmptyListIsEmpty() {
        let list = ConfigEntryList(chunks: [[], [entry("a.yaml", "x", 1)], [], [entry("b.yaml", "y", 1)], []])
        XCTAssertEqual(list.chunks.count, 2)
        XCTAssertEqual(list.map(\.key), ["x", "y"])
        XCTAssertEqual(list[1].key, "y")
        XCTAssertTrue(ConfigEntryList().isEmpty)
        XCTAssertTrue(ConfigEntryList(entries: []).isEmpty)
        var it = ConfigEntryList().makeIterator()
        XCTAssertNil(it.next())
    }

    func testAFilteredViewKeepsWholeFilesInOrder() {
        let list = ConfigEntryList(entries: flat)
        let view = list.chunks { $0[0].path != "b.toml" }
        XCTAssertEqual(view.map(\.key), ["x", "y", "p", "q", "r"])
        XCTAssertEqual(view[2].path, "c.json")
        XCTAssertEqual(view.count, 5)
        XCTAssertTrue(list.chunks { _ in false }.isEmpty)
    }

    func testTheLineSurvivesItsCompactStorage() {
        XCTAssertEqual(entry("a.yaml", "x", 123_456).line, 123_456)
        XCTAssertEqual(entry("a.yaml", "x", Int(Int32.max) + 10).line, Int(Int32.max))
    }

    /// Entries of several files share the storage of equal long key paths, keys and values (as the config stage's
    /// workers store them), stay equal, and sit in arrays of their own size.
    func testSharingTextsKeepsEntriesEqualAndStoresRepeatedTextsOnce() {
        func fresh(_ s: String) -> String { String(decoding: Array(s.utf8), as: UTF8.self) }
        func entries(_ path: String) -> [ConfigEntry] {
            var out: [ConfigEntry] = []
            out.reserveCapacity(64)
            out.append(
                ConfigEntry(
                    path: path, format: .yaml, keyPath: fresh("MODEL_ARGS.--tensor-model-parallel-size"),
                    key: fresh("--tensor-model-parallel-size"), value: fresh("/workspace/checkpoints/default"),
                    line: 3))
            out.append(ConfigEntry(path: path, format: .yaml, keyPath: "seed", key: "seed", value: "1", line: 4))
            return out
        }
        func storage(_ s: String) -> UnsafeRawPointer? {
            var s = s
            return s.withUTF8 { UnsafeRawPointer($0.baseAddress) }
        }
        let a = entries("a/model_config.yaml")
        let b = entries("b/model_config.yaml")
        XCTAssertNotEqual(storage(a[0].keyPath), storage(b[0].keyPath))
        var texts = Set<String>()
        let sa = ConfigFacts.sharingTexts(a, &texts)
        let sb = ConfigFacts.sharingTexts(b, &texts)
        XCTAssertEqual(sa, a)
        XCTAssertEqual(sb, b)
        XCTAssertLessThan(sa.capacity, 4)  // not the 64 the file's array was grown with
        XCTAssertEqual(storage(sa[0].keyPath), storage(sb[0].keyPath))
        XCTAssertEqual(storage(sa[0].key), storage(sb[0].key))
        XCTAssertEqual(storage(sa[0].value), storage(sb[0].value))
        // three long texts; short ones are inline and not kept
        XCTAssertEqual(texts.count, 3)
        XCTAssertEqual(ConfigFacts.sharingTexts([], &texts), [])
    }
}
