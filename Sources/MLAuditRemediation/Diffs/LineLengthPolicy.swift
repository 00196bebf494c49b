import Foundation
import MLAuditFacts

/// The longest Python line the repository's own formatter or linter accepts, read from its settings at the root:
/// `[tool.black]` / `[tool.ruff]` `line-length` in pyproject.toml, `line-length` of ruff.toml / .ruff.toml,
/// `max-line-length` of `[flake8]` (setup.cfg, .flake8, tox.ini) and of pylint (.pylintrc, pylintrc,
/// `[tool.pylint.*]`). The smallest one wins (each tool fails on a longer line). A `[tool.black]` or `[tool.ruff]`
/// table without a length means the tool's default, 88. Nil when the repository configures none of them: then no
/// limit is imposed (PEP 8's 79 is a convention many ML repositories do not follow).
///
/// Every Atomic Diff passes through `apply(to:)` before it is verified: an added Python line over the limit is
/// re-wrapped the way black wraps a call (its arguments on one indented line, or one per line with a trailing
/// comma); a line that cannot be wrapped that way makes the diff fail verification (`problem(in:)`).
package struct LineLengthPolicy: Sendable, Equatable {
    package var limit: Int
    /// The setting it comes from (`pyproject.toml [tool.black] line-length`), for the failure message.
    package var source: String

    package static func read(_ facts: RepositoryFacts) -> LineLengthPolicy? {
        facts.memo("LineLengthPolicy") { [readSettings(facts)].compactMap { $0 } }.first
    }

    /// True when `edited` may replace `original` under the repository's limit (a line already longer stays the
    /// maintainer's): proposers that rewrite one line in place use it to skip an edit the verifier would refuse.
    package static func allows(_ edited: String, replacing original: String, in facts: RepositoryFacts) -> Bool {
        guard let limit = read(facts)?.limit else { return true }
        return edited.count <= limit || edited.count <= original.count
    }

    static func readSettings(_ facts: RepositoryFacts) -> LineLengthPolicy? {
        var found: [LineLengthPolicy] = []
        let candidates = [
            "pyproject.toml", "ruff.toml", ".ruff.toml", "setup.cfg", ".flake8", "tox.ini", ".pylintrc", "pylintrc",
        ]
        for path in candidates {
            guard let text = facts.text(path) else { continue }
            found += read(text: text, path: path)
        }
        if let text = facts.text(".pre-commit-config.yaml") { found += readPreCommit(text) }
        return found.min { ($0.limit, $0.source) < ($1.limit, $1.source) }
    }

    /// A formatter's or linter's hook arguments in `.pre-commit-config.yaml`: `args: [--line-length, "99"]`,
    /// `args: ["--line-length=99"]`, `--max-line-length=120` (black, ruff, flake8 take their length there too).
    package static func readPreCommit(_ text: String) -> [LineLengthPolicy] {
        guard let rx = try? NSRegularExpression(pattern: #"--(max-line-length|line-length)\s*[=,]?\s*["']?(\d{2,4})\b"#)
        else { return [] }
        let ns = text as NSString
        return rx.matches(in: text, range: NSRange(location: 0, length: ns.length)).compactMap { m in
            guard let value = Int(ns.substring(with: m.range(at: 2))), value >= 40, value <= 1000 else { return nil }
            return LineLengthPolicy(
                limit: value, source: ".pre-commit-config.yaml --\(ns.substring(with: m.range(at: 1)))")
        }
    }

    /// The lengths one settings file sets (a line scan: `[section]` headers, `key = value` lines).
    package static func read(text: String, path: String) -> [LineLengthPolicy] {
        var out: [LineLengthPolicy] = []
        var section = ""
        var sawTool: Set<String> = []
        var lengthIn: Set<String> = []
        let name = path.split(separator: "/").last.map(String.init) ?? path
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                section = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")).lowercased()
                for tool in ["tool.black", "tool.ruff"] where section == tool { sawTool.insert(tool) }
                continue
            }
            guard let eq = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(
                of: "_", with: "-")
            let valueText = line[line.index(after: eq)...].split(separator: "#").first.map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard let valueText, let value = Int(valueText), value >= 40, value <= 1000 else { continue }
            let applies: Bool
            switch name {
            case "pyproject.toml":
                applies =
                    (key == "line-length" && (section == "tool.black" || section == "tool.ruff"))
                    // black reads its options with dashes or underscores (`line_length = 119`)
                    || (key == "line_length" && section == "tool.black")
                    || (key == "max-line-length" && section.hasPrefix("tool.pylint"))
            case "ruff.toml", ".ruff.toml":
                applies = key == "line-length" && (section.isEmpty || section == "lint" || section == "format")
            case "setup.cfg", ".flake8", "tox.ini":
                applies = key == "max-line-length" && (section == "flake8" || section == "pycodestyle")
            default:
                applies = key == "max-line-length"
            }
            if applies {
                let origin = section.isEmpty ? name : "\(name) [\(section)]"
                out.append(LineLengthPolicy(limit: value, source: "\(origin) \(key)"))
                lengthIn.insert(section)
            }
        }
        for tool in sawTool.sorted() where !lengthIn.contains(tool) {
            out.append(LineLengthPolicy(limit: 88, source: "\(name) [\(tool)] (default line-length)"))
        }
        return out
    }

    // MARK: Applying the limit to a proposal

    /// `updated` with every added line over the limit re-wrapped (lines the original already had are left alone:
    /// the diff does not reformat the maintainers' code).
    package func rewrap(original: String?, updated: String) -> String {
        var existing: [String: Int] = [:]
        for l in (original ?? "").splitOnNewlineKeepingEmpty() {
            existing[String(l), default: 0] += 1
        }
        var out: [String] = []
        var changed = false
        for l in updated.splitOnNewlineKeepingEmpty().map(String.init) {
            if let n = existing[l], n > 0 {
                existing[l] = n - 1
                out.append(l)
            } else if l.count > limit, let wrapped = Self.wrap(l, limit: limit) {
                out += wrapped
                changed = true
            } else {
                out.append(l)
            }
        }
        return changed ? out.joined(separator: "\n") : updated
    }

    /// The first added `.py` line of `patch` longer than the limit, as a verification failure.
    package func problem(in patch: String) -> String? {
        var path = ""
        for line in patch.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("+++ ") {
                path = String(line.dropFirst(4))
                if path.hasPrefix("b/") { path = String(path.dropFirst(2)) }
                continue
            }
            guard path.hasSuffix(".py"), line.hasPrefix("+") else { continue }
            let added = line.dropFirst()
            if added.count > limit {
                return
                    "an added line of \(path) is \(added.count) characters, over the repository's \(limit) (\(source)), and cannot be wrapped as its formatter would"
            }
        }
        return nil
    }

    /// A line over the limit as the formatter would leave it: a one-line docstring or a comment wrapped at words,
    /// code split at its trailing bracket (`wrapCall`) or, for `x = a + b`, at its top-level `+` inside parentheses.
    package static func wrap(_ line: String, limit: Int) -> [String]? {
        let indent = String(line.prefix { $0 == " " || $0 == "\t" })
        let t = line.dropFirst(indent.count)
        if t.hasPrefix("# ") {
            return wrapWords(String(t.dropFirst(2)), first: indent + "# ", next: indent + "# ", last: "", limit: limit)
        }
        for q in ["\"\"\"", "'''"] where t.hasPrefix(q) && t.hasSuffix(q) && t.count > 6 {
            let text = String(t.dropFirst(3).dropLast(3))
            guard !text.contains(q) else { return nil }
            return wrapWords(text, first: indent + q, next: indent, last: q, limit: limit)
        }
        if let call = wrapCall(line, limit: limit) { return call }
        return wrapSum(line, limit: limit)
    }

    /// Words filled into lines: the first line starts with `first`, the others with `next`; `last` ends the text.
    static func wrapWords(_ text: String, first: String, next: String, last: String, limit: Int) -> [String]? {
        var lines: [String] = []
        var current = first
        var empty = true
        for word in text.split(separator: " ") {
            let candidate = empty ? current + word : current + " " + word
            if candidate.count > limit && !empty {
                lines.append(current)
                current = next + word
            } else {
                current = candidate
            }
            empty = false
        }
        if (current + last).count > limit {
            lines.append(current)
            current = next + last.trimmingCharacters(in: .whitespaces)
        } else {
            current += last
        }
        lines.append(current)
        return lines.allSatisfy({ $0.count <= limit }) ? lines : nil
    }

    /// `target = a + b + c` as `target = (` / `a` / `+ b` / `+ c` / `)`, each operand on its own line.
    static func wrapSum(_ line: String, limit: Int, indentStep: String = "    ") -> [String]? {
        guard let eq = line.range(of: " = "), !line.contains("#") else { return nil }
        let head = String(line[..<eq.upperBound])
        let expr = String(line[eq.upperBound...])
        var parts: [String] = []
        var depth = 0
        var quote: Character?
        var current = ""
        let chars = Array(expr)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if "([{".contains(c) {
                depth += 1
            } else if ")]}".contains(c) {
                depth -= 1
            } else if depth == 0, c == "+", i > 0, chars[i - 1] == " ", i + 1 < chars.count, chars[i + 1] == " " {
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
                i += 2
                continue
            }
            current.append(c)
            i += 1
        }
        parts.append(current.trimmingCharacters(in: .whitespaces))
        guard parts.count >= 2, quote == nil, depth == 0 else { return nil }
        let indent = String(line.prefix { $0 == " " || $0 == "\t" })
        let inner = indent + indentStep
        let lines =
            [head + "("] + parts.enumerated().map { inner + ($0.offset == 0 ? "" : "+ ") + $0.element }
            + [indent + ")"]
        return lines.allSatisfy({ $0.count <= limit }) ? lines : nil
    }

    /// The first ` for ` / ` if ` after the start of `text` outside brackets and strings.
    static func topLevelKeyword(in text: String) -> Range<String.Index>? {
        var depth = 0
        var quote: Character?
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if "([{".contains(c) {
                depth += 1
            } else if ")]}".contains(c) {
                depth -= 1
            } else if depth == 0, i != text.startIndex, c == " " {
                let rest = text[i...]
                for k in [" for ", " if "] where rest.hasPrefix(k) {
                    return i..<text.index(i, offsetBy: k.count)
                }
            }
            i = text.index(after: i)
        }
        return nil
    }

    /// Black's right-hand split of one line ending in a bracketed trailer (`x = f(a, b=c)`, optionally followed by
    /// `:` or `,`): the bracket's contents on one line indented one step, or one element per line with a trailing
    /// comma when that does not fit; nil when the line has a comment, no such trailer, or still does not fit.
    package static func wrapCall(_ line: String, limit: Int, indentStep: String = "    ") -> [String]? {
        guard !line.contains("\"\"\""), !line.contains("'''") else { return nil }
        let chars = Array(line)
        let indent = String(chars.prefix { $0 == " " || $0 == "\t" })
        // The bracket structure of the code, strings skipped; a comment ends the scan (not wrapped).
        var stack: [Int] = []
        var pairs: [Int: Int] = [:]
        var quote: Character?
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == "\\" {
                    i += 2
                    continue
                }
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                // Triple-quoted strings on one line are rare in an added call; treat the quote run as a string.
                quote = c
            } else if c == "#" {
                return nil
            } else if "([{".contains(c) {
                stack.append(i)
            } else if ")]}".contains(c) {
                guard let open = stack.popLast() else { return nil }
                pairs[open] = i
            }
            i += 1
        }
        guard quote == nil, stack.isEmpty else { return nil }
        // The trailer: the last closing bracket, followed only by `:` / `,` / whitespace.
        var end = chars.count - 1
        while end >= 0 && chars[end] == " " { end -= 1 }
        var suffixStart = end
        while suffixStart >= 0 && (chars[suffixStart] == ":" || chars[suffixStart] == ",") { suffixStart -= 1 }
        guard suffixStart >= 0, ")]}".contains(chars[suffixStart]),
            let open = pairs.first(where: { $0.value == suffixStart })?.key
        else { return nil }
        let head = String(chars[...open])
        let body = String(chars[(open + 1)..<suffixStart]).trimmingCharacters(in: .whitespaces)
        let tail = indent + String(chars[suffixStart...end])
        guard !body.isEmpty, head.count <= limit, tail.count <= limit,
            !head.trimmingCharacters(in: .whitespaces).allSatisfy({ "([{".contains($0) })
        else { return nil }
        let inner = indent + indentStep
        if !body.hasSuffix(","), (inner + body).count <= limit { return [head, inner + body, tail] }
        // One element per line (split at top-level commas), each with a trailing comma.
        var parts: [String] = []
        var depth = 0
        var current = ""
        quote = nil
        var escaped = false
        for c in body {
            if let q = quote {
                if escaped {
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == q {
                    quote = nil
                }
                current.append(c)
                continue
            }
            if c == "\"" || c == "'" { quote = c }
            if "([{".contains(c) { depth += 1 }
            if ")]}".contains(c) { depth -= 1 }
            if c == "," && depth == 0 {
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(c)
            }
        }
        let last = current.trimmingCharacters(in: .whitespaces)
        if !last.isEmpty { parts.append(last) }
        guard parts.count >= 1, !parts.contains(where: \.isEmpty) else { return nil }
        // One element (a generator or comprehension): split before its top-level `for` / `if`, no trailing comma.
        if parts.count == 1 {
            var clauses: [String] = []
            var rest = parts[0]
            while let r = Self.topLevelKeyword(in: rest) {
                clauses.append(String(rest[..<r.lowerBound]).trimmingCharacters(in: .whitespaces))
                rest = String(rest[r.lowerBound...]).trimmingCharacters(in: .whitespaces)
            }
            clauses.append(rest)
            let lines = clauses.map { inner + $0 }
            guard clauses.count >= 2, lines.allSatisfy({ $0.count <= limit }) else { return nil }
            return [head] + lines + [tail]
        }
        let lines = parts.map { inner + $0 + "," }
        guard lines.allSatisfy({ $0.count <= limit }) else { return nil }
        return [head] + lines + [tail]
    }
}
