import Foundation
import TOMLKit

/// Turns a parsed TOML document into `ConfigEntry` rows grouped by the table header (or root) that defines them.
/// Values are TOMLKit's; lines come from `TOMLLineIndex`. Tables named by a header give no row of their own (as
/// before); an inline table or an array gives a row with an empty value, then its children or string elements.
struct TOMLDocumentWalker {
    let path: String
    let index: TOMLLineIndex

    private struct Row {
        var scope: Int
        var order: Int
        var entry: ConfigEntry
    }

    func sections(_ root: TOMLTable) -> [ConfigSection] {
        var rows: [Row] = []
        walk(root, [], arrays: [:], fallback: nil, into: &rows)
        var sections = index.headers.map { h in
            ConfigSection(name: h.path.joined(separator: "."), line: h.line, entries: [])
        }
        // document order inside each table: by line, then the order the walk met them
        for row in rows.sorted(by: { ($0.entry.line, $0.order) < ($1.entry.line, $1.order) }) {
            sections[row.scope].entries.append(row.entry)
        }
        return sections
    }

    /// Where a value sits: its own key line, else the line of the key or header that holds it.
    private func place(_ full: [String], _ arrays: [Int: Int], _ fallback: (scope: Int, line: Int)?)
        -> (scope: Int, line: Int, exact: Bool, key: TOMLLineIndex.Key?)
    {
        if let hit = index.locate(full, arrays: arrays) { return (hit.scope, hit.key.line, hit.exact, hit.key) }
        if let f = fallback { return (f.scope, f.line, false, nil) }
        return (0, 1, false, nil)
    }

    private func walk(
        _ table: TOMLTable, _ prefix: [String], arrays: [Int: Int], fallback: (scope: Int, line: Int)?,
        into rows: inout [Row]
    ) {
        for name in table.keys.sorted() {
            guard let value = table[name] else { continue }
            let full = prefix + [name]
            let at = place(full, arrays, fallback)
            func add(_ v: String, line: Int? = nil, listItem: Bool = false) {
                rows.append(
                    Row(
                        scope: at.scope, order: rows.count,
                        entry: ConfigEntry(
                            path: path, format: .toml, keyPath: full.joined(separator: "."), key: name, value: v,
                            line: line ?? at.line, isListItem: listItem)))
            }
            switch value.type {
            case .table:
                guard let t = value.table else { continue }
                // a table named by its own `key = {...}` line is a row; a `[header]` table or one implied by a
                // dotted key is not
                let inline = at.exact && !(at.key?.raw.isEmpty ?? true)
                if inline { add("") }
                walk(t, full, arrays: arrays, fallback: (at.scope, at.line), into: &rows)
            case .array:
                guard let a = value.array else { continue }
                let headerElements = index.arrayHeaderCount(full)
                if headerElements > 0 {
                    // an array of tables written as `[[header]]` blocks
                    for (j, element) in a.enumerated() {
                        guard let t = element.table else { continue }
                        var inner = arrays
                        inner[full.count] = j
                        walk(t, full, arrays: inner, fallback: (at.scope, at.line), into: &rows)
                    }
                    continue
                }
                add("")
                var cursor = at.line
                let end = at.key?.endLine ?? at.line
                func items(_ a: TOMLArray) {
                    for element in a {
                        if let s = element.string {
                            cursor = index.line(of: s, in: cursor...max(cursor, end)) ?? cursor
                            add(s, line: cursor, listItem: true)
                        } else if let t = element.table {
                            walk(t, full, arrays: arrays, fallback: (at.scope, cursor), into: &rows)
                        } else if let inner = element.array {
                            items(inner)
                        }
                    }
                }
                items(a)
            case .string:
                add(value.string ?? "")
            default:
                add(scalarText(value, at.exact ? at.key?.raw : nil))
            }
        }
    }

    /// A number, boolean or date as written on its own key line; otherwise TOMLKit's rendering of it.
    private func scalarText(_ value: TOMLValueConvertible, _ raw: String?) -> String {
        if let raw, !raw.isEmpty { return raw }
        if let b = value.bool { return b ? "true" : "false" }
        if let i = value.int { return String(i) }
        if let d = value.double { return String(d) }
        return value.debugDescription
    }
}
