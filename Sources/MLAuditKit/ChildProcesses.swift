import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Every child mlaudit starts (git, and gates under `--run-gates`) leads its own process group. The groups still
/// alive are kept in a fixed table that a signal handler can read: on SIGINT, SIGTERM or SIGHUP of mlaudit each
/// live group is killed before mlaudit dies of the signal, so no git child (nor anything it started) outlives it.
public enum ChildProcesses {
    static let capacity = 256
    /// Process-group ids (0 = free slot). Written under `lock`, read without it by the signal handler (word-sized
    /// stores are atomic on every platform Swift runs on).
    nonisolated(unsafe) static let groups: UnsafeMutablePointer<pid_t> = {
        let p = UnsafeMutablePointer<pid_t>.allocate(capacity: capacity)
        p.initialize(repeating: 0, count: capacity)
        return p
    }()
    static let lock = NSLock()
    nonisolated(unsafe) private static var installed = false

    static func register(_ pgid: pid_t) {
        lock.lock()
        defer { lock.unlock() }
        for i in 0..<capacity where groups[i] == 0 {
            groups[i] = pgid
            return
        }
    }

    static func unregister(_ pgid: pid_t) {
        lock.lock()
        defer { lock.unlock() }
        for i in 0..<capacity where groups[i] == pgid { groups[i] = 0 }
    }

    /// Live process groups (for tests).
    public static var live: [pid_t] {
        lock.lock()
        defer { lock.unlock() }
        return (0..<capacity).map { groups[$0] }.filter { $0 != 0 }
    }

    /// Installs the handlers once (the CLI calls this first thing). A handler kills every live group with SIGKILL,
    /// restores the default action and re-raises, so mlaudit's exit status still says which signal ended it.
    public static func installSignalHandlers() {
        lock.lock()
        defer { lock.unlock() }
        guard !installed else { return }
        installed = true
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = childKillingHandler
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(sig, &action, nil)
        }
    }

    /// Kills every live group now (async-signal-safe: only kill(2) on a preallocated table).
    static func killAll() {
        for i in 0..<capacity {
            let g = groups[i]
            if g > 0 { kill(-g, SIGKILL) }
        }
    }
}

private let childKillingHandler: @convention(c) (Int32) -> Void = { sig in
    ChildProcesses.killAll()
    signal(sig, SIG_DFL)
    raise(sig)
}

/// posix_spawn in a new process group, stdin from /dev/null, stdout/stderr captured through pipes read with poll.
package enum GroupSpawner {
    struct Spawned {
        let pid: pid_t
        let out: Int32
        let err: Int32
    }

    /// The executable's path: `name` itself when it holds a `/`, else the first executable match on `PATH`
    /// (resolved here, so no `/usr/bin/env` or shell is ever executed).
    package static func resolve(_ name: String, path: String?) -> String? {
        if name.contains("/") { return name }
        for dir in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where dir.hasPrefix("/") {
            let candidate = "\(dir)/\(name)"
            var st = stat()
            if stat(candidate, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }

    static func spawn(_ executable: String, _ arguments: [String], directory: String?, environment: [String: String])
        throws -> Spawned
    {
        var outPipe: [Int32] = [0, 0]
        var errPipe: [Int32] = [0, 0]
        guard glibcPipe2(&outPipe, O_CLOEXEC) == 0 else {
            throw ProcessRunnerError.launchFailed(executable, "pipe: \(String(cString: strerror(errno)))")
        }
        guard glibcPipe2(&errPipe, O_CLOEXEC) == 0 else {
            close(outPipe[0])
            close(outPipe[1])
            throw ProcessRunnerError.launchFailed(executable, "pipe: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        if let directory, glibcAddChdir(&actions, directory) != 0 {
            close(outPipe[0])
            close(outPipe[1])
            close(errPipe[0])
            close(errPipe[1])
            throw ProcessRunnerError.launchFailed(executable, "cannot set the working directory \(directory)")
        }
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        posix_spawnattr_setpgroup(&attr, 0)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }

        // Signals stay blocked from the spawn until the group is registered, so a SIGTERM cannot slip between.
        var block = sigset_t()
        var previous = sigset_t()
        sigemptyset(&block)
        for s in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&block, s) }
        pthread_sigmask(SIG_BLOCK, &block, &previous)
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attr, argv, envp)
        if rc == 0 { ChildProcesses.register(pid) }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        close(outPipe[1])
        close(errPipe[1])
        guard rc == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            throw ProcessRunnerError.launchFailed(executable, String(cString: strerror(rc)))
        }
        return Spawned(pid: pid, out: outPipe[0], err: errPipe[0])
    }

    /// Reads both pipes until the child exits (or the timeout passes: the whole group is then killed), keeping at
    /// most `maxOutput` bytes of each. After the child exits its group is killed, so a lingering grandchild cannot
    /// hold the pipes open.
    static func collect(_ s: Spawned, timeout: TimeInterval, maxOutput: Int) -> ProcessResult {
        var out = Data()
        var err = Data()
        var open = [s.out: true, s.err: true]
        let start = DispatchTime.now().uptimeNanoseconds
        let limit = UInt64(max(0, timeout) * 1e9)
        var exited = false
        var timedOut = false
        var exitedAt: UInt64 = 0
        var buffer = [UInt8](repeating: 0, count: 65536)
        // The leader is left a zombie (WNOWAIT) until the end: its pid, hence its group id, cannot be reused while
        // the group is being killed.
        func leaderExited() -> Bool {
            var info = siginfo_t()
            return waitid(P_PID, id_t(s.pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0
                && info._sifields._sigchld.si_pid == s.pid
        }
        while true {
            let now = DispatchTime.now().uptimeNanoseconds
            if !exited && leaderExited() {
                exited = true
                exitedAt = now
                kill(-s.pid, SIGKILL)
            }
            if !exited && !timedOut && now - start > limit {
                timedOut = true
                kill(-s.pid, SIGTERM)
                usleep(200_000)
                kill(-s.pid, SIGKILL)
            }
            let fds = open.filter(\.value).map(\.key)
            if fds.isEmpty && exited { break }
            if exited && now - exitedAt > 2_000_000_000 { break }  // pipes held by an escaped process: stop reading
            if fds.isEmpty {
                usleep(10_000)
                continue
            }
            var polls = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let n = poll(&polls, nfds_t(polls.count), 50)
            if n <= 0 { continue }
            for p in polls where p.revents != 0 {
                let got = buffer.withUnsafeMutableBytes { read(p.fd, $0.baseAddress, $0.count) }
                if got > 0 {
                    if p.fd == s.out {
                        if out.count < maxOutput { out.append(contentsOf: buffer[0..<min(got, maxOutput - out.count)]) }
                    } else if err.count < maxOutput {
                        err.append(contentsOf: buffer[0..<min(got, maxOutput - err.count)])
                    }
                } else if got == 0 || (errno != EINTR && errno != EAGAIN) {
                    open[p.fd] = false
                }
            }
        }
        close(s.out)
        close(s.err)
        kill(-s.pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(s.pid, &status, 0) < 0 && errno == EINTR {}
        ChildProcesses.unregister(s.pid)
        let code: Int32
        if (status & 0x7f) == 0 { code = (status >> 8) & 0xff } else { code = 128 + (status & 0x7f) }
        return ProcessResult(exitCode: code, stdout: out, stderr: err, timedOut: timedOut)
    }
}

// glibc functions behind _GNU_SOURCE, which Swift's Glibc module does not expose.
@_silgen_name("pipe2")
private func glibcPipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32
@_silgen_name("posix_spawn_file_actions_addchdir_np")
private func glibcAddChdir(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: UnsafePointer<CChar>)
    -> Int32
