import Foundation
import XCTest

@testable import MLAuditPython

/// `PythonLogicalLines`: the logical lines the structure reader and the name-binding scan share, checked against a
/// plain re-reading of the tokens (buffer each line's tokens up to NEWLINE, match its brackets with a stack).
final class LogicalLinesTests: XCTestCase {
    /// One line as the reference reads it: token texts and kinds, block depth, bracket matches.
    struct Line: Equatable {
        var texts: [String]
        var kinds: [PythonTokenKind]
        var depth: Int
        var match: [Int]
    }

    static func reference(_ tokens: [PythonToken], keepErrorTokens: Bool) -> [Line] {
        var out: [Line] = []
        var depth = 0
        var lineDepth = 0
        var buffer: [PythonToken] = []
        func flush() {
            guard !buffer.isEmpty else { return }
            var match = [Int](repeating: -1, count: buffer.count)
            var stack: [Int] = []
            let pairs: [String: String] = ["(": ")", "[": "]", "{": "}"]
            for (i, t) in buffer.enumerated() where t.kind == .op {
                if pairs[t.text] != nil {
                    stack.append(i)
                } else if [")", "]", "}"].contains(t.text), let open = stack.last, pairs[buffer[open].text] == t.text {
                    stack.removeLast()
                    match[open] = i
                    match[i] = open
                }
            }
            out.append(Line(texts: buffer.map(\.text), kinds: buffer.map(\.kind), depth: lineDepth, match: match))
            buffer.removeAll()
        }
        for t in tokens {
            switch t.kind {
            case .encoding, .nl, .comment: continue
            case .indent: depth += 1
            case .dedent: depth = max(0, depth - 1)
            case .newline, .endmarker: flush()
            case .errortoken where !keepErrorTokens: continue
            default:
                if buffer.isEmpty { lineDepth = depth }
                buffer.append(t)
            }
        }
        flush()
        return out
    }

    static func lines(_ cut: PythonLogicalLines) -> [Line] {
        (0..<cut.count).map { k in
            let l = cut.line(k)
            return Line(
                texts: l.tokens.map(\.text), kinds: l.tokens.map(\.kind), depth: cut.depth(k),
                match: (0..<l.count).map { l.match[$0] })
        }
    }

    func testLinesOfASmallModule() {
        let source = "x = f(a,  # c\n  b)\nif x:\n    y = [1, (2)]\n    # only a comment\n\n    z = {)\n"
        let cut = PythonLogicalLines(PythonTokenizer.tokenize(Array(source.utf8)).tokens)
        XCTAssertEqual(
            Self.lines(cut),
            [
                Line(
                    texts: ["x", "=", "f", "(", "a", ",", "b", ")"],
                    kinds: [.name, .op, .name, .op, .name, .op, .name, .op],
                    depth: 0, match: [-1, -1, -1, 7, -1, -1, -1, 3]),
                Line(texts: ["if", "x", ":"], kinds: [.name, .name, .op], depth: 0, match: [-1, -1, -1]),
                Line(
                    texts: ["y", "=", "[", "1", ",", "(", "2", ")", "]"],
                    kinds: [.name, .op, .op, .number, .op, .op, .number, .op, .op], depth: 1,
                    match: [-1, -1, 8, -1, -1, 7, -1, 5, 2]),
                // a closer of another kind matches nothing
                Line(texts: ["z", "=", "{", ")"], kinds: [.name, .op, .op, .op], depth: 1, match: [-1, -1, -1, -1]),
            ])
        XCTAssertFalse(cut.hasErrorToken)
    }

    func testLinesMatchAPlainReadingOnFixturesAndMutations() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: StructureFixtures.directory.path)
            .filter { $0.hasSuffix(".py") }.sorted()
        XCTAssertFalse(names.isEmpty)
        var random = StructureFuzzTests.Random(state: 0x5EED_1113)
        var sawErrorToken = false
        for name in names {
            let bytes = try StructureFixtures.bytes(name)
            var sources = [bytes]
            for _ in 0..<40 { sources.append(StructureFuzzTests.mutate(bytes, &random)) }
            sources.append(Array("x = 1 $ 2\nif x:\n    y = ?\n".utf8))
            for source in sources {
                let tokens = PythonTokenizer.tokenize(source).tokens
                let kept = PythonLogicalLines(tokens)
                XCTAssertEqual(Self.lines(kept), Self.reference(tokens, keepErrorTokens: true), name)
                let dropped = PythonLogicalLines(tokens, keepErrorTokens: false)
                XCTAssertEqual(Self.lines(dropped), Self.reference(tokens, keepErrorTokens: false), name)
                let hasError = tokens.contains { $0.kind == .errortoken }
                XCTAssertEqual(kept.hasErrorToken, hasError)
                XCTAssertEqual(dropped.hasErrorToken, hasError)
                sawErrorToken = sawErrorToken || hasError
            }
        }
        XCTAssertTrue(sawErrorToken, "the inputs include ERRORTOKENs")
    }

    /// The reader and the scan read the same facts whether the lines come with the tokens (`cutLines()`) or not.
    func testSharedLinesReadAsFreshOnes() throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: StructureFixtures.directory.path)
        where name.hasSuffix(".py") {
            let bytes = try StructureFixtures.bytes(name)
            var shared = PythonTokenizer.tokenize(bytes)
            shared.cutLines()
            XCTAssertNotNil(shared.logicalLines)
            XCTAssertEqual(
                PythonReader.read(source: bytes, path: name, tokenization: shared),
                PythonReader.read(source: bytes, path: name), name)
            let a = PythonNameBindingReader.read(tokenization: shared)
            let b = PythonNameBindingReader.read(source: bytes)
            XCTAssertEqual(a.bound, b.bound, name)
            XCTAssertEqual(a.uses, b.uses, name)
            XCTAssertEqual(a.scopeBound, b.scopeBound, name)
            XCTAssertEqual(a.isUnparsable, b.isUnparsable, name)
        }
    }
}
