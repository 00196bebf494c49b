import XCTest

@testable import MLAuditPython

/// The byte-level readings in `SymbolResolver.resolve` agree with the Character-level ones they stand in for.
final class SymbolResolverFastPathTests: XCTestCase {
    /// The Character reading `plainName` replaces.
    func reference(_ r: String) -> String {
        var name = r.filter { !$0.isWhitespace }
        if let cut = name.firstIndex(where: { $0 == "[" || $0 == "(" }) { name = String(name[..<cut]) }
        return name
    }

    func testPlainNameAgreesWithTheCharacterReading() {
        let inputs = [
            "nn.Module", "Generic[T]", "Base( x )", "a.b.C[int, str]", "", "[x]", "(", "torch.nn .Linear", " x",
            "x\t", "Dict[ str , int ]", "Ünïcode.Base", "K", "a[\u{301}b]", "a(\u{301})", "x\u{85}y", "f(x) [y]",
        ]
        for r in inputs {
            if let fast = SymbolResolver.plainName(r) {
                XCTAssertEqual(fast, reference(r), r.debugDescription)
            }
        }
        XCTAssertEqual(SymbolResolver.plainName("Generic[T]"), "Generic")
        XCTAssertNil(SymbolResolver.plainName("torch.nn .Linear"), "whitespace goes to the Character reading")
        XCTAssertNil(SymbolResolver.plainName("Ünïcode.Base"))
    }

    func testFirstComponentAgreesWithTheSplit() {
        let modules = ["a.b", "a", ".a.b", "..x", "", "ab.c", "a..b", "numpy", "Kelvin.x", "K.x", "é.x"]
        let heads = ["a", "ab", "x", "numpy", "K", "\u{212A}", "é", "e\u{301}"]
        for m in modules {
            for h in heads {
                XCTAssertEqual(
                    SymbolResolver.firstComponent(of: m, is: h), m.split(separator: ".").first.map(String.init) == h,
                    "\(m.debugDescription) \(h.debugDescription)")
            }
        }
    }
}
