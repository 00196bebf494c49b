/// The one glob engine, with gitignore's pattern semantics, matched against a whole repository-relative path:
/// `*` any run of characters within a segment, `?` one character other than `/`, `[abc]` / `[a-z]` / `[!a]` / `[^a]`
/// a character class (never `/`), `\x` the character x, `**` as a whole segment any number of folders
/// (`**/x` also at the root, `a/**/b` also `a/b`, `a/**` everything inside `a` but not `a` itself); any other `**`
/// is a plain `*`. A leading `/` anchors at the root, which a whole-path match already is. Negation (`!pattern`),
/// directory-only rules and matching a slash-less gitignore pattern against each file name are the callers' job
/// (`GitIgnoreRule`). Matching is linear in the path per segment (no backtracking regex), so a hostile pattern
/// from a repository's settings cannot make it run long.
package struct PathGlob: Sendable, Hashable {
    package let pattern: String
    private let segments: [Segment]

    private enum Segment: Sendable, Hashable {
        case globstar
        case parts([Part])
    }

    private enum Part: Sendable, Hashable {
        case literal(Unicode.Scalar)
        case anyRun  // *
        case one  // ?
        case set(ranges: [ClosedRange<Unicode.Scalar>], negated: Bool)

        func accepts(_ c: Unicode.Scalar) -> Bool {
            switch self {
            case .literal(let l): return l == c
            case .one: return true
            case .anyRun: return true
            case .set(let ranges, let negated): return ranges.contains { $0.contains(c) } != negated
            }
        }
    }

    package init(_ pattern: String) {
        self.pattern = pattern
        var body = Substring(pattern)
        if body.hasPrefix("/") { body = body.dropFirst() }
        segments = body.split(separator: "/", omittingEmptySubsequences: false).map { seg in
            seg == "**" ? .globstar : .parts(Self.parts(of: Array(seg.unicodeScalars)))
        }
    }

    package static func matches(_ pattern: String, _ path: String) -> Bool { PathGlob(pattern).matches(path) }

    package func matches(_ path: String) -> Bool {
        matches(segments: Self.segments(of: path))
    }

    /// A path's "/"-separated names as scalars (empty names kept), the form `matches(segments:)` takes.
    package static func segments(of path: String) -> [[Unicode.Scalar]] {
        path.split(separator: "/", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
    }

    /// `matches(path)` for a path already split by `segments(of:)`: a caller testing many globs against one path
    /// splits it once.
    package func matches(segments names: [[Unicode.Scalar]]) -> Bool {
        var memo = [Bool?](repeating: nil, count: (segments.count + 1) * (names.count + 1))
        return match(0, 0, names, &memo)
    }

    /// `matches(path)` for a one-segment path given as its scalars (a file name, no `/`): no split, no memo table.
    package func matches(name: [Unicode.Scalar]) -> Bool {
        guard segments.count == 1, !name.contains("/") else {
            var s = String.UnicodeScalarView()
            s.append(contentsOf: name)
            return matches(String(s))
        }
        switch segments[0] {
        case .globstar: return true  // a trailing `**` needs one name: the name is one
        case .parts(let parts): return Self.matchSegment(parts, name)
        }
    }

    /// Whether segments[p...] match names[n...]; memoised, so many `**` stay polynomial.
    private func match(_ p: Int, _ n: Int, _ names: [[Unicode.Scalar]], _ memo: inout [Bool?]) -> Bool {
        let key = p * (names.count + 1) + n
        if let known = memo[key] { return known }
        let result: Bool
        if p == segments.count {
            result = n == names.count
        } else {
            switch segments[p] {
            case .globstar:
                let isLast = p == segments.count - 1
                // trailing `**` needs at least one name (everything inside, not the folder itself)
                if isLast {
                    result = n < names.count
                } else {
                    result = match(p + 1, n, names, &memo) || (n < names.count && match(p, n + 1, names, &memo))
                }
            case .parts(let parts):
                result = n < names.count && Self.matchSegment(parts, names[n]) && match(p + 1, n + 1, names, &memo)
            }
        }
        memo[key] = result
        return result
    }

    /// One segment: the classic single-backtrack wildcard match (`*` never crosses a `/`, so one star suffices).
    private static func matchSegment(_ parts: [Part], _ name: [Unicode.Scalar]) -> Bool {
        var p = 0
        var n = 0
        var star = -1
        var resume = 0
        while n < name.count {
            if p < parts.count, case .anyRun = parts[p] {
                star = p
                resume = n
                p += 1
            } else if p < parts.count && parts[p].accepts(name[n]) {
                p += 1
                n += 1
            } else if star >= 0 {
                p = star + 1
                resume += 1
                n = resume
            } else {
                return false
            }
        }
        while p < parts.count, case .anyRun = parts[p] { p += 1 }
        return p == parts.count
    }

    private static func parts(of s: [Unicode.Scalar]) -> [Part] {
        var out: [Part] = []
        var i = 0
        while i < s.count {
            let c = s[i]
            switch c {
            case "*":
                if case .anyRun? = out.last {} else { out.append(.anyRun) }  // `**` inside a segment is `*`
                i += 1
            case "?":
                out.append(.one)
                i += 1
            case "\\":
                if i + 1 < s.count {
                    out.append(.literal(s[i + 1]))
                    i += 2
                } else {
                    out.append(.literal(c))
                    i += 1
                }
            case "[":
                if let (set, next) = characterClass(s, from: i) {
                    out.append(set)
                    i = next
                } else {
                    out.append(.literal(c))  // no closing `]`: a literal `[`
                    i += 1
                }
            default:
                out.append(.literal(c))
                i += 1
            }
        }
        return out
    }

    /// `[...]` starting at `start`: the class and the index after its `]`; nil when it never closes.
    private static func characterClass(_ s: [Unicode.Scalar], from start: Int) -> (Part, Int)? {
        var i = start + 1
        var negated = false
        if i < s.count && (s[i] == "!" || s[i] == "^") {
            negated = true
            i += 1
        }
        var ranges: [ClosedRange<Unicode.Scalar>] = []
        var first = true
        while i < s.count {
            var c = s[i]
            if c == "]" && !first { return (.set(ranges: ranges, negated: negated), i + 1) }
            first = false
            if c == "\\" && i + 1 < s.count {
                i += 1
                c = s[i]
            }
            if i + 2 < s.count && s[i + 1] == "-" && s[i + 2] != "]" {
                var hi = s[i + 2]
                var next = i + 3
                if hi == "\\" && i + 3 < s.count {
                    hi = s[i + 3]
                    next = i + 4
                }
                if c <= hi { ranges.append(c...hi) }  // a reversed range matches nothing, as in git
                i = next
            } else {
                ranges.append(c...c)
                i += 1
            }
        }
        return nil
    }
}
