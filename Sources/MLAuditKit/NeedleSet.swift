/// Several fixed texts searched in one haystack, with `fastContains`'s answers: when the haystack is ASCII (decided
/// once, not once per needle) each ASCII needle is a plain byte search; any other case asks `fastContains`, so an
/// answer never differs from `haystack.fastContains(needle)`. For loops that test a dozen markers against every call
/// or line of a large tree.
public struct NeedleSet: Sendable {
    public let needles: [String]
    private let bytes: [[UInt8]]
    private let ascii: [Bool]
    /// ASCII needles without an upper-case letter: the only ones that can occur in a lower-cased ASCII text.
    private let foldable: [Bool]

    public init(_ needles: [String]) {
        self.needles = needles
        bytes = needles.map { Array($0.utf8) }
        ascii = needles.map { n in !n.isEmpty && n.utf8.allSatisfy { $0 < 0x80 } }
        foldable = zip(needles, ascii).map { n, a in a && !n.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) }
    }

    /// Indices of the needles that occur in `haystack`, in the needles' order, for the needles `wanted` accepts.
    public func matches(in haystack: some StringProtocol, where wanted: (Int) -> Bool = { _ in true }) -> [Int] {
        var out: [Int] = []
        forEachMatch(in: haystack, where: wanted) { out.append($0) }
        return out
    }

    /// `matches(in: haystack.lowercased(), where:)` without making the lower-cased copy when `haystack` is ASCII
    /// (then lower-casing is ASCII folding, so a byte search that folds the haystack's letters gives the answer; a
    /// needle with an upper-case letter never occurs in a lower-cased text).
    public func matchesLowercased(in haystack: String, where wanted: (Int) -> Bool = { _ in true }) -> [Int] {
        var h = haystack
        let folded: [Int]? = h.withUTF8 { b -> [Int]? in
            guard ByteSearch.isASCII(UnsafeRawBufferPointer(b)) else { return nil }
            // the haystack folded once (in place when it has no upper-case letter), then a plain byte search per
            // needle; a non-ASCII needle cannot occur in an ASCII text, one with an upper-case letter not in a
            // lower-cased one
            func search(_ text: UnsafeRawBufferPointer) -> [Int] {
                var out: [Int] = []
                for i in bytes.indices where foldable[i] && wanted(i) {
                    if bytes[i].withUnsafeBytes({ ByteSearch.occurs($0, in: text) }) { out.append(i) }
                }
                return out
            }
            guard b.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return search(UnsafeRawBufferPointer(b)) }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: b.count) { lower in
                for k in 0..<b.count { lower[k] = b[k] >= 0x41 && b[k] <= 0x5A ? b[k] | 0x20 : b[k] }
                return search(UnsafeRawBufferPointer(lower))
            }
        }
        return folded ?? matches(in: haystack.lowercased(), where: wanted)
    }

    /// Whether any needle occurs in `haystack`.
    public func containsAny(in haystack: some StringProtocol) -> Bool {
        var hit = false
        forEachMatch(in: haystack, where: { _ in !hit }) { _ in hit = true }
        return hit
    }

    private func forEachMatch(
        in haystack: some StringProtocol, where wanted: (Int) -> Bool, _ body: (Int) -> Void
    ) {
        let done: Bool? =
            haystack.utf8.withContiguousStorageIfAvailable { h -> Bool? in
                let hb = UnsafeRawBufferPointer(h)
                guard ByteSearch.isASCII(hb) else { return nil }
                for i in bytes.indices where wanted(i) {
                    if ascii[i] {
                        if bytes[i].withUnsafeBytes({ ByteSearch.occurs($0, in: hb) }) { body(i) }
                    } else if haystack.fastContains(needles[i]) {
                        body(i)
                    }
                }
                return true
            } ?? nil
        if done == true { return }
        for i in needles.indices where wanted(i) && haystack.fastContains(needles[i]) { body(i) }
    }
}
