import XCTest
@testable import MLAuditCore
import MLAuditPython
@testable import MLAuditKit
@testable import MLAuditReport
@testable import MLAuditFacts
@testable import MLAuditRules
@testable import MLAuditRemediation
@testable import MLAuditRender

/// Replays every input the fuzzers kept under `fuzz/regressions/<target>/` (see fuzz/run.sh) through the same
/// entry points and invariants as the fuzz targets, so a fixed crash stays fixed.
final class HostileFuzzRegressionTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func inputs(_ target: String) -> [(String, [UInt8])] {
        let dir = Self.root.appendingPathComponent("fuzz/regressions/\(target)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") }.compactMap { name in
            (try? Data(contentsOf: dir.appendingPathComponent(name))).map { (name, Array($0)) }
        }
    }

    func testRegressionFolderIsPresent() {
        XCTAssertTrue(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent("fuzz/run.sh").path),
                      "fuzz/ not found from \(Self.root.path)")
    }

    func testTokenizerRegressions() {
        for (name, bytes) in inputs("tokenizer") {
            let result = PythonTokenizer.tokenize(bytes)
            for t in result.tokens { XCTAssertFalse(t.end < t.start, name) }
        }
    }

    func testPythonReaderRegressions() {
        for (name, bytes) in inputs("python-reader") {
            XCTAssertEqual(PythonReader.read(source: bytes, path: "fuzz.py").path, "fuzz.py", name)
        }
    }

    func testNotebookRegressions() {
        for (name, bytes) in inputs("notebook") {
            if case .failure(let f) = NotebookReader.read(json: bytes, path: "fuzz.ipynb") { XCTAssertFalse(f.description.isEmpty, name) }
        }
    }

    func testEscapingRegressions() {
        let escaping = inputs("escaping")
        for (name, bytes) in escaping {
            let text = String(decoding: bytes, as: UTF8.self)
            let cells = MiniMarkdown.splitRow("| " + MarkdownEscaping.cell(text) + " |")
            XCTAssertEqual(cells.count, 1, name)
            let item = MarkdownEscaping.inline(text)
            XCTAssertNil(MiniMarkdown.opensBlock(item), name)
            XCTAssertNoThrow(try MiniMarkdown.decode(item), name)
            let body = MarkdownEscaping.singleLine(text)
            XCTAssertEqual(try? MiniMarkdown.decode(MarkdownEscaping.code(text)), [.code(body.isEmpty ? " " : body)], name)
        }
    }

    func testYAMLConfigRegressions() {
        for (name, bytes) in inputs("yaml-config") {
            let text = String(decoding: bytes, as: UTF8.self)
            for format in [ConfigEntry.Format.yaml, .json] {
                if case .success(let rows) = YAMLConfigReader.read(text: text, path: "fuzz.yaml", format: format) {
                    XCTAssertLessThanOrEqual(rows.count, YAMLConfigReader.maxEntries + 1000, name)
                }
            }
        }
    }

    func testRedactRegressions() {
        for (name, bytes) in inputs("redact") {
            let once = SecretScanner.redact(String(decoding: bytes, as: UTF8.self))
            XCTAssertEqual(SecretScanner.redact(once), once, name)
        }
    }
}
