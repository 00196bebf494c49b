import Foundation
import MLAuditFacts
import MLAuditKit

#if canImport(Glibc)
    import Glibc
#endif

/// Verified diffs kept in the fact cache, so a re-audit whose proposals did not change neither builds the temporary
/// tree nor runs git and `python3` again. A verification is a pure function of the patched files (path, original,
/// updated text), the diff context, and the tools that ran it: the entry is keyed by a keyed hash of the first two
/// and holds the tools' stamp (the interpreter's `sys.version` and `sys.executable`, git's resolved path, size and
/// mtime); an entry made under other tools is a miss. Only passing outcomes are stored: a failure can be transient
/// (a timeout, a missing interpreter) and is verified again. Entries are data, checked on reading (`decode`); a bad
/// one is a miss and is overwritten.
enum VerificationCache {
    static let magic: [UInt8] = Array("MLAV1\n".utf8)

    /// The entry name for one proposal's files.
    static func key(_ files: [PatchVerifier.File], context: Int, cache: FactCache) -> String {
        var w = FactCodec.Writer()
        w.str("verify-1")
        w.int(context)
        w.list(files) { w, f in
            w.str(f.path)
            w.bool(f.original != nil)
            w.str(f.original ?? "")
            w.str(f.updated)
        }
        return w.out.withUnsafeBufferPointer { cache.key($0, kind: .verification) }
    }

    static func encode(stamp: String, patch: String) -> [UInt8] {
        var w = FactCodec.Writer()
        w.out += magic
        w.str(stamp)
        w.str(patch)
        return w.out
    }

    /// The stamp and patch of an entry; nil when it is not one whole valid entry.
    static func decode(_ bytes: [UInt8]) -> (stamp: String, patch: String)? {
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else { return nil }
        var r = FactCodec.Reader(bytes: bytes)
        r.at = magic.count
        guard let stamp = r.str(), let patch = r.str(), r.atEnd, !patch.isEmpty else { return nil }
        return (stamp, patch)
    }

    /// The passing outcome stored for `key` under the current tools, or nil.
    static func load(_ key: String, cache: FactCache, stamp: () -> String) -> PatchVerifier.Outcome? {
        guard let bytes = cache.loadEntry(key), let entry = decode(bytes), entry.stamp == stamp() else { return nil }
        return PatchVerifier.Outcome(patch: entry.patch, problem: nil)
    }

    static func store(_ key: String, _ outcome: PatchVerifier.Outcome, cache: FactCache, stamp: String) {
        guard outcome.problem == nil, !outcome.patch.isEmpty else { return }
        cache.storeEntry(key, encode(stamp: stamp, patch: outcome.patch))
    }

    /// The tools' stamp, taken once per process (one `python3` run, as isolated as the compile step).
    static var toolStamp: String {
        stampLock.lock()
        defer { stampLock.unlock() }
        if let s = stampValue { return s }
        let s = "python=\(interpreter())|git=\(executableStamp("git"))"
        stampValue = s
        return s
    }
    private static let stampLock = NSLock()
    nonisolated(unsafe) private static var stampValue: String?

    private static func interpreter() -> String {
        let run = try? ProcessRunner.run(
            "python3", ["-I", "-c", "import sys; sys.stdout.write(sys.version + '|' + sys.executable)"],
            // where the compile step runs (a folder of the temporary directory): a version manager's shim picks
            // the interpreter from there
            in: FileManager.default.temporaryDirectory,
            environment: [
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "LC_ALL": "C.UTF-8",
            ], timeout: 30)
        guard let run, run.exitCode == 0, !run.timedOut else { return "unavailable" }
        return run.stdoutText
    }

    /// The resolved path of `name` on `PATH` with its size and modification time.
    static func executableStamp(_ name: String) -> String {
        guard let path = GroupSpawner.resolve(name, path: ProcessInfo.processInfo.environment["PATH"]) else {
            return "\(name):missing"
        }
        var st = stat()
        guard stat(path, &st) == 0 else { return "\(path):unreadable" }
        return "\(path):\(st.st_size):\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
    }
}
