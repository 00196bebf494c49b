import Foundation

/// Runs independent pure computations on every core and hands the results back in input order, so the output of
/// a parallel stage is the same bytes as a serial one. The body must not depend on the order of evaluation (the
/// analyses it runs read immutable facts and locked memos only).
public enum ConcurrentMap {
    /// `(0..<count).map(body)`, evaluated concurrently; results in index order.
    public static func map<R: Sendable>(count: Int, _ body: @Sendable (Int) -> R) -> [R] {
        guard count > 1 else { return (0..<count).map(body) }
        var slots = [R?](repeating: nil, count: count)
        slots.withUnsafeMutableBufferPointer { buffer in
            // Each iteration writes only its own slot, and the buffer outlives concurrentPerform.
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: count) { i in out[i] = body(i) }
        }
        return slots.map { $0! }
    }

    /// `items.map(body)`, evaluated concurrently; results in the order of `items`.
    public static func map<T: Sendable, R: Sendable>(_ items: [T], _ body: @Sendable (T) -> R) -> [R] {
        map(count: items.count) { body(items[$0]) }
    }
}

/// A lock-guarded memo table shared by concurrently running analyses: the first value stored under a key wins, so
/// every reader sees one value whatever the interleaving.
// @unchecked: `values` is only touched under `lock`.
public final class LockedMemo<Key: Hashable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Key: Value] = [:]

    public init() {}

    /// The value under `key`, computing it with `make` (outside the lock) when absent.
    public func value(_ key: Key, _ make: () -> Value) -> Value {
        lock.lock()
        if let v = values[key] {
            lock.unlock()
            return v
        }
        lock.unlock()
        let made = make()
        lock.lock()
        defer { lock.unlock() }
        if let other = values[key] { return other }
        values[key] = made
        return made
    }
}
