import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport

#if canImport(Glibc)
    import Glibc
#endif

/// A content-keyed cache of the Python reader's facts, so a re-audit reads and tokenizes only what changed.
///
/// - Key: a keyed 64-bit SipHash of the file's bytes (the key is a random secret kept in the cache folder, so a
///   repository cannot craft a collision), the byte count and the reader kind, under a folder named after
///   mlaudit's version, the entry format and the running executable's size and mtime (a rebuilt mlaudit never
///   reads another build's entries).
/// - Place: `--cache-dir`, else `$XDG_CACHE_HOME/mlaudit`, else `~/.cache/mlaudit`; never inside the audited tree
///   (the cache is then off).
/// - Safety: entries are written to a temporary file and renamed into place (concurrent runs never see a partial
///   entry); an entry is data: it is decoded with bounds, count and UTF-8 checks, and anything that fails them is
///   ignored and recomputed. Facts never depend on the file's path (the path is set after decoding).
public final class FactCache: Sendable {
    public let folder: URL
    private let secret: (UInt64, UInt64)

    /// Bump when the reader's output or the entry layout changes.
    static let format = 4

    public enum Kind: UInt8, Sendable {
        case python = 1
        case notebook = 2
        /// A file's secret-scan result (`SecretHitsCodec`), stored beside its facts under the same content key.
        case secrets = 3
        /// A file's source-analysis values (`SourceAnalysis.encode`), by analysis name, under the same content key.
        case analyses = 4
        /// A verified Atomic Diff's outcome (`VerificationCache`), keyed by the patched files' contents.
        case verification = 5
    }

    /// The cache for an audit of `root`, or nil when off (`disabled`, no usable folder, or the folder is inside `root`).
    public static func open(
        root: URL, directory: String?, disabled: Bool,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> FactCache? {
        if disabled { return nil }
        let base: String
        if let directory, !directory.isEmpty {
            base = directory
        } else if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            base = xdg + "/mlaudit"
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            base = home + "/.cache/mlaudit"
        } else {
            return nil
        }
        let baseURL = URL(fileURLWithPath: base).standardizedFileURL
        // never inside the audited tree, checked before anything is created: the real path of the nearest existing
        // ancestor (a symlinked cache folder counts where it points) plus the components still to be made
        let realRoot = realPath(root.standardizedFileURL.path)
        var existing = baseURL.path
        var pending: [String] = []
        while !FileManager.default.fileExists(atPath: existing) && existing != "/" {
            pending.insert((existing as NSString).lastPathComponent, at: 0)
            existing = (existing as NSString).deletingLastPathComponent
        }
        let realBase = ([realPath(existing)] + pending).joined(separator: "/").replacingOccurrences(of: "//", with: "/")
        if realBase == realRoot || realBase.hasPrefix(realRoot.hasSuffix("/") ? realRoot : realRoot + "/") {
            return nil
        }
        guard
            (try? FileManager.default.createDirectory(
                at: baseURL, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])) != nil
        else { return nil }
        guard let secret = loadSecret(folder: baseURL) else { return nil }
        let folder = baseURL.appendingPathComponent("facts-\(format)-\(sanitize(MLAuditVersion.value))-\(buildStamp())")
        guard
            (try? FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])) != nil
        else { return nil }
        return FactCache(folder: folder, secret: secret)
    }

    init(folder: URL, secret: (UInt64, UInt64)) {
        self.folder = folder
        self.secret = secret
    }

    /// The entry name for these bytes.
    public func key(_ bytes: UnsafeBufferPointer<UInt8>, kind: Kind) -> String {
        let h = SipHash.hash(bytes, k0: secret.0, k1: secret.1)
        return String(
            format: "%02x/%016llx-%llx-%d", UInt8(truncatingIfNeeded: h >> 56), h, UInt64(bytes.count),
            Int(kind.rawValue))
    }

    /// The entry name for a tracked file git found unchanged: its blob id (`GitFacts.cleanBlobIDs`, validated
    /// hexadecimal there) and the work tree's byte count (an end-of-line conversion changes the bytes, not the id),
    /// so the file is neither hashed nor compared. Nil for an id that is not 40 or 64 lowercase hex digits.
    public func key(blob: String, byteCount: Int, kind: Kind) -> String? {
        let u = blob.utf8
        guard u.count == 40 || u.count == 64,
            u.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
        else { return nil }
        return "\(blob.prefix(2))/g\(blob)-\(String(byteCount, radix: 16))-\(Int(kind.rawValue))"
    }

    /// The same content's key for another kind of entry.
    func key(_ key: String, as kind: Kind) -> String {
        guard let dash = key.lastIndex(of: "-") else { return key }
        return key[..<dash] + "-\(Int(kind.rawValue))"
    }

    /// The secret-scan result stored for the content `key` names, with `path` set; nil when absent or invalid.
    package func loadSecrets(_ key: String, path: String) -> SecretScanner.FileHits? {
        guard let data = FileManager.default.contents(atPath: folder.path + "/" + self.key(key, as: .secrets)) else {
            return nil
        }
        return SecretHitsCodec.decode(Array(data), path: path)
    }

    package func storeSecrets(_ key: String, _ hits: SecretScanner.FileHits) {
        writeEntry(SecretHitsCodec.encode(hits), to: self.key(key, as: .secrets))
    }

    /// The source-analysis values stored for the content `key` names, as bytes by analysis name (each checked by
    /// its analysis's `decode`); nil when absent or invalid.
    package func loadAnalyses(_ key: String) -> [String: [UInt8]]? {
        guard let data = FileManager.default.contents(atPath: folder.path + "/" + self.key(key, as: .analyses)) else {
            return nil
        }
        return AnalysesCodec.decode(Array(data))
    }

    package func storeAnalyses(_ key: String, _ values: [(name: String, bytes: [UInt8])]) {
        writeEntry(AnalysesCodec.encode(values), to: self.key(key, as: .analyses))
    }

    /// The raw bytes stored under `key` (an entry of another kind than the Python facts: its own codec checks
    /// them); nil when absent.
    package func loadEntry(_ key: String) -> [UInt8]? {
        FileManager.default.contents(atPath: folder.path + "/" + key).map { Array($0) }
    }

    package func storeEntry(_ key: String, _ bytes: [UInt8]) { writeEntry(bytes, to: key) }

    /// The facts stored under `key`, with `path` set; nil when absent or invalid.
    public func load(_ key: String, path: String) -> PythonModule? {
        let file = folder.path + "/" + key
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        return FactCodec.decode(Array(data), path: path)
    }

    /// Stores `module`'s facts under `key` (temporary file, then rename; failures are ignored: the cache is an aid).
    public func store(_ key: String, _ module: PythonModule) { writeEntry(FactCodec.encode(module), to: key) }

    private func writeEntry(_ bytes: [UInt8], to key: String) {
        let file = folder.path + "/" + key
        let dir = (file as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(
            atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let tmp = dir + "/.tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let fd = Glibc.open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        var ok = true
        bytes.withUnsafeBytes { buf in
            var done = 0
            while done < buf.count {
                let n = write(fd, buf.baseAddress! + done, buf.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    ok = false
                    break
                }
                done += n
            }
        }
        close(fd)
        if !ok || rename(tmp, file) != 0 { unlink(tmp) }
    }

    private static func realPath(_ p: String) -> String {
        guard let r = realpath(p, nil) else { return p }
        defer { free(r) }
        return String(cString: r)
    }

    private static func sanitize(_ s: String) -> String {
        String(s.map { $0.isLetter || $0.isNumber || $0 == "." ? $0 : "_" })
    }

    /// Size and mtime of the running executable: entries of another build are never read.
    private static func buildStamp() -> String {
        var st = stat()
        guard stat("/proc/self/exe", &st) == 0 else { return "0" }
        return "\(st.st_size)-\(st.st_mtim.tv_sec)"
    }

    /// The cache's secret hash key (16 random bytes, created once with mode 0600).
    private static func loadSecret(folder: URL) -> (UInt64, UInt64)? {
        let path = folder.path + "/secret"
        func parse(_ d: [UInt8]) -> (UInt64, UInt64)? {
            guard d.count == 16 else { return nil }
            var a: UInt64 = 0
            var b: UInt64 = 0
            for i in 0..<8 {
                a = a << 8 | UInt64(d[i])
                b = b << 8 | UInt64(d[8 + i])
            }
            return (a, b)
        }
        if let d = FileManager.default.contents(atPath: path), let s = parse(Array(d)) { return s }
        var fresh = [UInt8](repeating: 0, count: 16)
        for i in fresh.indices { fresh[i] = UInt8.random(in: 0...255) }
        let tmp = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = Glibc.open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        let wrote = fresh.withUnsafeBytes { write(fd, $0.baseAddress!, 16) }
        close(fd)
        guard wrote == 16 else {
            unlink(tmp)
            return nil
        }
        // link() fails when another run created the secret first: then use theirs
        if link(tmp, path) != 0 {
            unlink(tmp)
            return FileManager.default.contents(atPath: path).flatMap { parse(Array($0)) }
        }
        unlink(tmp)
        return parse(fresh)
    }
}

/// SipHash-2-4 (64-bit output).
enum SipHash {
    static func hash(_ data: UnsafeBufferPointer<UInt8>, k0: UInt64, k1: UInt64) -> UInt64 {
        var v0: UInt64 = 0x736f_6d65_7073_6575 ^ k0
        var v1: UInt64 = 0x646f_7261_6e64_6f6d ^ k1
        var v2: UInt64 = 0x6c79_6765_6e65_7261 ^ k0
        var v3: UInt64 = 0x7465_6462_7974_6573 ^ k1
        @inline(__always) func rotl(_ x: UInt64, _ b: UInt64) -> UInt64 { (x << b) | (x >> (64 - b)) }
        @inline(__always) func round() {
            v0 &+= v1
            v1 = rotl(v1, 13)
            v1 ^= v0
            v0 = rotl(v0, 32)
            v2 &+= v3
            v3 = rotl(v3, 16)
            v3 ^= v2
            v0 &+= v3
            v3 = rotl(v3, 21)
            v3 ^= v0
            v2 &+= v1
            v1 = rotl(v1, 17)
            v1 ^= v2
            v2 = rotl(v2, 32)
        }
        let n = data.count
        let blocks = n / 8
        if let base = data.baseAddress {
            let raw = UnsafeRawPointer(base)
            for i in 0..<blocks {
                let m = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
                v3 ^= m
                round()
                round()
                v0 ^= m
            }
        }
        var last = UInt64(truncatingIfNeeded: n) << 56
        for i in 0..<(n & 7) { last |= UInt64(data[blocks * 8 + i]) << (8 * UInt64(i)) }
        v3 ^= last
        round()
        round()
        v0 ^= last
        v2 ^= 0xff
        round()
        round()
        round()
        round()
        return v0 ^ v1 ^ v2 ^ v3
    }
}
