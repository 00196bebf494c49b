import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Config linked to code: whether product code reads a config key (`cfg.key`, `args.key`, `config["key"]`,
/// `getattr(cfg, "key")`). A key something reads is stronger evidence than one nothing reads.
extension RuleContext {
    /// Attribute names and string subscripts product code reads, from call arguments, callees and assignment values.
    var readNames: Set<String> { readNamesMemo.value(0, computeReadNames) }

    private func computeReadNames() -> Set<String> {
        var out: Set<String> = []
        for m in product {
            for c in m.calls {
                ReadNameScanner.scan(c.callee, into: &out)
                for a in c.positionalArguments { ReadNameScanner.scan(a, into: &out) }
                for v in c.keywordValues.values { ReadNameScanner.scan(v, into: &out) }
            }
            for a in m.assignments { ReadNameScanner.scan(a.valueText, into: &out) }
        }
        return out
    }

    /// Whether product code reads `key` (as an attribute or a string subscript): call arguments and assignment
    /// values first, then the text of product modules (conditions such as `if cfg.key:` are not in the facts).
    func readsConfigKey(_ key: String) -> Bool {
        if readNames.contains(key) { return true }
        let utf8 = Array(key.utf8)
        if !utf8.isEmpty, utf8.allSatisfy(Self.isIdentifierByte) {
            return attributeNames.contains(key)
        }
        return keyReadMemo.value(key) {
            product.contains { m in
                facts.lines(m.path).contains { line in
                    guard let r = line.range(of: "." + key) else { return false }
                    let after = line[r.upperBound...].first
                    return after.map { !($0.isLetter || $0.isNumber || $0 == "_") } ?? true
                }
            }
        }
    }

    /// Identifiers written right after a `.` in product modules (`cfg.key`, `self.args.key`): one byte pass over each
    /// file instead of one pass over every file per key asked (the scan per key was quadratic on large trees).
    var attributeNames: Set<String> { attributeNamesMemo.value(0, computeAttributeNames) }

    private func computeAttributeNames() -> Set<String> {
        var out: Set<String> = []
        let dot = UInt8(ascii: ".")
        for m in product {
            guard let text = facts.text(m.path) else { continue }
            var utf8 = Array(text.utf8)
            utf8.append(0)
            var i = 0
            while i < utf8.count - 1 {
                if utf8[i] == dot {
                    var j = i + 1
                    while Self.isIdentifierByte(utf8[j]) { j += 1 }
                    if j > i + 1, let name = String(bytes: utf8[(i + 1)..<j], encoding: .utf8) { out.insert(name) }
                    i = max(j, i + 1)
                } else {
                    i += 1
                }
            }
        }
        return out
    }

    /// ASCII letters, digits and `_`, and every byte of a non-ASCII character (identifiers may be Unicode).
    static func isIdentifierByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b >= 0x80
    }
}
