import MLAuditKit
import MLAuditPython
import MLAuditReport

extension SecretScanner {
    /// What one file holds: the values found (for redaction) and their places.
    package struct FileHits: Sendable {
        var values: [([UInt8], SecretKind)] = []
        var matches: [SecretMatch] = []
        package init() {}
    }

    /// Every secret in the snapshot's text files, sorted by path and line, and every value found, so that
    /// `redact(_:known:)` removes it from any output even where its surrounding context (the name it was assigned
    /// to, its quotes) is no longer there.
    /// Files are scanned concurrently (each on its own bytes); the values are remembered in path order afterwards,
    /// so the facts are the same whatever the number of cores.
    /// `scanned` holds the hits of files already scanned while their bytes were at hand (the Python read pass, which
    /// then releases their text); their place in the path order is the same.
    package static func scan(snapshot: RepositorySnapshot, scanned: [String: FileHits] = [:]) -> SecretFacts {
        let files = snapshot.files.filter {
            scanned[$0.path] != nil || (snapshot.content($0.path).map { !$0.isBinary } ?? false)
        }
        let perFile = ConcurrentMap.map(files) { file -> FileHits in
            if let done = scanned[file.path] { return done }
            guard let content = snapshot.content(file.path) else { return FileHits() }
            return content.withBytes { scanFile(path: file.path, bytes: $0) }
        }
        var matches: [SecretMatch] = []
        var known = KnownSecrets()
        for hits in perFile where !hits.values.isEmpty {
            known.remember(hits.values)
            matches += hits.matches
        }
        let sorted = matches.sorted { ($0.path, $0.line, $0.kind) < ($1.path, $1.line, $1.kind) }
        return SecretFacts(matches: sorted, known: known)
    }

    /// One file's secrets (its text's bytes).
    package static func scanFile(path: String, bytes: UnsafeBufferPointer<UInt8>) -> FileHits {
        let hits = SecretDetector.hits(in: Array(bytes))
        guard !hits.isEmpty else { return FileHits() }
        var out = FileHits()
        out.values = hits.map { (Array(bytes[$0.range]), $0.kind) }
        var line = 1
        var cursor = 0
        for hit in hits {
            while cursor < hit.range.lowerBound {
                if bytes[cursor] == 0x0A { line += 1 }
                cursor += 1
            }
            out.matches.append(SecretMatch(path: path, line: line, kind: hit.kind.rawValue))
        }
        return out
    }
}
