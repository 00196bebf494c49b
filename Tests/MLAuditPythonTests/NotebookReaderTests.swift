import Foundation
import XCTest

@testable import MLAuditPython

final class NotebookReaderTests: XCTestCase {
    private func fixture() throws -> PythonModule {
        let bytes = try StructureFixtures.bytes("notebook.ipynb")
        switch NotebookReader.read(json: bytes, path: "notebook.ipynb") {
        case .success(let m): return m
        case .failure(let f): throw f
        }
    }

    func testLinesPointAtRawNotebookLines() throws {
        let m = try fixture()
        XCTAssertEqual(m.lineCount, 83)
        XCTAssertEqual(m.imports.map(\.line), [30])
        XCTAssertEqual(m.functions.first?.name, "f")
        XCTAssertEqual(m.functions.first?.span, LineSpan(start: 32, end: 33))
        XCTAssertEqual(m.functions.first?.bodyKind, .pass)
        XCTAssertEqual(m.functions.first?.bodyMarkerLine, 33)
        XCTAssertEqual(m.comments, [PythonComment(text: "# TODO: fill", line: 33)])
        let seed = try XCTUnwrap(m.calls.first { $0.callee == "torch.manual_seed" })
        XCTAssertEqual(seed.line, 34)
    }

    func testMagicsAreBlankedAndCellMagicsSkipped() throws {
        let m = try fixture()
        XCTAssertFalse(m.calls.contains { $0.callee.contains("pip") || $0.callee == "echo" })
        XCTAssertEqual(m.problems.count, 1, "only the unterminated string in cell 5")
        XCTAssertTrue(m.problems.first?.message.hasPrefix("cell 5:") ?? false)
    }

    func testSingleStringSourceMapsToItsLine() throws {
        let m = try fixture()
        XCTAssertEqual(m.assignments.filter { $0.target == "x" || $0.target == "y" }.map(\.line), [42, 42])
        XCTAssertEqual(m.calls.first { $0.callee == "g" }?.line, 42)
    }

    func testEscapesDecodedAndLaterCellsRead() throws {
        let m = try fixture()
        XCTAssertTrue(m.strings.contains { $0.value == "caf\u{e9} \\u00e9" && $0.line == 71 })
        XCTAssertEqual(m.calls.first { $0.callee == "h" }?.line, 72)
    }

    func testMarkdownTodoIsAStubSite() throws {
        let m = try fixture()
        XCTAssertEqual(m.proseLines.map(\.line), [7, 9])
        let sites = StubInventory.build(modules: [m])
        XCTAssertEqual(
            sites.map { "\($0.line) \($0.kind.rawValue) \($0.symbol)" },
            ["9 todo_comment <module>", "33 pass f", "33 todo_comment f"])
    }

    func testMalformedNotebooks() {
        let cases = [
            "", "[]", "{\"cells\": [", "{\"metadata\": {}}", "{\"cells\": [{\"source\": [1]}]}",
            "{\"cells\": []} trailing", String(repeating: "[", count: 100_000),
        ]
        for c in cases {
            guard case .failure(let f) = NotebookReader.read(json: Array(c.utf8), path: "x.ipynb") else {
                XCTFail("accepted \(c.prefix(20))")
                continue
            }
            XCTAssertFalse(f.description.isEmpty)
        }
        let deep =
            "{\"cells\": [], \"metadata\": " + String(repeating: "[", count: 100_000)
            + String(repeating: "]", count: 100_000) + "}"
        guard case .failure(let f) = NotebookReader.read(json: Array(deep.utf8), path: "x.ipynb") else {
            return XCTFail("deep accepted")
        }
        XCTAssertTrue(f.description.contains("nested too deeply"))
    }

    func testLargeOutputsAreSkippedNotDecoded() {
        let blob = String(repeating: "QUJD", count: 2_000_000)  // 8 MB of base64 in an output
        let json =
            "{\"cells\": [{\"cell_type\": \"code\", \"outputs\": [{\"data\": {\"image/png\": \"\(blob)\"}}],"
            + " \"source\": [\"import os\\n\"]}], \"nbformat\": 4}"
        guard case .success(let m) = NotebookReader.read(json: Array(json.utf8), path: "big.ipynb") else {
            return XCTFail()
        }
        XCTAssertEqual(m.imports.map(\.module), ["os"])
    }

    func testNbformat3Worksheets() {
        let json =
            "{\"worksheets\": [{\"cells\": [{\"cell_type\": \"code\", \"input\": [\"import sys\\n\"]}]}], \"nbformat\": 3}"
        guard case .success(let m) = NotebookReader.read(json: Array(json.utf8), path: "old.ipynb") else {
            return XCTFail()
        }
        XCTAssertEqual(m.imports.map(\.module), ["sys"])
    }

    func testIPythonLineRecognition() {
        XCTAssertTrue(NotebookReader.isIPythonLine("%time x = 1"))
        XCTAssertTrue(NotebookReader.isIPythonLine("files = !ls"))
        XCTAssertTrue(NotebookReader.isIPythonLine("np.zeros?"))
        XCTAssertFalse(NotebookReader.isIPythonLine("x = a != b"))
        XCTAssertFalse(NotebookReader.isIPythonLine("y = x % 2"))
    }
}
