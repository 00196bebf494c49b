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

/// The sites of the token-level checks MLA153-MLA156, found in one pass over the product and test sources: each
/// file is read once, scanned byte by byte for lines that could hold a site of any of the four, and tokenized only
/// then (a few percent of files). Computed once per audit (`FindingContext.statementSites`), one file at a time, so
/// no file's tokens outlive its scan.
package struct PythonStatementSites: Sendable {
    package var missingFStringPrefix: [MissingFStringPrefixCheck.Site] = []
    package var raiseLiteral: [RaiseLiteralCheck.Site] = []
    package var vacuousAssert: [VacuousAssertCheck.Site] = []
    package var exceptBooleanOperator: [ExceptBooleanOperatorCheck.Site] = []

    package struct Candidates: OptionSet, Sendable {
        package let rawValue: UInt8
        package init(rawValue: UInt8) { self.rawValue = rawValue }
        package static let fieldInPlainString = Candidates(rawValue: 1)
        package static let raiseLiteral = Candidates(rawValue: 2)
        package static let assertion = Candidates(rawValue: 4)
        package static let exceptOperator = Candidates(rawValue: 8)
    }

    static func isIdentifier(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c >= 0x80
    }

    /// True when `word` occurs at `i` as a whole word.
    static func word(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int, _ word: [UInt8]) -> Bool {
        guard i + word.count <= end, i == 0 || !isIdentifier(b[i - 1]) else { return false }
        for k in word.indices where b[i + k] != word[k] { return false }
        return i + word.count == end || !isIdentifier(b[i + word.count])
    }

    /// Index of the first byte after spaces and tabs from `i`.
    static func skipBlanks(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int {
        var j = i
        while j < end, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
        return j
    }

    /// True when a string literal (optionally prefixed) starts at `i`.
    static func startsString(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Bool {
        var j = i
        while j < end, j - i < 2, "rRbBuUfF".utf8.contains(b[j]) { j += 1 }
        return j < end && (b[j] == 0x22 || b[j] == 0x27)
    }

    static let raiseWord = Array("raise".utf8)
    static let assertWord = Array("assert".utf8)
    static let exceptWord = Array("except".utf8)
    static let orWord = Array("or".utf8)
    static let andWord = Array("and".utf8)
    static let trueWord = Array("True".utf8)
    static let falseWord = Array("False".utf8)

    /// Which of the four checks may have a site in this text, from a line-by-line byte scan.
    package static func candidates(_ b: UnsafeBufferPointer<UInt8>) -> Candidates {
        var found: Candidates = []
        var start = 0
        while start < b.count {
            var end = start
            while end < b.count, b[end] != 0x0A { end += 1 }
            let first = skipBlanks(b, start, end)
            var i = first
            while i < end {
                let c = b[i]
                if c == 0x72, word(b, i, end, raiseWord) {
                    let v = skipBlanks(b, i + 5, end)
                    if v < end,
                        startsString(b, v, end) || (b[v] >= 0x30 && b[v] <= 0x39) || word(b, v, end, trueWord)
                            || word(b, v, end, falseWord)
                    {
                        found.insert(.raiseLiteral)
                    }
                } else if c == 0x61, word(b, i, end, assertWord) {
                    let v = skipBlanks(b, i + 6, end)
                    if v < end, startsString(b, v, end) || (b[v] == 0x28 && isWholeTuple(b, v)) {
                        found.insert(.assertion)
                    } else {
                        // `assert x, 16`: the line ends with a comma and a number.
                        var e = end
                        while e > v, b[e - 1] == 0x20 || b[e - 1] == 0x0D || b[e - 1] == 0x09 { e -= 1 }
                        var d = e
                        while d > v, (b[d - 1] >= 0x30 && b[d - 1] <= 0x39) || b[d - 1] == 0x2E { d -= 1 }
                        if d < e {
                            var k = d
                            while k > v, b[k - 1] == 0x20 { k -= 1 }
                            if k > v, b[k - 1] == 0x2C { found.insert(.assertion) }
                        }
                    }
                } else if c == 0x65, i == first, word(b, i, end, exceptWord) {
                    var k = i + 6
                    while k < end {
                        if word(b, k, end, orWord) || word(b, k, end, andWord) { found.insert(.exceptOperator) }
                        k += 1
                    }
                }
                i += 1
            }
            if !found.contains(.fieldInPlainString), plainStringField(b, first, end) {
                found.insert(.fieldInPlainString)
            }
            start = end + 1
        }
        return found
    }

    /// True when the bracket opened at `open` holds a comma at its top level and only the end of the statement or
    /// the message's comma follows its closing bracket (`assert (a, "m")`, `assert (a,), "m"`, across lines);
    /// strings and comments are skipped,
    /// and the scan gives up after 4,000 bytes.
    static func isWholeTuple(_ b: UnsafeBufferPointer<UInt8>, _ open: Int) -> Bool {
        var depth = 0
        var comma = false
        var j = open
        let limit = min(b.count, open + 4000)
        var quote: UInt8 = 0
        while j < limit {
            let c = b[j]
            if quote != 0 {
                if c == 0x5C {
                    j += 2
                    continue
                }
                if c == quote { quote = 0 }
            } else if c == 0x22 || c == 0x27 {
                quote = c
            } else if c == 0x23 {
                while j < limit, b[j] != 0x0A { j += 1 }
                continue
            } else if c == 0x28 || c == 0x5B || c == 0x7B {
                depth += 1
            } else if c == 0x29 || c == 0x5D || c == 0x7D {
                depth -= 1
                if depth == 0 {
                    var k = j + 1
                    while k < limit, b[k] == 0x20 || b[k] == 0x09 || b[k] == 0x0D { k += 1 }
                    return comma && (k >= limit || b[k] == 0x0A || b[k] == 0x23 || b[k] == 0x3B || b[k] == 0x2C)
                }
            } else if c == 0x2C, depth == 1 {
                comma = true
            }
            j += 1
        }
        return false
    }

    /// True when the line (from its first non-blank byte to `end`) holds a plain (non-f) string literal with a
    /// `{name...}` field that is not followed by `.` (`.format(...)`), outside an assignment statement and comments.
    /// A per-line lexer: a string opened on an earlier line is not seen.
    static func plainStringField(_ b: UnsafeBufferPointer<UInt8>, _ first: Int, _ end: Int) -> Bool {
        guard first < end, memchr(b.baseAddress! + first, 0x7B, end - first) != nil else { return false }
        // `name = "..."` / `a.b[k]: T = "..."`: not a message.
        var a = first
        while a < end, isIdentifier(b[a]) || b[a] == 0x2E { a += 1 }
        if a > first {
            if a < end, b[a] == 0x5B {
                while a < end, b[a] != 0x5D { a += 1 }
                a += 1
            }
            a = skipBlanks(b, a, end)
            if a < end, b[a] == 0x3A {
                while a < end, b[a] != 0x3D { a += 1 }
            }
            if a + 1 < end, b[a] == 0x3D, b[a + 1] != 0x3D { return false }
        }
        var j = first
        while j < end {
            let c = b[j]
            if c == 0x23 { return false }
            guard c == 0x22 || c == 0x27 else {
                j += 1
                continue
            }
            var p = j
            var isF = false
            while p > first, j - p < 2, "rRbBuUfF".utf8.contains(b[p - 1]) {
                if b[p - 1] == 0x66 || b[p - 1] == 0x46 { isF = true }
                p -= 1
            }
            let triple = j + 2 < end && b[j + 1] == c && b[j + 2] == c
            var k = j + (triple ? 3 : 1)
            var hit = false
            while k < end {
                if b[k] == 0x5C {
                    k += 2
                    continue
                }
                if b[k] == c, !triple || (k + 2 < end && b[k + 1] == c && b[k + 2] == c) { break }
                if !isF, b[k] == 0x7B, k + 1 < end, isIdentifier(b[k + 1]), !(b[k + 1] >= 0x30 && b[k + 1] <= 0x39) {
                    var m = k + 1
                    while m < end, isIdentifier(b[m]) || ".[]!:-".utf8.contains(b[m]) { m += 1 }
                    if m < end, b[m] == 0x7D { hit = true }
                }
                k += 1
            }
            let after = k + (triple ? 3 : 1)
            if hit, after >= end || b[after] != 0x2E { return true }
            j = after
        }
        return false
    }

    /// Sites of every product and test source, path order.
    package static func scan(_ context: FindingContext) -> PythonStatementSites {
        var out = PythonStatementSites()
        let analysis = Analysis()
        for m in context.productAndTestSources {
            guard let file = context.facts.analysis(analysis, of: m.path) else { continue }
            func at<S>(_ sites: [S], _ path: WritableKeyPath<S, String>) -> [S] {
                sites.map { site in
                    var s = site
                    s[keyPath: path] = m.path
                    return s
                }
            }
            out.missingFStringPrefix += at(file.missingFStringPrefix, \.path)
            out.raiseLiteral += at(file.raiseLiteral, \.path)
            out.vacuousAssert += at(file.vacuousAssert, \.path)
            out.exceptBooleanOperator += at(file.exceptBooleanOperator, \.path)
        }
        return out
    }

    /// One file's sites, taken in the read pass (`SourceAnalysis`) while its bytes and tokens are at hand, and kept
    /// in the fact cache: each file is scanned byte by byte for lines that could hold a site of any of the four
    /// checks, and tokenized only then. The sites' paths are empty (a value depends on the bytes alone); `scan`
    /// sets them.
    package struct Analysis: SourceAnalysis {
        package let name = "statementSites"
        package init() {}

        package func analyze(_ source: PythonSource) -> PythonStatementSites {
            var out = PythonStatementSites()
            guard !source.content.isBinary else { return out }
            let wanted = source.content.withBytes { PythonStatementSites.candidates($0) }
            guard !wanted.isEmpty else { return out }
            let lines = PythonStatementTokens.lines(source.tokenization.tokens)
            if wanted.contains(.fieldInPlainString) {
                var module = source.module
                module.path = ""
                out.missingFStringPrefix = MissingFStringPrefixCheck.sites(module, lines)
            }
            if wanted.contains(.raiseLiteral) { out.raiseLiteral = RaiseLiteralCheck.sites(path: "", lines) }
            if wanted.contains(.assertion) { out.vacuousAssert = VacuousAssertCheck.sites(path: "", lines) }
            if wanted.contains(.exceptOperator) {
                out.exceptBooleanOperator = ExceptBooleanOperatorCheck.sites(
                    path: "", lines.filter { $0.isName(0, "except") })
            }
            return out
        }

        package func encode(_ v: PythonStatementSites, into w: inout FactCodec.Writer) -> Bool {
            w.list(v.missingFStringPrefix) { w, s in
                w.int(s.line)
                w.list(s.pieces) { w, p in
                    w.int(p.line)
                    w.str(p.text)
                }
                w.strs(s.fields)
            }
            w.list(v.raiseLiteral) { w, s in
                w.int(s.line)
                w.str(s.literal)
                w.bool(s.isSingleString)
            }
            w.list(v.vacuousAssert) { w, s in
                w.int(s.line)
                w.str(s.kind.rawValue)
            }
            w.list(v.exceptBooleanOperator) { w, s in
                w.int(s.line)
                w.str(s.op)
                w.bool(s.classes != nil)
                if let c = s.classes { w.strs(c) }
            }
            return true
        }

        /// Lines must be positive and kinds known.
        package func decode(_ r: inout FactCodec.Reader) -> PythonStatementSites? {
            func line(_ r: inout FactCodec.Reader) -> Int? { r.int().flatMap { $0 >= 1 ? $0 : nil } }
            guard
                let fstrings = r.list({ r -> MissingFStringPrefixCheck.Site? in
                    guard let n = line(&r),
                        let pieces = r.list({ r -> (line: Int, text: String)? in
                            guard let l = line(&r), let t = r.str() else { return nil }
                            return (l, t)
                        }),
                        let fields = r.strs()
                    else { return nil }
                    return MissingFStringPrefixCheck.Site(path: "", line: n, pieces: pieces, fields: fields)
                }),
                let raises = r.list({ r -> RaiseLiteralCheck.Site? in
                    guard let n = line(&r), let literal = r.str(), let single = r.bool() else { return nil }
                    return RaiseLiteralCheck.Site(path: "", line: n, literal: literal, isSingleString: single)
                }),
                let asserts = r.list({ r -> VacuousAssertCheck.Site? in
                    guard let n = line(&r), let kind = r.str().flatMap(VacuousAssertCheck.Kind.init(rawValue:)) else {
                        return nil
                    }
                    return VacuousAssertCheck.Site(path: "", line: n, kind: kind)
                }),
                let excepts = r.list({ r -> ExceptBooleanOperatorCheck.Site? in
                    guard let n = line(&r), let op = r.str(), let hasClasses = r.bool() else { return nil }
                    var classes: [String]? = nil
                    if hasClasses {
                        guard let c = r.strs() else { return nil }
                        classes = c
                    }
                    return ExceptBooleanOperatorCheck.Site(path: "", line: n, op: op, classes: classes)
                })
            else { return nil }
            var out = PythonStatementSites()
            out.missingFStringPrefix = fstrings
            out.raiseLiteral = raises
            out.vacuousAssert = asserts
            out.exceptBooleanOperator = excepts
            return out
        }
    }
}
