import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport
import TOMLKit

/// TOML and INI (setup.cfg, tox.ini, .coveragerc, pytest.ini) as `ConfigEntry` rows.
/// TOML values come from TOMLKit (a document that does not parse gives no values, and its error); `TOMLLineIndex`
/// gives each value the line of its key or table header, so commented-out keys never count. Array elements that
/// are strings yield one list-item entry each, on the line that holds the element.
package enum TOMLConfigReader {
    /// The document's tables, or why it does not parse.
    package static func readTOML(text: String, path: String) -> Result<[ConfigSection], TOMLProblem> {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch {
            return .failure(
                TOMLProblem(
                    description: String(
                        String(describing: error).replacingOccurrences(of: "\n", with: " ").prefix(300))))
        }
        return .success(TOMLDocumentWalker(path: path, index: TOMLLineIndex(text: text)).sections(table))
    }

    package struct TOMLProblem: Error, CustomStringConvertible { package let description: String }

    package static func scanTOML(text: String, path: String) -> [ConfigEntry] {
        tomlSections(text: text, path: path).flatMap(\.entries)
    }

    /// The TOML document's tables (the keys before the first header are a table named "" at line 0), each with
    /// its entries; a document that does not parse has only the empty root table.
    package static func tomlSections(text: String, path: String) -> [ConfigSection] {
        (try? readTOML(text: text, path: path).get()) ?? [ConfigSection(name: "", line: 0, entries: [])]
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
            parts.append(e.value)
        }
        return (parts.joined(separator: " "), entries[i].line)
    }
}
