import Crypto
import Foundation
import MLAuditKit
import MLAuditReport
import MLAuditFacts

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
        let input = [version, code, path ?? "", s, String(occurrence)].joined(separator: "\u{0}")
        return SHA256.hash(data: Data(input.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// One fingerprint per evidence location of `f`, in evidence order; one for the finding itself when it has none.
    public static func locations(code: String, title: String, evidence: [(path: String, text: String?)]) -> [String] {
        if evidence.isEmpty { return [location(code: code, path: nil, snippet: title, occurrence: 0)] }
        var seen: [String: Int] = [:]
        return evidence.map { e in
            let key = e.path + "\u{0}" + normalize(e.text ?? "")
            let n = seen[key, default: 0]
            seen[key] = n + 1
            return location(code: code, path: e.path, snippet: e.text, occurrence: n)
        }
    }

    public static func locations(of f: Finding) -> [String] {
        locations(code: f.code, title: f.title, evidence: f.evidence.map { ($0.path, $0.text) })
    }
}
