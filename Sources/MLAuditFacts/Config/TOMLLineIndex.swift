import Foundation

/// Where a TOML document's table headers and keys sit, line by line: TOMLKit gives the values, this index gives
/// each value the line a citation shows. It reads only the document's structure (headers, `key =` lines, the
/// extent of multi-line arrays and inline tables, multi-line strings skipped), never a value.
struct TOMLLineIndex {
    struct Header {
        var path: [String]
        var line: Int
        var isArray: Bool
        /// For each array-of-tables header that is a prefix of `path` (by prefix length): which occurrence of it
        /// this header sits under.
        var owners: [Int: Int]
    }
    struct Key {
        var line: Int
        /// The last line of the key's value (a multi-line array or inline table ends below its key).
        var endLine: Int
        /// The value as written on the key's line, comment removed.
        var raw: String
    }

    /// Scope 0 is the document root (keys before the first header); scope i > 0 is the i-th header.
    private(set) var headers = [Header(path: [], line: 0, isArray: false, owners: [:])]
    private(set) var keys: [[[String]: Key]] = [[:]]
    /// The document's lines with comments removed and multi-line string bodies blanked.
    private(set) var lines: [String] = []

    init(text: String) {
        var multi: String? = nil
        var open: (scope: Int, key: [String], depth: Int)? = nil
        var arrayCounts: [[String]: Int] = [:]
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let n = i + 1
            if let delimiter = multi {
                lines.append("")
                if raw.contains(delimiter) { multi = nil }
                continue
            }
            let line = Self.stripComment(String(raw)).trimmingCharacters(in: .whitespaces)
            lines.append(line)
            if line.isEmpty { continue }
            if let o = open {
                let depth = o.depth + Self.bracketBalance(line)
                keys[o.scope][o.key]?.endLine = n
                open = depth > 0 ? (o.scope, o.key, depth) : nil
                continue
            }
            if line.hasPrefix("[") {
                let isArray = line.hasPrefix("[[")
                let inner = line.dropFirst(isArray ? 2 : 1)
                let path = Self.splitKey(Self.headerName(String(inner)) ?? String(inner.prefix { $0 != "]" }))
                if isArray { arrayCounts[path, default: 0] += 1 }
                var owners: [Int: Int] = [:]
                for k in path.indices.map({ $0 + 1 }) {
                    if let c = arrayCounts[Array(path.prefix(k))] { owners[k] = c - 1 }
                }
                headers.append(Header(path: path, line: n, isArray: isArray, owners: owners))
                keys.append([:])
                continue
            }
            guard let eq = Self.assignment(line) else { continue }
            let key = Self.splitKey(String(line[..<eq]))
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            let scope = headers.count - 1
            if keys[scope][key] == nil { keys[scope][key] = Key(line: n, endLine: n, raw: value) }
            for delimiter in ["\"\"\"", "'''"] where value.hasPrefix(delimiter) {
                if value.dropFirst(3).range(of: delimiter) == nil { multi = delimiter }
            }
            let depth = Self.bracketBalance(value)
            if multi == nil, depth > 0 { open = (scope, key, depth) }
        }
    }

    /// Occurrences of the array of tables at `path` that have a `[[...]]` header.
    func arrayHeaderCount(_ path: [String]) -> Int {
        headers.filter { $0.isArray && $0.path == path }.count
    }

    /// The line that defines `path` (a key, a header, or, for a value inside an inline table or array, the key that
    /// holds it), the scope it sits in, and whether the line names `path` itself. `arrays` says which occurrence of
    /// each array of tables (by prefix length) the walk is inside.
    func locate(_ path: [String], arrays: [Int: Int]) -> (key: Key, scope: Int, exact: Bool)? {
        let order = headers.indices.sorted { (headers[$0].path.count, $0) > (headers[$1].path.count, $1) }
        for length in stride(from: path.count, through: 1, by: -1) {
            let prefix = Array(path.prefix(length))
            for s in order where admissible(s, prefix, arrays) {
                let h = headers[s].path
                guard h.count <= length, Array(prefix.prefix(h.count)) == h else { continue }
                if h.count == length {
                    // a header names the table itself
                    if s > 0 { return (Key(line: headers[s].line, endLine: headers[s].line, raw: ""), s, false) }
                    continue
                }
                if let k = keys[s][Array(prefix.dropFirst(h.count))] { return (k, s, length == path.count) }
            }
        }
        return nil
    }

    private func admissible(_ s: Int, _ prefix: [String], _ arrays: [Int: Int]) -> Bool {
        let h = headers[s]
        for (k, occurrence) in arrays where prefix.count > k {
            // the key lies inside an element of the array of tables: only that element's headers can hold it
            guard h.path.count >= k, h.owners[k] == occurrence else { return false }
        }
        return true
    }

    /// The first line in `range` (1-based) holding `item` as a quoted string, or nil.
    func line(of item: String, in range: ClosedRange<Int>) -> Int? {
        guard range.lowerBound >= 1, range.upperBound <= lines.count else { return nil }
        let forms = ["\"" + item + "\"", "'" + item + "'"]
        return range.first { n in forms.contains { lines[n - 1].contains($0) } }
    }

    // MARK: structure helpers

    /// The name between a header's brackets, quotes respected (`[tool."a]b"]`).
    static func headerName(_ inner: String) -> String? {
        var quote: Character? = nil
        for (idx, ch) in zip(inner.indices, inner) {
            if let q = quote {
                if ch == q { quote = nil }
            } else if ch == "\"" || ch == "'" {
                quote = ch
            } else if ch == "]" {
                return String(inner[..<idx])
            }
        }
        return nil
    }

    /// The `=` that separates a key from its value, outside quotes.
    static func assignment(_ line: String) -> String.Index? {
        var quote: Character? = nil
        for (idx, ch) in zip(line.indices, line) {
            if let q = quote {
                if ch == q { quote = nil }
            } else if ch == "\"" || ch == "'" {
                quote = ch
            } else if ch == "=" {
                return idx
            }
        }
        return nil
    }

    /// A dotted key's parts, quoted parts kept whole (`"a.b".c` is two parts).
    static func splitKey(_ key: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character? = nil
        for ch in key {
            if let q = quote {
                if ch == q { quote = nil } else { current.append(ch) }
            } else if ch == "\"" || ch == "'" {
                quote = ch
            } else if ch == "." {
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(ch)
            }
        }
        parts.append(current.trimmingCharacters(in: .whitespaces))
        return parts
    }

    static func stripComment(_ line: String) -> String {
        var quote: Character? = nil
        for (idx, ch) in zip(line.indices, line) {
            if let q = quote {
                if ch == q { quote = nil }
                continue
            }
            if ch == "\"" || ch == "'" {
                quote = ch
                continue
            }
            if ch == "#" { return String(line[..<idx]) }
        }
        return line
    }

    /// Open minus closed brackets and braces outside quotes.
    static func bracketBalance(_ s: String) -> Int {
        var n = 0
        var quote: Character? = nil
        for ch in s {
            if let q = quote {
                if ch == q { quote = nil }
                continue
            }
            switch ch {
            case "\"", "'": quote = ch
            case "[", "{": n += 1
            case "]", "}": n -= 1
            default: break
            }
        }
        return n
    }
}
