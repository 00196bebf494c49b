import Foundation
import MLAuditKit
import MLAuditReport

/// Secret values `SecretScanner.scan` found in the audited repository (a fact of the facts stage, handed to
/// redaction explicitly). `redact(_:known:)` removes their literal occurrences too, so a value quoted out of its
/// context (a table cell, an error message, a diff line) is still caught.
/// Only values of at least `minimumLength` bytes are kept; the set is bounded.
package struct KnownSecrets: Sendable {
    package static let none = KnownSecrets()
    package static let minimumLength = 8
    package static let capacity = 20_000

    /// First 8 bytes (little-endian) -> the values starting with them, longest first.
    private var byPrefix: [UInt64: [([UInt8], SecretKind)]] = [:]
    private var count = 0

    package init() {}

    /// Remembers each value together with the forms the renderers may have turned it into: JSON string escaping and
    /// Markdown cell and inline escaping (a password holding `|`, `"`, `\\` or `<` is written differently there).
    package mutating func remember(_ values: [([UInt8], SecretKind)]) {
        var all: [([UInt8], SecretKind)] = []
        for (value, kind) in values {
            all.append((value, kind))
            let text = String(decoding: value, as: UTF8.self)
            let json = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            for variant in [json, MarkdownEscaping.cell(text), MarkdownEscaping.inline(text)] where variant != text {
                all.append((Array(variant.utf8), kind))
            }
        }
        for (value, kind) in all where value.count >= KnownSecrets.minimumLength && count < KnownSecrets.capacity {
            // Whole private-key blocks are found by shape; remembering them would only slow the look-ups.
            if kind == .privateKey || value.count > 4096 { continue }
            let key = KnownSecrets.prefixKey(value[...])
            var list = byPrefix[key] ?? []
            if list.contains(where: { $0.0 == value }) { continue }
            list.append((value, kind))
            list.sort { $0.0.count > $1.0.count }
            byPrefix[key] = list
            count += 1
        }
    }

    package static func prefixKey(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var key: UInt64 = 0
        for (k, b) in bytes.prefix(8).enumerated() { key |= UInt64(b) << (8 * UInt64(k)) }
        return key
    }

    /// Literal occurrences of remembered values in `bytes`, non-overlapping, in order.
    package func hits(in bytes: [UInt8]) -> [SecretHit] {
        let table = byPrefix
        guard !table.isEmpty, bytes.count >= KnownSecrets.minimumLength else { return [] }
        var out: [SecretHit] = []
        var i = 0
        var key: UInt64 = 0
        // Rolling 8-byte window.
        for k in 0..<8 { key |= UInt64(bytes[k]) << (8 * UInt64(k)) }
        while i + 8 <= bytes.count {
            if let candidates = table[key] {
                for (value, kind) in candidates
                where i + value.count <= bytes.count && bytes[i..<(i + value.count)].elementsEqual(value) {
                    out.append(SecretHit(range: i..<(i + value.count), kind: kind))
                    break
                }
            }
            if let last = out.last, last.range.lowerBound == i {
                // Skip past the match, rebuilding the window.
                i = last.range.upperBound
                key = 0
                if i + 8 <= bytes.count { for k in 0..<8 { key |= UInt64(bytes[i + k]) << (8 * UInt64(k)) } }
                continue
            }
            i += 1
            if i + 8 <= bytes.count { key = (key >> 8) | (UInt64(bytes[i + 7]) << 56) }
        }
        return out
    }
}
