import Foundation
import MLAuditKit
import MLAuditReport
import Yams

/// Flattens YAML (and JSON, which Yams reads as YAML) into `ConfigEntry` rows with line numbers.
/// Bounded: documents over `maxBytes` are skipped, and flattening stops after `maxEntries`
/// (a YAML alias bomb expands to copies of the anchored node; the cap keeps that finite).
package enum YAMLConfigReader {
    package static let maxBytes = 1 << 20
    package static let maxEntries = 20_000
    package static let maxDepth = 64

    package struct Failure: Error { package let message: String }

    package static func read(text: String, path: String, format: ConfigEntry.Format) -> Result<[ConfigEntry], Failure> {
        if text.utf8.count > maxBytes {
            return .failure(Failure(message: "\(text.utf8.count) bytes, over the \(maxBytes)-byte config parse cap"))
        }
        // JSON both readers agree on is read without Yams (`JSONConfigReader`); the rest goes to Yams.
        if format == .json, let root = JSONConfigReader.parse(text) {
            var out: [ConfigEntry] = []
            var shared = KeyTexts()
            flatten(root, keyPath: [], key: "", path: path, depth: 0, into: &out, shared: &shared)
            return .success(out)
        }
        return readWithYams(text: text, path: path, format: format)
    }

    /// `read` through Yams alone (what `read` gives for every file, JSON or not, when `JSONConfigReader` does not read
    /// it).
    package static func readWithYams(text: String, path: String, format: ConfigEntry.Format) -> Result<
        [ConfigEntry], Failure
    > {
        var out: [ConfigEntry] = []
        var shared = KeyTexts()
        do {
            var documents = try Yams.compose_all(yaml: text)
            var count = 0
            while let node = documents.next() {
                count += 1
                flatten(
                    node, keyPath: [], key: "", path: path, format: format, depth: 0, into: &out, shared: &shared)
                if out.count >= maxEntries || count > 1000 { break }
            }
            if let error = documents.error { return .failure(Failure(message: describe(error))) }
        } catch {
            return .failure(Failure(message: describe(error)))
        }
        return .success(out)
    }

    private static func describe(_ error: Error) -> String {
        let text = String(describing: error).replacingOccurrences(of: "\n", with: " ")
        return String(text.prefix(300))
    }

    /// One stored copy of each key and key path of a file: the objects of a JSON array repeat the same keys
    /// thousands of times, and a text longer than 15 UTF-8 bytes is its own allocation otherwise.
    private struct KeyTexts {
        private var texts: Set<String> = []

        mutating func text(_ s: String) -> String {
            if s.utf8.count <= 15 { return s }
            if let hit = texts.firstIndex(of: s) { return texts[hit] }
            texts.insert(s)
            return s
        }
    }

    private static func flatten(
        _ node: Node, keyPath: [String], key: String, path: String,
        format: ConfigEntry.Format, depth: Int, into out: inout [ConfigEntry], shared: inout KeyTexts
    ) {
        guard depth < maxDepth, out.count < maxEntries else { return }
        switch node {
        case .mapping(let mapping):
            for (k, v) in mapping {
                guard out.count < maxEntries else { return }
                let name = shared.text(k.scalar?.string ?? "")
                let line = k.mark?.line ?? v.mark?.line ?? 1
                let childPath = keyPath + [name]
                let value = v.scalar?.string ?? ""
                out.append(
                    ConfigEntry(
                        path: path, format: format, keyPath: shared.text(childPath.joined(separator: ".")),
                        key: name, value: value, line: line))
                if v.scalar == nil {
                    flatten(
                        v, keyPath: childPath, key: name, path: path, format: format, depth: depth + 1, into: &out,
                        shared: &shared)
                }
            }
        case .sequence(let sequence):
            // One key path string for every item of the list: a JSON array of thousands of scalars shares its
            // storage instead of allocating a copy per item.
            let joined = shared.text(keyPath.joined(separator: "."))
            for item in sequence {
                guard out.count < maxEntries else { return }
                if let scalar = item.scalar {
                    out.append(
                        ConfigEntry(
                            path: path, format: format, keyPath: joined,
                            key: key, value: scalar.string, line: item.mark?.line ?? 1, isListItem: true))
                } else {
                    flatten(
                        item, keyPath: keyPath, key: key, path: path, format: format, depth: depth + 1, into: &out,
                        shared: &shared)
                }
            }
        case .scalar, .alias:
            return
        }
    }

    /// `flatten` for the nodes of `JSONConfigReader` (always `.json`): the same entries, caps and order.
    private static func flatten(
        _ node: JSONConfigReader.Node, keyPath: [String], key: String, path: String, depth: Int,
        into out: inout [ConfigEntry], shared: inout KeyTexts
    ) {
        guard depth < maxDepth, out.count < maxEntries else { return }
        switch node {
        case .mapping(let pairs):
            for (k, line, v) in pairs {
                guard out.count < maxEntries else { return }
                let name = shared.text(k)
                let childPath = keyPath + [name]
                let value = v.scalarText
                out.append(
                    ConfigEntry(
                        path: path, format: .json, keyPath: shared.text(childPath.joined(separator: ".")),
                        key: name, value: value ?? "", line: line))
                if value == nil {
                    flatten(v, keyPath: childPath, key: name, path: path, depth: depth + 1, into: &out, shared: &shared)
                }
            }
        case .sequence(let items):
            let joined = shared.text(keyPath.joined(separator: "."))
            for item in items {
                guard out.count < maxEntries else { return }
                if case .scalar(let text, let line) = item {
                    out.append(
                        ConfigEntry(
                            path: path, format: .json, keyPath: joined, key: key, value: text, line: line,
                            isListItem: true))
                } else {
                    flatten(item, keyPath: keyPath, key: key, path: path, depth: depth + 1, into: &out, shared: &shared)
                }
            }
        case .scalar:
            return
        }
    }
}
