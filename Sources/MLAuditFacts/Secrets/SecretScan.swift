import MLAuditKit
import MLAuditPython
import MLAuditReport

extension SecretScanner {
    /// Every secret in the snapshot's text files, sorted by path and line, and every value found, so that
    /// `redact(_:known:)` removes it from any output even where its surrounding context (the name it was assigned
    /// to, its quotes) is no longer there.
    package static func scan(snapshot: RepositorySnapshot) -> SecretFacts {
        var matches: [SecretMatch] = []
        var known = KnownSecrets()
        for file in snapshot.files {
            guard let content = snapshot.content(file.path), !content.isBinary else { continue }
            let bytes = content.bytes
            let hits = SecretDetector.hits(in: bytes)
            guard !hits.isEmpty else { continue }
            known.remember(hits.map { (Array(bytes[$0.range]), $0.kind) })
            var line = 1
            var cursor = 0
            for hit in hits {
                while cursor < hit.range.lowerBound {
                    if bytes[cursor] == 0x0A { line += 1 }
                    cursor += 1
                }
                matches.append(SecretMatch(path: file.path, line: line, kind: hit.kind.rawValue))
            }
        }
        let sorted = matches.sorted { ($0.path, $0.line, $0.kind) < ($1.path, $1.line, $1.kind) }
        return SecretFacts(matches: sorted, known: known)
    }
}
