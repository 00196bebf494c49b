import Foundation
import XCTest

@testable import MLAuditFacts

/// `YAMLConfigReader.read` reads JSON without Yams when `JSONConfigReader` takes the document: the entries (and any
/// failure) must be exactly Yams' own.
final class JSONConfigReaderTests: XCTestCase {
    /// Documents the fast reader takes.
    static let taken: [String] = [
        "{\"a\": 1, \"b\": {\"c\": [1, 2.5, -3e+2, true, false, null, \"x\"], \"d\": {}}, \"e\": []}\n",
        "[\n  {\"name\": \"n1\", \"v\": [ [1, 2], {\"k\": \"w\"} ]},\n  \"s\",\n  0\n]\n",
        "{\n\t\"tabs\": \"inside\",\n\t\"esc\": \"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t u\\u00e9\\u4e2d\"\n}",
        "  \n{\"\": \"empty key\", \"k\":\"no space\",\"n\":0.5}\n\n",
        "{\"a.b\": {\"c d\": \"dotted and spaced keys\"}}",
        "[]", "{}",
    ]

    /// Documents left to Yams (its answer, success or failure, is the one given).
    static let leftToYams: [String] = [
        "{\"a\": 1, \"a\": 2}",  // duplicate key: Yams' error
        "{\"a\"\n: 1}",  // key and colon on two lines
        "{\"" + String(repeating: "k", count: 1100) + "\": 1}",  // over the simple-key length
        "\t{\"a\": 1}",  // tab before the root
        "{\"a\": 1}\n\t\n",  // tab after the root
        "{\"a\": \"\\ud83d\\ude00\"}",  // surrogate halves
        "{\"a\": \"nul\\u0000\"}",
        "{\"a\": \"é\"}",  // non-ASCII
        "{\"a\": 1}\r\n",  // carriage return
        "{\"a\": 1,}",  // trailing comma
        "{\"a\": nullx}", "{\"a\": 01}", "{\"a\": .5}", "{\"a\": 1}\n{\"b\": 2}\n",  // JSONL
        "// comment\n{\"a\": 1}", "\"scalar\"", "12", "", "  \n", "{\"a\": \"x\\qy\"}", "{\"a\": [1 2]}",
        "{\"a\": 'single'}", "{a: 1}",
    ]

    func testFastReadingMatchesYams() {
        for text in Self.taken {
            XCTAssertNotNil(JSONConfigReader.parse(text), text)
            assertSame(text)
        }
        for text in Self.leftToYams {
            XCTAssertNil(JSONConfigReader.parse(text), text)
            assertSame(text)
        }
    }

    func testCapsMatchYams() {
        // Over the entry cap: both stop at the same entry.
        let many = "[" + (0..<(YAMLConfigReader.maxEntries + 50)).map { "{\"i\": \($0)}" }.joined(separator: ",") + "]"
        XCTAssertNotNil(JSONConfigReader.parse(many))
        assertSame(many)
        // Deeper than the flattening depth: both stop at the same level.
        let deep = String(repeating: "{\"k\": ", count: 80) + "1" + String(repeating: "}", count: 80)
        XCTAssertNotNil(JSONConfigReader.parse(deep))
        assertSame(deep)
        // Deeper than the fast reader goes: Yams reads it.
        let deeper = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        XCTAssertNil(JSONConfigReader.parse(deeper))
        assertSame(deeper)
    }

    /// Random documents over JSON's pieces (a fixed generator): whichever reader takes each, the answer is Yams'.
    func testRandomDocumentsMatchYams() {
        var seed: UInt64 = 0x6A09_E667_F3BC_C908
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(n))
        }
        let keys = ["\"a\"", "\"b\"", "\"a.b\"", "\"\"", "\"k\\\"q\"", "\"\\u0041\""]
        let scalars = ["1", "-2.5e3", "true", "null", "\"s\"", "\"t\\n\"", "\"\\/\""]
        let blanks = ["", " ", "\n", "\t", "  "]
        func value(_ depth: Int) -> String {
            let b = blanks[next(blanks.count)]
            switch depth > 3 ? 0 : next(3) {
            case 1:
                let items = (0..<next(4)).map { _ in "\(keys[next(keys.count)])\(b):\(b)\(value(depth + 1))" }
                return "{\(b)" + items.joined(separator: ",\(b)") + "}"
            case 2: return "[" + (0..<next(4)).map { _ in value(depth + 1) }.joined(separator: ",\(b)") + "\(b)]"
            default: return scalars[next(scalars.count)]
            }
        }
        var taken = 0
        for _ in 0..<400 {
            let text = (next(2) == 0 ? "{\"root\": " : "[") + value(0) + (next(2) == 0 ? "}" : "]") + "\n"
            if JSONConfigReader.parse(text) != nil { taken += 1 }
            assertSame(text)
        }
        XCTAssertGreaterThan(taken, 100)
    }

    private func assertSame(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let fast = YAMLConfigReader.read(text: text, path: "c.json", format: .json)
        let yams = YAMLConfigReader.readWithYams(text: text, path: "c.json", format: .json)
        switch (fast, yams) {
        case (.success(let a), .success(let b)):
            XCTAssertEqual(a, b, text.debugDescription, file: file, line: line)
        case (.failure(let a), .failure(let b)):
            XCTAssertEqual(a.message, b.message, text.debugDescription, file: file, line: line)
        default:
            XCTFail("one reader failed, the other did not: \(text.debugDescription)", file: file, line: line)
        }
    }
}
