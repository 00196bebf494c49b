/// Reuses the `String` of short token texts (up to 8 bytes: operators, newlines, indents, most names)
/// within one tokenization, so repeated texts are not decoded again.
struct ShortTextCache {
    struct Entry {
        var key: UInt64 = 0
        var length = 0
        var string = ""
    }

    static let size = 256

    /// Runs `body` with an empty cache table.
    static func withTable<Result>(_ body: (UnsafeMutableBufferPointer<Entry>) -> Result) -> Result {
        var entries = [Entry](repeating: Entry(), count: size)
        return entries.withUnsafeMutableBufferPointer { body($0) }
    }

    /// `text[start..<start+length]` packed little-endian into 64 bits (1...8 bytes).
    @inline(__always)
    static func key(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int) -> UInt64 {
        if start + 8 <= text.count, let base = text.baseAddress {
            let word = UnsafeRawPointer(base).loadUnaligned(fromByteOffset: start, as: UInt64.self)
            return length == 8 ? word : word & ((1 << UInt64(8 * length)) - 1)
        }
        var key: UInt64 = 0
        for offset in 0..<length { key |= UInt64(text[start + offset]) << UInt64(8 * offset) }
        return key
    }

    /// The String of `text[start..<start+length]` (`length` in 1...8), whose packed bytes are `key`,
    /// from `table` (of `size` entries) or decoded and remembered there.
    @inline(__always)
    static func string(
        _ table: UnsafeMutableBufferPointer<Entry>, key: UInt64, length: Int,
        _ text: UnsafeBufferPointer<UInt8>, _ start: Int
    ) -> String {
        let slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 56) & (table.count - 1)
        if table[slot].key == key && table[slot].length == length { return table[slot].string }
        let string = String(decoding: UnsafeBufferPointer(rebasing: text[start..<(start + length)]), as: UTF8.self)
        table[slot] = Entry(key: key, length: length, string: string)
        return string
    }
}
