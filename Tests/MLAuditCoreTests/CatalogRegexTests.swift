import Foundation
import Testing

@testable import MLAuditFacts
@testable import MLAuditRemediation
@testable import MLAuditReport
@testable import MLAuditRules

/// Every regular expression of the rule and check catalogues compiles: an invalid pattern matches nothing at run
/// time (`RegexCache`), so without this test a typo would silently switch a rule off.
@Suite struct CatalogRegexTests {
    /// The catalogues' own pattern tables.
    static var cataloguePatterns: [(String, String)] {
        var out: [(String, String)] = []
        for rule in RuleCatalog.all where !rule.description.stubTerms.isEmpty {
            out.append(("\(rule.description.code) stubTerms", rule.description.stubTerms))
        }
        out += StubCapabilityMapper.mechanisms.map { ("StubCapabilityMapper.mechanisms \($0.capability)", $0.regex) }
        out += StubCapabilityMapper.fileRoles.map { ("StubCapabilityMapper.fileRoles \($0.capability)", $0.regex) }
        return out
    }

    @Test func catalogueTablesCompile() {
        let patterns = Self.cataloguePatterns
        #expect(patterns.count > 50)
        for (name, pattern) in patterns {
            #expect(Self.compiles(pattern), "\(name): \(pattern)")
        }
    }

    /// Raw-string patterns written inline in the rules, checks and proposers, where they are handed whole (not
    /// concatenated) to a function that treats its argument as a regular expression (`matches`, `callCandidates`,
    /// `sites(calleeMatching:)`, ...).
    @Test func inlinePatternsInRulesAndChecksCompile() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let consumers =
            ##"(?:\.matches|\.imatches|matchesAll|callCandidates|callsMatching|containsMatch|entriesBeside\(target:|calleeMatching:|leafMatching:|RegexCache\.shared\.regex)\s*\(?\s*#"(.*?)"#\s*[,)]"##
        let finder = try NSRegularExpression(pattern: consumers)
        var checked = 0
        for target in ["MLAuditRules", "MLAuditRemediation", "MLAuditFacts"] {
            let dir = sources.appendingPathComponent(target)
            guard let walker = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) else {
                continue
            }
            for case let url as URL in walker where url.pathExtension == "swift" {
                let text = try String(contentsOf: url, encoding: .utf8)
                for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let s = String(line)
                    for m in finder.matches(in: s, range: NSRange(s.startIndex..., in: s)) {
                        guard let r = Range(m.range(at: 1), in: s) else { continue }
                        let pattern = String(s[r])
                        checked += 1
                        #expect(Self.compiles(pattern), "\(target)/\(url.lastPathComponent):\(n + 1): \(pattern)")
                    }
                }
            }
        }
        #expect(checked > 100, "found only \(checked) inline patterns: the scan no longer sees the sources")
    }

    static func compiles(_ pattern: String) -> Bool {
        (try? NSRegularExpression(pattern: pattern)) != nil
    }
}
