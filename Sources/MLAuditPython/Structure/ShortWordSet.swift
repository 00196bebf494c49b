/// A set of short words (1 to 8 UTF-8 bytes, none NUL: Python's keywords) looked up without hashing: each word packed
/// into 64 bits, found by binary search in a sorted table. Asked once or more per NAME token by the readers, where a
/// `Set<String>` lookup hashed the text each time. A text longer than 8 bytes is never a member.
struct ShortWordSet: Sendable {
    private let packed: [UInt64]

    init(_ words: Set<String>) {
        packed = words.map { word in
            guard let key = Self.pack(word), key != 0 else { preconditionFailure("not a short word: \(word)") }
            return key
        }.sorted()
    }

    /// The text's bytes, little-endian, in 64 bits; nil when longer than 8 bytes or holding a NUL byte (so two texts
    /// that pack are equal exactly when their keys are).
    @inline(__always)
    static func pack(_ text: String) -> UInt64? {
        var key: UInt64 = 0
        var n: UInt64 = 0
        for b in text.utf8 {
            if n == 8 || b == 0 { return nil }
            key |= UInt64(b) << (8 * n)
            n += 1
        }
        return key
    }

    func contains(_ text: String) -> Bool {
        guard let key = Self.pack(text), key != 0 else { return false }
        var low = 0
        var high = packed.count
        while low < high {
            let mid = (low + high) / 2
            if packed[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low < packed.count && packed[low] == key
    }
}
