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

/// Everything observable about a tree without following links or opening special files: per entry its type, mode,
/// size, modification time and (for regular files up to 8 MB) a content hash; link targets; for git work trees the
/// `git status --porcelain` output and HEAD. Two equal fingerprints mean the audit changed nothing.
enum TreeFingerprint {
    static func take(_ root: URL) -> [String: String] {
        var out: [String: String] = [:]
        walk(Array(root.path.utf8), rel: [], into: &out)
        if FileManager.default.fileExists(atPath: root.appendingPathComponent(".git").path) {
            let status = try? ProcessRunner.run(
                "git", ["-C", root.path, "status", "--porcelain", "--ignored", "-z"], timeout: 60)
            out["<git status>"] = status.map { String(decoding: $0.stdout, as: UTF8.self) } ?? "failed"
            let head = try? ProcessRunner.run("git", ["-C", root.path, "rev-parse", "HEAD"], timeout: 30)
            out["<git HEAD>"] = head.map(\.stdoutText) ?? "none"
        }
        return out
    }

    private static func walk(_ base: [UInt8], rel: [UInt8], into out: inout [String: String]) {
        let dirPath = rel.isEmpty ? base : base + [UInt8(ascii: "/")] + rel
        guard let dir = withCString(dirPath, { opendir($0) }) else {
            out[key(rel)] = "unlistable"
            return
        }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            if rel.isEmpty && name == Array(".git".utf8) { continue }
            let childRel = rel.isEmpty ? name : rel + [UInt8(ascii: "/")] + name
            let full = base + [UInt8(ascii: "/")] + childRel
            var st = stat()
            guard withCString(full, { lstat($0, &st) }) == 0 else {
                out[key(childRel)] = "vanished"
                continue
            }
            let type = st.st_mode & S_IFMT
            var desc =
                "mode=\(String(st.st_mode, radix: 8)) size=\(st.st_size) mtime=\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
            switch type {
            case S_IFDIR:
                out[key(childRel)] = "dir " + desc
                walk(base, rel: childRel, into: &out)
            case S_IFLNK:
                var buf = [Int8](repeating: 0, count: 4096)
                let n = withCString(full) { readlink($0, &buf, buf.count) }
                desc += " -> " + String(decoding: buf.prefix(max(0, n)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
                out[key(childRel)] = "link " + desc
            case S_IFREG:
                if st.st_size <= 8 << 20, let hash = hashFile(full) { desc += " fnv=\(String(hash, radix: 16))" }
                out[key(childRel)] = "file " + desc
            default:
                out[key(childRel)] = "special " + desc  // FIFO, socket, device: never opened
            }
        }
    }

    private static func key(_ rel: [UInt8]) -> String {
        String(validating: rel, as: UTF8.self) ?? rel.map { String(format: "%02x", $0) }.joined()
    }

    private static func withCString<T>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> T) -> T {
        let z = bytes + [0]
        return z.withUnsafeBufferPointer {
            $0.baseAddress!.withMemoryRebound(to: CChar.self, capacity: z.count) { body($0) }
        }
    }

    /// FNV-1a over the file's bytes; nil when it cannot be opened (unreadable).
    private static func hashFile(_ path: [UInt8]) -> UInt64? {
        let fd = withCString(path) { open($0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK) }
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buf.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            for k in 0..<n { h = (h ^ UInt64(buf[k])) &* 0x100_0000_01b3 }
        }
        return h
    }
}

/// Wall time and memory of one audit.
struct ResourceSample {
    let seconds: Double
    let peakRSSMB: Double  // the process's peak so far (getrusage), monotonic across fixtures
    let currentRSSMB: Double  // resident now (/proc/self/statm)

    static func currentRSS() -> Double {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
            let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
        else { return -1 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }

    static func peakRSS() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    static func measure<T>(_ body: () throws -> T) rethrows -> (T, ResourceSample) {
        let start = Date()
        let value = try body()
        return (
            value,
            ResourceSample(seconds: Date().timeIntervalSince(start), peakRSSMB: peakRSS(), currentRSSMB: currentRSS())
        )
    }

    var summary: String {
        String(format: "%.2f s, RSS now %.0f MB, peak so far %.0f MB", seconds, currentRSSMB, peakRSSMB)
    }
}
