import Foundation

/// Runs independent computations at the same time and hands back their results as one tuple. For stages that read
/// the same immutable facts but not each other's results (the findings, the gates and the reproducibility checklist
/// after the capability table): while one of them runs serially, the other core is not left idle. Each body must
/// be safe to run beside the others (immutable facts, locked memos, the locked error log); what each returns does not
/// depend on the others, so the results are the same as a serial run's.
public enum Concurrently {
    /// `(a(), b(), c())`, the three evaluated concurrently.
    public static func run<A: Sendable, B: Sendable, C: Sendable>(
        _ a: @Sendable () -> A, _ b: @Sendable () -> B, _ c: @Sendable () -> C
    ) -> (A, B, C) {
        // Each slot is written by exactly one iteration, and concurrentPerform returns only after all of them.
        nonisolated(unsafe) var ra: A? = nil
        nonisolated(unsafe) var rb: B? = nil
        nonisolated(unsafe) var rc: C? = nil
        DispatchQueue.concurrentPerform(iterations: 3) { i in
            switch i {
            case 0: ra = a()
            case 1: rb = b()
            default: rc = c()
            }
        }
        return (ra!, rb!, rc!)
    }

    /// `(a(), b())`, the two evaluated concurrently.
    public static func run<A: Sendable, B: Sendable>(_ a: @Sendable () -> A, _ b: @Sendable () -> B) -> (A, B) {
        nonisolated(unsafe) var ra: A? = nil
        nonisolated(unsafe) var rb: B? = nil
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            if i == 0 { ra = a() } else { rb = b() }
        }
        return (ra!, rb!)
    }
}
