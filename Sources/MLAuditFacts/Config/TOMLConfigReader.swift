import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport
import TOMLKit

/// TOML and INI (setup.cfg, tox.ini, .coveragerc, pytest.ini) as `ConfigEntry` rows.
/// TOMLKit validates the document (its errors are recorded); a line scanner gives each key its line,
/// so commented-out keys never count. Multi-line arrays yield one list-item entry per element line.
package enum TOMLConfigReader {
    package static func validate(text: String) -> String? {
        do {
            _ = try TOMLTable(string: text)
            return nil
        } catch {
            return String(String(describing: error).replacingOccurrences(of: "\n", with: " ").prefix(300))
        }
    }

    package static func scanTOML(text: String, path: String) -> [ConfigEntry] {
        tomlSections(text: text, path: path).flatMap(\.entries)
    }

    /// The TOML document's tables (the keys before the first header are a table named "" at line 0), each with
    /// its entries: the one line reader behind `scanTOML`.
    package static func tomlSections(text: String, path: String) -> [ConfigSection] {
        var sections = [ConfigSection(name: "", line: 0, entries: [])]
        var out: [ConfigEntry] {
            get { sections[sections.count - 1].entries }
            set { sections[sections.count - 1].entries = newValue }
        }
        var table: [String] = []
        var openArray: (key: String, depth: Int)? = nil
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = stripComment(String(raw)).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if let array = openArray {
                let depth = array.depth + bracketBalance(line)
                for item in arrayItems(line) {
                    out.append(
                        ConfigEntry(
                            path: path, format: .toml, keyPath: (table + [array.key]).joined(separator: "."),
                            key: array.key, value: item, line: i + 1, isListItem: true))
                }
                openArray = depth > 0 ? (array.key, depth) : nil
                continue
            }
            if line.hasPrefix("[") {
                let name = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
                table = splitKey(name)
                sections.append(ConfigSection(name: name, line: i + 1, entries: []))
                continue
            }
            guard let eq = line.firstIndex(of: "=") else { continue }
            let keyText = line[..<eq].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            let keys = splitKey(keyText)
            guard let last = keys.last else { continue }
            let full = table + keys
            out.append(
                ConfigEntry(
                    path: path, format: .toml, keyPath: full.joined(separator: "."), key: last,
                    value: unquote(value), line: i + 1))
            if value.hasPrefix("[") {
                for item in arrayItems(String(value)) {
                    out.append(
                        ConfigEntry(
                            path: path, format: .toml, keyPath: full.joined(separator: "."), key: last,
                            value: item, line: i + 1, isListItem: true))
                }
                let balance = bracketBalance(String(value))
                if balance > 0 { openArray = (keys.joined(separator: "."), balance) }
            }
        }
        return sections
    }

    package static func scanINI(text: String, path: String) -> [ConfigEntry] {
        iniSections(text: text, path: path).flatMap(\.entries)
    }

    /// The INI file's sections (keys before the first header are a section named "" at line 0), each with its
    /// entries; indented lines continue the previous key as list items: the one reader of setup.cfg, tox.ini,
    /// pytest.ini, .coveragerc and the like.
    package static func iniSections(text: String, path: String) -> [ConfigSection] {
        var sections = [ConfigSection(name: "", line: 0, entries: [])]
        var out: [ConfigEntry] {
            get { sections[sections.count - 1].entries }
            set { sections[sections.count - 1].entries = newValue }
        }
        var section = ""
        var lastKey: String? = nil
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let s = String(raw)
            let trimmed = s.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if trimmed.hasPrefix("[") && trimmed.hasSuffix("]") {
                section = String(trimmed.dropFirst().dropLast())
                sections.append(
                    ConfigSection(name: section.trimmingCharacters(in: .whitespaces), line: i + 1, entries: []))
                lastKey = nil
                continue
            }
            let indented = s.first == " " || s.first == "\t"
            if indented, let key = lastKey {
                out.append(
                    ConfigEntry(
                        path: path, format: .ini, keyPath: section + "." + key, key: key,
                        value: trimmed, line: i + 1, isListItem: true))
                continue
            }
            let sep = trimmed.firstIndex { $0 == "=" || $0 == ":" }
            guard let sep else { continue }
            let key = trimmed[..<sep].trimmingCharacters(in: .whitespaces)
            let value = trimmed[trimmed.index(after: sep)...].trimmingCharacters(in: .whitespaces)
            lastKey = key
            out.append(
                ConfigEntry(
                    path: path, format: .ini, keyPath: section.isEmpty ? key : section + "." + key,
                    key: key, value: value, line: i + 1))
        }
        return sections
    }

    // MARK: helpers

    package static func stripComment(_ line: String) -> String {
        var inString: Character? = nil
        for (idx, ch) in zip(line.indices, line) {
            if let q = inString {
                if ch == q { inString = nil }
                continue
            }
            if ch == "\"" || ch == "'" {
                inString = ch
                continue
            }
            if ch == "#" { return String(line[..<idx]) }
        }
        return line
    }

    package static func splitKey(_ key: String) -> [String] {
        key.split(separator: ".").map { unquote($0.trimmingCharacters(in: .whitespaces)) }
    }

    package static func unquote(_ s: String) -> String {
        var t = s.trimmingCharacters(in: .whitespaces)
        if t.count >= 2, let f = t.first, f == "\"" || f == "'", t.last == f { t = String(t.dropFirst().dropLast()) }
        return t
    }

    package static func bracketBalance(_ s: String) -> Int {
        var n = 0
        var inString: Character? = nil
        for ch in s {
            if let q = inString {
                if ch == q { inString = nil }
                continue
            }
            if ch == "\"" || ch == "'" { inString = ch } else if ch == "[" { n += 1 } else if ch == "]" { n -= 1 }
        }
        return n
    }

    /// Quoted string items on one line of an array.
    package static func arrayItems(_ s: String) -> [String] {
        var items: [String] = []
        var current = ""
        var inString: Character? = nil
        for ch in s {
            if let q = inString {
                if ch == q {
                    items.append(current)
                    current = ""
                    inString = nil
                } else {
                    current.append(ch)
                }
            } else if ch == "\"" || ch == "'" {
                inString = ch
            }
        }
        return items
    }
}

/// One `[section]` of an INI file or table of a TOML document, with its header line and its entries.
public struct ConfigSection: Sendable, Hashable {
    public var name: String
    public var line: Int
    public var entries: [ConfigEntry]

    /// `key`'s value with its line; continuation lines and array items joined by spaces after it.
    public func value(_ key: String) -> (String, Int)? {
        guard let i = entries.firstIndex(where: { $0.key == key && !$0.isListItem }) else { return nil }
        var parts = entries[i].value.isEmpty ? [] : [entries[i].value]
        for e in entries[(i + 1)...] {
            guard e.isListItem && e.key == key else { break }
            // items of a one-line array are already in its value
            if e.line > entries[i].line { parts.append(e.value) }
        }
        return (parts.joined(separator: " "), entries[i].line)
    }
}
