import MLAuditPython
import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// Replays every input the fuzzers kept under `fuzz/regressions/<target>/` (see fuzz/run.sh) through the same
/// entry points and invariants as the fuzz targets, so a fixed crash stays fixed.
final class HostileFuzzRegressionTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private func inputs(_ target: String) -> [(String, [UInt8])] {
        let dir = Self.root.appendingPathComponent("fuzz/regressions/\(target)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") }.compactMap { name in
            (try? Data(contentsOf: dir.appendingPathComponent(name))).map { (name, Array($0)) }
        }
    }

    func testRegressionFolderIsPresent() {
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: Self.root.appendingPathComponent("fuzz/run.sh").path),
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
            if case .failure(let f) = NotebookReader.read(json: bytes, path: "fuzz.ipynb") {
                XCTAssertFalse(f.description.isEmpty, name)
            }
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
            XCTAssertEqual(
                try? MiniMarkdown.decode(MarkdownEscaping.code(text)), [.code(body.isEmpty ? " " : body)], name)
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

    /// `remote-url`: seeds and regressions through `RemoteURL.normalize`, with the fuzz target's invariants.
    func testRemoteURLRegressions() {
        for (name, bytes) in inputs("remote-url") + seeds("remote-url") {
            let text = String(decoding: bytes, as: UTF8.self)
            guard let out = RemoteURL.normalize(text) else { continue }
            let rest = out.dropFirst("https://".count)
            XCTAssertTrue(out.hasPrefix("https://"), name)
            XCTAssertFalse(rest.contains { "@?#:%\\ ".contains($0) }, "\(name): \(out)")
            XCTAssertEqual(RemoteURL.normalize(out), out, name)
        }
    }

    /// `terminal-text`: seeds and regressions through `TerminalText`, with the fuzz target's invariants.
    func testTerminalTextRegressions() {
        for (name, bytes) in inputs("terminal-text") + seeds("terminal-text") {
            let text = String(decoding: bytes, as: UTF8.self)
            let clean = TerminalText.clean(text)
            XCTAssertFalse(clean.unicodeScalars.contains(where: TerminalText.needsEscape), name)
            XCTAssertEqual(TerminalText.clean(clean), clean, name)
            XCTAssertFalse(
                TerminalText.fenceBody(text).unicodeScalars.contains {
                    TerminalText.isControl($0) && $0 != "\t" && $0 != "\n"
                }, name)
        }
    }

    private func seeds(_ target: String) -> [(String, [UInt8])] {
        let dir = Self.root.appendingPathComponent("fuzz/seeds/\(target)")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted().compactMap { name in
            (try? Data(contentsOf: dir.appendingPathComponent(name))).map { ("seed \(name)", Array($0)) }
        }
    }
}
