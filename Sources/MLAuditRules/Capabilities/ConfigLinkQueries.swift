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
        func scan(_ text: String) {
            guard text.contains(".") || text.contains("[") || text.contains("getattr") else { return }
            for r in text.allRanges(
                of: #"\.([A-Za-z_]\w*)|\[\s*['"]([A-Za-z_]\w*)['"]\s*\]|getattr\([^,]+,\s*['"]([A-Za-z_]\w*)['"]"#)
            {
                let t = String(text[r])
                let name = t.replacingOccurrences(
                    of: #"^\.|^\[\s*['"]|['"]\s*\]$|^getattr\([^,]+,\s*['"]|['"]$"#, with: "",
                    options: .regularExpression)
                if !name.isEmpty { out.insert(name) }
            }
        }
        for m in product {
            for c in m.calls {
                scan(c.callee)
                c.positionalArguments.forEach(scan)
                c.keywordValues.values.forEach(scan)
            }
            for a in m.assignments { scan(a.valueText) }
        }
        return out
    }

    /// Whether product code reads `key` (as an attribute or a string subscript): call arguments and assignment
    /// values first, then the text of product modules (conditions such as `if cfg.key:` are not in the facts).
    func readsConfigKey(_ key: String) -> Bool {
        if readNames.contains(key) { return true }
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
}

extension String {
    /// Every non-overlapping match of `regex`.
    func allRanges(of regex: String) -> [Range<String.Index>] {
        guard let rx = try? NSRegularExpression(pattern: regex) else { return [] }
        let ns = NSRange(startIndex..., in: self)
        return rx.matches(in: self, range: ns).compactMap { Range($0.range, in: self) }
    }
}
