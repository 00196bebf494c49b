import Foundation
import XCTest

@testable import MLAuditPython

/// Seeded mutations of the fixtures: the reader, the notebook reader and the stub inventory must return
/// (never trap) and keep their invariants on broken input.
final class StructureFuzzTests: XCTestCase {
    /// SplitMix64: deterministic across runs and platforms.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
    }

    static let alphabet = Array("()[]{}:;,.=@#'\"\\\n\t    defclassifpassraise...lambda_xf\"\"\"{}".utf8)

    static func mutate(_ input: [UInt8], _ r: inout Random) -> [UInt8] {
        var b = input
        for _ in 0..<(1 + r.below(6)) {
            switch r.below(4) {
            case 0 where !b.isEmpty:
                let at = r.below(b.count)
                b.removeSubrange(at..<min(b.count, at + 1 + r.below(40)))
            case 1:
                let at = r.below(b.count + 1)
                b.insert(contentsOf: (0..<(1 + r.below(8))).map { _ in alphabet[r.below(alphabet.count)] }, at: at)
            case 2 where !b.isEmpty:
                let at = r.below(b.count)
                b[at] = UInt8(truncatingIfNeeded: r.next())
            default:
                let at = r.below(b.count + 1)
                let from = r.below(b.count + 1)
                b.insert(contentsOf: b[from..<min(b.count, from + r.below(120))], at: at)
            }
        }
        return b
    }

    private func checkInvariants(_ m: PythonModule, _ label: String) {
        let maxLine = max(1, m.lineCount + 1)
        func ok(_ line: Int) -> Bool { line >= 1 && line <= maxLine }
        for f in m.functions {
            XCTAssertTrue(f.span.start <= f.span.end && ok(f.span.start) && ok(f.span.end), "\(label) \(f)")
            if let l = f.bodyMarkerLine { XCTAssertTrue(l >= f.span.start && l <= f.span.end, "\(label) \(f)") }
            XCTAssertEqual(f.bodyKind == .implemented, f.bodyMarkerLine == nil, label)
        }
        for c in m.classes { XCTAssertTrue(c.span.start <= c.span.end && ok(c.span.end), "\(label) \(c)") }
        XCTAssertTrue(m.calls.allSatisfy { ok($0.line) && $0.column >= 0 }, label)
        XCTAssertTrue(m.imports.allSatisfy { ok($0.line) }, label)
        XCTAssertTrue(m.assignments.allSatisfy { ok($0.line) && $0.valueText.unicodeScalars.count <= 200 }, label)
        XCTAssertTrue(m.comments.allSatisfy { ok($0.line) }, label)
    }

    func testMutatedSourcesReadWithoutTrapping() throws {
        var r = Random(state: 20_261_125)
        let seeds = [try StructureFixtures.bytes("sample.py"), try StructureFixtures.bytes("edge_cases.py")]
        var modules: [PythonModule] = []
        for i in 0..<300 {
            let src = Self.mutate(seeds[i % seeds.count], &r)
            let m = PythonReader.read(source: src, path: "f\(i % 7).py")
            checkInvariants(m, "mutation \(i)")
            modules.append(m)
        }
        let sites = StubInventory.build(modules: modules)
        XCTAssertEqual(
            sites, sites.sorted { ($0.path, $0.line, $0.kind.rawValue) < ($1.path, $1.line, $1.kind.rawValue) })
    }

    func testMutatedNotebooksReadOrFail() throws {
        var r = Random(state: 7)
        let seed = try StructureFixtures.bytes("notebook.ipynb")
        var read = 0
        for i in 0..<300 {
            switch NotebookReader.read(json: Self.mutate(seed, &r), path: "n.ipynb") {
            case .success(let m):
                read += 1
                checkInvariants(m, "notebook mutation \(i)")
            case .failure(let f):
                XCTAssertTrue(
                    f.description.hasPrefix("malformed notebook JSON") || f.description.contains("not a notebook"),
                    f.description)
            }
        }
        XCTAssertGreaterThan(read, 0, "some mutations keep the JSON valid")
    }

    func testPathologicalNesting() {
        let defs = (0..<200).map { String(repeating: " ", count: $0) + "def f\($0)():\n" }.joined()
        let m = StructureFixtures.read(defs + String(repeating: " ", count: 200) + "pass\n")
        XCTAssertTrue(m.functions.count == 200 || !m.problems.isEmpty)
        let chain =
            "x = " + String(repeating: "a.", count: 50_000) + "b()\n" + String(repeating: "f()", count: 20_000) + "\n"
        let c = StructureFixtures.read(chain)
        XCTAssertTrue(c.calls.allSatisfy { $0.callee.count < 1_000 })
    }
}
