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

    private func storage(_ s: String?) -> UnsafeRawPointer? {
        guard var s else { return nil }
        return s.withUTF8 { UnsafeRawPointer($0.baseAddress) }
    }

    /// Texts held in separate storage (as a module decoded from the fact cache holds them) are stored once after
    /// interning: a docstring and its string literal, and a docstring, message or literal another file repeats.
    func testInterningSharesDocstringsLiteralsAndMessagesAcrossFiles() {
        let source = """
            def configure_the_optimizer(model):
                \"\"\"Builds the optimizer for the model; copied into every pipeline.\"\"\"
                path = "/checkpoints/the-shared-default-location"
                raise ValueError("the optimizer is not configured for this model")

            """
        func fresh(_ s: String) -> String { String(decoding: Array(s.utf8), as: UTF8.self) }
        func unshared(_ m: PythonModule) -> PythonModule {
            var m = m
            for i in m.strings.indices { m.strings[i].value = fresh(m.strings[i].value) }
            for i in m.functions.indices { m.functions[i].docstring = m.functions[i].docstring.map(fresh) }
            for i in m.raises.indices {
                m.raises[i].message = fresh(m.raises[i].message)
                m.raises[i].text = fresh(m.raises[i].text)
            }
            return m
        }
        let a = unshared(PythonReader.read(source: Array(source.utf8), path: "a.py"))
        let b = unshared(PythonReader.read(source: Array(source.utf8), path: "b.py"))
        XCTAssertNotEqual(storage(a.functions[0].docstring), storage(a.strings[0].value))
        let interner = FactInterner()
        let ia = interner.intern(a)
        let ib = interner.intern(b)
        XCTAssertEqual(ia, a)
        XCTAssertEqual(ib, b)
        XCTAssertEqual(ia.strings.count, 3)
        XCTAssertEqual(ia.strings[0].isDocstring, true)
        XCTAssertEqual(ia.functions[0].docstring, "Builds the optimizer for the model; copied into every pipeline.")
        // the docstring and its literal, in one file and across both
        XCTAssertEqual(storage(ia.functions[0].docstring), storage(ia.strings[0].value))
        XCTAssertEqual(storage(ia.strings[0].value), storage(ib.strings[0].value))
        XCTAssertEqual(storage(ia.strings[1].value), storage(ib.strings[1].value))
        XCTAssertEqual(storage(ia.raises[0].message), storage(ib.raises[0].message))
        XCTAssertEqual(storage(ia.raises[0].text), storage(ib.raises[0].text))
        XCTAssertEqual(ia.raises[0].message, "the optimizer is not configured for this model")
    }
}
