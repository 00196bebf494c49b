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
}
