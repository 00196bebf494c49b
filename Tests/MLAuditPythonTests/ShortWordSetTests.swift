import XCTest

@testable import MLAuditPython

/// `ShortWordSet` answers as the `Set<String>` of its words does, for members, near misses and long texts.
final class ShortWordSetTests: XCTestCase {
    func testMembershipMatchesASetOfStrings() {
        let words: Set<String> = ["False", "None", "True", "as", "continue", "nonlocal", "if", "in", "is"]
        let set = ShortWordSet(words)
        let probes = [
            "False", "None", "True", "as", "continue", "nonlocal", "if", "in", "is",
            "", "i", "f", "iff", "false", "Non", "Nonee", "continues", "nonlocals", "as\0", "\0as", "ifx",
            "é", "naïve", "self", "torch", "a_very_long_identifier_name",
        ]
        for p in probes { XCTAssertEqual(set.contains(p), words.contains(p), p) }
        for w in PythonNameBindingReader.builtins {
            XCTAssertEqual(PythonNameBindingReader.keywords.contains(w), ["False", "None", "True"].contains(w), w)
        }
    }
}
