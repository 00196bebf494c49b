import ArgumentParser
import Dispatch
import Foundation
import MLAuditCore
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditRemediation
import MLAuditRender
import MLAuditReport
import MLAuditRules

/// `mlaudit debug read-python PATH`: tokenizes and structure-reads every `.py` file of PATH (as the audit lists them)
/// and prints one JSON line of counts and timings. The benchmark uses it for the reader's throughput.
struct DebugReadPythonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read-python",
        abstract: "Tokenize and structure-read every .py file under PATH; print counts and timings as JSON."
    )

    @Argument(help: "A folder.") var path: String
    @Option(help: "Worker threads (default: all cores).") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        let snapshot = RepositorySnapshot.take(root: URL(fileURLWithPath: path), errors: ErrorLog(timestamp: "-"))
        let sources: [[UInt8]] = snapshot.files.filter { $0.kind == .python && $0.path.hasSuffix(".py") }
            .compactMap { snapshot.content($0.path)?.bytes }
        let bytes = sources.reduce(0) { $0 + $1.count }
        let tokenCounts = Counter()
        let rejected = Counter()
        let functions = Counter()
        let c0 = Self.cpuSeconds()
        let t0 = DispatchTime.now()
        parallel(sources.count) { i in
            let r = PythonTokenizer.tokenize(sources[i])
            tokenCounts.add(r.tokens.count)
            if r.error != nil { rejected.add(1) }
        }
        let t1 = DispatchTime.now()
        let c1 = Self.cpuSeconds()
        parallel(sources.count) { i in
            functions.add(PythonReader.read(source: sources[i], path: "f\(i).py").functions.count)
        }
        let t2 = DispatchTime.now()
        let c2 = Self.cpuSeconds()
        let tokenizeSeconds = Double(t1.uptimeNanoseconds - t0.uptimeNanoseconds) / 1e9
        let readSeconds = Double(t2.uptimeNanoseconds - t1.uptimeNanoseconds) / 1e9
        print(
            "{\"files\": \(sources.count), \"bytes\": \(bytes), \"tokens\": \(tokenCounts.value), \"rejected\": \(rejected.value), "
                + "\"functions\": \(functions.value), \"jobs\": \(jobs), \"tokenize_seconds\": \(String(format: "%.4f", tokenizeSeconds)), "
                + "\"read_seconds\": \(String(format: "%.4f", readSeconds)), "
                + "\"tokenize_cpu_seconds\": \(String(format: "%.4f", c1 - c0)), \"read_cpu_seconds\": \(String(format: "%.4f", c2 - c1))}"
        )
    }

    /// CPU time of the whole process (all threads), so the ratio holds on a loaded machine.
    static func cpuSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    private func parallel(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let workers = max(1, min(jobs, count))
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let i = next.increment()
                if i >= count { break }
                body(i)
            }
        }
    }
}

// @unchecked: the counters are guarded by `lock`.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return n
    }
    func add(_ k: Int) {
        lock.lock()
        n += k
        lock.unlock()
    }
    /// Returns the value before incrementing.
    func increment() -> Int {
        lock.lock()
        defer {
            n += 1
            lock.unlock()
        }
        return n
    }
}
