import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditReport
import MLAuditRules

/// `assert value, 16` in a test (MLA155 with a number as the message) becomes `assert value == 16`: the comma made 16
/// the message, so the test only checked that the value is truthy. Only one-line asserts of test files whose
/// expression has no top-level conditional, lambda, assignment expression or boolean, membership or identity operator
/// (where `== 16` would bind to a part of it); product code is left alone (a stricter assertion there could stop users' runs).
package struct AssertNumberMessageProposer: DiffProposer {
    package let code = DiffCode.mld240
    package let findings: [FindingCode] = [.mla155]
    package let subfeatures: [Subfeature] = []

    package static let maxSites = 16
    static let pattern = try! NSRegularExpression(
        pattern: #"^(\s*assert\s+)(\S.*?)\s*,\s*(-?[0-9][0-9_]*(?:\.[0-9_]+)?)\s*$"#)

    /// `line` as `assert <expression> == <number>`, or nil.
    package static func rewrite(_ line: String) -> String? {
        let ns = line as NSString
        guard let m = pattern.firstMatch(in: line, range: NSRange(location: 0, length: ns.length)) else { return nil }
        let head = ns.substring(with: m.range(at: 1))
        let expression = ns.substring(with: m.range(at: 2))
        let number = ns.substring(with: m.range(at: 3))
        // The expression's top level (outside brackets and strings) must not hold `if`, `lambda` or `:=`.
        var depth = 0
        var quote: Character?
        var top = ""
        for c in expression {
            if let q = quote {
                if c == q { quote = nil }
                continue
            }
            switch c {
            case "\"", "'": quote = c
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            default: if depth == 0 { top.append(c) }
            }
        }
        let words = top.split { !($0.isLetter || $0.isNumber || $0 == "_") }
        guard quote == nil, depth == 0, !top.contains(":="), !top.contains(","),
            !words.contains(where: { ["if", "else", "lambda", "not", "and", "or", "in", "is"].contains($0) })
        else { return nil }
        return head + expression + " == " + number
    }

    package func propose(_ context: FindingContext) -> DiffProposal? {
        let tests = Set(context.facts.code.tests.map(\.path))
        var editors: [String: SourceEditor] = [:]
        var order: [String] = []
        var cited: [String] = []
        let sites = VacuousAssertCheck.sites(context).filter { $0.kind == .numberMessage && tests.contains($0.path) }
            .sorted { ($0.path, $0.line) < ($1.path, $1.line) }
        for s in sites.prefix(Self.maxSites) {
            if editors[s.path] == nil {
                guard let editor = context.editor(s.path) else { continue }
                editors[s.path] = editor
                order.append(s.path)
            }
            let old = editors[s.path]!.line(s.line)
            guard let edited = Self.rewrite(old), LineLengthPolicy.allows(edited, replacing: old, in: context.facts)
            else { continue }
            editors[s.path]!.replace(line: s.line - 1, with: edited)
            cited.append("\(s.path):\(s.line)")
        }
        let files = order.compactMap { editors[$0] }.filter(\.hasEdits).map { DiffProposal.File($0) }
        guard !files.isEmpty else { return nil }
        let paths = files.map(\.path)
        return DiffProposal(
            title:
                "Compare with the number the test meant in \(cited.count) assertion(s) instead of using it as the message (\(FindingContext.fileSummary(paths)))",
            why:
                "At \(cited.prefix(3).joined(separator: ", ")) `assert value, 16` makes 16 the assertion's message, so the test passes for any truthy value; `assert value == 16` checks what the line says.",
            risk:
                "The test now checks the value: if it differs today the test fails, a regression the assertion had been hiding (read the failure before reverting).",
            rollback: FindingContext.rollback(modified: paths, created: []),
            testsDocs: "Run the touched tests with pytest: they pass when the value equals the number.",
            files: files)
    }
}
