import Foundation

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
        switch self { case let .launchFailed(cmd, why): return "could not start \(cmd): \(why)" }
    }
}

public enum ProcessRunner {
    public static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                           environment: [String: String]? = nil, timeout: TimeInterval = 30,
                           maxOutput: Int = 64 << 20) throws -> ProcessResult {
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let outPipe = Pipe(), errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = FileHandle.nullDevice
        let collector = OutputCollector(limit: maxOutput)
        let group = DispatchGroup()
        for (pipe, isOut) in [(outPipe, true), (errPipe, false)] {
            group.enter()
            DispatchQueue.global().async {
                let handle = pipe.fileHandleForReading
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    collector.append(chunk, toStdout: isOut)
                }
                group.leave()
            }
        }
        do { try process.run() } catch {
            try? outPipe.fileHandleForWriting.close(); try? errPipe.fileHandleForWriting.close()
            throw ProcessRunnerError.launchFailed(executable, error.localizedDescription)
        }
        // The child has its own copies: closing ours lets the readers see end-of-file as soon as it exits.
        try? outPipe.fileHandleForWriting.close()
        try? errPipe.fileHandleForWriting.close()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async { process.waitUntilExit(); done.signal() }
        var timedOut = false
        if done.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if done.wait(timeout: .now() + 2) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                done.wait()
            }
        }
        _ = group.wait(timeout: .now() + 5)
        let (out, err) = collector.result()
        return ProcessResult(exitCode: process.terminationStatus, stdout: out, stderr: err, timedOut: timedOut)
    }
}

private final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data(), err = Data()
    private let limit: Int
    init(limit: Int) { self.limit = limit }
    func append(_ d: Data, toStdout: Bool) {
        lock.lock(); defer { lock.unlock() }
        if toStdout { if out.count < limit { out.append(d.prefix(limit - out.count)) } }
        else { if err.count < limit { err.append(d.prefix(limit - err.count)) } }
    }
    func result() -> (Data, Data) { lock.lock(); defer { lock.unlock() }; return (out, err) }
}
