import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Byte-level substring search. Foundation's `contains(_:)` / `range(of:)` go through CFStringFind, which on Linux
/// copies the text to UTF-16 on every call. For an ASCII needle in an ASCII text the answer is the same as a plain
/// byte search; any other case falls back to Foundation, so the answer never changes.
public enum ByteSearch {
    /// Whether `needle` occurs in `haystack` (raw UTF-8 bytes, no normalisation).
    @inline(__always)
    public static func occurs(_ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Bool {
        guard needle.count > 0 else { return true }
        guard haystack.count >= needle.count, let h = haystack.baseAddress, let n = needle.baseAddress else {
            return false
        }
        // memchr for the first byte, memcmp for the rest (Glibc's module does not export memmem).
        let first = Int32(n.load(as: UInt8.self))
        let last = h + (haystack.count - needle.count + 1)
        var p = h
        while p < last {
            guard let q = memchr(p, first, last - p) else { return false }
            if memcmp(q, n, needle.count) == 0 { return true }
            p = UnsafeRawPointer(q) + 1
        }
        return false
    }

    /// Whether `bytes` occurs in `haystack`.
    public static func occurs(_ bytes: [UInt8], in haystack: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { n in haystack.withUnsafeBytes { h in occurs(n, in: h) } }
    }

    @inline(__always)
    package static func isASCII(_ b: UnsafeRawBufferPointer) -> Bool {
        for x in b where x >= 0x80 { return false }
        return true
    }
}

extension StringProtocol {
    /// Same answer as Foundation's `contains(_:)` (`range(of:) != nil`), byte-level when both sides are ASCII.
    public func fastContains(_ needle: String) -> Bool {
        var needle = needle
        let hit: Bool? = needle.withUTF8 { n -> Bool? in
            let nb = UnsafeRawBufferPointer(n)
            guard nb.count > 0, ByteSearch.isASCII(nb) else { return nil }
            return self.utf8.withContiguousStorageIfAvailable { h -> Bool? in
                let hb = UnsafeRawBufferPointer(h)
                guard ByteSearch.isASCII(hb) else { return nil }
                return ByteSearch.occurs(nb, in: hb)
            } ?? nil
        }
        if let hit { return hit }
        return self.range(of: needle) != nil
    }
}

extension StringProtocol {
    /// Same answer as Foundation's `trimmingCharacters(in: .whitespaces)`, without Foundation when the text is ASCII:
    /// the only ASCII members of `.whitespaces` (Unicode category Zs and the tab) are the space and the tab, and an
    /// ASCII text's scalars are its bytes.
    public func fastTrimmingWhitespaces() -> String {
        let ascii: String? =
            self.utf8.withContiguousStorageIfAvailable { b -> String? in
                var start = 0
                var end = b.count
                for x in b where x >= 0x80 { return nil }
                while start < end, b[start] == 0x20 || b[start] == 0x09 { start += 1 }
                while end > start, b[end - 1] == 0x20 || b[end - 1] == 0x09 { end -= 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
            } ?? nil
        return ascii ?? self.trimmingCharacters(in: .whitespaces)
    }
}
