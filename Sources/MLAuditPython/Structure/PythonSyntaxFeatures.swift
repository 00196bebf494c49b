import Foundation

/// Syntax that needs a given Python version, read from tokens (CPython 3.11's tokenizer): only constructs that are a
/// syntax error on every older interpreter, so a hit is certain, never a guess from names or libraries.
package enum PythonSyntaxFeature: String, Sendable, CaseIterable, Comparable {
    case walrus = "assignment expression `:=`"
    case positionalOnly = "positional-only parameter marker `/`"
    case fstringSelfDocumenting = "f-string `=` specifier (`f\"{x=}\"`)"
    case parenthesizedWith = "parenthesized multi-item `with (... as a, ... as b):`"
    case matchStatement = "`match` statement"
    case exceptStar = "`except*`"
    case typeAlias = "`type X = ...` alias statement"
    case typeParameters = "type parameters (`class C[T]` / `def f[T]`)"
    case fstringQuoteReuse = "f-string reusing its own quote inside a replacement field"

    /// The first Python minor version (3.N) whose grammar accepts the construct.
    package var minor: Int {
        switch self {
        case .walrus, .positionalOnly, .fstringSelfDocumenting: return 8
        // Parenthesized context managers parse since 3.9's PEG parser (documented in 3.10): 3.9 is certain.
        case .parenthesizedWith: return 9
        case .matchStatement: return 10
        case .exceptStar: return 11
        case .typeAlias, .typeParameters, .fstringQuoteReuse: return 12
        }
    }

    package static func < (a: PythonSyntaxFeature, b: PythonSyntaxFeature) -> Bool {
        (a.minor, a.rawValue) < (b.minor, b.rawValue)
    }

    /// One use of a feature at a 1-based line.
    package struct Use: Sendable, Equatable, Hashable {
        package var feature: PythonSyntaxFeature
        package var line: Int
        package init(feature: PythonSyntaxFeature, line: Int) {
            self.feature = feature
            self.line = line
        }
    }

    /// Every use of a feature newer than 3.`below` in `source`, in line order (at most one per feature and line).
    package static func uses(in source: [UInt8], below: Int) -> [Use] {
        uses(tokens: PythonTokenizer.tokenize(source).tokens, below: below)
    }

    /// The same, from the file's tokens (the structure reader passes the ones it read, so no file is tokenized
    /// twice; `PythonModule.syntaxUses` holds every use, newer than 3.7).
    package static func uses(tokens all: [PythonToken], below: Int) -> [Use] {
        let tokens = Significant(all)
        var out: [Use] = []
        func add(_ f: PythonSyntaxFeature, _ line: Int) {
            guard f.minor > below, !out.contains(Use(feature: f, line: line)) else { return }
            out.append(Use(feature: f, line: line))
        }
        func op(_ i: Int, _ text: String) -> Bool {
            i >= 0 && i < tokens.count && tokens[i].kind == .op && tokens[i].text == text
        }
        func name(_ i: Int, _ text: String? = nil) -> Bool {
            i >= 0 && i < tokens.count && tokens[i].kind == .name && (text == nil || tokens[i].text == text)
        }
        // A logical line starts after NEWLINE, INDENT or DEDENT (or at the top of the file).
        var lineStart = true
        for (i, t) in tokens.enumerated() {
            defer { lineStart = t.kind == .newline || t.kind == .indent || t.kind == .dedent }
            switch t.kind {
            case .op:
                if t.text == ":=" { add(.walrus, t.start.line) }
                // `, /,` `, /)` `, /:` (lambda): `/` with no operands is only the positional-only marker.
                if t.text == "/", op(i - 1, ","), op(i + 1, ",") || op(i + 1, ")") || op(i + 1, ":") {
                    add(.positionalOnly, t.start.line)
                }
            case .string:
                if let f = fstringFeature(t.text) { add(f, t.start.line) }
            case .name:
                if t.text == "except", op(i + 1, "*") { add(.exceptStar, t.start.line) }
                if t.text == "class" || t.text == "def", name(i + 1), op(i + 2, "[") {
                    add(.typeParameters, t.start.line)
                }
                guard lineStart else { continue }
                if t.text == "type", name(i + 1), op(i + 2, "=") || op(i + 2, "[") {
                    // `type X = ...` / `type X[T] = ...` (`type = 3`, `type(x)` are ordinary code).
                    add(.typeAlias, t.start.line)
                }
                if t.text == "match", let end = logicalLineEnd(tokens, from: i), isCompoundHeader(tokens, i, end) {
                    add(.matchStatement, t.start.line)
                }
                if t.text == "with", op(i + 1, "("), let close = matching(tokens, open: i + 1), op(close + 1, ":"),
                    hasTopLevelAs(tokens, from: i + 2, to: close)
                {
                    add(.parenthesizedWith, t.start.line)
                }
            default: break
            }
        }
        return out
    }

    /// The tokens without COMMENT, NL and ENCODING, as positions into the file's tokens (no token is copied).
    struct Significant: RandomAccessCollection {
        let all: [PythonToken]
        let positions: [Int32]
        init(_ all: [PythonToken]) {
            self.all = all
            var positions: [Int32] = []
            positions.reserveCapacity(all.count)
            for (i, t) in all.enumerated() where t.kind != .comment && t.kind != .nl && t.kind != .encoding {
                positions.append(Int32(i))
            }
            self.positions = positions
        }
        var startIndex: Int { 0 }
        var endIndex: Int { positions.count }
        subscript(i: Int) -> PythonToken {
            _read { yield all[Int(positions[i])] }
        }
    }

    /// Index of the NEWLINE ending the logical line that starts at `i`.
    static func logicalLineEnd(_ tokens: Significant, from i: Int) -> Int? {
        var j = i
        while j < tokens.count {
            if tokens[j].kind == .newline || tokens[j].kind == .endmarker { return j }
            j += 1
        }
        return nil
    }

    /// `match <subject>:` followed by an indented block: the line's last bracket-level-0 token is `:`, the token
    /// after `match` starts an expression (not `=`, `.`, `:`, `,`, `)`, an augmented assignment), and the next line
    /// is indented. An expression statement never ends in a top-level colon.
    static func isCompoundHeader(_ tokens: Significant, _ i: Int, _ end: Int) -> Bool {
        guard end > i + 2, i + 1 < tokens.count else { return false }
        let next = tokens[i + 1]
        if next.kind == .op && !["(", "[", "{", "-", "+", "~", "*"].contains(next.text) { return false }
        if next.kind == .newline { return false }
        let last = tokens[end - 1]
        guard last.kind == .op, last.text == ":" else { return false }
        // The colon closes the header at bracket depth 0.
        var depth = 0
        for k in (i + 1)..<(end - 1) {
            let t = tokens[k]
            guard t.kind == .op else { continue }
            if ["(", "[", "{"].contains(t.text) { depth += 1 }
            if [")", "]", "}"].contains(t.text) { depth -= 1 }
            // `lambda` or a slice colon at depth 0 would make the line an expression: not a header.
            if depth == 0 && t.text == ":" { return false }
        }
        if tokens[(i + 1)..<end].contains(where: { $0.kind == .name && $0.text == "lambda" }) { return false }
        return depth == 0 && end + 1 < tokens.count && tokens[end + 1].kind == .indent
    }

    /// The index of the bracket closing the one at `open`.
    static func matching(_ tokens: Significant, open: Int) -> Int? {
        var depth = 0
        var j = open
        while j < tokens.count {
            let t = tokens[j]
            if t.kind == .op {
                if ["(", "[", "{"].contains(t.text) { depth += 1 }
                if [")", "]", "}"].contains(t.text) {
                    depth -= 1
                    if depth == 0 { return j }
                }
            }
            if t.kind == .newline || t.kind == .endmarker { return nil }
            j += 1
        }
        return nil
    }

    /// True when an `as` keyword sits directly inside the parentheses (not inside a nested bracket).
    static func hasTopLevelAs(_ tokens: Significant, from: Int, to: Int) -> Bool {
        var depth = 0
        for k in from..<to {
            let t = tokens[k]
            if t.kind == .op {
                if ["(", "[", "{"].contains(t.text) { depth += 1 }
                if [")", "]", "}"].contains(t.text) { depth -= 1 }
            }
            if depth == 0 && t.kind == .name && t.text == "as" { return true }
        }
        return false
    }

    /// The newest feature an f-string token needs: a replacement field left open at the end of the token (3.11's
    /// tokenizer ends the string at a reused quote, so `f"{d["k"]}"` reads as `f"{d["`), or an expression ending in
    /// `=` before `}`, `!` or `:` (`f"{x=}"`, `f"{x = !r}"`).
    package static func fstringFeature(_ token: String) -> PythonSyntaxFeature? {
        // Most string tokens have no `f` prefix: decided on the bytes before the quote, without building Characters.
        guard token.utf8.prefix(while: { $0 != 0x22 && $0 != 0x27 }).contains(where: { $0 == 0x66 || $0 == 0x46 })
        else { return nil }
        let chars = Array(token)
        var p = 0
        while p < chars.count, chars[p].isLetter { p += 1 }
        let prefix = chars[..<p].map { $0.lowercased() }.joined()
        guard prefix.contains("f"), p < chars.count else { return nil }
        let quote = chars[p]
        let triple = p + 2 < chars.count && chars[p + 1] == quote && chars[p + 2] == quote
        let q = triple ? 3 : 1
        guard chars.count >= p + 2 * q else { return nil }
        let body = Array(chars[(p + q)..<(chars.count - q)])
        // A well-formed token ends with its opening quote; otherwise (an unterminated string) say nothing.
        guard chars.last == quote else { return nil }
        var k = 0
        var found: PythonSyntaxFeature? = nil
        while k < body.count {
            let c = body[k]
            if c == "{" {
                if k + 1 < body.count && body[k + 1] == "{" {
                    k += 2
                    continue
                }
                // Read the expression up to `}`, `!` (not `!=`) or `:` at bracket depth 0, skipping nested strings.
                var depth = 0
                var j = k + 1
                var expr: [Character] = []
                var ended = false
                while j < body.count {
                    let d = body[j]
                    if d == "'" || d == "\"" {
                        // A nested string literal of the other quote: skip to its end.
                        var e = j + 1
                        while e < body.count && body[e] != d { e += 1 }
                        guard e < body.count else { return .fstringQuoteReuse }
                        expr.append(contentsOf: body[j...e])
                        j = e + 1
                        continue
                    }
                    if "([{".contains(d) { depth += 1 }
                    if ")]".contains(d) { depth -= 1 }
                    if d == "}" {
                        if depth == 0 {
                            ended = true
                            break
                        }
                        depth -= 1
                    }
                    if depth == 0 && (d == ":" || (d == "!" && !(j + 1 < body.count && body[j + 1] == "="))) {
                        ended = true
                        break
                    }
                    expr.append(d)
                    j += 1
                }
                // A field still open where the token ends: the token was cut at a reused quote (3.12 syntax).
                guard ended else { return .fstringQuoteReuse }
                let trimmed = String(expr).trimmingCharacters(in: .whitespaces)
                if trimmed.hasSuffix("="), trimmed.count >= 2 {
                    let before = trimmed.dropLast().last
                    if let before, !"=!<>".contains(before) { found = found ?? .fstringSelfDocumenting }
                }
                // Skip the rest of the field (conversion and format spec, with nested fields).
                var level = 1
                while j < body.count && level > 0 {
                    if body[j] == "{" { level += 1 }
                    if body[j] == "}" { level -= 1 }
                    j += 1
                }
                k = j
                continue
            }
            k += 1
        }
        return found
    }
}
