import Crypto
import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditReport

/// Stable identities of finding locations, so a baseline or yesterday's report recognises a finding after its
/// line moved. SHA-256 over the finding code, the path and the cited line's text, normalized (redacted, runs of
/// whitespace collapsed): never the secret itself, and not the line number. Two identical lines of one file under
/// one finding are told apart by their order (`occurrence`).
public enum FindingFingerprint {
    static let version = "mlaudit-fingerprint/1"

    /// The snippet as hashed: secrets redacted, whitespace runs collapsed to one space, trimmed.
    public static func normalize(_ text: String) -> String {
        SecretScanner.redact(text).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" })
            .joined(separator: " ")
    }

    /// A location's fingerprint, 64 lowercase hex digits. A finding without a location passes `path` nil and its
    /// title as `snippet` (counts in the title are ignored: "3 files" and "4 files" hash alike).
    public static func location(code: String, path: String?, snippet: String?, occurrence: Int) -> String {
        var s = normalize(snippet ?? "")
        if path == nil { s = s.replacingOccurrences(of: "[0-9]+", with: "#", options: .regularExpression) }
        return hash(code: code, path: path ?? "", normalized: s, occurrence: occurrence)
    }

    static func hash(code: String, path: String, normalized: String, occurrence: Int) -> String {
        let input = [version, code, path, normalized, String(occurrence)].joined(separator: "\u{0}")
        let hex: [Character] = Array("0123456789abcdef")
        var out = ""
        out.reserveCapacity(64)
        for b in SHA256.hash(data: Data(input.utf8)) {
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 0xF)])
        }
        return out
    }

    /// One fingerprint per evidence location of `f`, in evidence order; one for the finding itself when it has none.
    public static func locations(code: String, title: String, evidence: [(path: String, text: String?)]) -> [String] {
        if evidence.isEmpty { return [location(code: code, path: nil, snippet: title, occurrence: 0)] }
        var seen: [String: Int] = [:]
        var normalized: [String: String] = [:]  // a minified line cited 8,000 times is normalized (redacted) once
        return evidence.map { e in
            let text = e.text ?? ""
            let norm = normalized[text] ?? normalize(text)
            normalized[text] = norm
            let key = e.path + "\u{0}" + norm
            let n = seen[key, default: 0]
            seen[key] = n + 1
            return hash(code: code, path: e.path, normalized: norm, occurrence: n)
        }
    }

    public static func locations(of f: Finding) -> [String] {
        locations(code: f.code.rawValue, title: f.title, evidence: f.evidence.map { ($0.path, $0.text) })
    }
}
