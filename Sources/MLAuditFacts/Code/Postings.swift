/// Key -> ascending list of ordinals, held as one flat array (compressed sparse rows) instead of one `[Int32]` per
/// key: a large tree has hundreds of thousands of distinct callees, leaves and keywords, most with one or two sites,
/// and a separate array per key cost a heap block and header each (tens of megabytes over the code index).
struct Postings: Sendable {
    /// Key -> its row.
    private let rows: [String: Int32]
    /// Row r's ordinals are `ordinals[starts[r]..<starts[r + 1]]`.
    private let starts: [Int32]
    private let ordinals: [Int32]

    /// The ordinals of `key`, ascending; nil when the key has none.
    subscript(key: String) -> ArraySlice<Int32>? {
        guard let r = rows[key] else { return nil }
        return ordinals[Int(starts[Int(r)])..<Int(starts[Int(r) + 1])]
    }

    /// Every key (in the dictionary's order: sort it where order matters).
    var keys: Dictionary<String, Int32>.Keys { rows.keys }

    /// Collects (key, ordinal) pairs; ordinals must be added in ascending order per key (the builder keeps the
    /// order in which they were added).
    struct Builder {
        private var rows: [String: Int32] = [:]
        /// Row -> its key (the stored text).
        private(set) var keys: [String] = []
        private var pairRow: [Int32] = []
        private var pairOrdinal: [Int32] = []

        /// Room for `pairs` additions without regrowing.
        mutating func reserveCapacity(_ pairs: Int) {
            pairRow.reserveCapacity(pairs)
            pairOrdinal.reserveCapacity(pairs)
        }

        /// Adds `ordinal` under `key`; returns the key as stored, so a caller keeping the same text elsewhere can
        /// share its storage (equal strings made separately do not).
        @discardableResult
        mutating func add(_ key: String, _ ordinal: Int32) -> String {
            keys[Int(addRow(key, ordinal))]
        }

        /// Adds `ordinal` under `key`; returns the key's row (`keys[row]` is the key as stored).
        @discardableResult
        mutating func addRow(_ key: String, _ ordinal: Int32) -> Int32 {
            let r: Int32
            if let i = rows.index(forKey: key) {
                r = rows.values[i]
            } else {
                r = Int32(rows.count)
                rows[key] = r
                keys.append(key)
            }
            pairRow.append(r)
            pairOrdinal.append(ordinal)
            return r
        }

        /// A counting sort by row: stable, so each row keeps its ordinals in the order they were added.
        func build() -> Postings {
            var starts = [Int32](repeating: 0, count: rows.count + 1)
            for r in pairRow { starts[Int(r) + 1] += 1 }
            for i in 0..<rows.count { starts[i + 1] += starts[i] }
            var next = starts
            var ordinals = [Int32](repeating: 0, count: pairRow.count)
            for (r, o) in zip(pairRow, pairOrdinal) {
                ordinals[Int(next[Int(r)])] = o
                next[Int(r)] += 1
            }
            return Postings(rows: rows, starts: starts, ordinals: ordinals)
        }
    }
}
