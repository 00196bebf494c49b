/// Recognizes compound-statement headers and reads `def` / `class` / decorator lines.
enum HeaderReader {
    enum Kind: Equatable { case function(isAsync: Bool), classDef, other(String) }

    struct Header {
        var kind: Kind
        /// Index of the keyword (`def`, `class`, `if`...; after `async`).
        var keyword: Int
        /// Index of the header's colon.
        var colon: Int
    }

    static let blockKeywords: Set<String> = [
        "if", "elif", "else", "for", "while", "try", "except", "finally", "with", "def", "class",
    ]

    /// The compound-statement header at the start of `line`, nil for a simple statement.
    static func header(_ line: LogicalLine) -> Header? {
        guard line.count >= 2, line.tokens[0].kind == .name else { return nil }
        var k = 0
        if line.tokens[0].text == "async", line.tokens[1].kind == .name,
            ["def", "for", "with"].contains(line.tokens[1].text)
        {
            k = 1
        }
        let word = line.tokens[k].text
        if word == "match" || word == "case" {
            guard k == 0, isSoftKeywordHeader(line) else { return nil }
        } else if !blockKeywords.contains(word) {
            return nil
        }
        guard let colon = line.positions(of: ":", in: (k + 1)..<line.count, skipLambdaColons: true).first else {
            return nil
        }
        switch word {
        case "def": return Header(kind: .function(isAsync: k == 1), keyword: k, colon: colon)
        case "class": return Header(kind: .classDef, keyword: k, colon: colon)
        default: return Header(kind: .other(word), keyword: k, colon: colon)
        }
    }

    /// `match x:` / `case [a, b]:` as opposed to `match = re.match(...)`, `match.group(1)`, `match: int = 0`.
    private static func isSoftKeywordHeader(_ line: LogicalLine) -> Bool {
        let second = line.tokens[1]
        if second.kind == .op, !["(", "[", "{", "-", "*"].contains(second.text) { return false }
        var i = 1
        while i < line.count {
            if line.isOpening(i) {
                i = line.skipGroup(i, limit: line.count)
                continue
            }
            let t = line.tokens[i]
            if t.kind == .op {
                if t.text == ":" { return true }
                if t.text == "=" || StatementReader.augmentedAssignments.contains(t.text) { return false }
            }
            i += 1
        }
        return false
    }

    /// `@a.b(x)` -> "a.b": the decorator expression without `@` and without trailing calls.
    static func decorator(_ line: LogicalLine) -> String {
        var end = line.count
        while end > 2, line.isOp(end - 1, ")"), line.match[end - 1] > 1, line.match[end - 1] < end - 1 {
            end = line.match[end - 1]
        }
        return line.text(1..<end)
    }

    /// The name token index and the parenthesized group (parameters or bases) of a def/class header.
    static func nameAndGroup(_ line: LogicalLine, _ h: Header) -> (name: Int, group: Range<Int>?)? {
        let nameIndex = h.keyword + 1
        guard nameIndex < h.colon, line.tokens[nameIndex].kind == .name else { return nil }
        var k = nameIndex + 1
        if line.isOp(k, "[") { k = line.skipGroup(k, limit: h.colon) }  // PEP 695 type parameters
        guard line.isOp(k, "("), line.match[k] > k else { return (nameIndex, nil) }
        return (nameIndex, (k + 1)..<line.match[k])
    }

    /// Parameter names, without `*` / `**` markers; bare `*` and `/` are skipped.
    static func parameters(_ line: LogicalLine, _ group: Range<Int>) -> [String] {
        var out: [String] = []
        for part in line.split(group, by: ",") where !part.isEmpty {
            var s = part.lowerBound
            if line.isOp(s, "*") || line.isOp(s, "**") { s += 1 }
            if s < part.upperBound, line.tokens[s].kind == .name { out.append(line.tokens[s].text) }
        }
        return out
    }

    /// Positional bases (source text) and keywords (`metaclass=M`, `**kw` -> "**") of a class header.
    static func bases(_ line: LogicalLine, _ group: Range<Int>) -> ([String], [String: String]) {
        var bases: [String] = []
        var keywords: [String: String] = [:]
        for part in line.split(group, by: ",") where !part.isEmpty {
            let s = part.lowerBound
            if part.count >= 2, line.tokens[s].kind == .name, line.isOp(s + 1, "=") {
                keywords[line.tokens[s].text] = line.text((s + 2)..<part.upperBound)
            } else if line.isOp(s, "**") {
                keywords["**"] = line.text((s + 1)..<part.upperBound)
            } else {
                bases.append(line.text(part))
            }
        }
        return (bases, keywords)
    }

    /// `if __name__ == "__main__":` (either operand order).
    static func isMainGuard(_ line: LogicalLine, _ h: Header) -> Bool {
        guard h.kind == .other("if"), h.colon - h.keyword == 4 else { return false }
        let a = line.tokens[h.keyword + 1]
        let op = line.tokens[h.keyword + 2]
        let b = line.tokens[h.keyword + 3]
        guard op.kind == .op, op.text == "==" else { return false }
        func isName(_ t: PythonToken) -> Bool { t.kind == .name && t.text == "__name__" }
        func isMain(_ t: PythonToken) -> Bool { t.kind == .string && LogicalLine.stringContent(t.text) == "__main__" }
        return (isName(a) && isMain(b)) || (isMain(a) && isName(b))
    }
}
