import Foundation
import XCTest

@testable import MLAuditPython

/// Seeded SplitMix64, so fuzz runs are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// Random and mutated inputs never crash or hang the tokenizer, keep its structural invariants, and
/// (when CPython is present) still match `tokenize` exactly.
final class TokenizerFuzzTests: XCTestCase {
    /// Pieces that matter to the tokenizer, to bias random input toward interesting states: significant
    /// ASCII, whole non-ASCII characters, and a few byte sequences that are never valid UTF-8.
    static let pieces: [[UInt8]] =
        Array("'\"\\\n\r\t\u{0C} #()[]{}:=.-+*/<>!@$?`0123456789_abfjrux eEoO".utf8).map { [$0] }
        + [
            "\u{0}", "\u{0B}", "é", "€", "😀", "\u{FEFF}", "\u{A0}", "½", "١", "\u{301}", "'''", "\"\"\"", "    ",
            "\r\n",
            "'a\\\n", "\"\"\"doc\n", "\\\n", "x = 1\n", "if x:\n", "    pass\n", "\tpass\n", "f'{x!r:>{w}}'", "rb'\\'",
        ]
        .map { Array($0.utf8) }
        + [[0xFF], [0xED, 0xA0, 0x80], [0xC3]]

    static func randomPiece(using rng: inout SeededGenerator) -> [UInt8] {
        pieces.randomElement(using: &rng) ?? [0x20]
    }

    func testRandomBytesKeepInvariants() {
        var rng = SeededGenerator(seed: 0x5EED_0001)
        for _ in 0..<3000 {
            let length = Int.random(in: 0...120, using: &rng)
            let biased = Bool.random(using: &rng)
            var source: [UInt8] = []
            for _ in 0..<length {
                if biased {
                    source += Self.randomPiece(using: &rng)
                } else {
                    source.append(UInt8.random(in: 0...255, using: &rng))
                }
            }
            checkInvariants(source)
        }
    }

    /// Inputs on which CPython's regex tokenizer is quadratic finish at a size where quadratic work would not.
    func testAdversarialInputsAreTokenizedInLinearWork() {
        let scale = 100_000
        let snippets = TokenizerEdgeCases.adversarialSnippets(scale: scale)
        for snippet in snippets { checkInvariants(Array(snippet.utf8)) }
        let blanks = PythonTokenizer.tokenize(Array(snippets[0].utf8))
        XCTAssertEqual(blanks.tokens.filter { $0.kind == .errortoken }.count, scale + 1)
        let escapes = PythonTokenizer.tokenize(Array(snippets[1].utf8))
        XCTAssertNil(escapes.error)
        XCTAssertEqual(escapes.tokens.filter { $0.kind == .errortoken && $0.text == "'" }.count, scale + 1)
        let deep = PythonTokenizer.tokenize(Array(snippets[4].utf8))
        XCTAssertEqual(
            deep.tokens.filter { $0.kind == .dedent }.count, TokenizerEdgeCases.deepIndentDepth(scale: scale))
    }

    func testMutatedCorpusKeepsInvariantsAndMatchesCPython() throws {
        let originals = try TokenizerOracle.fixtureFiles().map { try [UInt8](Data(contentsOf: $0)) }
        XCTAssertFalse(originals.isEmpty)
        var rng = SeededGenerator(seed: 0x5EED_0002)
        var mutants: [[UInt8]] = []
        for _ in 0..<600 {
            guard let original = originals.randomElement(using: &rng) else { break }
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &rng) { mutate(&bytes, using: &rng) }
            checkInvariants(bytes)
            mutants.append(bytes)
        }
        try assertMatchesCPython(mutants, label: "mutant")
    }

    func testRandomSourcesMatchCPython() throws {
        var rng = SeededGenerator(seed: 0x5EED_0003)
        var sources: [[UInt8]] = []
        for _ in 0..<800 {
            var source: [UInt8] = []
            for _ in 0..<Int.random(in: 0...60, using: &rng) { source += Self.randomPiece(using: &rng) }
            // Close brackets left open (roughly: brackets inside strings count too), so that more
            // sources get past "EOF in multi-line statement" and are compared token by token.
            let opened = source.filter { $0 == 0x28 || $0 == 0x5B || $0 == 0x7B }.count
            let closed = source.filter { $0 == 0x29 || $0 == 0x5D || $0 == 0x7D }.count
            if opened > closed { source += [0x0A] + Array(repeating: 0x29, count: opened - closed) }
            sources.append(source)
        }
        try assertMatchesCPython(sources, label: "random source")
    }

    /// Writes `sources` to a temporary folder and compares each with CPython's tokenize (skipped without python3).
    private func assertMatchesCPython(_ sources: [[UInt8]], label: String) throws {
        guard let python = TokenizerOracle.python3 else { return }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("mlaudit-tokenizer-fuzz-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [URL] = []
        for (index, source) in sources.enumerated() {
            let file = directory.appendingPathComponent("\(label.replacingOccurrences(of: " ", with: "_"))\(index).py")
            try Data(source).write(to: file)
            files.append(file)
        }
        guard let dumps = TokenizerOracle.cpythonDumps(python, files: files) else {
            return XCTFail("could not run the CPython oracle")
        }
        let accepted = dumps.filter { $0 != nil }.count
        XCTAssertGreaterThan(accepted, sources.count / 8, "too few \(label)s reach a token-by-token comparison")
        for (index, source) in sources.enumerated() {
            let shown = String(decoding: source.prefix(80), as: UTF8.self).debugDescription
            switch (dumps[index], TokenDump.render(source: source)) {
            case (nil, .success): XCTFail("\(label) \(index) \(shown): CPython rejects it, mlaudit accepted it")
            case (nil, .failure): break
            case (_?, .failure(let error)): XCTFail("\(label) \(index) \(shown): mlaudit rejected it: \(error)")
            case (let want?, .success(let got)):
                if let difference = TokenizerOracle.firstDifference(expected: want, actual: got) {
                    XCTFail("\(label) \(index) \(shown): \(difference)")
                }
            }
        }
    }

    private func mutate(_ bytes: inout [UInt8], using rng: inout SeededGenerator) {
        let position = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &rng)
        switch Int.random(in: 0..<5, using: &rng) {
        case 0:
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                bytes.insert(contentsOf: Self.randomPiece(using: &rng), at: position)
            }
        case 1:
            let end = min(bytes.count, position + Int.random(in: 1...8, using: &rng))
            if position < end { bytes.removeSubrange(position..<end) }
        case 2:
            let end = min(bytes.count, position + Int.random(in: 1...40, using: &rng))
            if position < end { bytes.insert(contentsOf: bytes[position..<end], at: position) }
        case 3:
            if position < bytes.count {
                bytes.replaceSubrange(position...position, with: Self.randomPiece(using: &rng))
            }
        default:
            bytes.removeSubrange(position..<bytes.count)
        }
    }

    private func checkInvariants(_ source: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        let result = PythonTokenizer.tokenize(source)
        let shown = String(decoding: source.prefix(80), as: UTF8.self).debugDescription
        if result.error == nil {
            XCTAssertEqual(result.tokens.first?.kind, .encoding, shown, file: file, line: line)
            XCTAssertEqual(result.tokens.last?.kind, .endmarker, shown, file: file, line: line)
        }
        var previous = SourcePosition(line: 0, column: 0)
        for token in result.tokens {
            XCTAssertLessThanOrEqual(token.start, token.end, "\(token) in \(shown)", file: file, line: line)
            XCTAssertLessThanOrEqual(previous, token.start, "\(token) out of order in \(shown)", file: file, line: line)
            previous = token.start
            if token.kind == .op { XCTAssertNotNil(token.exactType, shown, file: file, line: line) }
        }
        switch TokenDump.render(source: source) {
        case .success: XCTAssertNil(result.error, shown, file: file, line: line)
        case .failure: XCTAssertNotNil(result.error, shown, file: file, line: line)
        }
    }
}
