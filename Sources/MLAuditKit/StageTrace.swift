import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An opt-in stage timer: with `MLAUDIT_TRACE=1` in the environment each stage prints one line to stderr
/// (wall seconds, process CPU seconds, child CPU seconds, peak RSS). Off, a stage is one branch on a constant:
/// nothing is measured, allocated or printed, and the report is never touched either way.
public enum StageTrace {
    /// Read once per process.
    public static let enabled: Bool = {
        guard let v = ProcessInfo.processInfo.environment["MLAUDIT_TRACE"] else { return false }
        return !v.isEmpty && v != "0"
    }()

    /// `MLAUDIT_TRACE=2`: also one line per rule, finding check, diff proposer and checklist item (`detail`).
    public static let detailed: Bool = ProcessInfo.processInfo.environment["MLAUDIT_TRACE"] == "2"

    /// Runs `body`; with `MLAUDIT_TRACE=2`, prints `mlaudit-trace:   NAME wall=… thread_cpu=…` (the CPU time of the
    /// calling thread, so the figure holds when analyses run concurrently).
    @inline(__always)
    public static func detail<T>(_ name: @autoclosure () -> String, _ body: () throws -> T) rethrows -> T {
        guard detailed else { return try body() }
        var w0 = timespec()
        var c0 = timespec()
        clock_gettime(CLOCK_MONOTONIC, &w0)
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0)
        let result = try body()
        var w1 = timespec()
        var c1 = timespec()
        clock_gettime(CLOCK_MONOTONIC, &w1)
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1)
        let secs = { (a: timespec, b: timespec) in Double(b.tv_sec - a.tv_sec) + Double(b.tv_nsec - a.tv_nsec) / 1e9 }
        let line = String(
            format: "mlaudit-trace:   %-40@ wall=%.3f thread_cpu=%.3f\n", name() as NSString, secs(w0, w1), secs(c0, c1)
        )
        FileHandle.standardError.write(Data(line.utf8))
        return result
    }

    /// When tracing, prints `mlaudit-trace: TEXT` (a count, not a timing).
    public static func note(_ text: @autoclosure () -> String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("mlaudit-trace: \(text())\n".utf8))
    }

    /// Runs `body`; when tracing, prints `mlaudit-trace: NAME wall=… cpu=… child=… rss_peak_mb=…`.
    @inline(__always)
    public static func stage<T>(_ name: @autoclosure () -> String, _ body: () throws -> T) rethrows -> T {
        guard enabled else { return try body() }
        let before = Sample.now()
        let result = try body()
        let after = Sample.now()
        let line = String(
            format: "mlaudit-trace: %-28@ wall=%.3f cpu=%.3f child=%.3f rss_peak_mb=%.1f\n",
            name() as NSString, after.wall - before.wall, after.cpu - before.cpu,
            after.childCPU - before.childCPU, Double(after.peakRSSKB) / 1024)
        FileHandle.standardError.write(Data(line.utf8))
        return result
    }

    struct Sample {
        var wall: Double, cpu: Double, childCPU: Double, peakRSSKB: Int

        static func now() -> Sample {
            var ts = timespec()
            clock_gettime(CLOCK_MONOTONIC, &ts)
            var me = rusage()
            var kids = rusage()
            getrusage(RUSAGE_SELF.rawValue, &me)
            getrusage(RUSAGE_CHILDREN.rawValue, &kids)
            let secs = { (t: timeval) in Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
            return Sample(
                wall: Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9,
                cpu: secs(me.ru_utime) + secs(me.ru_stime),
                childCPU: secs(kids.ru_utime) + secs(kids.ru_stime),
                peakRSSKB: Int(me.ru_maxrss))
        }
    }
}
