import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes the report files of one run into the `--out` folder as a pair: each is written to a fresh temporary file
/// in that folder (`O_CREAT | O_EXCL | O_NOFOLLOW`), then, under an exclusive lock on the folder, every target is
/// checked and all are published: `rename` with `--force`, otherwise `link` (which fails instead of replacing an
/// existing file; a pair is never half published: the first is removed again when the second cannot be).
/// Concurrent runs to one folder take the lock in turn, so they cannot both write.
public enum ReportPublisher {
    public struct Failure: Error, CustomStringConvertible { public let description: String }

    public static func publish(_ files: [(name: String, data: Data)], in dir: URL, force: Bool) throws {
        let dirfd = open(dir.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dirfd >= 0 else {
            throw Failure(description: "cannot open \(dir.path): \(String(cString: strerror(errno)))")
        }
        defer { close(dirfd) }
        var temps: [(tmp: String, name: String)] = []
        defer { for t in temps { unlinkat(dirfd, t.tmp, 0) } }
        for f in files {
            let tmp = ".\(f.name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            let fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw Failure(
                    description: "cannot create a temporary file in \(dir.path): \(String(cString: strerror(errno)))")
            }
            temps.append((tmp, f.name))
            let ok = f.data.withUnsafeBytes { buf -> Bool in
                var off = 0
                while off < buf.count {
                    let n = write(fd, buf.baseAddress! + off, buf.count - off)
                    if n < 0 {
                        if errno == EINTR { continue }
                        return false
                    }
                    off += n
                }
                return true
            }
            let synced = fsync(fd) == 0
            close(fd)
            guard ok && synced else {
                throw Failure(description: "cannot write \(dir.path)/\(f.name): \(String(cString: strerror(errno)))")
            }
        }
        // Exclusive lock on the folder itself (no lock file is left behind); wait a little for a concurrent run.
        var locked = false
        for _ in 0..<50 {
            if flock(dirfd, LOCK_EX | LOCK_NB) == 0 {
                locked = true
                break
            }
            usleep(100_000)
        }
        guard locked else { throw Failure(description: "another mlaudit run is writing to \(dir.path)") }
        defer { flock(dirfd, LOCK_UN) }
        if !force {
            for t in temps {
                var st = stat()
                if fstatat(dirfd, t.name, &st, AT_SYMLINK_NOFOLLOW) == 0 {
                    throw Failure(
                        description:
                            "\(dir.path)/\(t.name) exists; pass --force to overwrite it or choose another --out")
                }
            }
        }
        var published: [String] = []
        for t in temps {
            let rc = force ? renameat(dirfd, t.tmp, dirfd, t.name) : linkat(dirfd, t.tmp, dirfd, t.name, 0)
            guard rc == 0 else {
                let why = String(cString: strerror(errno))
                if !force { for p in published { unlinkat(dirfd, p, 0) } }
                throw Failure(description: "cannot publish \(dir.path)/\(t.name): \(why)")
            }
            published.append(t.name)
        }
    }
}
