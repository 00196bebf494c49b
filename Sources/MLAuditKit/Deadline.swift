import Dispatch

/// A wall-clock budget for the whole audit (`--time-budget`). Stages that loop over files ask `expired`
/// before each file; what they skip is listed in the report and captured as an error.
public struct Deadline: Sendable {
    private let end: UInt64?
    public static let none = Deadline(seconds: nil)

    public init(seconds: Double?) {
        end = seconds.map { DispatchTime.now().uptimeNanoseconds + UInt64(max(0, $0) * 1e9) }
    }

    /// Seconds left, nil without a budget.
    public var remaining: Double? {
        guard let end else { return nil }
        let now = DispatchTime.now().uptimeNanoseconds
        return now >= end ? 0 : Double(end - now) / 1e9
    }

    public var expired: Bool {
        guard let end else { return false }
        return DispatchTime.now().uptimeNanoseconds >= end
    }
}
