import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport

#if canImport(Glibc)
    import Glibc
#endif

/// Stage 1: which files the repository has, and their bytes.
/// Never follows a symbolic link, never opens anything but a regular file, never reads past the size cap.
public final class RepositorySnapshot: Sendable {
    public let root: URL
    public let files: [RepoFile]  // sorted by path
    public let skipped: [SkippedFile]  // sorted by path
    public let isGitWorkTree: Bool
    private let contents: ContentStore
    private let index: [String: Int]

    public struct Options: Sendable {
        public var maxFileBytes: Int = 2 << 20
        public var maxFiles: Int = 200_000
        public var deadline: Deadline = .none
        /// Globs (`PathGlob`: `*`, `?`, `[...]`, `**`) of paths to leave out, as `.mlaudit.toml`'s `exclude` gives them.
        public var exclude: [String] = []
        public init() {}
    }

    public func file(_ path: String) -> RepoFile? { index[path].map { files[$0] } }
    /// The file's content: held since the snapshot, or read again (through the same reader and cap) when the facts
    /// stage released it (`release(_:)`); nil for files the snapshot did not read.
    public func content(_ path: String) -> FileContent? { contents.content(path) }
    public func text(_ path: String) -> String? { contents.content(path)?.text }
    /// Whether the snapshot read the file (held, released or only probed): `content(path)` is then non-nil.
    public func isRead(_ path: String) -> Bool { contents.isRead(path) }
    /// The file's content read now for a single pass over it (the facts stage's): not counted as a re-read and not
    /// kept among the recent ones. Nil for files the snapshot did not read.
    package func contentForPass(_ path: String) -> FileContent? { contents.contentForPass(path) }

    /// Drops the held content of `path` once its facts are taken (Python and notebooks: the largest share of the
    /// text). A later `content(path)` reads the file again; the few most recent re-reads are kept.
    package func release(_ path: String) { contents.release(path) }

    /// Bytes `start..<end` of a released file whose text is its bytes, read alone (`ContentStore.lineBytes`).
    package func lineBytes(_ path: String, _ start: Int, _ end: Int) -> [UInt8]? {
        contents.lineBytes(path, start, end)
    }

    /// False only when the file, as read, certainly does not contain `needle` (a released file is not read again).
    package func mayContain(_ path: String, _ needle: [UInt8]) -> Bool { contents.mayContain(path, needle) }

    /// How many times a released file was read again (for `MLAUDIT_TRACE`).
    package var rereads: Int { contents.rereadCount }

    package init(
        root: URL, files: [RepoFile], skipped: [SkippedFile], isGitWorkTree: Bool, contents: [String: FileContent],
        deferred: [String: PairFilter] = [:], maxFileBytes: Int = Options().maxFileBytes
    ) {
        self.root = root
        self.files = files
        self.skipped = skipped
        self.isGitWorkTree = isGitWorkTree
        self.contents = ContentStore(
            contents, deferred: deferred, root: root.standardizedFileURL.path, limit: maxFileBytes)
        var index: [String: Int] = [:]
        for (i, f) in files.enumerated() { index[f.path] = i }
        self.index = index
    }

    public static func take(
        root: URL, options: Options = Options(), errors: ErrorLog,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount
    ) -> RepositorySnapshot {
        let rootPath = root.standardizedFileURL.path
        var skipped: [SkippedFile] = []
        var paths: [String]
        let isGit: Bool
        if let listed = StageTrace.detail(
            "snapshot: git ls-files",
            {
                gitListing(root: root, errors: errors, deadline: options.deadline)
            })
        {
            paths = listed
            isGit = true
        } else {
            paths = StageTrace.detail("snapshot: walk") {
                walk(rootPath: rootPath, skipped: &skipped, limit: options.maxFiles, errors: errors)
            }
            isGit = false
        }
        let excludes = options.exclude.map(PathGlob.init)
        paths = paths.filter { p in !PathRoles.isPruned(p) && !excludes.contains { $0.matches(p) } }
        if paths.count > options.maxFiles {
            errors.record(
                step: .snapshot,
                error: "the repository lists \(paths.count) files; only the first \(options.maxFiles) are audited",
                context: "raise the limit with --max-files", path: nil)
            paths = Array(paths.sorted().prefix(options.maxFiles))
        }
        var files: [RepoFile] = []
        var contents: [String: FileContent] = [:]
        var deferred: [String: PairFilter] = [:]
        files.reserveCapacity(paths.count)
        var unread = 0
        var toRead: [String] = []
        for path in Set(paths).sorted() {
            let full = rootPath + "/" + path
            var st = stat()
            guard lstat(full, &st) == 0 else {
                // ENOENT: deleted from the work tree but still tracked. Anything else is a loss to report.
                let e = errno
                if e == ENOENT { continue }
                let why =
                    e == ENAMETOOLONG
                    ? "the path is longer than the system's PATH_MAX (\(full.utf8.count) bytes)"
                    : String(cString: strerror(e))
                skipped.append(SkippedFile(path: path, cause: .notExamined(why)))
                errors.record(
                    step: .snapshot, error: "cannot examine \(path): \(why)",
                    context: "the file is listed but neither its kind nor its content is audited", path: path)
                continue
            }
            let type = st.st_mode & S_IFMT
            if type == S_IFLNK {
                skipped.append(SkippedFile(path: path, cause: symlinkCause(full, rootPath: rootPath)))
                continue
            }
            if type == S_IFDIR { continue }  // a submodule's gitlink
            guard type == S_IFREG else {
                skipped.append(
                    SkippedFile(path: path, cause: .notRegularFile))
                continue
            }
            let kind = FileKind.classify(path: path)
            let file = RepoFile(
                path: path, size: Int(st.st_size), kind: kind,
                isVendored: PathRoles.isVendored(path), isTest: PathRoles.isTest(path))
            files.append(file)
            guard kind.isAnalysed else { continue }
            if file.size > options.maxFileBytes {
                skipped.append(
                    SkippedFile(path: path, cause: .overReadCap(size: file.size, cap: options.maxFileBytes))
                )
                continue
            }
            toRead.append(path)
        }
        // The reads run concurrently; each writes only its own slot, and the outcomes are merged in path order below,
        // so the snapshot is the same whatever the number of workers.
        // Python files and notebooks are only probed (readable? binary? which byte pairs?): the facts stage reads each
        // again, one file per worker at a time, and reduces it to its facts. Holding them all from here to there would
        // make the size of the code the audit's peak memory.
        let probed = toRead.map { p in
            let kind = FileKind.classify(path: p)
            return kind == .python || kind == .notebook
        }
        let outcomes = StageTrace.detail("snapshot: read") {
            readConcurrently(
                toRead, rootPath: rootPath, limit: options.maxFileBytes, deadline: options.deadline, workers: workers,
                probeOnly: probed)
        }
        for (path, outcome) in zip(toRead, outcomes) {
            switch outcome {
            case .none:
                unread += 1
                skipped.append(SkippedFile(path: path, cause: .timeBudget))
            case .success(.held(let c))?:
                if c.isBinary {
                    skipped.append(SkippedFile(path: path, cause: .binary))
                } else {
                    contents[path] = c
                }
            case .success(.probed(let isBinary, let pairs))?:
                if isBinary {
                    skipped.append(SkippedFile(path: path, cause: .binary))
                } else {
                    deferred[path] = pairs
                }
            case .failure(let why)?:
                skipped.append(SkippedFile(path: path, cause: .unreadable(why.description)))
                errors.record(
                    step: .read, error: "cannot read \(path): \(why)",
                    context: "the file is listed but its content is left out of the audit", path: path)
            }
        }
        if unread > 0 {
            errors.record(
                step: .snapshot, error: "the time budget ran out while reading files; \(unread) files were not read",
                context: "raise --time-budget to audit them; they are listed under skipped files", path: nil)
        }
        skipped.sort { $0.path < $1.path }
        recordSkipped(skipped, errors: errors)
        return RepositorySnapshot(
            root: URL(fileURLWithPath: rootPath), files: files, skipped: skipped, isGitWorkTree: isGit,
            contents: contents, deferred: deferred, maxFileBytes: options.maxFileBytes)
    }

    /// Reads `paths` (relative to `rootPath`) on up to `workers` threads; nil where the deadline had passed.
    /// Outcomes come back in the order of `paths`.
    package static func readConcurrently(
        _ paths: [String], rootPath: String, limit: Int, deadline: Deadline, workers: Int
    ) -> [Result<FileContent, ReadFailure>?] {
        readConcurrently(paths, rootPath: rootPath, limit: limit, deadline: deadline, workers: workers, probeOnly: nil)
            .map { outcome in
                outcome.map { r in
                    r.map { read in
                        guard case .held(let c) = read else { preconditionFailure("no path was probed only") }
                        return c
                    }
                }
            }
    }

    /// What reading one file left: its content, or for a file only probed, whether it is binary and its byte pairs.
    package enum Read: Sendable {
        case held(FileContent)
        case probed(isBinary: Bool, pairs: PairFilter)
    }

    /// As above; where `probeOnly[i]` is true the bytes are dropped once classified (`Read.probed`).
    package static func readConcurrently(
        _ paths: [String], rootPath: String, limit: Int, deadline: Deadline, workers: Int, probeOnly: [Bool]?
    ) -> [Result<Read, ReadFailure>?] {
        var out = [Result<Read, ReadFailure>?](repeating: nil, count: paths.count)
        let chunks = max(1, min(workers, paths.count))
        out.withUnsafeMutableBufferPointer { buffer in
            // Each worker takes every `chunks`-th path (sizes mix evenly) and writes only those slots; the buffer
            // outlives concurrentPerform.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: chunks) { w in
                var i = w
                while i < paths.count {
                    if !deadline.expired {
                        if probeOnly?[i] == true {
                            slots[i] = FileContent.probe(root: rootPath, relative: paths[i], limit: limit)
                        } else {
                            slots[i] = FileContent.read(root: rootPath, relative: paths[i], limit: limit).map {
                                .held($0)
                            }
                        }
                    }
                    i += chunks
                }
            }
        }
        return out
    }

    /// Every input left unread becomes an Error Capture entry, one per reason (with its count and first paths), so a
    /// thousand oversized data files give one block, not a thousand. In-repository symlinks are not losses: their
    /// targets are audited in place. Unreadable files were recorded one by one when the read failed.
    package static func recordSkipped(_ skipped: [SkippedFile], errors: ErrorLog) {
        var groups: [SkipGroup: [SkippedFile]] = [:]
        for s in skipped {
            guard let group = SkipGroup(s.cause) else { continue }
            groups[group, default: []].append(s)
        }
        for group in SkipGroup.allCases {
            guard let files = groups[group] else { continue }
            let paths = files.map(\.path)
            let hint = group.advice
            let shown = paths.prefix(5).joined(separator: ", ") + (paths.count > 5 ? " (+\(paths.count - 5) more)" : "")
            // Sizes differ from file to file: the group names the cap; each file's own size is in repo_map.skipped.
            let reason = group == .overReadCap ? "over the read cap" : files[0].reason
            errors.record(
                step: .snapshot,
                error: "\(paths.count) file\(paths.count == 1 ? "" : "s") not read (\(reason)): \(shown)",
                context: "listed under Skipped files in the Repo Map and in repo_map.skipped; \(hint)", path: paths[0])
        }
    }

    private static func symlinkCause(_ full: String, rootPath: String) -> SkippedFile.Cause {
        guard let resolved = realpath(full, nil) else { return .unresolvedLink }
        defer { free(resolved) }
        let target = String(cString: resolved)
        let realRoot =
            realpath(rootPath, nil).map { p -> String in
                defer { free(p) }
                return String(cString: p)
            } ?? rootPath
        if target == realRoot || target.hasPrefix(realRoot + "/") {
            return .linkInside
        }
        return .linkOutside
    }

    /// `git ls-files`: tracked plus untracked-not-ignored. Nil when `root` is not a git work tree.
    package static func gitListing(root: URL, errors: ErrorLog, deadline: Deadline = .none) -> [String]? {
        guard case .success(let git) = HardenedGit.open(root: root) else { return nil }
        // Tracked files first (the index only); untracked ones make git read every folder's .gitignore, which
        // must then be a regular file: a FIFO would block it, a device feed it without end.
        let cachedArgs = ["ls-files", "-z", "--cached", "--", "."]
        guard let cached = try? git.run(cachedArgs, timeout: 60, deadline: deadline), cached.exitCode == 0,
            !cached.timedOut
        else {
            errors.record(
                step: .snapshot, error: "git ls-files failed; falling back to a directory walk",
                context: "the tree is a git work tree but its index could not be listed", path: nil)
            return nil
        }
        var listing = cached.stdout
        let folders = Set(
            cached.stdout.split(separator: 0).map { raw -> String in
                let p = String(decoding: raw, as: UTF8.self)
                return p.lastIndex(of: "/").map { String(p[..<$0]) } ?? ""
            }
        ).union([""])
        switch HardenedGit.attributesFilesAreRegular(
            root: git.root, folders: folders.sorted(), names: [".gitignore", ".gitattributes"])
        {
        case .failure(let why):
            errors.record(
                step: .snapshot, error: "untracked files not listed: \(why.description)",
                context: "only the files git tracks are audited", path: nil)
        case .success:
            let othersArgs = ["ls-files", "-z", "--others", "--exclude-standard", "--", "."]
            if let others = try? git.run(othersArgs, timeout: 60, deadline: deadline), others.exitCode == 0,
                !others.timedOut
            {
                if !listing.isEmpty && !others.stdout.isEmpty { listing.append(0) }
                listing.append(others.stdout)
            } else {
                errors.record(
                    step: .snapshot, error: "git ls-files --others failed or timed out",
                    context: "untracked files are left out; the tracked files are audited", path: nil)
            }
        }
        return listing.split(separator: 0).compactMap { raw -> String? in
            guard let s = String(bytes: raw, encoding: .utf8) else {
                errors.record(
                    step: .snapshot, error: "a file name is not valid UTF-8 and was left out",
                    context: "name bytes: \(raw.prefix(40).map { String(format: "%02x", $0) }.joined())", path: nil)
                return nil
            }
            return s
        }
    }

    /// A walk for non-git trees: honours .gitignore files, prunes caches, never enters a symlinked folder.
    package static func walk(rootPath: String, skipped: inout [SkippedFile], limit: Int, errors: ErrorLog) -> [String] {
        var out: [String] = []
        var stack: [(String, GitIgnore)] = [("", GitIgnore())]
        while let (dir, inherited) = stack.popLast() {
            if out.count > limit { break }
            let full = dir.isEmpty ? rootPath : rootPath + "/" + dir
            var ignore = inherited
            if let text = SafeFileReader.text(
                root: rootPath, relative: dir.isEmpty ? ".gitignore" : dir + "/.gitignore")
            {
                ignore.add(contents: text, base: dir)
            }
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: full).sorted() } catch {
                skipped.append(
                    SkippedFile(
                        path: dir.isEmpty ? "." : dir, cause: .unreadableFolder(error.localizedDescription)))
                errors.record(
                    step: .snapshot, error: "cannot list folder \(dir.isEmpty ? "." : dir)",
                    context: "permission denied or the folder vanished; its files are left out",
                    path: dir.isEmpty ? nil : dir)
                continue
            }
            for name in names {
                let rel = dir.isEmpty ? name : dir + "/" + name
                var st = stat()
                guard lstat(rootPath + "/" + rel, &st) == 0 else {
                    if errno != ENOENT { out.append(rel) }  // examined again (and reported) by `take`
                    continue
                }
                let isDir = (st.st_mode & S_IFMT) == S_IFDIR
                if isDir {
                    if PathRoles.isPrunedDirectory(Substring(name)) || ignore.isIgnored(rel, isDirectory: true) {
                        continue
                    }
                    stack.append((rel, ignore))
                } else if !ignore.isIgnored(rel, isDirectory: false) {
                    out.append(rel)
                }
            }
        }
        return out
    }
}

/// A file's bytes and its text when it is text. A valid UTF-8 file is held once, as its text (its bytes are the
/// text's UTF-8 view); only a binary or non-UTF-8 file keeps its raw bytes beside the repaired text.
public struct FileContent: Sendable {
    /// The raw bytes when they differ from `text.utf8` (binary or invalid UTF-8); nil otherwise.
    private let raw: [UInt8]?
    public let isBinary: Bool
    public let isValidUTF8: Bool
    /// UTF-8 text (invalid sequences replaced by U+FFFD); empty for binary files.
    public let text: String

    /// The file's bytes (a copy for text files: prefer `withBytes` in loops).
    public var bytes: [UInt8] { raw ?? Array(text.utf8) }

    /// The file's bytes without copying them.
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let raw { return try raw.withUnsafeBufferPointer(body) }
        var t = text
        return try t.withUTF8(body)
    }

    /// Through `SafeFileReader`: no symlink followed (in any component), regular files only, capped.
    package static func read(root: String, relative: String, limit: Int) -> Result<FileContent, ReadFailure> {
        switch SafeFileReader.read(root: root, relative: relative, limit: limit) {
        case .success(let bytes): return .success(FileContent(bytes: bytes))
        case .failure(let why): return .failure(ReadFailure(why.description))
        }
    }

    /// Reads the file as `read` does but keeps only whether it is binary and its byte pairs.
    package static func probe(root: String, relative: String, limit: Int) -> Result<
        RepositorySnapshot.Read, ReadFailure
    > {
        switch SafeFileReader.read(root: root, relative: relative, limit: limit) {
        case .success(let bytes):
            return .success(
                .probed(
                    isBinary: looksBinary(bytes), pairs: bytes.withUnsafeBufferPointer { PairFilter($0) }))
        case .failure(let why): return .failure(ReadFailure(why.description))
        }
    }

    /// A NUL byte in the first 8 KiB.
    static func looksBinary(_ bytes: [UInt8]) -> Bool { bytes.prefix(8192).contains(0) }

    public init(bytes: [UInt8]) {
        isBinary = Self.looksBinary(bytes)
        if isBinary {
            isValidUTF8 = false
            text = ""
            raw = bytes
            return
        }
        if let s = String(validating: bytes, as: UTF8.self) {
            isValidUTF8 = true
            text = s
            raw = nil
        } else {
            isValidUTF8 = false
            text = String(decoding: bytes, as: UTF8.self)
            raw = bytes
        }
    }
}

public struct ReadFailure: Error, CustomStringConvertible {
    public let description: String
    package init(_ d: String) { description = d }
}

/// The kinds of unread input that become one Error Capture entry each (in this order), with the advice given.
/// Time-budget skips are reported by the deadline itself; in-repository links are audited in place; unreadable
/// files and folders were recorded one by one.
private enum SkipGroup: CaseIterable {
    case overReadCap, binary, linkOutside, unresolvedLink, notRegularFile

    init?(_ cause: SkippedFile.Cause) {
        switch cause {
        case .overReadCap: self = .overReadCap
        case .binary: self = .binary
        case .linkOutside: self = .linkOutside
        case .unresolvedLink: self = .unresolvedLink
        case .notRegularFile: self = .notRegularFile
        case .notExamined, .linkInside, .timeBudget, .unreadable, .unreadableFolder: return nil
        }
    }

    var advice: String {
        switch self {
        case .overReadCap: return "raise --max-file-bytes (or max_file_bytes in .mlaudit.toml) to read them"
        case .binary:
            return
                "binary files under source or config names are listed only; rename or remove them if they are not source"
        case .linkOutside:
            return "mlaudit never follows a link out of the audited tree; copy the target in if it should be audited"
        case .unresolvedLink: return "the link is dangling or loops; fix or remove it"
        case .notRegularFile: return "FIFOs, sockets and devices are never opened"
        }
    }
}
