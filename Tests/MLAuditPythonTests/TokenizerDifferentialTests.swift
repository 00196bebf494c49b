import Foundation
import XCTest

@testable import MLAuditPython

/// Compares `TokenDump.render` with `python3 -m tokenize -e FILE` on the fixture corpus and on
/// generated edge cases.
final class TokenizerDifferentialTests: XCTestCase {
    func testFixtureCorpusMatchesCPython() throws {
        let python = try TokenizerOracle.requirePython()
        let files = try TokenizerOracle.fixtureFiles()
        XCTAssertGreaterThan(files.count, 25, "fixture corpus not found at \(TokenizerOracle.fixtureDirectory.path)")
        var rejected = 0
        for file in files {
            let source = try [UInt8](Data(contentsOf: file))
            let expected = TokenizerOracle.cpythonDump(python, file: file)
            switch (expected, TokenDump.render(source: source)) {
            case (nil, .success):
                XCTFail("\(file.lastPathComponent): CPython rejects it, mlaudit accepted it")
            case (nil, .failure):
                rejected += 1
            case (let want?, .failure(let error)):
                XCTFail("\(file.lastPathComponent): CPython accepts it, mlaudit rejected it: \(error)")
                _ = want
            case (let want?, .success(let got)):
                if let difference = TokenizerOracle.firstDifference(expected: want, actual: got) {
                    XCTFail("\(file.lastPathComponent): \(difference)")
                }
            }
        }
        XCTAssertGreaterThan(rejected, 3, "the corpus should include files CPython rejects")
    }

    func testGeneratedEdgeCasesMatchCPython() throws {
        let python = try TokenizerOracle.requirePython()
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("mlaudit-tokenizer-edge-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [URL] = []
        for (index, snippet) in TokenizerEdgeCases.snippets.enumerated() {
            let file = directory.appendingPathComponent(String(format: "case%03d.py", index))
            try Data(snippet).write(to: file)
            files.append(file)
        }
        guard let dumps = TokenizerOracle.cpythonDumps(python, files: files) else {
            return XCTFail("could not run the CPython oracle")
        }
        for (index, snippet) in TokenizerEdgeCases.snippets.enumerated() {
            let shown = String(decoding: snippet.prefix(60), as: UTF8.self).debugDescription
            switch (dumps[index], TokenDump.render(source: snippet)) {
            case (nil, .success):
                XCTFail("case \(index) \(shown): CPython rejects it, mlaudit accepted it")
            case (nil, .failure):
                break
            case (_?, .failure(let error)):
                XCTFail("case \(index) \(shown): mlaudit rejected it: \(error)")
            case (let want?, .success(let got)):
                if let difference = TokenizerOracle.firstDifference(expected: want, actual: got) {
                    XCTFail("case \(index) \(shown): \(difference)")
                }
            }
        }
    }
}
