import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython

/// The significant tokens of a Python file split into logical lines (MLA153-MLA156): comments, NL, INDENT and
/// DEDENT dropped, one array per NEWLINE-terminated logical line. Each line's tokens carry `depth`, the bracket
/// nesting in front of each token (an opening bracket has the depth outside it), so a check reads the top level of a
/// statement without parsing it.
package struct PythonStatementTokens: Sendable {
    package var tokens: [PythonToken]
    package var depth: [Int]

    package var count: Int { tokens.count }

    package func isOp(_ i: Int, _ text: String) -> Bool {
        i >= 0 && i < tokens.count && tokens[i].kind == .op && tokens[i].text == text
    }

    package func isName(_ i: Int, _ text: String) -> Bool {
        i >= 0 && i < tokens.count && tokens[i].kind == .name && tokens[i].text == text
    }

    /// Index of the bracket closing the one opened at `i` (nil when unmatched on the line).
    package func closing(_ i: Int) -> Int? {
        guard i < tokens.count, ["(", "[", "{"].contains(tokens[i].text), tokens[i].kind == .op else { return nil }
        var j = i + 1
        while j < tokens.count {
            if depth[j] == depth[i], tokens[j].kind == .op, [")", "]", "}"].contains(tokens[j].text) { return j }
            if depth[j] < depth[i] { return nil }
            j += 1
        }
        return nil
    }

    /// Logical lines of `tokens`, in order.
    package static func lines(_ tokens: [PythonToken]) -> [PythonStatementTokens] {
        var out: [PythonStatementTokens] = []
        var current = PythonStatementTokens(tokens: [], depth: [])
        var depth = 0
        for t in tokens {
            switch t.kind {
            case .comment, .nl, .indent, .dedent, .encoding, .endmarker: continue
            case .newline:
                if !current.tokens.isEmpty { out.append(current) }
                current = PythonStatementTokens(tokens: [], depth: [])
                depth = 0
                continue
            default: break
            }
            if t.kind == .op, [")", "]", "}"].contains(t.text) { depth = max(0, depth - 1) }
            current.tokens.append(t)
            current.depth.append(depth)
            if t.kind == .op, ["(", "[", "{"].contains(t.text) { depth += 1 }
        }
        if !current.tokens.isEmpty { out.append(current) }
        return out
    }

    /// Logical lines of each product or test source (copied trees excluded) whose text contains `needle`, by path.
    /// Only files passing the cheap substring test are tokenized.
    package static func files(_ context: FindingContext, containing needle: String) -> [(
        module: PythonModule, lines: [PythonStatementTokens]
    )] {
        context.productAndTestSources.compactMap { m in
            guard context.contains(m.path, needle), let content = context.facts.snapshot.content(m.path) else {
                return nil
            }
            let tokens = content.withBytes { PythonTokenizer.tokenize(buffer: $0).tokens }
            return (m, lines(tokens))
        }
    }
}

extension PythonToken {
    /// The prefix letters of a STRING token, lowercased (`""`, `"f"`, `"rb"`).
    package var stringPrefix: String {
        String(text.prefix { $0 != "\"" && $0 != "'" }).lowercased()
    }

    /// True for a STRING token that is an f-string (any prefix containing `f`).
    package var isFString: Bool { kind == .string && stringPrefix.contains("f") }

    /// True for `True`, `False`, `None` and number and string literals.
    package var isLiteral: Bool {
        kind == .string || kind == .number || (kind == .name && ["True", "False", "None"].contains(text))
    }
}
