/// Reuses the `String` of short token texts (up to 8 bytes: operators, newlines, indents, most names)
/// within one tokenization, so repeated texts are not decoded again.
struct ShortTextCache {
    private static let size = 1024
    private var keys = [UInt64](repeating: 0, count: ShortTextCache.size)
    private var lengths = [UInt8](repeating: 0, count: ShortTextCache.size)
    private var strings = [String](repeating: "", count: ShortTextCache.size)

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

    /// The String of `text[start..<start+length]` (`length` in 1...8), whose packed bytes are `key`.
    mutating func string(key: UInt64, length: Int, _ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> String {
        let slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 54) & (ShortTextCache.size - 1)
        if keys[slot] == key && Int(lengths[slot]) == length { return strings[slot] }
        let string = String(decoding: UnsafeBufferPointer(rebasing: text[start..<(start + length)]), as: UTF8.self)
        keys[slot] = key
        lengths[slot] = UInt8(length)
        strings[slot] = string
        return string
    }
}
