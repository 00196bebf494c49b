import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Collects stage failures. Each becomes an Error Capture block, an `errors[]` entry and one stderr line.
// @unchecked: entries are guarded by `lock`; `echo` is called outside it and must be thread-safe itself.
public final class ErrorLog: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [CapturedError] = []
    public let timestamp: String
    private let echo: ((CapturedError) -> Void)?

    public init(timestamp: String, echo: ((CapturedError) -> Void)? = nil) {
        self.timestamp = timestamp
        self.echo = echo
    }

    public func record(step: AuditStep, error: String, context: String, path: String? = nil) {
        let e = CapturedError(
            timestamp: timestamp, step: step,
            error: error, context: context, path: path)
        lock.lock()
        entries.append(e)
        lock.unlock()
        echo?(e)
    }

    /// Sorted by step, then path, then message: deterministic whatever the order of discovery.
    public var all: [CapturedError] {
        lock.lock()
        defer { lock.unlock() }
        return entries.sorted { ($0.step.code, $0.path ?? "", $0.error) < ($1.step.code, $1.path ?? "", $1.error) }
    }
}
