import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The one way mlaudit reads a file of the audited tree (or of its `.git`): opened with `O_NOFOLLOW | O_NONBLOCK`,
/// accepted only when `fstat` says it is a regular file, read up to a byte cap. Every folder on the way from the
/// root is opened with `O_NOFOLLOW | O_DIRECTORY` too, so a symlinked parent cannot lead outside the root.
/// A FIFO, socket or device is never read (the non-blocking open returns at once), a symlink is never followed.
public enum SafeFileReader {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case missing
        case symlink
        case notRegular
        case tooLong  // the path exceeds PATH_MAX or a name exceeds NAME_MAX
        case unsafePath  // absolute, `..`, or empty component
        case system(String)
        public var description: String {
            switch self {
            case .missing: return "no such file"
            case .symlink: return "a symbolic link (never followed)"
            case .notRegular: return "not a regular file (FIFO, socket, device or folder): never opened for reading"
            case .tooLong: return "the path is longer than the system's PATH_MAX"
            case .unsafePath: return "the path leaves the folder (absolute or `..`)"
            case .system(let s): return s
            }
        }
    }

    /// Reads `relative` (a `/`-separated path without `..`) under `root`, at most `limit` bytes.
    public static func read(root: String, relative: String, limit: Int) -> Result<[UInt8], Failure> {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !relative.hasPrefix("/"), !parts.isEmpty,
            !parts.contains(where: { $0.isEmpty || $0 == ".." || $0 == "." })
        else {
            return .failure(.unsafePath)
        }
        var dirfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dirfd >= 0 else { return .failure(failure(errno)) }
        for part in parts.dropLast() {
            let next = openat(dirfd, String(part), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let e = errno
            close(dirfd)
            guard next >= 0 else { return .failure(e == ELOOP || e == ENOTDIR ? .symlink : failure(e)) }
            dirfd = next
        }
        defer { close(dirfd) }
        let fd = openat(dirfd, String(parts.last!), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .failure(errno == ELOOP ? .symlink : failure(errno)) }
        defer { close(fd) }
        return readOpen(fd, limit: limit)
    }

    /// Bytes `offset..<offset + length` of `relative` under `root`, opened as `read` opens it (no symlink in any
    /// component, regular files only), when the file is still `size` bytes long; nil otherwise (missing, changed
    /// size, short read): the caller reads the whole file instead.
    package static func readRange(root: String, relative: String, offset: Int, length: Int, size: Int) -> [UInt8]? {
        guard offset >= 0, length >= 0, offset + length <= size else { return nil }
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !relative.hasPrefix("/"), !parts.isEmpty,
            !parts.contains(where: { $0.isEmpty || $0 == ".." || $0 == "." })
        else { return nil }
        var dirfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dirfd >= 0 else { return nil }
        for part in parts.dropLast() {
            let next = openat(dirfd, String(part), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            close(dirfd)
            guard next >= 0 else { return nil }
            dirfd = next
        }
        defer { close(dirfd) }
        let fd = openat(dirfd, String(parts.last!), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, Int(st.st_size) == size else { return nil }
        var bytes = [UInt8](repeating: 0, count: length)
        var got = 0
        while got < length {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, length - got, off_t(offset + got)) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return nil
            }
            if n == 0 { return nil }
            got += n
        }
        return bytes
    }

    /// Reads an absolute path the same way (no symlink in the last component; parents are the caller's concern:
    /// used for `--config FILE`, which the user names).
    public static func read(absolute path: String, limit: Int) -> Result<[UInt8], Failure> {
        if path.utf8.count >= Int(PATH_MAX) { return .failure(.tooLong) }
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .failure(errno == ELOOP ? .symlink : failure(errno)) }
        defer { close(fd) }
        return readOpen(fd, limit: limit)
    }

    /// The text of a small file, or nil for every failure (for optional inputs such as `.gitattributes`).
    public static func text(root: String, relative: String, limit: Int = 1 << 20) -> String? {
        guard case .success(let bytes) = read(root: root, relative: relative, limit: limit) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    package static func readOpen(_ fd: Int32, limit: Int) -> Result<[UInt8], Failure> {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(failure(errno)) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { return .failure(.notRegular) }
        // The regular file may grow while being read: never read past the cap whatever st_size said.
        let want = max(0, min(Int(st.st_size), limit))
        var bytes = [UInt8](repeating: 0, count: want)
        var got = 0
        while got < want {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + got, want - got) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .failure(failure(errno))
            }
            if n == 0 { break }
            got += n
        }
        if got < want { bytes.removeLast(want - got) }
        return .success(bytes)
    }

    static func failure(_ e: Int32) -> Failure {
        switch e {
        case ENOENT: return .missing
        case ELOOP: return .symlink
        case ENAMETOOLONG: return .tooLong
        default: return .system(String(cString: strerror(e)))
        }
    }

    /// `lstat` of `relative` under `root`: the file type, or the failure (ENOENT is `.missing`).
    public static func type(root: String, relative: String) -> Result<mode_t, Failure> {
        let full = root + "/" + relative
        var st = stat()
        if lstat(full, &st) == 0 { return .success(st.st_mode & S_IFMT) }
        return .failure(failure(errno))
    }
}
