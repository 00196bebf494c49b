import Foundation
import XCTest

@testable import MLAuditPython

/// Locates fixtures under Tests/Fixtures/structure via #filePath.
enum StructureFixtures {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent("structure")
    }
    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }
    static func read(_ source: String, path: String = "m.py") -> PythonModule {
        PythonReader.read(source: Array(source.utf8), path: path)
    }
}

final class StructureReaderTests: XCTestCase {
    private func sample() throws -> PythonModule {
        PythonReader.read(source: try StructureFixtures.bytes("sample.py"), path: "sample.py")
    }

    func testImports() throws {
        let m = try sample()
        XCTAssertEqual(m.imports.count, 8)
        XCTAssertEqual(m.imports[0], PythonImport(module: "os", level: 0, isFrom: false, names: [], line: 2))
        XCTAssertEqual(m.imports[1].module, "numpy")
        XCTAssertEqual(m.imports[1].alias, "np")
        XCTAssertEqual(m.imports[2].module, "torch.nn")
        XCTAssertEqual(m.imports[2].alias, "nn")
        XCTAssertEqual(
            m.imports[3],
            PythonImport(module: "", level: 1, isFrom: true, names: [ImportedName(name: "sibling")], line: 4))
        XCTAssertEqual(m.imports[4].module, "pkg.base")
        XCTAssertEqual(m.imports[4].level, 2)
        XCTAssertEqual(m.imports[4].names, [ImportedName(name: "Base", alias: "B"), ImportedName(name: "helper")])
        XCTAssertEqual(m.imports[5].names.map(\.name), ["Protocol", "overload"])
        XCTAssertEqual(m.imports[5].line, 6)
        XCTAssertEqual(m.imports[7].names, [ImportedName(name: "*")])
        XCTAssertEqual(m.imports[7].module, "x")
    }

    func testClasses() throws {
        let m = try sample()
        XCTAssertEqual(m.classes.map(\.qualifiedName), ["Config", "Abstract", "Error"])
        let config = m.classes[0]
        XCTAssertEqual(config.bases, ["B"])
        XCTAssertEqual(config.keywords, ["metaclass": "Meta"])
        XCTAssertEqual(config.decorators, ["dataclass"])
        XCTAssertEqual(config.span, LineSpan(start: 20, end: 31))
        XCTAssertEqual(config.docstring, "Config doc.")
        XCTAssertEqual(m.classes[1].span, LineSpan(start: 34, end: 43))
        XCTAssertEqual(m.classes[2].span, LineSpan(start: 60, end: 61))
    }

    func testFunctions() throws {
        let m = try sample()
        XCTAssertEqual(
            m.functions.map(\.qualifiedName),
            [
                "Config.make", "Config.make.inner", "Config.fetch", "Abstract.forward", "Abstract.todo",
                "Abstract.later", "stub_pass", "stub_ellipsis", "handler",
            ])
        let spans = m.functions.map { [$0.span.start, $0.span.end] }
        XCTAssertEqual(
            spans, [[25, 28], [26, 27], [30, 31], [36, 37], [39, 40], [42, 43], [46, 47], [50, 50], [53, 57]])
        let make = m.functions[0]
        XCTAssertEqual(make.enclosingClass, "Config")
        XCTAssertEqual(make.decorators, ["staticmethod"])
        XCTAssertEqual(make.parameters, ["x", "args", "y", "kw"])
        XCTAssertNil(m.functions[1].enclosingClass)
        XCTAssertTrue(m.functions[2].isAsync)
        XCTAssertEqual(m.functions[2].parameters, ["self", "a", "b"])
        XCTAssertEqual(m.functions[3].decorators, ["abstractmethod"])
        XCTAssertEqual(
            m.functions.map(\.bodyKind),
            [
                .implemented, .implemented, .implemented, .raisesNotImplemented, .docstringOnly, .placeholderMessage,
                .pass, .ellipsis, .implemented,
            ])
        XCTAssertEqual(m.functions[3].bodyMarkerLine, 37)
        XCTAssertEqual(m.functions[3].bodyMarkerText, "raise NotImplementedError")
        XCTAssertEqual(m.functions[4].bodyMarkerLine, 40)
        XCTAssertEqual(m.functions[4].docstring, "Only a docstring.")
        XCTAssertEqual(m.functions[6].bodyMarkerLine, 47)
        XCTAssertEqual(m.functions[7].bodyMarkerLine, 50)
    }

    func testCalls() throws {
        let m = try sample()
        let seed = try XCTUnwrap(m.calls.first { $0.callee == "torch.Generator().manual_seed" })
        XCTAssertEqual(seed.line, 27)
        XCTAssertEqual(seed.column, 19)
        XCTAssertEqual(seed.positionalArguments, ["x"])
        XCTAssertEqual(seed.enclosingFunction, "Config.make.inner")
        let get = try XCTUnwrap(m.calls.first { $0.callee == "self.client.get" })
        XCTAssertEqual(get.keywords, ["url", "timeout"])
        XCTAssertEqual(get.keywordValues.dictionary, ["url": "a", "timeout": "b"])
        let manual = try XCTUnwrap(m.calls.first { $0.callee == "torch.manual_seed" })
        XCTAssertEqual(manual.line, 65)
        XCTAssertEqual(manual.positionalArguments, ["0"])
        XCTAssertNil(manual.enclosingFunction)
        let main = try XCTUnwrap(m.calls.first { $0.callee == "main" })
        XCTAssertEqual(main.keywordValues["cfg"], "Config(lr=2)")
        XCTAssertEqual(main.positionalArguments, ["*extra"])
        XCTAssertTrue(m.calls.contains { $0.callee == "dataclass" && $0.line == 19 })
        XCTAssertTrue(m.calls.contains { $0.callee == "Config" && $0.keywords == ["lr"] })
        XCTAssertFalse(m.calls.contains { $0.callee == "Config" && $0.line == 20 }, "class header is not a call")
        XCTAssertFalse(m.calls.contains { $0.callee == "make" }, "def header is not a call")
    }

    func testAssignmentsStringsCommentsMain() throws {
        let m = try sample()
        let targets = m.assignments.map(\.target)
        XCTAssertEqual(Array(targets.prefix(6)), ["SEED", "os.environ[\"WANDB_MODE\"]", "a", "b", "c", "counter"])
        XCTAssertEqual(m.assignments[1].valueText, "\"offline\"")
        XCTAssertEqual(m.assignments[0].valueText, "3")
        XCTAssertTrue(m.assignments.contains { $0.target == "lr" && $0.valueText == "1e-3" })
        XCTAssertTrue(m.strings[0].isDocstring)
        XCTAssertEqual(m.strings[0].line, 1)
        XCTAssertTrue(m.strings.contains { $0.value == "coming soon" && !$0.isDocstring })
        XCTAssertEqual(m.comments, [PythonComment(text: "# TODO: log this", line: 57)])
        XCTAssertEqual(m.mainBlocks, [LineSpan(start: 64, end: 68)])
        XCTAssertEqual(m.raises.map(\.exception), ["NotImplementedError", "RuntimeError"])
        XCTAssertEqual(m.raises[1].message, "coming soon")
        XCTAssertEqual(m.lineCount, 68)
        XCTAssertTrue(m.problems.isEmpty)
    }

    func testInlineBodiesAndSemicolons() {
        let m = StructureFixtures.read(
            "class A: pass\ndef f(): x = 1; return x\ndef g(): raise NotImplementedError('x')\n")
        XCTAssertEqual(m.classes.first?.span, LineSpan(start: 1, end: 1))
        XCTAssertEqual(m.functions.map(\.bodyKind), [.implemented, .raisesNotImplemented])
        XCTAssertEqual(m.assignments.first?.enclosingFunction, "f")
    }

    func testLambdaAndWalrusAreNotAssignmentTargets() {
        let m = StructureFixtures.read("f = lambda x=1, y=2: x\nif (n := 3):\n    pass\nx == 3\n")
        XCTAssertEqual(m.assignments.map(\.target), ["f"])
        XCTAssertEqual(m.assignments.first?.valueText, "lambda x=1, y=2: x")
    }

    func testSoftKeywordsAndTrailingCalls() {
        let src = "match = re.match(p, s)\nmatch command:\n    case [a, b]:\n        go(a)\n    case _:\n        pass\n"
        let m = StructureFixtures.read(src)
        XCTAssertEqual(m.calls.map(\.callee), ["re.match", "go"])
        XCTAssertEqual(m.assignments.map(\.target), ["match"])
    }

    func testDecoratorArgumentsAreStripped() {
        let m = StructureFixtures.read(
            "@app.route('/x', methods=['GET'])\n@functools.lru_cache()\ndef view():\n    return 1\n")
        XCTAssertEqual(m.functions.first?.decorators, ["app.route", "functools.lru_cache"])
        XCTAssertEqual(m.functions.first?.span, LineSpan(start: 3, end: 4))
    }

    func testTokenizerErrorIsAProblemAndPrefixIsRead() {
        let m = StructureFixtures.read("import os\ndef f():\n    return 1\nx = '''unterminated\n")
        XCTAssertEqual(m.imports.count, 1)
        XCTAssertEqual(m.functions.first?.span, LineSpan(start: 2, end: 3))
        XCTAssertFalse(m.problems.isEmpty)
    }

    func testDeepBracketsDoNotOverflow() {
        let depth = 100_000
        var src = "x = " + String(repeating: "f(", count: depth) + String(repeating: ")", count: depth) + "\n"
        src += "y = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        let m = StructureFixtures.read(src)
        // Either read fully or stopped by the tokenizer; it must return without crashing.
        XCTAssertGreaterThanOrEqual(m.lineCount, 2)
        if m.problems.isEmpty {
            XCTAssertEqual(m.calls.count, depth)
            XCTAssertEqual(m.assignments.map(\.target), ["x", "y"])
        }
    }

    func testCallsInsideFStrings() {
        let src =
            "def f():\n    log(f\"{torch.cuda.memory_allocated() / 1e9:.2f} {{x}} {g(1)!r:>{w(2)}}\")\n"
            + "s = f'''\n{a.b()}'''\n"
        let m = StructureFixtures.read(src)
        let calls = m.calls.map { "\($0.callee) \($0.line):\($0.column) \($0.enclosingFunction ?? "-")" }
        XCTAssertEqual(calls, ["log 2:4 f", "torch.cuda.memory_allocated 2:11 f", "g 2:59 f", "w 2:68 f", "a.b 4:1 -"])
    }

    func testLineCount() {
        XCTAssertEqual(PythonReader.lineCount([]), 0)
        XCTAssertEqual(PythonReader.lineCount(Array("a\nb\n".utf8)), 2)
        XCTAssertEqual(PythonReader.lineCount(Array("a\r\nb".utf8)), 2)
    }
}
