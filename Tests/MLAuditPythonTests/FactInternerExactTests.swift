import XCTest

@testable import MLAuditPython

/// Interning leaves the facts equal and keeps each module's arrays at about their own size (no append slack).
final class FactInternerExactTests: XCTestCase {
    func testExactDropsSlackAndKeepsElements() {
        var a: [Int] = []
        a.reserveCapacity(1000)
        a.append(contentsOf: 0..<10)
        let e = FactInterner.exact(a)
        XCTAssertEqual(e, a)
        XCTAssertLessThan(e.capacity, 20)
        // an array already about its size is returned as it is
        let tight = Array(0..<64)
        XCTAssertEqual(FactInterner.exact(tight), tight)
        XCTAssertEqual(FactInterner.exact([Int]()), [])
    }

    func testInternedModuleIsEqualAndTight() {
        var source = "\"\"\"Module doc.\"\"\"\n"
        for i in 0..<300 { source += "x\(i) = \"s\(i)\"\nprint(x\(i))\n" }
        let m = PythonReader.read(source: Array(source.utf8), path: "m.py")
        let interned = FactInterner().intern(m)
        XCTAssertEqual(interned, m)
        XCTAssertEqual(interned.strings.count, 301)
        XCTAssertLessThanOrEqual(interned.strings.capacity, interned.strings.count + interned.strings.count / 8)
        XCTAssertEqual(interned.strings.first?.isDocstring, true)
        XCTAssertEqual(interned.strings.first?.value, "Module doc.")
        XCTAssertEqual(MemoryLayout<PythonStringLiteral>.stride, 24)
    }
}
