extension GitFacts {
    /// One line of `git ls-files -s -v -z`: `TAG MODE OBJECT STAGE\tPATH`.
    package struct StagedEntry: Equatable, Sendable {
        package var tag: String
        package var mode: String
        package var object: String
        package var stage: String
        package var path: String
    }

    /// The entries of `git ls-files -s -v -z` output; malformed entries are left out.
    package static func stagedEntries(_ output: [UInt8]) -> [StagedEntry] {
        output.split(separator: 0).compactMap { raw -> StagedEntry? in
            let line = String(decoding: raw, as: UTF8.self)
            guard let tab = line.firstIndex(of: "\t") else { return nil }
            let fields = line[..<tab].split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 4 else { return nil }
            return StagedEntry(
                tag: String(fields[0]), mode: String(fields[1]), object: String(fields[2]), stage: String(fields[3]),
                path: String(line[line.index(after: tab)...]))
        }
    }

    /// Paths `git status --porcelain -z --no-renames` lists (`XY PATH` entries).
    package static func changedPaths(_ output: [UInt8]) -> Set<String> {
        Set(
            output.split(separator: 0).compactMap { raw -> String? in
                guard raw.count > 3 else { return nil }
                return String(decoding: raw.dropFirst(3), as: UTF8.self)
            })
    }

    /// Path -> blob id for the entries whose work-tree content is the blob's: tag `H` (tracked, neither
    /// assume-unchanged nor skip-worktree, whose changes `status` would not report), stage 0, a regular or
    /// executable file, a well-formed hexadecimal id, and not listed by `status`.
    package static func cleanBlobs(_ entries: [StagedEntry], changed: Set<String>) -> [String: String] {
        var out: [String: String] = [:]
        for e in entries
        where e.tag == "H" && e.stage == "0" && (e.mode == "100644" || e.mode == "100755")
            && (e.object.utf8.count == 40 || e.object.utf8.count == 64)
            && e.object.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
            && !changed.contains(e.path)
        {
            out[e.path] = e.object
        }
        return out
    }
}
