/// Finds credentials in repository text and redacts them from every output.
public struct SecretMatch: Sendable, Hashable {
    public var path: String
    public var line: Int
    public var kind: String           // "AWS access key", "Hugging Face token", ...
    public init(path: String, line: Int, kind: String) { self.path = path; self.line = line; self.kind = kind }
}

public enum SecretScanner {
    /// Every secret in the snapshot's text files, sorted by path and line.
    /// Every value found is also remembered, so `redact` removes it from any output even where its surrounding
    /// context (the name it was assigned to, its quotes) is no longer there.
    public static func scan(snapshot: RepositorySnapshot) -> [SecretMatch] {
        var matches: [SecretMatch] = []
        for file in snapshot.files {
            guard let content = snapshot.content(file.path), !content.isBinary else { continue }
            let bytes = content.bytes
            let hits = SecretDetector.hits(in: bytes)
            guard !hits.isEmpty else { continue }
            KnownSecrets.shared.remember(hits.map { (Array(bytes[$0.range]), $0.kind) })
            var line = 1, cursor = 0
            for hit in hits {
                while cursor < hit.range.lowerBound { if bytes[cursor] == 0x0A { line += 1 }; cursor += 1 }
                matches.append(SecretMatch(path: file.path, line: line, kind: hit.kind.rawValue))
            }
        }
        return matches.sorted { ($0.path, $0.line, $0.kind) < ($1.path, $1.line, $1.kind) }
    }

    /// `text` with every secret value replaced by `[REDACTED:<kind>]`. Idempotent: the result holds no secret the
    /// detectors recognise (re-run until nothing changes, at most a few passes), so redacting it again is a no-op.
    /// Linear in the text's length; text with none of the trigger bytes costs one pass.
    public static func redact(_ text: String) -> String {
        var bytes = Array(text.utf8)
        var changed = false
        for _ in 0..<4 {
            var hits = SecretDetector.hits(in: bytes)
            hits = SecretDetector.merge(hits + KnownSecrets.shared.hits(in: bytes))
            if hits.isEmpty { break }
            bytes = apply(hits, to: bytes)
            changed = true
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }

    /// Replaces each (non-overlapping, sorted) hit by its marker.
    static func apply(_ hits: [SecretHit], to bytes: [UInt8]) -> [UInt8] {
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
enum SecretDetector {
    static func hits(in bytes: [UInt8]) -> [SecretHit] {
        merge(SecretTokenRules.hits(in: bytes) + SecretURLRule.hits(in: bytes) + SecretAssignmentRule.hits(in: bytes))
    }

    /// Sorted by start; of overlapping hits the one starting first (then the longer one) wins, except that a
    /// shape-recognised kind (a provider token) beats a name-recognised one covering the same bytes.
    static func merge(_ hits: [SecretHit]) -> [SecretHit] {
        let sorted = hits.sorted {
            $0.range.lowerBound != $1.range.lowerBound ? $0.range.lowerBound < $1.range.lowerBound
                : $0.range.count != $1.range.count ? $0.range.count > $1.range.count : rank($0.kind) < rank($1.kind)
        }
        var out: [SecretHit] = []
        for hit in sorted {
            if let last = out.last, hit.range.lowerBound < last.range.upperBound {
                if rank(hit.kind) < rank(last.kind) {
                    out[out.count - 1] = SecretHit(range: last.range.lowerBound..<max(last.range.upperBound, hit.range.upperBound), kind: hit.kind)
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
    static func rank(_ kind: SecretKind) -> Int {
        switch kind {
        case .password, .genericSecret: return 2
        case .urlPassword: return 1
        default: return 0
        }
    }
}
