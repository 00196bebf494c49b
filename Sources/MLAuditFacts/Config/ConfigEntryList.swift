/// The config entries of a repository as one collection, stored as the arrays the files were parsed into (one chunk
/// per file, in file order), not merged into a second flat copy. A filtered view (`chunks(where:)`, e.g. the product
/// files' entries) shares the chunks: no entry is copied.
public struct ConfigEntryList: RandomAccessCollection, Sendable {
    /// The non-empty chunks, in order.
    public let chunks: [[ConfigEntry]]
    /// `starts[i]` is the position of `chunks[i][0]` in the whole list.
    private let starts: [Int]
    public let endIndex: Int
    public var startIndex: Int { 0 }

    public init(chunks: [[ConfigEntry]] = []) {
        let kept = chunks.filter { !$0.isEmpty }
        var starts: [Int] = []
        starts.reserveCapacity(kept.count)
        var n = 0
        for c in kept {
            starts.append(n)
            n += c.count
        }
        self.chunks = kept
        self.starts = starts
        self.endIndex = n
    }

    /// One chunk per run of consecutive entries of the same file.
    public init(entries: [ConfigEntry]) {
        var chunks: [[ConfigEntry]] = []
        var start = 0
        while start < entries.count {
            let path = entries[start].path
            var end = start + 1
            while end < entries.count && entries[end].path == path { end += 1 }
            chunks.append(Array(entries[start..<end]))
            start = end
        }
        self.init(chunks: chunks)
    }

    public subscript(position: Int) -> ConfigEntry {
        precondition(position >= 0 && position < endIndex, "ConfigEntryList index out of range")
        // the last chunk starting at or before `position`
        var lo = 0
        var hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= position { lo = mid } else { hi = mid - 1 }
        }
        return chunks[lo][position - starts[lo]]
    }

    /// The list of the chunks that satisfy `include` (each chunk holds one file's entries).
    public func chunks(where include: ([ConfigEntry]) -> Bool) -> ConfigEntryList {
        ConfigEntryList(chunks: chunks.filter(include))
    }

    public struct Iterator: IteratorProtocol {
        let chunks: [[ConfigEntry]]
        var chunk = 0
        var index = 0

        public mutating func next() -> ConfigEntry? {
            while chunk < chunks.count {
                let c = chunks[chunk]
                if index < c.count {
                    defer { index += 1 }
                    return c[index]
                }
                chunk += 1
                index = 0
            }
            return nil
        }
    }

    public func makeIterator() -> Iterator { Iterator(chunks: chunks) }

    public var underestimatedCount: Int { endIndex }
}
