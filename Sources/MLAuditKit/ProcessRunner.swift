import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program (never through a shell) with a timeout, capturing stdout and stderr.
/// Used for `git` and, under `--run-gates`, for gates. Output beyond `maxOutput` bytes is dropped.
public struct ProcessResult: Sendable {
    public var exitCode: Int32
    public var stdout: Data
    public var stderr: Data
    public var timedOut: Bool
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

public enum ProcessRunnerError: Error, CustomStringConvertible {
    case launchFailed(String, String)
    public var description: String {
        switch self {
        case .launchFailed(let cmd, let why): return "could not start \(cmd): \(why)"
        }
    }
}

public enum ProcessRunner {
    /// Runs `executable` (a path, or a name looked up on the environment's `PATH`; never through `/usr/bin/env`
    /// or a shell) in its own process group; the group is killed on timeout, when the child exits, and on
    /// SIGINT/SIGTERM of mlaudit (see `ChildProcesses`).
    public static func run(
        _ executable: String, _ arguments: [String], in directory: URL? = nil,
        environment: [String: String]? = nil, timeout: TimeInterval = 30,
        maxOutput: Int = 64 << 20
    ) throws -> ProcessResult {
        let env = environment ?? ProcessInfo.processInfo.environment
        guard
            let path = GroupSpawner.resolve(
                executable, path: env["PATH"] ?? ProcessInfo.processInfo.environment["PATH"])
        else {
            throw ProcessRunnerError.launchFailed(executable, "not found on PATH")
        }
        let spawned = try GroupSpawner.spawn(path, arguments, directory: directory?.path, environment: env)
        return GroupSpawner.collect(spawned, timeout: timeout, maxOutput: maxOutput)
    }
}
