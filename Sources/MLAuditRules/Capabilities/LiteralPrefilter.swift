import Foundation
import MLAuditKit

extension String {
    /// `imatches(regex)` for a `regex` every match of which contains `literal` (ASCII; compared case-insensitively):
    /// an ASCII text without the literal is answered by a byte scan, without the regex. The answer never changes:
    /// a non-ASCII text (where case folding is Unicode's) always goes to the regex.
    package func imatches(_ regex: String, containing literal: String) -> Bool {
        var text = self
        let lacks: Bool = text.withUTF8 { h in
            let n = Array(literal.lowercased().utf8)
            guard !n.isEmpty, n.allSatisfy({ $0 < 0x80 }) else { return false }
            var i = 0
            var found = false
            while i + n.count <= h.count {
                var k = 0
                while k < n.count, Self.lowerASCII(h[i + k]) == n[k] { k += 1 }
                if k == n.count {
                    found = true
                    break
                }
                i += 1
            }
            if found { return false }
            for b in h where b >= 0x80 { return false }
            return true
        }
        return lacks ? false : imatches(regex)
    }

    @inline(__always) private static func lowerASCII(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    /// `imatches(regex)` for a `regex` anchored at the end (`...$`) whose match always ends with one of `finals`
    /// (ASCII, compared case-insensitively): an ASCII text ending with another character, and not with a line break
    /// (`$` also matches before a final one), is answered without the regex.
    package func imatches(_ regex: String, endingWithOneOf finals: String) -> Bool {
        guard let last = utf8.last, last < 0x80, !(0x0A...0x0D).contains(last) else { return imatches(regex) }
        let lower = last >= 0x41 && last <= 0x5A ? last | 0x20 : last
        guard finals.lowercased().utf8.contains(lower) else {
            // only an ASCII text is decided here: a non-ASCII character elsewhere leaves it to the regex
            return utf8.contains { $0 >= 0x80 } ? imatches(regex) : false
        }
        return imatches(regex)
    }
}
