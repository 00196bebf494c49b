import Foundation

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

#if canImport(Glibc)
    import Glibc
#endif

/// Builds hostile repositories in temporary folders: what an untrusted repository can hold that should neither
/// crash, hang, leak nor modify anything. Each fixture says which inputs it planted and how the audit must treat them.
struct HostileRepository {
    let name: String
    let tree: TemporaryTree
    /// The folder to audit (the tree itself, or a clone inside it).
    var root: URL
    /// Inputs that cannot be audited normally (skipped, unreadable, not a regular file): each must be accounted for
    /// by an Error Capture entry or the report's skipped-files list.
    var skipped: [String] = []
    /// Inputs whose content is malformed: each must get an Error Capture entry naming it.
    var broken: [String] = []
    /// Strings that must appear in no output (secrets, content outside the root).
    var forbidden: [String] = []
    /// Facts about the environment the fixture could not control (e.g. running as root).
    var notes: [String] = []

    init(name: String) throws {
        self.name = name
        tree = try TemporaryTree(prefix: "mlaudit-hostile-\(name)")
        root = tree.url
    }

    var path: String { root.path }

    // MARK: - Writing helpers

    func write(_ rel: String, _ text: String) throws { try write(rel, bytes: Array(text.utf8)) }

    func write(_ rel: String, bytes: [UInt8]) throws {
        let file = root.appendingPathComponent(rel)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
    }

    /// Writes `count` copies of `chunk` without holding the whole file in memory.
    func writeRepeated(_ rel: String, prefix: [UInt8] = [], chunk: [UInt8], count: Int, suffix: [UInt8] = []) throws {
        let file = root.appendingPathComponent(rel)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.write(contentsOf: Data(prefix))
        let batch = max(1, (1 << 20) / max(1, chunk.count))
        var block = [UInt8]()
        block.reserveCapacity(batch * chunk.count)
        for _ in 0..<batch { block += chunk }
        var left = count
        while left > 0 {
            let n = min(left, batch)
            try handle.write(contentsOf: Data(n == batch ? block : Array(block.prefix(n * chunk.count))))
            left -= n
        }
        try handle.write(contentsOf: Data(suffix))
    }

    /// A sparse file of `size` bytes (no disk blocks written).
    func sparse(_ rel: String, size: UInt64) throws {
        let file = root.appendingPathComponent(rel)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: size)
        try handle.close()
    }

    /// Creates a file whose name is arbitrary bytes (possibly not UTF-8), through the C API.
    func writeRawName(_ nameBytes: [UInt8], _ text: String) throws {
        var full = Array(root.path.utf8) + [UInt8(ascii: "/")] + nameBytes + [0]
        let fd = full.withUnsafeMutableBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            }
        }
        guard fd >= 0 else { throw FixtureError("cannot create raw-named file: errno \(errno)") }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    func symlink(_ rel: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent(rel).path, withDestinationPath: target)
    }

    func fifo(_ rel: String) throws {
        guard mkfifo(root.appendingPathComponent(rel).path, 0o644) == 0 else {
            throw FixtureError("mkfifo failed: errno \(errno)")
        }
    }

    func chmod(_ rel: String, _ mode: mode_t) {
        _ = Glibc.chmod(root.appendingPathComponent(rel).path, mode)
    }

    /// Runs git in `dir` (default: the root) with a fixed identity and dates; throws on failure.
    @discardableResult
    func git(_ args: [String], in dir: URL? = nil) throws -> String {
        let env = [
            "GIT_AUTHOR_NAME": "Hostile", "GIT_AUTHOR_EMAIL": "hostile@example.invalid",
            "GIT_COMMITTER_NAME": "Hostile", "GIT_COMMITTER_EMAIL": "hostile@example.invalid",
            "GIT_AUTHOR_DATE": "2026-01-02T03:04:05Z", "GIT_COMMITTER_DATE": "2026-01-02T03:04:05Z",
            "GIT_CONFIG_NOSYSTEM": "1", "HOME": tree.path,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        ]
        let r = try ProcessRunner.run(
            "git", ["-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always"] + args,
            in: dir ?? root, environment: env, timeout: 120)
        guard r.exitCode == 0, !r.timedOut else {
            throw FixtureError("git \(args.joined(separator: " ")) failed: \(r.stderrText)")
        }
        return r.stdoutText
    }

    static var isRoot: Bool { geteuid() == 0 }
}
