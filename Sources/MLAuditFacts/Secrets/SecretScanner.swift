import MLAuditKit
import MLAuditReport

/// Finds credentials in repository text and redacts them from every output.
public struct SecretMatch: Sendable, Hashable {
    public var path: String
    public var line: Int
    public var kind: String  // "AWS access key", "Hugging Face token", ...
    public init(path: String, line: Int, kind: String) {
        self.path = path
        self.line = line
        self.kind = kind
    }
}

/// The facts stage's secrets: where they are (kinds and places) and the values, for redaction only.
public struct SecretFacts: Sendable {
    package var matches: [SecretMatch]
    package var known: KnownSecrets
    public init() {
        matches = []
        known = .none
    }
    package init(matches: [SecretMatch], known: KnownSecrets) {
        self.matches = matches
        self.known = known
    }
}

/// `scan(snapshot:)` is in SecretScan.swift (it alone needs the snapshot; the rest builds standalone for fuzzing).
public enum SecretScanner {
    /// `text` with every secret value replaced by `[REDACTED:<kind>]`. Idempotent: the result holds no secret the
    /// detectors recognise (passes repeat until nothing changes; each is linear, a second one is rare), so
    /// redacting it again is a no-op.
    /// Linear in the text's length; text with none of the trigger bytes costs one pass.
    /// This form knows secret shapes only; the audit passes the repository's `KnownSecrets` as well.
    public static func redact(_ text: String) -> String { redact(text, known: .none) }

    /// `redact(_:)` plus the literal values the facts stage found in the repository.
    package static func redact(_ text: String, known: KnownSecrets) -> String {
        var bytes = Array(text.utf8)
        var changed = false
        for _ in 0..<16 {
            var hits = SecretDetector.hits(in: bytes)
            hits = SecretDetector.merge(hits + known.hits(in: bytes))
            if hits.isEmpty { break }
            bytes = apply(hits, to: bytes)
            changed = true
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }

    /// Replaces each (non-overlapping, sorted) hit by its marker.
    package static func apply(_ hits: [SecretHit], to bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var cursor = 0
        for hit in hits {
            out.append(contentsOf: bytes[cursor..<hit.range.lowerBound])
            out.append(contentsOf: hit.kind.marker.utf8)
            cursor = hit.range.upperBound
        }
        out.append(contentsOf: bytes[cursor...])
        return out
    }
}

/// All detectors together, overlaps resolved.
package enum SecretDetector {
    package static func hits(in bytes: [UInt8]) -> [SecretHit] {
        merge(SecretTokenRules.hits(in: bytes) + SecretURLRule.hits(in: bytes) + SecretAssignmentRule.hits(in: bytes))
    }

    /// Sorted by start; of overlapping hits the one starting first (then the longer one) wins, except that a
    /// shape-recognised kind (a provider token) beats a name-recognised one covering the same bytes.
    package static func merge(_ hits: [SecretHit]) -> [SecretHit] {
        let sorted = hits.sorted {
            $0.range.lowerBound != $1.range.lowerBound
                ? $0.range.lowerBound < $1.range.lowerBound
                : $0.range.count != $1.range.count ? $0.range.count > $1.range.count : rank($0.kind) < rank($1.kind)
        }
        var out: [SecretHit] = []
        for hit in sorted {
            if let last = out.last, hit.range.lowerBound < last.range.upperBound {
                if rank(hit.kind) < rank(last.kind) {
                    out[out.count - 1] = SecretHit(
                        range: last.range.lowerBound..<max(last.range.upperBound, hit.range.upperBound), kind: hit.kind)
                } else if hit.range.upperBound > last.range.upperBound {
                    out[out.count - 1].range = last.range.lowerBound..<hit.range.upperBound
                }
                continue
            }
            out.append(hit)
        }
        return out
    }

    /// Lower is more specific.
    package static func rank(_ kind: SecretKind) -> Int {
        switch kind {
        case .password, .genericSecret: return 2
        case .urlPassword: return 1
        default: return 0
        }
    }
}
