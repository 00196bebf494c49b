import Foundation

/// Runs independent computations at the same time and hands back their results as one tuple. For stages that read
/// the same immutable facts but not each other's results (the findings, the gates and the reproducibility checklist
/// after the capability table): while one of them runs serially, the other core is not left idle. Each body must
/// be safe to run beside the others (immutable facts, locked memos, the locked error log); what each returns does not
/// depend on the others, so the results are the same as a serial run's.
public enum Concurrently {
    /// `(a(), b(), c())`, the three evaluated concurrently: `a` on the calling thread, `b` and `c` on the global queue.
    /// Not a `concurrentPerform`: a parallel map inside `a` (the findings' `ConcurrentMap`) would then be a nested
    /// apply, which libdispatch narrows to cores / 3 threads (one thread on 2 cores); called from a plain thread it
    /// keeps every core, and `b` and `c` take their turns beside it.
    public static func run<A: Sendable, B: Sendable, C: Sendable>(
        _ a: () -> A, _ b: @escaping @Sendable () -> B, _ c: @escaping @Sendable () -> C
    ) -> (A, B, C) {
        // Each slot is written by exactly one closure, and `group.wait()` orders those writes before the reads.
        nonisolated(unsafe) var rb: B? = nil
        nonisolated(unsafe) var rc: C? = nil
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { rb = b() }
        DispatchQueue.global().async(group: group) { rc = c() }
        let ra = a()
        group.wait()
        return (ra, rb!, rc!)
    }

    /// `(a(), b())`, the two evaluated concurrently (`a` on the calling thread).
    public static func run<A: Sendable, B: Sendable>(_ a: () -> A, _ b: @escaping @Sendable () -> B) -> (A, B) {
        nonisolated(unsafe) var rb: B? = nil
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { rb = b() }
        let ra = a()
        group.wait()
        return (ra, rb!)
    }
}
