import Foundation
import MLAuditKit

#if canImport(Glibc)
    import Glibc
#endif

/// The one way mlaudit runs git on an audited repository (audit, explain, apply). The repository is an attacker:
/// its `.git/config` (and whatever it includes) can name programs that git would run, so every such setting git
/// 2.39 reads for the commands mlaudit uses is overridden on the command line (command-line `-c` beats every
/// config file, included ones too: git-config(1) "the last value wins", command line read last):
///
/// - `core.fsmonitor=false`: the fsmonitor hook runs on `ls-files`/`status`/any index refresh.
/// - `core.hooksPath=/dev/null`: no hook (e.g. `post-index-change`) can be found.
/// - every `filter.<driver>.clean/smudge/process` the repository names emptied and `required=false`: git runs no
///   filter whose command is empty (convert.c `apply_filter`); `status` re-hashes stat-dirty files through them.
/// - `log.showSignature=false` plus `--no-show-signature`, and `gpg.program`, `gpg.{openpgp,x509,ssh}.program`
///   set to `/dev/null` (cannot be executed): signature checks are never triggered, and could not run if they were.
/// - `diff.external=` and `--no-ext-diff`/`--no-textconv` wherever a diff could be produced.
/// - `core.attributesFile=/dev/null`, `core.excludesFile=/dev/null`: no attribute or ignore file from outside.
/// - `protocol.allow=never` and every `protocol.<name>.allow` the repository sets forced to `never`,
///   `credential.helper=`, `core.askPass=`: no transport (a lazy fetch of a partial clone, an `ext::` remote).
/// - `submodule.recurse=false` and `--ignore-submodules=all` on `status`: git never enters a submodule (whose
///   own config would not see these overrides as repository config).
/// - `core.pager=cat`, `--no-pager`, `color.ui=false`, `log.mailmap=false`, `gc.auto=0`, `maintenance.auto=false`.
///
/// The environment is minimal (PATH, HOME, LC_ALL=C) plus `GIT_DIR`/`GIT_WORK_TREE` pinned to the root (so
/// `core.worktree` cannot move the work tree), `GIT_OPTIONAL_LOCKS=0` (`status` never rewrites the index),
/// `GIT_TERMINAL_PROMPT=0`, `GIT_CONFIG_NOSYSTEM=1`, `GIT_ATTR_NOSYSTEM=1`, `GIT_NO_REPLACE_OBJECTS=1`.
/// Each git runs in its own process group, killed on timeout and on SIGINT/SIGTERM (see `ChildProcesses`).
///
/// History is refused (`open` fails) when `.git` is not a real folder inside the root, when a part of it git
/// reads (config, HEAD, refs, objects, ...) or its `commondir` resolves outside the root, when
/// `objects/info/alternates` names a folder outside the root, or when a file git would read is not a regular file.
public struct HardenedGit: Sendable {
    /// The real path of the audited root (the work tree).
    public let root: String
    public var gitDir: String { root + "/.git" }
    /// Filter drivers named by the repository's attributes or config, each neutralised.
    public let filterDrivers: [String]
    /// `protocol.<name>.allow` names the repository sets, each forced to `never`.
    public let protocols: [String]
    public let executable: String

    public enum Refusal: Error, CustomStringConvertible, Equatable {
        case notRepository  // no `.git` at the root: a plain tree (not an error)
        case gitNotFound
        case unsafe(String)  // why history is refused
        public var description: String {
            switch self {
            case .notRepository: return "not a git repository"
            case .gitNotFound: return "git was not found on PATH"
            case .unsafe(let why): return why
            }
        }
    }

    public struct Unsafe: Error, CustomStringConvertible { public let description: String }

    /// The fixed overrides, in the order they are passed (tests and `bench/trace-exec.sh` look for them).
    public static let fixedOverrides: [String] = [
        "core.fsmonitor=false", "core.hooksPath=/dev/null", "core.attributesFile=/dev/null",
        "core.excludesFile=/dev/null",
        "core.askPass=", "core.pager=cat", "core.quotepath=off", "credential.helper=",
        "log.showSignature=false", "log.mailmap=false",
        "gpg.program=/dev/null", "gpg.openpgp.program=/dev/null", "gpg.x509.program=/dev/null",
        "gpg.ssh.program=/dev/null",
        "diff.external=", "submodule.recurse=false", "status.submoduleSummary=false",
        "protocol.allow=never", "protocol.ext.allow=never", "protocol.file.allow=never", "protocol.fd.allow=never",
        "color.ui=false", "gc.auto=0", "maintenance.auto=false",
    ]

    /// For git run outside any repository (`git apply --check` in a private temporary copy): the same fixed
    /// overrides, so the user's own global config cannot start a program either.
    public static var outsideRepositoryOverrides: [String] { ["--no-pager"] + fixedOverrides.flatMap { ["-c", $0] } }

    /// Validates the repository and collects the filter drivers to neutralise.
    public static func open(root url: URL) -> Result<HardenedGit, Refusal> {
        guard let real = realPath(url.path) else { return .failure(.notRepository) }
        var st = stat()
        guard lstat(real + "/.git", &st) == 0 else { return .failure(.notRepository) }
        switch st.st_mode & S_IFMT {
        case S_IFDIR: break
        case S_IFLNK:
            return .failure(
                .unsafe("`.git` is a symbolic link: the history it points to may lie outside the audited folder"))
        case S_IFREG:
            return .failure(
                .unsafe(
                    "`.git` is a file (a `gitdir:` pointer, as in a linked worktree or submodule): the history it points to may lie outside the audited folder"
                ))
        default:
            return .failure(.unsafe("`.git` is not a folder"))
        }
        let gitDir = real + "/.git"
        func inside(_ p: String) -> Bool { p == real || p.hasPrefix(real + "/") }
        // Every part of .git git reads must resolve inside the root.
        for part in [
            "config", "HEAD", "index", "objects", "refs", "packed-refs", "info", "shallow", "commondir",
            "modules", "worktrees", "config.worktree", "objects/info", "objects/pack", "FETCH_HEAD", "ORIG_HEAD",
        ] {
            let p = gitDir + "/" + part
            var pst = stat()
            guard lstat(p, &pst) == 0 else { continue }
            guard let r = realPath(p) else { return .failure(.unsafe("`.git/\(part)` does not resolve")) }
            guard inside(r) else { return .failure(.unsafe("`.git/\(part)` resolves outside the audited folder")) }
            var target = stat()
            guard stat(r, &target) == 0 else { return .failure(.unsafe("`.git/\(part)` cannot be read")) }
            let type = target.st_mode & S_IFMT
            if type != S_IFREG && type != S_IFDIR {
                return .failure(
                    .unsafe("`.git/\(part)` is not a regular file or folder (a FIFO or device git would block on)"))
            }
        }
        // Pack files (and loose-object folders) linked from another repository would put its commits in the report.
        for folder in ["objects", "objects/pack"] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: gitDir + "/" + folder)) ?? [] {
                let p = gitDir + "/" + folder + "/" + name
                var lst = stat()
                guard lstat(p, &lst) == 0, (lst.st_mode & S_IFMT) == S_IFLNK else { continue }
                guard let r = realPath(p), inside(r) else {
                    return .failure(
                        .unsafe("`.git/\(folder)/\(TerminalText.clean(name))` links outside the audited folder"))
                }
            }
        }
        if case .success(let bytes) = SafeFileReader.read(root: gitDir, relative: "commondir", limit: 4096) {
            let dir = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let full = dir.hasPrefix("/") ? dir : gitDir + "/" + dir
            guard let r = realPath(full), inside(r) else {
                return .failure(.unsafe("`.git/commondir` points outside the audited folder"))
            }
        }
        if case .success(let bytes) = SafeFileReader.read(
            root: gitDir, relative: "objects/info/alternates", limit: 1 << 16)
        {
            for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
                let entry = line.trimmingCharacters(in: .whitespaces)
                if entry.isEmpty || entry.hasPrefix("#") { continue }
                let full = entry.hasPrefix("/") ? entry : gitDir + "/objects/" + entry
                guard let r = realPath(full), inside(r) else {
                    return .failure(
                        .unsafe("`.git/objects/info/alternates` names an object store outside the audited folder"))
                }
            }
        }
        for file in ["info/attributes", "info/exclude"] {
            var fst = stat()
            if lstat(gitDir + "/" + file, &fst) == 0, (fst.st_mode & S_IFMT) != S_IFREG {
                return .failure(.unsafe("`.git/\(file)` is not a regular file"))
            }
        }
        if case .failure(let why) = attributesFilesAreRegular(root: real, folders: [""]) {
            return .failure(.unsafe(why.description))
        }
        guard let git = GroupSpawner.resolve("git", path: ProcessInfo.processInfo.environment["PATH"]) else {
            return .failure(.gitNotFound)
        }
        var drivers = Set<String>()
        for text in [
            SafeFileReader.text(root: real, relative: ".gitattributes"),
            SafeFileReader.text(root: gitDir, relative: "info/attributes"),
        ].compactMap({ $0 }) {
            drivers.formUnion(filterNames(inAttributes: text))
        }
        // Every driver any config level defines (includes followed by git itself; reading config runs nothing).
        let base = HardenedGit(root: real, filterDrivers: [], protocols: [], executable: git)
        var protocols = Set<String>()
        if let r = try? base.run(
            [
                "config", "--null", "--name-only", "--get-regexp",
                #"^(filter\..+\.(clean|smudge|process|required)|protocol\..+\.allow)$"#,
            ], timeout: 10),
            !r.timedOut
        {
            // Exit 1 is "no such key"; anything else (a malformed config, git's ownership check) means no git
            // command would work on this repository either.
            guard r.exitCode <= 1 else {
                let why =
                    r.stderrText.split(separator: "\n").first.map { TerminalText.clean(String($0.prefix(200))) }
                    ?? "exit \(r.exitCode)"
                return .failure(
                    .unsafe(
                        "git cannot read the repository's configuration: \(why.replacingOccurrences(of: real + "/", with: ""))"
                    ))
            }
            for key in r.stdout.split(separator: 0).map({ String(decoding: $0, as: UTF8.self) }) {
                if key.hasPrefix("filter."), let last = key.lastIndex(of: ".") {
                    drivers.insert(String(key[key.index(key.startIndex, offsetBy: 7)..<last]))
                } else if key.hasPrefix("protocol."), let last = key.lastIndex(of: "."), key.hasSuffix(".allow") {
                    let name = String(key[key.index(key.startIndex, offsetBy: 9)..<last])
                    if !name.isEmpty { protocols.insert(name) }
                }
            }
        } else {
            return .failure(.unsafe("`git config` could not read the repository's configuration"))
        }
        for name in drivers.union(protocols) where !overridable(name) {
            return .failure(
                .unsafe(
                    "a filter driver or protocol name (\(TerminalText.clean(String(name.prefix(40))))) cannot be overridden on git's command line"
                ))
        }
        return .success(
            HardenedGit(root: real, filterDrivers: drivers.sorted(), protocols: protocols.sorted(), executable: git))
    }

    /// `filter=NAME` values of an attributes file (macros included: `[attr]m filter=x`).
    static func filterNames(inAttributes text: String) -> Set<String> {
        var out = Set<String>()
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            for token in line.split(whereSeparator: { $0 == " " || $0 == "\t" }) where token.hasPrefix("filter=") {
                let name = String(token.dropFirst(7))
                if !name.isEmpty { out.insert(name) }
            }
        }
        return out
    }

    /// A name git's `-c section.NAME.key=value` parses back exactly: no `=`, no control character.
    static func overridable(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("=") && !name.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }

    /// Every `.gitattributes` git could read in `folders` (relative, "" = root) must be a regular file (or absent):
    /// git opens it blocking, so a FIFO hangs it and a device feeds it gigabytes.
    public static func attributesFilesAreRegular(
        root: String, folders: some Sequence<String>,
        names: [String] = [".gitattributes"]
    ) -> Result<Void, Unsafe> {
        for folder in folders {
            for name in names {
                let rel = folder.isEmpty ? name : folder + "/" + name
                var st = stat()
                if lstat(root + "/" + rel, &st) == 0 {
                    let type = st.st_mode & S_IFMT
                    if type != S_IFREG && type != S_IFLNK {
                        return .failure(
                            Unsafe(
                                description:
                                    "`\(TerminalText.clean(rel))` is not a regular file (a FIFO or device git would block on or read without end)"
                            ))
                    }
                }
            }
        }
        return .success(())
    }

    /// `git --git-dir=R/.git --work-tree=R -C R --no-pager -c ... ARGS`, returning the full argument list.
    public func arguments(_ args: [String]) -> [String] {
        var out = ["--git-dir=\(gitDir)", "--work-tree=\(root)", "-C", root, "--no-pager"]
        for o in Self.fixedOverrides { out += ["-c", o] }
        for p in protocols { out += ["-c", "protocol.\(p).allow=never"] }
        for d in filterDrivers {
            out += [
                "-c", "filter.\(d).clean=", "-c", "filter.\(d).smudge=", "-c", "filter.\(d).process=", "-c",
                "filter.\(d).required=false",
            ]
        }
        return out + args
    }

    public var environment: [String: String] { Self.environment(gitDir: gitDir, workTree: root) }

    package static func environment(gitDir: String, workTree: String) -> [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        var env: [String: String] = [
            "PATH": inherited["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "LC_ALL": "C", "LANG": "C",
            "GIT_DIR": gitDir, "GIT_WORK_TREE": workTree,
            "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "GIT_CONFIG_NOSYSTEM": "1", "GIT_ATTR_NOSYSTEM": "1",
            "GIT_NO_REPLACE_OBJECTS": "1", "GIT_PAGER": "cat", "PAGER": "cat", "GIT_ASKPASS": "", "SSH_ASKPASS": "",
            "GIT_PROTOCOL_FROM_USER": "0",
        ]
        // The user's own global config (identity, safe.directory) stays: it is the user's, not the repository's.
        for key in ["HOME", "XDG_CONFIG_HOME", "TMPDIR"] { if let v = inherited[key] { env[key] = v } }
        return env
    }

    /// Runs hardened git. `deadline` shortens the timeout to what is left of `--time-budget`.
    public func run(
        _ args: [String], timeout: TimeInterval = 20, deadline: Deadline = .none,
        indexFile: String? = nil
    ) throws -> ProcessResult {
        var env = environment
        if let indexFile { env["GIT_INDEX_FILE"] = indexFile }
        let left = deadline.remaining.map { max(0.5, min(timeout, $0)) } ?? timeout
        return try ProcessRunner.run(
            executable, arguments(args), in: URL(fileURLWithPath: root), environment: env,
            timeout: left)
    }

    static func realPath(_ p: String) -> String? {
        guard let r = realpath(p, nil) else { return nil }
        defer { free(r) }
        return String(cString: r)
    }
}
