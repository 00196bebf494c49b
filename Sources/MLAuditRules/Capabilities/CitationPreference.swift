import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Which line a capability cites: one that shows the mechanism, in the main package rather than a side folder.
public enum CitationPreference {
    /// Folders whose files illustrate, measure or convert rather than implement (lower-case path components).
    static let sideFolders: Set<String> = [
        "examples", "example", "benchmarks", "benchmark", "bench", "research_projects",
        "contrib", "community", "notebooks", "tutorials", "tutorial", "demo", "demos",
        "docs", "doc", "scripts", "tools", "conversion", "convert", "legacy", "deprecated",
        "test_utils", "testing_utils", "testing",
    ]

    /// Capabilities whose mechanism lives in side folders (docs, examples): no preference applies.
    static let documentationCapability = Capability.documentationExamples

    /// True for a file in a side folder (any path component; `scripts/convert_x.py`, `examples/a/b.py`).
    public static func isSideLocation(_ path: String) -> Bool {
        path.split(separator: "/").dropLast().contains { sideFolders.contains($0.lowercased()) }
    }

    /// The ranking penalty of a side location: an equally strong or slightly stronger line in the main package wins.
    static let sidePenalty = 3

    /// False for lines that cannot show a mechanism: a bare docstring delimiter, a licence or copyright line,
    /// an HTML comment marker.
    public static func showsMechanism(_ text: String) -> Bool {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return false }
        if ["\"\"\"", "'''", "r\"\"\"", "<!--", "-->", "<!---", "--->"].contains(t) { return false }
        if t.range(
            of:
                #"copyright\b|licensed under|spdx-license-identifier|all rights reserved|apache license|mit license|permission is hereby granted"#,
            options: [.regularExpression, .caseInsensitive]) != nil
        {
            return false
        }
        return true
    }
}

extension RuleContext {
    /// The first line of `path` that can show a mechanism: past blank lines, comments, a module docstring,
    /// licence headers and HTML comments (the file's first line when none is found).
    func firstMechanismLine(_ path: String) -> Int {
        let lines = facts.lines(path)
        var inDocstring: String? = nil
        var inHTMLComment = false
        for (i, raw) in lines.enumerated() {
            let t = raw.trimmingCharacters(in: .whitespaces)
            if let q = inDocstring {
                if t.contains(q) { inDocstring = nil }
                continue
            }
            if inHTMLComment {
                if t.contains("-->") { inHTMLComment = false }
                continue
            }
            if t.isEmpty || t.hasPrefix("#!") || (t.hasPrefix("#") && !path.lowercased().hasSuffix(".md"))
                || t.hasPrefix("//")
            {
                continue
            }
            if t.hasPrefix("<!--") {
                if !t.contains("-->") { inHTMLComment = true }
                continue
            }
            for q in ["\"\"\"", "'''"] where t.hasPrefix(q) || t.hasPrefix("r" + q) {
                let rest = t.dropFirst(t.hasPrefix("r") ? 4 : 3)
                if !rest.contains(q) { inDocstring = q }
            }
            if inDocstring != nil || t.hasPrefix("\"\"\"") || t.hasPrefix("'''") { continue }
            if CitationPreference.showsMechanism(t) { return i + 1 }
        }
        return firstLine(path)
    }
}
